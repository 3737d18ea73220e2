/** File types an agency may attach to a report (by MIME type, with the usual extension), and the size limit. */
export const ATTACHMENT_TYPES: Readonly<Record<string, string>> = {
  'application/pdf': '.pdf',
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
};

export const ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024;

export type AttachmentCheck = { ok: true } | { ok: false; reason: 'type' | 'size' | 'empty' };

/** The same rule on both sides: the browser checks before uploading, the API before storing. */
export function checkAttachment(file: { type: string; size: number }): AttachmentCheck {
  if (!Object.prototype.hasOwnProperty.call(ATTACHMENT_TYPES, file.type)) {
    return { ok: false, reason: 'type' };
  }
  if (file.size === 0) {
    return { ok: false, reason: 'empty' };
  }
  if (file.size > ATTACHMENT_MAX_BYTES) {
    return { ok: false, reason: 'size' };
  }
  return { ok: true };
}
