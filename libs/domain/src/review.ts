import type { WorkingCalendar } from './calendar';
import { addDays, vietnamDateOf, vietnamInstant, type LocalDate } from './local-date';

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

/**
 * The instant before which a report that arrived is flagged on `now` (the filter "flagged
 * only" of the review queue, so it can run in the database): `reviewWait(at, now).flagged`
 * is true exactly when `at` is earlier. The start (00:00 Vietnam time) of the day after the
 * last arrival day that has waited more than `flagAfterWorkingDays` working days.
 */
export function reviewFlaggedBefore(
  now: Date,
  calendar: WorkingCalendar,
  flagAfterWorkingDays: number = DEFAULT_REVIEW_FLAG_WORKING_DAYS,
): Date {
  // Walk back from today: working days in (day, today] grow as the day moves back.
  let day = vietnamDateOf(now);
  let waited = 0;
  while (waited <= flagAfterWorkingDays) {
    if (calendar.isWorkingDay(day)) {
      waited += 1;
    }
    day = addDays(day, -1);
  }
  return vietnamInstant(addDays(day, 1));
}
