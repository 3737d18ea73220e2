/**
 * Calendar dates as `YYYY-MM-DD` strings and instants in Vietnam time.
 * Asia/Ho_Chi_Minh is UTC+7 with no daylight saving, so a fixed offset is exact
 * and keeps this code free of time-zone databases (and deterministic in workflows).
 */
export type LocalDate = string;

export const VIETNAM_UTC_OFFSET_MINUTES = 7 * 60;
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function isLocalDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) {
    return false;
  }
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * The years dondoc plans in. A date outside them (e.g. an extension to
 * 9999-12-31) is refused at the edge: no duty of the 2021–2030 programme and
 * its successors needs it, and the working calendar is only computed this far.
 */
export const SUPPORTED_YEARS = { min: 2000, max: 2100 } as const;

/** A valid `YYYY-MM-DD` date within `SUPPORTED_YEARS`. */
export function isSupportedLocalDate(value: string): boolean {
  if (!isLocalDate(value)) {
    return false;
  }
  const year = Number(value.slice(0, 4));
  return year >= SUPPORTED_YEARS.min && year <= SUPPORTED_YEARS.max;
}

function toUtcMidnight(date: LocalDate): number {
  if (!isLocalDate(date)) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
}

function fromUtcMidnight(ms: number): LocalDate {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromUtcMidnight(toUtcMidnight(date) + days * 86_400_000);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(toUtcMidnight(date)).getUTCDay();
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Vietnam calendar date of an instant. */
export function vietnamDateOf(instant: Date | number): LocalDate {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  return fromUtcMidnight(ms + VIETNAM_UTC_OFFSET_MINUTES * 60_000);
}

/** The instant at `time` (HH:mm or HH:mm:ss) Vietnam time on `date`. */
export function vietnamInstant(date: LocalDate, time = '00:00'): Date {
  const t = TIME_RE.exec(time);
  if (!t) {
    throw new RangeError(`not a time (HH:mm): ${time}`);
  }
  const minutes = +t[1] * 60 + +t[2] - VIETNAM_UTC_OFFSET_MINUTES;
  return new Date(toUtcMidnight(date) + minutes * 60_000 + Number(t[3] ?? 0) * 1000);
}

/** `dd/MM/yyyy`, the Vietnamese way of writing a date. */
export function formatVietnameseDate(date: LocalDate): string {
  const [y, m, d] = date.split('-');
  return `${d}/${m}/${y}`;
}
