import type { LocalDate } from './local-date';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

/**
 * The period key of a one-off duty (recurrence "once", e.g. the portal banner of V.3):
 * it is owed once, from the plan's activation, so each agency holds at most one.
 */
export const ONE_OFF_PERIOD_KEY = 'mot-lan';

/**
 * A period (kỳ) of a duty, identified by a stable key that names one window only: a calendar
 * month of activity (`2026-11`) or a Decree 09/2019 reporting period (`2026-R11`, `2026-Q4`,
 * `2026-H1`, `2026`). See periods/duty-periods.ts for which duty gets which.
 */
export interface Period {
  key: string;
  kind: PeriodKind;
  /** First day of the window (UTC+7 date). */
  start: LocalDate;
  /** Last day of the window (UTC+7 date); a reporting period's data closing date. */
  end: LocalDate;
}
