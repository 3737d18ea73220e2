import { addDays, dayOfWeek, type LocalDate } from './local-date';

/**
 * The one working calendar every deadline and reminder is computed with.
 * Weekends only for now; public holidays and yearly official adjustments
 * plug in as `extraDaysOff` / `extraWorkingDays` without changing callers.
 */
export interface WorkingCalendar {
  isWorkingDay(date: LocalDate): boolean;
  /** The date `n` working days after `date` (n < 0 goes backwards); `n = 0` returns `date`. */
  addWorkingDays(date: LocalDate, n: number): LocalDate;
  /** Working days in (from, to]: 0 when to <= from. */
  workingDaysBetween(from: LocalDate, to: LocalDate): number;
}

export interface CalendarData {
  /** Days off on weekdays (holidays, bridge days). */
  extraDaysOff?: Iterable<LocalDate>;
  /** Weekend days that are worked (swapped Saturdays). */
  extraWorkingDays?: Iterable<LocalDate>;
}

export class StateAgencyCalendar implements WorkingCalendar {
  private readonly daysOff: ReadonlySet<LocalDate>;
  private readonly workedWeekendDays: ReadonlySet<LocalDate>;

  constructor(data: CalendarData = {}) {
    this.daysOff = new Set(data.extraDaysOff ?? []);
    this.workedWeekendDays = new Set(data.extraWorkingDays ?? []);
  }

  isWorkingDay(date: LocalDate): boolean {
    if (this.workedWeekendDays.has(date)) {
      return true;
    }
    const dow = dayOfWeek(date);
    return dow !== 0 && dow !== 6 && !this.daysOff.has(date);
  }

  addWorkingDays(date: LocalDate, n: number): LocalDate {
    const step = n < 0 ? -1 : 1;
    let remaining = Math.abs(n);
    let current = date;
    while (remaining > 0) {
      current = addDays(current, step);
      if (this.isWorkingDay(current)) {
        remaining -= 1;
      }
    }
    return current;
  }

  workingDaysBetween(from: LocalDate, to: LocalDate): number {
    let count = 0;
    for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) {
      if (this.isWorkingDay(d)) {
        count += 1;
      }
    }
    return count;
  }
}
