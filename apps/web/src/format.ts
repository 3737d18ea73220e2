/** Pure formatting and checking helpers of the web app (no DOM, unit-tested under jest). */

export type Lang = 'vi' | 'en';

const VN_TIME_ZONE = 'Asia/Ho_Chi_Minh';
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar date `YYYY-MM-DD`: `dd/MM/yyyy` in Vietnamese, `d MMM yyyy` in English. */
export function formatDate(date: string | null | undefined, lang: Lang): string {
  if (!date) {
    return '—';
  }
  const m = LOCAL_DATE.exec(date.slice(0, 10));
  if (!m) {
    return date;
  }
  const [, y, mo, d] = m;
  if (lang === 'vi') {
    return `${d}/${mo}/${y}`;
  }
  const month = new Date(Date.UTC(Number(y), Number(mo) - 1, 1)).toLocaleString('en-GB', {
    month: 'short',
    timeZone: 'UTC',
  });
  return `${Number(d)} ${month} ${y}`;
}

/** An instant in Vietnam time: `dd/MM/yyyy HH:mm` in Vietnamese, `d MMM yyyy, HH:mm` in English. */
export function formatDateTime(iso: string | null | undefined, lang: Lang): string {
  if (!iso) {
    return '—';
  }
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) {
    return iso;
  }
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: VN_TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  const date = `${parts.year}-${parts.month}-${parts.day}`;
  return `${formatDate(date, lang)}${lang === 'vi' ? ' ' : ', '}${parts.hour}:${parts.minute}`;
}

/**
 * A date typed by a person as `YYYY-MM-DD`: day first, as written in Vietnam (`18/12/2026`,
 * `8/1/2026`, `18-12-2026`, `18.12.2026`), or ISO (`2026-12-18`, what a date picker gives).
 * Null when it is not a real calendar date (31/02/2026) or not a date at all.
 */
export function parseDate(input: string): string | null {
  const text = input.trim();
  const dayFirst = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const parts = dayFirst
    ? { y: Number(dayFirst[3]), m: Number(dayFirst[2]), d: Number(dayFirst[1]) }
    : iso
      ? { y: Number(iso[1]), m: Number(iso[2]), d: Number(iso[3]) }
      : null;
  if (!parts || parts.y < 1900 || parts.y > 9999) {
    return null;
  }
  const at = new Date(Date.UTC(parts.y, parts.m - 1, parts.d));
  if (at.getUTCFullYear() !== parts.y || at.getUTCMonth() !== parts.m - 1 || at.getUTCDate() !== parts.d) {
    return null;
  }
  return at.toISOString().slice(0, 10);
}

/** Today in Vietnam as `YYYY-MM-DD`. */
export function vietnamToday(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

/** A share as a percentage with one decimal, Vietnamese decimal comma. */
export function formatPercent(part: number, whole: number, lang: Lang): string {
  if (whole === 0) {
    return '—';
  }
  const value = (Math.round((part / whole) * 1000) / 10).toFixed(1);
  return `${lang === 'vi' ? value.replace('.', ',') : value} %`;
}

export type NumberCheck =
  | { kind: 'empty' }
  | { kind: 'invalid' }
  | { kind: 'below'; value: number; target: number }
  | { kind: 'ok'; value: number };

/**
 * Reads a number typed by a person (accepts "3", "3,5", " 12 ") and compares it
 * with the target; a shortfall is allowed but shown as such.
 */
export function checkNumber(input: string, target?: number): NumberCheck {
  const trimmed = input.trim();
  if (trimmed === '') {
    return { kind: 'empty' };
  }
  if (!/^-?\d+([.,]\d+)?$/.test(trimmed)) {
    return { kind: 'invalid' };
  }
  const value = Number(trimmed.replace(',', '.'));
  if (target !== undefined && value < target) {
    return { kind: 'below', value, target };
  }
  return { kind: 'ok', value };
}

/** Is this an http(s) address a browser can open? */
export function isWebLink(input: string): boolean {
  try {
    const url = new URL(input.trim());
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export {
  ATTACHMENT_MAX_BYTES,
  ATTACHMENT_TYPES,
  checkAttachment,
  type AttachmentCheck,
} from '../../../libs/domain/src/attachments';

/** Bytes in a human unit (KB / MB, Vietnamese decimal comma). */
export function formatBytes(bytes: number, lang: Lang): string {
  const text =
    bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
  return lang === 'vi' ? text.replace('.', ',') : text;
}
