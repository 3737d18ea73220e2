/**
 * Contract of the report-request workflow: the fan-out of an ad-hoc report
 * request (báo cáo đột xuất) to its agencies, one assignment each.
 */
import type { BatchOutcome } from './operation.messages';

export interface ReportRequestFanOutInput {
  /** The stored request (report_requests.key); its agencies and deadline are read from there. */
  requestKey: string;
  planCode: string;
  /** The on-demand duty the assignments are filed under. */
  dutyCode: string;
  /** Task queue of the assignment workflows (default: the worker's own). */
  assignmentTaskQueue?: string;
  /** Assignments started per activity (default 20). */
  batchSize?: number;
}

export interface RequestBatch {
  requestKey: string;
  planCode: string;
  dutyCode: string;
  offset: number;
  limit: number;
  taskQueue?: string;
}

/** Implemented by the worker's ReportRequestActivities. */
export interface ReportRequestActivities {
  /** How many agencies the request goes to. */
  countRequestTargets(req: { requestKey: string }): Promise<number>;
  /** Starts the assignments of one slice of the request's agencies (stable order); idempotent. */
  startRequestAssignments(req: RequestBatch): Promise<BatchOutcome>;
}

/** One fan-out per request: repeating the request, or retrying it, starts nothing twice. */
export const reportRequestWorkflowId = (requestKey: string): string => `report-request/${requestKey}`;
