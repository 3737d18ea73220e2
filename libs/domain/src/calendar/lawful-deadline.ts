import type { WorkingCalendar } from '../calendar';
import { addDays, formatVietnameseDate, type LocalDate } from '../local-date';
import type { LocalizedName } from './public-holidays';

/**
 * Lawful deadlines: a deadline never falls on a non-working day.
 *
 * Rule (Bộ luật Dân sự 2015 / Civil Code 2015, art. 148(5)): when the last day of a time limit
 * is a weekly day off or a public holiday, the time limit ends at the end of the next working
 * day. Applied to every deadline the system sets (a catalog rule, an ad-hoc report request, an
 * extension, and an open deadline that a calendar change turns into a day off); "working day"
 * is the state agencies' calendar (`WorkingCalendar`: Monday–Friday, less holidays and the
 * Government's swapped days off, plus worked Saturdays).
 *
 * Reminders count working days back from the (lawful) deadline, so they land on working days;
 * a reminder that would still fall on a day off is sent on the previous working day, never
 * later than planned (`reminderDay`).
 */
export const LAWFUL_DEADLINE_SOURCE = 'Bộ luật Dân sự 2015, Điều 148, khoản 5 / Civil Code 2015, art. 148(5)';

/** How far a search for a working day goes before giving up (a data error, not a calendar). */
const MAX_DAYS_SEARCHED = 366;

/** `date` when it is a working day, otherwise the first working day after it. Throws if none within a year. */
export function nextWorkingDay(calendar: Pick<WorkingCalendar, 'isWorkingDay'>, date: LocalDate): LocalDate {
  return searchWorkingDay(calendar, date, 1);
}

/** `date` when it is a working day, otherwise the last working day before it. Throws if none within a year. */
export function previousWorkingDay(calendar: Pick<WorkingCalendar, 'isWorkingDay'>, date: LocalDate): LocalDate {
  return searchWorkingDay(calendar, date, -1);
}

function searchWorkingDay(calendar: Pick<WorkingCalendar, 'isWorkingDay'>, date: LocalDate, step: 1 | -1): LocalDate {
  let day = date;
  for (let i = 0; i <= MAX_DAYS_SEARCHED; i += 1) {
    if (calendar.isWorkingDay(day)) {
      return day;
    }
    day = addDays(day, step);
  }
  throw new RangeError(`no working day within ${MAX_DAYS_SEARCHED} days of ${date}`);
}

/** A deadline after the lawful-deadline rule; `deadlineMovedFrom` is the day off it was moved from. */
export interface LawfulDeadline {
  /** The deadline in force (a working day, YYYY-MM-DD, Vietnam date). */
  dueDate: LocalDate;
  /** The requested or computed date, when it was a day off; null when unchanged. */
  deadlineMovedFrom: LocalDate | null;
  /** Why it moved, Vietnamese first; null when unchanged. */
  deadlineMovedMessage: LocalizedName | null;
}

/** The sentence that tells a person a deadline moved from `from` (a day off) to `to`. */
export function deadlineMovedMessage(from: LocalDate, to: LocalDate): LocalizedName {
  const f = formatVietnameseDate(from);
  const t = formatVietnameseDate(to);
  return {
    vi: `Ngày ${f} là ngày nghỉ nên hạn được chuyển sang ngày làm việc tiếp theo: ${t} (Bộ luật Dân sự 2015, Điều 148, khoản 5).`,
    en: `${f} is not a working day, so the deadline moves to the next working day: ${t} (Civil Code 2015, art. 148(5)).`,
  };
}

/** Applies the lawful-deadline rule to `date` (see the module comment). */
export function lawfulDeadline(calendar: Pick<WorkingCalendar, 'isWorkingDay'>, date: LocalDate): LawfulDeadline {
  const dueDate = nextWorkingDay(calendar, date);
  if (dueDate === date) {
    return { dueDate, deadlineMovedFrom: null, deadlineMovedMessage: null };
  }
  return { dueDate, deadlineMovedFrom: date, deadlineMovedMessage: deadlineMovedMessage(date, dueDate) };
}

/**
 * A catalog deadline that an opening moved off a day off (Civil Code 2015, art. 148(5)), as the
 * period-open operation lists it: one entry per duty and original date, whatever the number of
 * agencies that owe the duty. Dates are Vietnam dates (YYYY-MM-DD).
 */
export interface MovedDeadline {
  dutyCode: string;
  /** The duty's title, Vietnamese first. */
  dutyTitle: LocalizedName;
  /** The date the catalog rule gave (a day off). */
  from: LocalDate;
  /** The deadline in force: the next working day. */
  to: LocalDate;
  /** Why it moved, in words (deadlineMovedMessage). */
  reason: LocalizedName;
}

/** Adds `moved` to `list` unless the same duty and original date is already there (keeps the list bounded). */
export function noteMovedDeadline(list: MovedDeadline[], moved: MovedDeadline): void {
  if (!list.some((m) => m.dutyCode === moved.dutyCode && m.from === moved.from)) {
    list.push(moved);
  }
}

/**
 * The day a reminder `offset` working days before `dueDate` goes out: counted back over
 * working days; when `dueDate` itself is a day off (a deadline set before this rule), the
 * "due today" reminder (offset 0) goes out on the previous working day rather than on the day off.
 */
export function reminderDay(calendar: WorkingCalendar, dueDate: LocalDate, offset: number): LocalDate {
  return previousWorkingDay(calendar, calendar.addWorkingDays(dueDate, -offset));
}
