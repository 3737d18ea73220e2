import { Inject, Injectable } from '@nestjs/common';
import { Client, isGrpcDeadlineError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';

/**
 * What a call to Temporal does: a `read` changes nothing (workflow query, describe, result,
 * schedule description, readiness probe); a `write` asks for a change (update, signal, start,
 * schedule pause/resume/trigger) and, once sent, may still take effect after its deadline.
 */
export type WorkflowCallKind = 'read' | 'write';

/**
 * A call to Temporal got no answer within its deadline. The errors filter answers it with
 * 503 `WORKFLOW_TIMEOUT` (apps/api/src/common/errors.filter.ts); for a `write` the message
 * says the change may still be applied, because Temporal may carry it out later.
 */
export class WorkflowTimeoutError extends Error {
  constructor(
    readonly kind: WorkflowCallKind,
    readonly timeoutMs: number,
    options?: { cause?: unknown },
  ) {
    super(`no answer from Temporal within ${timeoutMs} ms (${kind})`, options);
    this.name = 'WorkflowTimeoutError';
  }
}

/** True for the error of a Temporal call whose gRPC deadline passed (an update's own kind included). */
export function isTemporalDeadline(err: unknown): boolean {
  return err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(err);
}

/**
 * The one bound on every call the API makes to Temporal. Without it a query or an update waits
 * as long as a busy or starved worker takes (minutes were seen under load), and so does the
 * officer. Each call runs under a gRPC deadline (`Client.withDeadline`, every RPC the call makes,
 * long polls of an update included):
 * - `read`: TEMPORAL_QUERY_TIMEOUT_MS (default 10 000 ms);
 * - `write`: TEMPORAL_UPDATE_TIMEOUT_MS (default 20 000 ms).
 *
 * A call that passes its deadline throws {@link WorkflowTimeoutError} (503 `WORKFLOW_TIMEOUT`);
 * any other error is rethrown as it came (a missing workflow, a rejected update…). A write that
 * timed out is not known to have failed: retrying is safe because the assignment's updates are
 * idempotent (a repeated `submissionId` or extension `requestId` changes nothing; a second review
 * of the same report is refused with 409), but the officer should check the timeline first.
 */
@Injectable()
export class WorkflowDeadlines {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Runs `call` (queries, describes, results) within the read deadline. @throws WorkflowTimeoutError past it. */
  read<T>(call: () => Promise<T>): Promise<T> {
    return this.bounded('read', this.config.temporal.deadlines.readMs, call);
  }

  /** Runs `call` (updates, signals, starts) within the write deadline. @throws WorkflowTimeoutError past it. */
  write<T>(call: () => Promise<T>): Promise<T> {
    return this.bounded('write', this.config.temporal.deadlines.writeMs, call);
  }

  private async bounded<T>(kind: WorkflowCallKind, ms: number, call: () => Promise<T>): Promise<T> {
    try {
      return await this.client.withDeadline(Date.now() + ms, call);
    } catch (err) {
      if (isTemporalDeadline(err)) {
        throw new WorkflowTimeoutError(kind, ms, { cause: err });
      }
      throw err;
    }
  }
}
