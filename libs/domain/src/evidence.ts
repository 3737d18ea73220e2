import { isLocalDate } from './local-date';

/**
 * Prefix of the ids of submissions recovered from older records (BackfillSubmissions1795863000000
 * in libs/persistence): reports sent before every submission was kept, of which only the time,
 * the sender, the note, the files and the targets missed remain. Shown as such, never as what the
 * agency sent.
 */
export const RECOVERED_SUBMISSION_PREFIX = 'khoi-phuc-';

/** Was this submission recovered from older records (see RECOVERED_SUBMISSION_PREFIX)? */
export function isRecoveredSubmission(submissionId: string): boolean {
  return submissionId.startsWith(RECOVERED_SUBMISSION_PREFIX);
}

/** One field of evidence a duty asks for (a count, a link, a file, a date, free text). */
export interface EvidenceFieldSpec {
  key: string;
  label: { vi: string; en: string };
  type: 'number' | 'text' | 'url' | 'attachment' | 'date';
  required: boolean;
  /** For numbers: the target (chỉ tiêu); a lower value is a shortfall, not an error. */
  min?: number;
  /** For numbers: what is counted (the plan catalog's unit, e.g. chương trình / programmes). */
  unit?: { vi: string; en: string };
}

/** A number below its target: recorded with the report, judged by the reviewer. */
export interface Shortfall {
  key: string;
  label: { vi: string; en: string };
  target: number;
  actual: number;
}

/** What an agency sends as the evidence of its report. */
export interface EvidenceInput {
  /** Evidence values by field key (numbers for number fields, strings otherwise). */
  values: Record<string, string | number>;
  links?: string[];
  attachments?: Array<{ id: string; name: string; sizeBytes?: number }>;
  note?: string;
}

/** Evidence that does not fit the duty's fields; `field` names the offending input (e.g. `values.rebroadcasts`). */
export class EvidenceError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'EvidenceError';
  }
}

export const EVIDENCE_MAX_NOTE = 2000;
export const EVIDENCE_MAX_ITEMS = 20;
const URL_RE = /^https?:\/\/[^\s]+$/;

/**
 * Checks evidence against the duty's fields and returns the numeric shortfalls
 * (a shortfall is allowed, not an error).
 * @throws EvidenceError for an unknown field, a missing required value, a value of the wrong type,
 *   more than 20 links or attachments, or a note longer than 2,000 characters.
 */
export function checkEvidence(fields: readonly EvidenceFieldSpec[], req: EvidenceInput): Shortfall[] {
  const known = new Set(fields.map((f) => f.key));
  if (typeof req.values !== 'object' || req.values === null || Array.isArray(req.values)) {
    throw new EvidenceError('values must be an object of evidence fields', 'values');
  }
  for (const key of Object.keys(req.values)) {
    if (!known.has(key)) {
      throw new EvidenceError(`values.${key} is not an evidence field of this duty`, `values.${key}`);
    }
  }
  const shortfalls: Shortfall[] = [];
  for (const f of fields) {
    const value = req.values[f.key];
    const field = `values.${f.key}`;
    if (value === undefined || value === '') {
      if (f.required && f.type !== 'attachment') {
        throw new EvidenceError(`${field} is required`, field);
      }
      continue;
    }
    switch (f.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw new EvidenceError(`${field} must be a number ≥ 0`, field);
        }
        if (f.min !== undefined && value < f.min) {
          shortfalls.push({ key: f.key, label: f.label, target: f.min, actual: value });
        }
        break;
      case 'url':
        if (typeof value !== 'string' || !URL_RE.test(value)) {
          throw new EvidenceError(`${field} must be an http(s) URL`, field);
        }
        break;
      case 'date':
        if (typeof value !== 'string' || !isLocalDate(value)) {
          throw new EvidenceError(`${field} must be a date YYYY-MM-DD`, field);
        }
        break;
      case 'text':
      case 'attachment':
        if (typeof value !== 'string' || value.length > 10_000) {
          throw new EvidenceError(`${field} must be text of at most 10,000 characters`, field);
        }
        break;
    }
  }
  const required = fields.filter((f) => f.type === 'attachment' && f.required);
  if (required.length && !(req.attachments?.length || required.every((f) => typeof req.values[f.key] === 'string'))) {
    throw new EvidenceError('attachments: at least one attachment is required', 'attachments');
  }
  if (req.links !== undefined && (!Array.isArray(req.links) || req.links.length > EVIDENCE_MAX_ITEMS)) {
    throw new EvidenceError(`links must be a list of at most ${EVIDENCE_MAX_ITEMS} URLs`, 'links');
  }
  if (
    req.attachments !== undefined &&
    (!Array.isArray(req.attachments) || req.attachments.length > EVIDENCE_MAX_ITEMS)
  ) {
    throw new EvidenceError(`attachments must be a list of at most ${EVIDENCE_MAX_ITEMS} items`, 'attachments');
  }
  if (req.note !== undefined && (typeof req.note !== 'string' || req.note.length > EVIDENCE_MAX_NOTE)) {
    throw new EvidenceError(`note must be text of at most ${EVIDENCE_MAX_NOTE} characters`, 'note');
  }
  for (const [i, link] of (req.links ?? []).entries()) {
    if (typeof link !== 'string' || !URL_RE.test(link)) {
      throw new EvidenceError(`links[${i}] must be an http(s) URL`, `links[${i}]`);
    }
  }
  for (const [i, a] of (req.attachments ?? []).entries()) {
    if (!a || typeof a.id !== 'string' || typeof a.name !== 'string' || !a.id || !a.name) {
      throw new EvidenceError(`attachments[${i}] needs an id and a name`, `attachments[${i}]`);
    }
  }
  return shortfalls;
}
