import type { WorkingCalendar } from '../calendar';
import { addDays, isLocalDate, type LocalDate } from '../local-date';
import type { Period, PeriodKind } from '../period';
import {
  isReportingPeriodKey,
  periodOfDate,
  reportingDeadlines,
  reportingWindow,
  reportingWindowByKey,
  type DeadlineOffsets,
  type ReportingLevel,
} from './reporting-periods';

/**
 * Which window a periodic duty's assignments cover: the one rule by which a period key
 * gets its window, so that one key never has two windows.
 *
 * - `results` (the default): the duty reports results or figures for a period. Its period is
 *   the Decree 09/2019/NĐ-CP reporting period of its recurrence (art. 12: data from the 15th
 *   of the month before to the 14th; keys `2026-R11`, `2026-Q4`, `2026-H1`, `2026`), and its
 *   deadline is the per-level deadline of that period (commune, district / department, ICT
 *   department, PPC: reportingDeadlines), the same dates `GET /api/v1/periods` publishes.
 * - `activity`: a monthly activity the plan sets per calendar month ("one programme a month,
 *   rebroadcast at least 3 times a month", plan section V.8). Its period is the calendar month
 *   (`2026-11` = 1–30/11), its deadline the catalog's working days after the month's last day.
 *   Monthly only.
 * - `plan`: a yearly plan ("kế hoạch ... hằng năm", V.8 and V.10). The plan for year Y is opened
 *   with the periods of reporting year Y−1 (on 15 December of Y−2, see planYearOf) and is due a
 *   number of working days before 1 January Y; its
 *   period is year Y's reporting period (key `Y`), whose report lists it. Yearly only.
 *
 * Keys: `YYYY-MM` is always a calendar month of activity; `YYYY-RMM`, `YYYY-Qn`, `YYYY-Hn`
 * and `YYYY` are always Decree 09/2019 windows. Quarters, halves and years have no calendar
 * variant. Any other key (an ad-hoc request's own key) is no period.
 */
export const PERIOD_BASES = ['results', 'activity', 'plan'] as const;
export type PeriodBasis = (typeof PERIOD_BASES)[number];

/** The period kind each basis allows (undefined: every kind). */
export const KINDS_OF_BASIS: Readonly<Record<PeriodBasis, readonly PeriodKind[] | undefined>> = {
  results: undefined,
  activity: ['month'],
  plan: ['year'],
};

/** A period without the extra fields of a reporting window. */
const asPeriod = ({ key, kind, start, end }: Period): Period => ({ key, kind, start, end });

const pad = (n: number): string => String(n).padStart(2, '0');
const ACTIVITY_MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function calendarMonth(year: number, month: number): Period {
  const firstOfNext = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return {
    key: `${year}-${pad(month)}`,
    kind: 'month',
    start: `${year}-${pad(month)}-01`,
    end: addDays(firstOfNext, -1),
  };
}

/** The calendar month of activity containing `date` (key `2026-11`, 1/11 → 30/11). RangeError on a bad date. */
export function activityMonth(date: LocalDate): Period {
  if (!isLocalDate(date)) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  return calendarMonth(Number(date.slice(0, 4)), Number(date.slice(5, 7)));
}

/** Is `key` a calendar month of activity (`2026-11`)? */
export function isActivityMonthKey(key: string): boolean {
  return ACTIVITY_MONTH_RE.test(key);
}

/** The period a key names, with its one window, or null for a key that is no period. */
export function periodByKey(key: string): Period | null {
  const m = ACTIVITY_MONTH_RE.exec(key);
  if (m) {
    return calendarMonth(Number(m[1]), Number(m[2]));
  }
  if (isReportingPeriodKey(key)) {
    return asPeriod(reportingWindowByKey(key));
  }
  return null;
}

/**
 * The period consolidated by the close of `kind` on `date` (a period report): the calendar
 * month for `month` (the monthly consolidation is of the activity months), the Decree 09/2019
 * window otherwise (2026-H1 = 15/12/2025 → 14/6/2026).
 */
export function consolidationPeriod(kind: PeriodKind, date: LocalDate): Period {
  if (kind === 'month') {
    return activityMonth(date);
  }
  return asPeriod(periodOfDate(kind, date));
}

/**
 * Which assignments the consolidation (close) of `period` counts, as a selection a query can
 * apply: those whose key is one of `keys`, and those whose window lies inside [`from`, `to`].
 *
 * - Keys: the period's own key and, for an activity month (`2026-11`), the Decree 09/2019
 *   reporting month reported on with it (`2026-R11`, data 15/10 → 14/11): the monthly report
 *   of November holds November's activity and the results reported in November, and each
 *   reporting month is counted by exactly one monthly close.
 * - Window: `from` is the first day of the month the window starts in, so a quarter, half or
 *   year also counts the activity months ending inside it (Q4 2026, 15/9 → 14/12, counts
 *   September to November), plus the finer reporting periods (R10–R12) inside it.
 */
export interface ConsolidationSelection {
  keys: string[];
  from: LocalDate;
  to: LocalDate;
}

export function consolidationSelection(period: Pick<Period, 'key' | 'start' | 'end'>): ConsolidationSelection {
  const month = ACTIVITY_MONTH_RE.exec(period.key);
  const keys = month ? [period.key, reportingWindow('month', Number(month[1]), Number(month[2])).key] : [period.key];
  return { keys, from: `${period.start.slice(0, 7)}-01`, to: period.end };
}

/** Does the close of `period` count an assignment of `assignment`'s period? (consolidationSelection, in memory.) */
export function consolidationCounts(
  period: Pick<Period, 'key' | 'start' | 'end'>,
  assignment: { key: string; start: LocalDate | null; end: LocalDate | null },
): boolean {
  const { keys, from, to } = consolidationSelection(period);
  return (
    keys.includes(assignment.key) ||
    (assignment.start !== null && assignment.end !== null && assignment.start >= from && assignment.end <= to)
  );
}

/**
 * The year whose plan is made on `date`: the year after the reporting year (Decree 09/2019
 * window, 15/12 → 14/12) that contains `date`. The plan for year Y is opened with the periods of
 * reporting year Y−1, i.e. on 15 December of Y−2 (the yearly schedule, see periodOpenings), and
 * is due before 1 January Y: 1/1/2026 → 2027, 14/12/2026 → 2027, 15/12/2026 → 2028.
 * RangeError on a bad date.
 */
export function planYearOf(date: LocalDate): number {
  return Number(periodOfDate('year', date).key) + 1;
}

/**
 * When periods of one kind open: on day `dayOfMonth` of `months` (1–12, Vietnam dates), the
 * window of each of `bases` starts (for `plan`: the reporting year it is opened with starts).
 */
export interface PeriodOpening {
  bases: PeriodBasis[];
  months: number[];
  dayOfMonth: number;
}

/** Any year: the windows' days of month and months do not depend on it. */
const REFERENCE_YEAR = 2001;
const PERIOD_COUNT: Record<PeriodKind, number> = { month: 12, quarter: 4, half: 2, year: 1 };

/**
 * The days on which the periods of `kind` open, derived from the windows themselves, so that a
 * period opens on the first day of its window and never before or after it:
 * - month: the 1st (activity months, 1 → end of month) and the 15th (Decree 09/2019 reporting
 *   months, 15th → 14th);
 * - quarter: 15/12, 15/3, 15/6, 15/9; half: 15/12, 15/6; year: 15/12 (Decree 09/2019 windows);
 *   the year's opening also opens the plans for the year after it (planYearOf).
 * A period that contains the day an opening runs on opens whatever the day (a late or manual
 * opening opens the periods in progress); these are the days the schedules fire on.
 */
export function periodOpenings(kind: PeriodKind): PeriodOpening[] {
  const byDay = new Map<string, PeriodOpening>();
  for (const basis of PERIOD_BASES) {
    const allowed = KINDS_OF_BASIS[basis];
    if (allowed && !allowed.includes(kind)) {
      continue;
    }
    // A plan opens with the reporting year it is made in: on that window's first day.
    const windows: Period[] =
      basis === 'activity'
        ? Array.from({ length: 12 }, (_, i) => calendarMonth(REFERENCE_YEAR, i + 1))
        : Array.from({ length: PERIOD_COUNT[kind] }, (_, i) => reportingWindow(kind, REFERENCE_YEAR, i + 1));
    const months = [...new Set(windows.map((w) => Number(w.start.slice(5, 7))))].sort((a, b) => a - b);
    const days = new Set(windows.map((w) => Number(w.start.slice(8, 10))));
    if (days.size !== 1) {
      throw new Error(`${basis} ${kind} windows start on several days of the month`);
    }
    const dayOfMonth = [...days][0];
    const slot = `${dayOfMonth}/${months.join(',')}`;
    const existing = byDay.get(slot);
    if (existing) {
      existing.bases.push(basis);
    } else {
      byDay.set(slot, { bases: [basis], months, dayOfMonth });
    }
  }
  return [...byDay.values()].sort((a, b) => a.dayOfMonth - b.dayOfMonth);
}

/**
 * The period of a duty of `basis` and recurrence `kind` opened on `date` (Vietnam date).
 * RangeError when the basis does not allow the kind (see KINDS_OF_BASIS).
 */
export function dutyPeriod(basis: PeriodBasis, kind: PeriodKind, date: LocalDate): Period {
  const allowed = KINDS_OF_BASIS[basis];
  if (allowed && !allowed.includes(kind)) {
    throw new RangeError(`a ${basis} duty recurs by ${allowed.join(' or ')}, not by ${kind}`);
  }
  switch (basis) {
    case 'results':
      return asPeriod(periodOfDate(kind, date));
    case 'activity':
      return activityMonth(date);
    case 'plan':
      return asPeriod(reportingWindow('year', planYearOf(date)));
  }
}

/**
 * The level at which an agency submits a results report (Decree 09/2019: a report consolidated
 * through several levels has a deadline per level). A report addressed to the PPC is the ICT
 * department's consolidation; otherwise communes and districts report at their own level and
 * every provincial body (departments, the PPC Office, Party and Front bodies, press) at the
 * department level.
 */
export function reportingLevelOf(agencyKind: string, reportsToPpc: boolean): ReportingLevel {
  if (reportsToPpc) {
    return 'ictDepartment';
  }
  if (agencyKind === 'commune') {
    return 'commune';
  }
  return agencyKind === 'district' ? 'district' : 'department';
}

/** Deadline (UTC+7 date) of a results report of `period` at `level`: working days after its closing date. */
export function resultsDeadline(
  period: Pick<Period, 'end'>,
  level: ReportingLevel,
  calendar: WorkingCalendar,
  offsets: Partial<DeadlineOffsets> = {},
): LocalDate {
  return reportingDeadlines(period.end, calendar, offsets)[level];
}

/**
 * Deadline of the plan for `planYear`: `workingDaysBefore` working days before 1 January of
 * that year (≥ 1), so the plan is in force when its year starts. RangeError below 1.
 */
export function planDeadline(planYear: number, workingDaysBefore: number, calendar: WorkingCalendar): LocalDate {
  if (!Number.isInteger(workingDaysBefore) || workingDaysBefore < 1) {
    throw new RangeError(`a plan is due at least 1 working day before its year, got ${workingDaysBefore}`);
  }
  return calendar.addWorkingDays(`${planYear}-01-01`, -workingDaysBefore);
}
