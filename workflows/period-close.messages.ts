/** Contract of the period-close workflow: consolidation at the deadline, report, delivery. */
import type { LocalDate } from '../libs/domain/src/local-date';
import type { PeriodKind } from '../libs/domain/src/period';

export interface PeriodCloseInput {
  planCode: string;
  kind: PeriodKind;
  periodKey: string;
  periodStart: LocalDate;
  periodEnd: LocalDate;
  /** When to close (ISO instant); immediately when absent or past. */
  closeAt?: string;
}

export interface PeriodCloseResult {
  reportId: string;
  version: number;
  total: number;
  counts: Record<string, number>;
  emailedTo: string[];
}

export const periodCloseWorkflowId = (planCode: string, periodKey: string): string =>
  `period-close/${planCode}/${periodKey}`;
