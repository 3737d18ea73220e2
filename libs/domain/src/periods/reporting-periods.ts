import type { WorkingCalendar } from '../calendar';
import { isLocalDate, type LocalDate } from '../local-date';
import type { Period, PeriodKind } from '../period';

/**
 * Reporting periods of the state reporting regime (Decree 09/2019/NĐ-CP, art. 12): each
 * period collects the data of a window closing on the 14th, not of the calendar month.
 *
 * - month M of year Y: 15th of M−1 → 14th of M (January starts on 15 December of Y−1)
 * - quarter: 15th of the month before the quarter → 14th of the quarter's last month
 * - first half-year: 15 December of Y−1 → 14 June; second half-year: 15 June → 14 December
 * - year: 15 December of Y−1 → 14 December
 *
 * A period is keyed by the month, quarter, half or year it reports on: 2026-R11, 2026-Q4,
 * 2026-H1, 2026. A reporting month is `YYYY-RMM`, never `YYYY-MM`: that key is the calendar
 * month of an activity duty (see activity-months.ts), and one key never has two windows.
 * The data closes on the last day of the window (closingDate = end), and each
 * level of a report consolidated upwards (commune → district / department → Department of
 * Information and Communications → Provincial People's Committee) has its own deadline, a
 * number of working days after the closing date.
 */

/** Levels of consolidation, lowest first. District and department are the same tier. */
export const REPORTING_LEVELS = ['commune', 'district', 'department', 'ictDepartment', 'ppc'] as const;
export type ReportingLevel = (typeof REPORTING_LEVELS)[number];

export type LevelDeadlines = Record<ReportingLevel, LocalDate>;
/** Working days after the closing date by which each level submits. */
export type DeadlineOffsets = Record<ReportingLevel, number>;

export const DEFAULT_DEADLINE_OFFSETS: Readonly<DeadlineOffsets> = Object.freeze({
  commune: 1,
  district: 3,
  department: 3,
  ictDepartment: 5,
  ppc: 7,
});

/** Each level reports after the levels whose reports it consolidates. */
const PREVIOUS_TIER: Record<ReportingLevel, readonly ReportingLevel[]> = {
  commune: [],
  district: ['commune'],
  department: ['commune'],
  ictDepartment: ['district', 'department'],
  ppc: ['ictDepartment'],
};

export interface ReportingWindow extends Period {
  /** Last day of data in the period (= end). */
  closingDate: LocalDate;
}

export interface ReportingPeriod extends ReportingWindow {
  deadlines: LevelDeadlines;
}

const PERIODS_PER_YEAR: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of day `day` of month `month` (may be 0 = December of the previous year). */
function dayOf(year: number, month: number, day: number): LocalDate {
  return month <= 0 ? `${year - 1}-${pad(month + 12)}-${pad(day)}` : `${year}-${pad(month)}-${pad(day)}`;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < 1000 || year > 9998) {
    throw new RangeError(`not a year: ${year}`);
  }
}

/**
 * The window of the `index`-th period of `kind` reporting on `year` (1-based: month 1–12,
 * quarter 1–4, half 1–2, year 1).
 */
export function reportingWindow(kind: PeriodKind, year: number, index = 1): ReportingWindow {
  assertYear(year);
  if (!Number.isInteger(index) || index < 1 || index > PERIODS_PER_YEAR[kind]) {
    throw new RangeError(`no ${kind} ${index} in a year (1–${PERIODS_PER_YEAR[kind]})`);
  }
  let key: string;
  let firstMonth: number;
  let lastMonth: number;
  switch (kind) {
    case 'month':
      key = `${year}-R${pad(index)}`;
      firstMonth = index;
      lastMonth = index;
      break;
    case 'quarter':
      key = `${year}-Q${index}`;
      firstMonth = index * 3 - 2;
      lastMonth = index * 3;
      break;
    case 'half':
      key = `${year}-H${index}`;
      firstMonth = index * 6 - 5;
      lastMonth = index * 6;
      break;
    case 'year':
      key = String(year);
      firstMonth = 1;
      lastMonth = 12;
      break;
  }
  const start = dayOf(year, firstMonth - 1, 15);
  const end = dayOf(year, lastMonth, 14);
  return { key, kind, start, end, closingDate: end };
}

/** The period of `kind` whose data window contains `date` (15 December 2026 is in 2027-R01, 2027-Q1, 2027-H1, 2027). */
export function periodOfDate(kind: PeriodKind, date: LocalDate): ReportingWindow {
  if (!isLocalDate(date)) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  let year = Number(date.slice(0, 4));
  let month = Number(date.slice(5, 7));
  if (Number(date.slice(8, 10)) >= 15) {
    month += 1;
    if (month === 13) {
      month = 1;
      year += 1;
    }
  }
  switch (kind) {
    case 'month':
      return reportingWindow(kind, year, month);
    case 'quarter':
      return reportingWindow(kind, year, Math.ceil(month / 3));
    case 'half':
      return reportingWindow(kind, year, month <= 6 ? 1 : 2);
    case 'year':
      return reportingWindow(kind, year, 1);
  }
}

const KEY_RE = /^(\d{4})(?:-(?:R(\d{2})|Q([1-4])|H([12])))?$/;

/** Is `key` the key of a Decree 09/2019 reporting period (2026-R11, 2026-Q4, 2026-H1, 2026)? */
export function isReportingPeriodKey(key: string): boolean {
  const m = KEY_RE.exec(key);
  const year = Number(m?.[1]);
  return (
    m !== null && year >= 1000 && year <= 9998 && (m[2] === undefined || (Number(m[2]) >= 1 && Number(m[2]) <= 12))
  );
}

/** The window named by a key: `2026-R11`, `2026-Q4`, `2026-H1` or `2026`; RangeError otherwise. */
export function reportingWindowByKey(key: string): ReportingWindow {
  const m = KEY_RE.exec(key);
  if (!m) {
    throw new RangeError(`not a reporting period key (2026-R11, 2026-Q4, 2026-H1, 2026): ${key}`);
  }
  const year = Number(m[1]);
  if (m[2] !== undefined) {
    return reportingWindow('month', year, Number(m[2]));
  }
  if (m[3] !== undefined) {
    return reportingWindow('quarter', year, Number(m[3]));
  }
  if (m[4] !== undefined) {
    return reportingWindow('half', year, Number(m[4]));
  }
  return reportingWindow('year', year, 1);
}

/**
 * Problems with a set of deadline offsets: every offset a whole number of working days,
 * the commune at least one working day after closing (Decree 09/2019) and every level at
 * least one working day after the levels it consolidates.
 */
export function deadlineOffsetErrors(offsets: DeadlineOffsets): string[] {
  const errors: string[] = [];
  for (const level of REPORTING_LEVELS) {
    const value = offsets[level];
    if (!Number.isInteger(value)) {
      errors.push(`${level}: must be a whole number of working days, got ${String(value)}`);
    }
  }
  if (errors.length > 0) {
    return errors;
  }
  if (offsets.commune < 1) {
    errors.push(`commune: must be at least 1 working day after the closing date, got ${offsets.commune}`);
  }
  for (const level of REPORTING_LEVELS) {
    for (const previous of PREVIOUS_TIER[level]) {
      if (offsets[level] <= offsets[previous]) {
        errors.push(
          `${level}: must be at least 1 working day after ${previous} (${offsets[previous]}), got ${offsets[level]}`,
        );
      }
    }
  }
  return errors;
}

/** Submission deadline of each level for data closing on `closingDate`. */
export function reportingDeadlines(
  closingDate: LocalDate,
  calendar: WorkingCalendar,
  offsets: Partial<DeadlineOffsets> = {},
): LevelDeadlines {
  const resolved: DeadlineOffsets = { ...DEFAULT_DEADLINE_OFFSETS, ...offsets };
  const errors = deadlineOffsetErrors(resolved);
  if (errors.length > 0) {
    throw new RangeError(`invalid reporting deadline offsets: ${errors.join('; ')}`);
  }
  const entries = REPORTING_LEVELS.map((level) => [level, calendar.addWorkingDays(closingDate, resolved[level])]);
  return Object.fromEntries(entries) as LevelDeadlines;
}

/**
 * Every period of `kind` reporting on `year`, in order, with per-level deadlines computed on
 * `calendar` (which must know the holidays of `year`, e.g. `vietnamWorkingCalendar([year])`).
 */
export function reportingPeriods(
  kind: PeriodKind,
  year: number,
  calendar: WorkingCalendar,
  offsets: Partial<DeadlineOffsets> = {},
): ReportingPeriod[] {
  assertYear(year);
  const periods: ReportingPeriod[] = [];
  for (let index = 1; index <= PERIODS_PER_YEAR[kind]; index += 1) {
    const window = reportingWindow(kind, year, index);
    periods.push({ ...window, deadlines: reportingDeadlines(window.closingDate, calendar, offsets) });
  }
  return periods;
}

/** The period of `kind` containing `date`, with its deadlines. */
export function reportingPeriodOfDate(
  kind: PeriodKind,
  date: LocalDate,
  calendar: WorkingCalendar,
  offsets: Partial<DeadlineOffsets> = {},
): ReportingPeriod {
  const window = periodOfDate(kind, date);
  return { ...window, deadlines: reportingDeadlines(window.closingDate, calendar, offsets) };
}
