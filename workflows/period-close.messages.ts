/** Contract of the period-close workflow: consolidation at the deadline, report, delivery. */
import type { LocalDate } from '../libs/domain/src/local-date';
import type { PeriodKind } from '../libs/domain/src/period';
import type { ReportingCategory } from '../libs/domain/src/status';

export interface PeriodCloseInput {
  planCode: string;
  kind: PeriodKind;
  periodKey: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  /** When to close (ISO instant); immediately when absent or past. */
  closeAt?: string;
}

/**
 * What a close produced: the stored report, and the figures the ICT department signs.
 * `total` and `counts` are binding ("giao") assignments only, the same figures as the report's
 * totals and the statistics API; requested ("đề nghị") assignments are tallied apart under
 * `requested` and enter no rate. Waived and cancelled assignments are in neither.
 * Closes completed before the split (results without `requested`) counted both in `total`/`counts`.
 */
export interface PeriodCloseResult {
  reportId: string;
  version: number;
  /** Binding assignments counted in the period. */
  total: number;
  /** Binding assignments per reporting category (the four VPCP categories). */
  counts: Record<ReportingCategory, number>;
  /** Requested assignments, apart (absent from results of closes completed before the split). */
  requested?: { total: number; counts: Record<ReportingCategory, number> };
  emailedTo: string[];
}

export const periodCloseWorkflowId = (planCode: string, periodKey: string): string =>
  `period-close/${planCode}/${periodKey}`;
