import { Controller, Get, Inject, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { WORKFLOW_TYPES } from '../../../../libs/temporal/src/workflow-starters';
import { operationProgressQuery } from '../../../../workflows/operation.messages';
import { periodOpenProgressQuery } from '../../../../workflows/period-open.messages';
import { Access, READERS } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines, WorkflowTimeoutError } from '../common/workflow-deadlines';
import { ApiZodResponse } from '../common/openapi';
import { Operation, type OperationProgressView } from '../common/responses';

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
    let progress: OperationProgressView = null;
    let result: unknown = null;
    let error: string | null = null;
    if (status === 'running') {
      const ask = (): Promise<unknown> =>
        description.type === WORKFLOW_TYPES.periodOpen
          ? handle.query(periodOpenProgressQuery)
          : handle.query(operationProgressQuery);
      progress = (await this.deadlines.read(ask).catch(() => null)) as OperationProgressView;
    } else if (status === 'completed') {
      result = await this.deadlines.read(() => handle.result());
      progress = result as OperationProgressView;
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
    return {
      id,
      type: description.type,
      status,
      startedAt: description.startTime.toISOString(),
      closedAt: description.closeTime?.toISOString() ?? null,
      progress,
      result,
      error,
    };
  }
}
