/** The activities the daily-digest workflow calls, implemented by the worker's `DigestActivities`. */
import type { LocalDate } from '../libs/domain/src/local-date';
import type { CalendarAdjustments } from './assignment.messages';

export interface DigestActivities {
  /** Sends the digests of `date` (a Vietnam date); nothing on a day off. Idempotent per agency and day. */
  sendDailyDigests(req: {
    date: LocalDate;
    dueWithinWorkingDays?: number;
  }): Promise<{ sent: number; agencies: number }>;
  /** The working calendar (days off, worked weekend days) around `year`, as recorded. */
  workingCalendarData(req: { year: number }): Promise<CalendarAdjustments>;
}
