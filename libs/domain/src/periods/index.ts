/** Reporting periods of Decree 09/2019/NĐ-CP: data windows closing on the 14th and per-level deadlines. */
export {
  DEFAULT_DEADLINE_OFFSETS,
  REPORTING_LEVELS,
  deadlineOffsetErrors,
  periodOfDate,
  reportingDeadlines,
  reportingPeriodOfDate,
  reportingPeriods,
  reportingWindow,
  reportingWindowByKey,
  type DeadlineOffsets,
  type LevelDeadlines,
  type ReportingLevel,
  type ReportingPeriod,
  type ReportingWindow,
} from './reporting-periods';
export { isPeriodKey, periodName, type PeriodNameLang, type PeriodNameOptions } from './period-name';
