import type { WorkingCalendar } from './calendar';
import { reminderDay } from './calendar/lawful-deadline';
import { vietnamInstant, type LocalDate } from './local-date';

export interface ReminderSlot {
  /** Working days before the deadline (0 = on the day). */
  offset: number;
  date: LocalDate;
  at: Date;
}

/**
 * When to remind: `offsets` working days before `dueDate`, at `localTime` Vietnam time.
 * Slots already past at `now` are dropped, as are duplicates (a short period can map
 * two offsets to one day). With `workingDaysOnly` (assignments started since lawful deadlines),
 * a slot never falls on a day off: see `reminderDay` (the previous working day).
 */
export function reminderSchedule(
  dueDate: LocalDate,
  offsets: readonly number[],
  localTime: string,
  calendar: WorkingCalendar,
  now: Date,
  options: { workingDaysOnly?: boolean } = {},
): ReminderSlot[] {
  const seen = new Set<LocalDate>();
  const slots: ReminderSlot[] = [];
  for (const offset of [...offsets].sort((a, b) => b - a)) {
    const date = options.workingDaysOnly
      ? reminderDay(calendar, dueDate, offset)
      : calendar.addWorkingDays(dueDate, -offset);
    const at = vietnamInstant(date, localTime);
    if (seen.has(date) || at.getTime() <= now.getTime()) {
      continue;
    }
    seen.add(date);
    slots.push({ offset, date, at });
  }
  return slots;
}
