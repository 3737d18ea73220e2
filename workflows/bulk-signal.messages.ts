/**
 * Contract of the bulk-signal workflow: one message (a prod, a calendar change)
 * delivered to many assignments, in batches that count what succeeded and failed.
 */
import type { BatchOutcome } from './operation.messages';

export type BulkSignalKind = 'prod' | 'calendarChanged';

export interface BulkSignalInput {
  kind: BulkSignalKind;
  actor: string;
  /** prod: the officer's message. */
  message?: string;
  /** The assignments' workflow ids (bulk prod: the confirmed selection). */
  targets?: string[];
  /** calendarChanged: the year whose calendar changed; the open assignments due within a year of it are found by the workflow. */
  calendarYear?: number;
  /** Assignments signalled per activity (default 100). */
  batchSize?: number;
}

export interface SignalBatch {
  kind: BulkSignalKind;
  workflowIds: string[];
  actor: string;
  message?: string;
}

/** Implemented by the worker's BulkSignalActivities. */
export interface BulkSignalActivities {
  /** Open assignments due within a year of `year` (their reminders depend on its calendar). */
  calendarChangeTargets(req: { year: number }): Promise<string[]>;
  /**
   * Signals each assignment once: a retried batch resumes after the last one
   * signalled (heartbeat), and an assignment that has closed counts as failed with its reason.
   */
  signalAssignments(req: SignalBatch): Promise<BatchOutcome>;
}

export const bulkProdWorkflowId = (key: string): string => `bulk-prod/${key}`;
export const calendarChangeWorkflowId = (year: number, key: string): string => `calendar-change/${year}/${key}`;
