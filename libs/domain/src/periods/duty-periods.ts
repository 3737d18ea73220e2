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
 *   with the periods of year Y−1 and is due a number of working days before 1 January Y; its
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

/** The year whose plan is made on `date`: the next calendar year (a plan is made before its year starts). */
export function planYearOf(date: LocalDate): number {
  if (!isLocalDate(date)) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  return Number(date.slice(0, 4)) + 1;
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
