import type { WorkingCalendar } from './calendar';
import { vietnamDateOf, type LocalDate } from './local-date';

/** Working days a report may wait for review before it is flagged (the default of REVIEW_FLAG_WORKING_DAYS). */
export const DEFAULT_REVIEW_FLAG_WORKING_DAYS = 2;

/** How long a report has waited for the ICT department's review ("Chờ duyệt"). */
export interface ReviewWait {
  /** Vietnam date the report arrived. */
  submittedOn: LocalDate;
  /** Working days since then (days off and worked weekend days of the working calendar counted as they are). */
  workingDaysWaiting: number;
  /** Waiting longer than the configured number of working days. */
  flagged: boolean;
}

/**
 * How long a report submitted at `submittedAt` has waited on `now`: the working
 * days in (day it arrived, today], Vietnam dates, by `calendar` (the state
 * agencies' working calendar with the year's official adjustments). A report
 * that arrived today has waited 0; it is flagged once it has waited more than
 * `flagAfterWorkingDays` working days (issue 13, review queue).
 */
export function reviewWait(
  submittedAt: Date | string,
  now: Date,
  calendar: WorkingCalendar,
  flagAfterWorkingDays: number = DEFAULT_REVIEW_FLAG_WORKING_DAYS,
): ReviewWait {
  const submittedOn = vietnamDateOf(new Date(submittedAt));
  const workingDaysWaiting = calendar.workingDaysBetween(submittedOn, vietnamDateOf(now));
  return { submittedOn, workingDaysWaiting, flagged: workingDaysWaiting > flagAfterWorkingDays };
}
