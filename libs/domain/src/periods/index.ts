/** Reporting periods of Decree 09/2019/NĐ-CP: data windows closing on the 14th and per-level deadlines. */
export {
  DEFAULT_DEADLINE_OFFSETS,
  REPORTING_LEVELS,
  deadlineOffsetErrors,
  isReportingPeriodKey,
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
export {
  KINDS_OF_BASIS,
  PERIOD_BASES,
  activityMonth,
  consolidationPeriod,
  dutyPeriod,
  isActivityMonthKey,
  periodByKey,
  planDeadline,
  planYearOf,
  reportingLevelOf,
  resultsDeadline,
  type PeriodBasis,
} from './duty-periods';
export {
  isPeriodKey,
  periodName,
  periodWindowInWords,
  type PeriodNameLang,
  type PeriodNameOptions,
} from './period-name';
