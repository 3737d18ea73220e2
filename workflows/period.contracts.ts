/**
 * The activities the period workflows (open, close) call, as an interface the
 * worker's `PeriodActivities` class implements.
 */
import type { LocalDate } from '../libs/domain/src/local-date';
import type { PeriodKind } from '../libs/domain/src/period';
import type { MovedDeadline } from '../libs/domain/src/calendar/lawful-deadline';
import type { PeriodCloseInput, PeriodCloseResult } from './period-close.messages';

export interface PeriodBatchRequest {
  planCode: string;
  kind: PeriodKind;
  onDate: LocalDate;
  offset: number;
  limit: number;
  taskQueue?: string;
}

export interface PeriodActivities {
  /**
   * How many assignments the periods of `kind` containing the date open (duty × agency in force);
   * the yearly opening adds the one-off duties not yet opened (it is what activates a plan).
   */
  countPeriodTargets(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<number>;
  /**
   * The catalog deadlines of that opening that fell on a day off and moved to the next working
   * day (Civil Code 2015, art. 148(5)): one entry per duty and original date.
   */
  movedPeriodDeadlines(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<MovedDeadline[]>;
  /** Starts one slice of those assignments (a stable order makes slices repeatable); idempotent. */
  startPeriodBatch(req: PeriodBatchRequest): Promise<{ count: number; started: number; alreadyRunning: number }>;
  /** The period and when to consolidate it (two working days after its last deadline, 17:00 Vietnam time). */
  planPeriodClose(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<PeriodCloseInput>;
  /** Starts the period's close workflow once (its id is the plan and period). */
  startPeriodClose(close: PeriodCloseInput & { taskQueue?: string }): Promise<{ workflowId: string; started: boolean }>;
  /** Snapshots the period into a stored xlsx + docx report; one report per close run. */
  buildPeriodReport(req: PeriodCloseInput & { runKey: string }): Promise<Omit<PeriodCloseResult, 'emailedTo'>>;
  /** Emails a stored report to the ICT department, once per report; returns the recipients. */
  emailPeriodReport(req: { reportId: string; planCode: string; periodKey: string }): Promise<string[]>;
}
