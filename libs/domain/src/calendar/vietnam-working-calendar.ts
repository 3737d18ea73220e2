import { StateAgencyCalendar, type CalendarData } from '../calendar';
import { addDays, dayOfWeek, type LocalDate } from '../local-date';
import { adjustmentsFor, type YearAdjustments } from './adjustments';
import { publicHolidays, type LocalizedName, type PublicHolidayKind } from './public-holidays';

/** A day off of the calendar: a statutory holiday, or the compensatory day of one. */
export interface CalendarHoliday {
  date: LocalDate;
  name: LocalizedName;
  kind: PublicHolidayKind | 'compensatory';
  /** For a compensatory day: the holiday it compensates. */
  compensates?: LocalDate;
  /**
   * True when the day follows the default rule while the Government's decision for the year is
   * not recorded (Tết days, the day adjacent to National Day, their compensatory days): an
   * estimate ("ước tính"), which the decision may move.
   */
  estimate: boolean;
}

/** `CalendarData` with plain arrays: JSON-serialisable, e.g. as a workflow input. */
export interface VietnamCalendarData extends CalendarData {
  extraDaysOff: LocalDate[];
  extraWorkingDays: LocalDate[];
}

export interface CalendarAdjustmentEntry {
  date: LocalDate;
  type: 'dayOff' | 'workingDay';
  name: LocalizedName;
}

/** Body of `GET /api/v1/calendar/{year}`. */
export interface CalendarYearSummary {
  year: number;
  /** Statutory holidays and compensatory days off, by date. */
  holidays: CalendarHoliday[];
  /** Working days of state agencies in the year (Monday–Friday, less days off, plus worked weekend days). */
  workingDays: number;
  /** The Government's swaps for the year, by date. */
  adjustments: CalendarAdjustmentEntry[];
  /** Official document(s) behind the adjustments; null when none are recorded for the year. */
  source: string | null;
  note: string | null;
  /** Whether the Government's decisions for the year (Tết, swapped days, National Day) are recorded. */
  decisionsRecorded: boolean;
  /** When they are not: a warning that the Tết and 2 September days are estimates, Vietnamese first. */
  warning: LocalizedName | null;
}

/** The warning shown for a year without recorded decisions (see `CalendarYearSummary.warning`). */
export function decisionsMissingWarning(year: number): LocalizedName {
  return {
    vi: `Chưa ghi nhận quyết định của Chính phủ về lịch nghỉ Tết và lễ năm ${year}. Các ngày nghỉ Tết Nguyên đán và dịp Quốc khánh 2/9 năm ${year} đang là ước tính theo quy tắc mặc định; cần cập nhật khi có thông báo chính thức.`,
    en: `The Government's decisions on the ${year} holidays are not recorded yet. The Lunar New Year and 2 September days of ${year} are estimates from the default rule; update them once the official notice is out.`,
  };
}

/**
 * The coming year (the Vietnam year of `today` plus one) when it has no recorded decisions,
 * with the warning the administrator sees; null when they are recorded. `today` is a Vietnam
 * date (UTC+7), given by the caller so that tests can fix it.
 */
export function comingYearWithoutDecisions(
  today: LocalDate,
  adjustments: readonly YearAdjustments[],
): { year: number; warning: LocalizedName } | null {
  const year = Number(today.slice(0, 4)) + 1;
  return adjustmentsFor(adjustments, year) ? null : { year, warning: decisionsMissingWarning(year) };
}

/** A holiday's name marked as an estimate: "… (ước tính)" / "… (estimate)". */
const estimateName = (name: LocalizedName): LocalizedName => ({
  vi: `${name.vi} (ước tính)`,
  en: `${name.en} (estimate)`,
});

const isWeekend = (date: LocalDate): boolean => {
  const dow = dayOfWeek(date);
  return dow === 0 || dow === 6;
};

/**
 * Statutory holidays of `year` plus their compensatory days off, sorted by date.
 *
 * Compensatory rule (Labour Code 2019, art. 111(3)): when a holiday falls on a weekly day
 * off (Saturday or Sunday for state agencies), the next working day is taken off instead.
 * Holidays are processed in date order, so a Tết spanning a weekend pushes its compensatory
 * days past the last Tết day. Two holidays on one date (possible in principle when 10/3 lunar
 * meets 30/4 or 1/5) also get a compensatory day for the second one: an assumption, the Labour
 * Code does not spell that case out. Yearly swapped days off are skipped over.
 */
export function vietnamHolidays(year: number, adjustments: readonly YearAdjustments[] = []): CalendarHoliday[] {
  const adj = adjustmentsFor(adjustments, year);
  const statutory = publicHolidays(year, {
    tetDays: adj?.tetDays,
    nationalDayAdjacentDay: adj?.nationalDayAdjacentDay,
  });
  const unavailable = new Set<LocalDate>([...statutory.map((h) => h.date), ...(adj?.daysOff ?? []).map((d) => d.date)]);
  const placed = new Set<LocalDate>();
  const result: CalendarHoliday[] = [];
  // Without the year's decision, Tết (default rule) and the day adjacent to 2/9 (default 1/9) are estimates.
  const estimated = (h: { date: LocalDate; kind: PublicHolidayKind }): boolean =>
    !adj && ((h.kind === 'lunar' && h.date.slice(5, 7) <= '02') || h.date === `${year}-09-01`);
  for (const holiday of statutory) {
    const clash = placed.has(holiday.date);
    placed.add(holiday.date);
    const estimate = estimated(holiday);
    result.push({ ...holiday, name: estimate ? estimateName(holiday.name) : holiday.name, estimate });
    if (!isWeekend(holiday.date) && !clash) {
      continue;
    }
    let day = addDays(holiday.date, 1);
    while (isWeekend(day) || unavailable.has(day)) {
      day = addDays(day, 1);
    }
    unavailable.add(day);
    result.push({
      date: day,
      name: (estimate ? estimateName : (n: LocalizedName) => n)({
        vi: `Nghỉ bù ${holiday.name.vi}`,
        en: `Compensatory day off for ${holiday.name.en}`,
      }),
      kind: 'compensatory',
      compensates: holiday.date,
      estimate,
    });
  }
  return result.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Serialisable calendar data (for workflow inputs) covering `years`: holidays,
 * compensatory days and the Government's swaps. Dates outside `years` only know weekends,
 * so include every year a computation can reach (e.g. the next year for December deadlines).
 */
export function vietnamCalendarData(
  years: readonly number[],
  adjustments: readonly YearAdjustments[] = [],
): VietnamCalendarData {
  const daysOff = new Set<LocalDate>();
  const workingDays = new Set<LocalDate>();
  for (const year of [...new Set(years)].sort((a, b) => a - b)) {
    for (const holiday of vietnamHolidays(year, adjustments)) {
      daysOff.add(holiday.date);
    }
    const adj = adjustmentsFor(adjustments, year);
    for (const d of adj?.daysOff ?? []) {
      daysOff.add(d.date);
    }
    for (const d of adj?.workingDays ?? []) {
      workingDays.add(d.date);
    }
  }
  return { extraDaysOff: [...daysOff].sort(), extraWorkingDays: [...workingDays].sort() };
}

/** The working calendar of Vietnamese state agencies for `years` (see `vietnamCalendarData`). */
export function vietnamWorkingCalendar(
  years: readonly number[],
  adjustments: readonly YearAdjustments[] = [],
): StateAgencyCalendar {
  return new StateAgencyCalendar(vietnamCalendarData(years, adjustments));
}

/** Holidays, swaps and number of working days of `year`, with dates as YYYY-MM-DD. */
export function calendarYearSummary(year: number, adjustments: readonly YearAdjustments[] = []): CalendarYearSummary {
  const calendar = vietnamWorkingCalendar([year], adjustments);
  const adj = adjustmentsFor(adjustments, year);
  const entries: CalendarAdjustmentEntry[] = [
    ...(adj?.daysOff ?? []).map((d) => ({ date: d.date, type: 'dayOff' as const, name: d.name })),
    ...(adj?.workingDays ?? []).map((d) => ({ date: d.date, type: 'workingDay' as const, name: d.name })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    year,
    holidays: vietnamHolidays(year, adjustments),
    workingDays: calendar.workingDaysBetween(`${year - 1}-12-31`, `${year}-12-31`),
    adjustments: entries,
    source: adj?.source ?? null,
    note: adj?.note ?? null,
    decisionsRecorded: adj !== undefined,
    warning: adj ? null : decisionsMissingWarning(year),
  };
}
