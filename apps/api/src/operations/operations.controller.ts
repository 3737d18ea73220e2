import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WORKFLOW_TYPES } from '../../../../libs/temporal/src/workflow-starters';
import { operationProgressQuery } from '../../../../workflows/operation.messages';
import { periodOpenProgressQuery } from '../../../../workflows/period-open.messages';
import { Access, READERS } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines, WorkflowTimeoutError } from '../common/workflow-deadlines';
import type { z } from 'zod';
import { ApiZodResponse } from '../common/openapi';
import { Operation } from '../common/responses';
import type { OperationProgress } from '../../../../workflows/operation.messages';
import type { PeriodOpenProgress } from '../../../../workflows/period-open.messages';
import type { PeriodCloseResult } from '../../../../workflows/period-close.messages';
import type { ReorganisationResult } from '../../../../workflows/reorganisation.messages';

/** The counts of an operation's progress, without the rest of a reorganisation's result. */
function countsOf(r: OperationProgress): OperationProgress {
  const { phase, total, done, succeeded, alreadyDone, failed, failures } = r;
  return { phase, total, done, succeeded, alreadyDone, failed, failures };
}

/** The workflow types the API starts as operations (202 + progress link). */
const OPERATION_TYPES = new Set<string>([
  WORKFLOW_TYPES.reportRequest,
  WORKFLOW_TYPES.reorganisation,
  WORKFLOW_TYPES.bulkSignal,
  WORKFLOW_TYPES.periodOpen,
  WORKFLOW_TYPES.periodClose,
]);

/** The innermost reason of a failure (a workflow failed because an activity failed because…). */
function rootCause(err: unknown): string {
  let e: unknown = err;
  while (e instanceof Error && e.cause instanceof Error) {
    e = e.cause;
  }
  return e instanceof Error ? e.message : String(e);
}

/** Progress of the long-running operations: report-request fan-outs, reorganisations, bulk prods, period runs. */
@ApiTags('operations')
@ApiBearerAuth()
@Controller('api/v1/operations')
export class OperationsController {
  constructor(
    @Inject(Client) private readonly temporal: Client,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  /**
   * `status`: running, completed, failed (then `error` says why), cancelled, terminated or timed-out.
   * `progress` while running (null when no worker answered within the read deadline,
   * TEMPORAL_QUERY_TIMEOUT_MS), `result` once completed.
   * @throws ApiError 404 for an unknown id; 503 WORKFLOW_TIMEOUT when Temporal cannot describe it in time.
   */
  @Get(':id')
  @Access(...READERS)
  @ApiZodResponse(200, Operation)
  async get(@Param('id') id: string) {
    const notFound = () => ApiError.notFound(`thao tác ${id} / operation ${id}`);
    const handle = this.temporal.workflow.getHandle(id);
    let description;
    try {
      description = await this.deadlines.read(() => handle.describe());
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        throw notFound();
      }
      throw err;
    }
    if (!OPERATION_TYPES.has(description.type)) {
      throw notFound();
    }
    const status = description.status.name.toLowerCase().replace(/_/g, '-');
    // While running: the workflow's progress query; once completed: its result (untyped handle).
    let progress: unknown = null;
    let result: unknown = null;
    let error: string | null = null;
    if (status === 'running') {
      const ask = (): Promise<unknown> =>
        description.type === WORKFLOW_TYPES.periodOpen
          ? handle.query(periodOpenProgressQuery)
          : handle.query(operationProgressQuery);
      progress =
        description.type === WORKFLOW_TYPES.periodClose ? null : await this.deadlines.read(ask).catch(() => null);
    } else if (status === 'completed') {
      result = await this.deadlines.read(() => handle.result());
    } else {
      try {
        await this.deadlines.read(() => handle.result());
      } catch (err) {
        if (err instanceof WorkflowTimeoutError) {
          throw err;
        }
        error = rootCause(err);
      }
    }
    const base = {
      id,
      status,
      startedAt: description.startTime.toISOString(),
      closedAt: description.closeTime?.toISOString() ?? null,
      error,
    };
    // Once completed, `progress` keeps the final counts (the result's, for the operations that count).
    const answer = ((): z.output<typeof Operation> => {
      switch (description.type) {
        case WORKFLOW_TYPES.periodClose:
          return {
            ...base,
            type: WORKFLOW_TYPES.periodClose,
            progress: null,
            result: result as PeriodCloseResult | null,
          };
        case WORKFLOW_TYPES.periodOpen: {
          const done = result as PeriodOpenProgress | null;
          return {
            ...base,
            type: WORKFLOW_TYPES.periodOpen,
            progress: done ?? (progress as PeriodOpenProgress | null),
            result: done,
          };
        }
        case WORKFLOW_TYPES.reorganisation: {
          const done = result as ReorganisationResult | null;
          return {
            ...base,
            type: WORKFLOW_TYPES.reorganisation,
            progress: done ? countsOf(done) : (progress as OperationProgress | null),
            result: done,
          };
        }
        default: {
          const done = result as OperationProgress | null;
          const type =
            description.type === WORKFLOW_TYPES.bulkSignal ? WORKFLOW_TYPES.bulkSignal : WORKFLOW_TYPES.reportRequest;
          return { ...base, type, progress: done ?? (progress as OperationProgress | null), result: done };
        }
      }
    })();
    return answer;
  }
}
