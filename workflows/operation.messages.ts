/**
 * Contract shared by the long-running operations the API starts and answers 202 for
 * (report requests, reorganisations, bulk prods, calendar changes): the progress every
 * one of them reports, queried by `GET /api/v1/operations/{id}`.
 */
import { defineQuery } from '@temporalio/workflow';

/** A target the operation could not act on, and why (e.g. the assignment had closed). */
export interface OperationFailure {
  target: string;
  reason: string;
}

/** What one batch (one activity) did: every target it handled counts once. */
export interface BatchOutcome {
  /** Targets handled by this batch. */
  count: number;
  /** Targets acted on, including those found already done by an earlier attempt. */
  succeeded: number;
  /** Of `succeeded`, those already done before (a retried or repeated operation). */
  alreadyDone: number;
  failed: number;
  failures: OperationFailure[];
}

export interface OperationProgress {
  /** Where the operation stands: a step name such as "assigning" or "moving", then "done". */
  phase: string;
  /** Targets in total (0 until counted). */
  total: number;
  done: number;
  succeeded: number;
  alreadyDone: number;
  failed: number;
  /** The first failures (at most 50), for the dashboard. */
  failures: OperationFailure[];
}

export const MAX_REPORTED_FAILURES = 50;

export const operationProgressQuery = defineQuery<OperationProgress>('operationProgress');

export function newProgress(phase: string): OperationProgress {
  return { phase, total: 0, done: 0, succeeded: 0, alreadyDone: 0, failed: 0, failures: [] };
}

/** Adds a batch's outcome to the progress (pure; used by the workflows). */
export function addOutcome(progress: OperationProgress, outcome: BatchOutcome): void {
  progress.done += outcome.count;
  progress.succeeded += outcome.succeeded;
  progress.alreadyDone += outcome.alreadyDone;
  progress.failed += outcome.failed;
  progress.failures.push(...outcome.failures.slice(0, MAX_REPORTED_FAILURES - progress.failures.length));
}
