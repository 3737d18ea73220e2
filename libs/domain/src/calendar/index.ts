/**
 * Vietnamese working calendar: lunar calendar (UTC+7), public holidays (Labour Code 2019),
 * the Government's yearly adjustments (data/calendar/adjustments.json, validated here; the
 * caller loads the file) and the resulting `StateAgencyCalendar`.
 */
export {
  LUNAR_MAX_YEAR,
  LUNAR_MIN_YEAR,
  VIETNAM_LUNAR_TIME_ZONE,
  leapMonthOf,
  lunarMonthLength,
  lunarNewYearEve,
  lunarToSolar,
  solarToLunar,
  vietnameseNewYear,
  type LunarDate,
} from './vietnamese-lunar';
export {
  LABOUR_CODE_2019_FROM_YEAR,
  publicHolidays,
  tetHolidays,
  type LocalizedName,
  type PublicHoliday,
  type PublicHolidayKind,
  type PublicHolidayOptions,
} from './public-holidays';
export {
  adjustmentsFor,
  parseCalendarAdjustments,
  validateCalendarAdjustments,
  type AdjustmentDay,
  type CalendarAdjustmentsFile,
  type ValidationResult,
  type YearAdjustments,
} from './adjustments';
export {
  LAWFUL_DEADLINE_SOURCE,
  deadlineMovedMessage,
  lawfulDeadline,
  nextWorkingDay,
  noteMovedDeadline,
  previousWorkingDay,
  reminderDay,
  type LawfulDeadline,
  type MovedDeadline,
} from './lawful-deadline';
export {
  calendarYearSummary,
  comingYearWithoutDecisions,
  decisionsMissingWarning,
  vietnamCalendarData,
  vietnamHolidays,
  vietnamWorkingCalendar,
  type CalendarAdjustmentEntry,
  type CalendarHoliday,
  type CalendarYearSummary,
  type VietnamCalendarData,
} from './vietnam-working-calendar';
