export * from './period-report.types';
export { summarise, daysBetween, emptyTally, closeFigures, type CloseFigures } from './period-summary';
export {
  AGENCY_KIND_LABELS_VI,
  CATEGORY_LABELS_VI,
  CATEGORY_ORDER,
  agencyKindLabel,
  periodLabelVi,
  viDate,
  viPercent,
} from './labels';
export { buildPeriodReportXlsx, PERIOD_REPORT_SHEETS } from './period-report.xlsx';
export { buildPeriodReportDocx, type PeriodReportDocxOptions } from './period-report.docx';
