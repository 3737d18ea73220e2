import { Controller, Get, HttpCode, Inject } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../../../libs/config/src/config';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import { Public } from './auth/access.decorator';
import { ApiError } from './common/api-error';
import { WorkflowDeadlines } from './common/workflow-deadlines';
import { ApiZodResponse } from './common/openapi';
import { Health, Readiness } from './common/responses';

/**
 * A worker counts as present when it polled the task queue within this many
 * milliseconds. A worker's long poll lasts up to about 70 s before it polls
 * again, so a live worker is always seen within 90 s; a dead one stops being
 * seen 90 s after its last poll.
 */
export const WORKER_SEEN_WITHIN_MS = 90_000;

type Check = 'ok' | 'unavailable';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  @ApiZodResponse(200, Health)
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * Readiness: PostgreSQL and Temporal answer, and a worker polls the task queue
   * (Temporal's DescribeTaskQueue: a poller seen within {@link WORKER_SEEN_WITHIN_MS}).
   * 503 `NOT_READY` with `details: { postgres, temporal, worker }` otherwise.
   */
  @Get('ready')
  @HttpCode(200)
  @ApiZodResponse(200, Readiness)
  async ready(): Promise<{ status: 'ready'; postgres: 'ok'; temporal: 'ok'; worker: 'ok' }> {
    const checks = await Promise.allSettled([
      this.dataSource.query('SELECT 1'),
      // Within the read deadline: a Temporal that does not answer counts as unavailable.
      this.deadlines.read(() => this.temporal.connection.workflowService.getSystemInfo({})),
      this.deadlines.read(() => this.workerPolling()),
    ]);
    const [pg, t, w]: Check[] = checks.map((c) =>
      c.status === 'fulfilled' && c.value !== false ? 'ok' : 'unavailable',
    );
    if (pg !== 'ok' || t !== 'ok' || w !== 'ok') {
      // An ApiError, so the errors filter keeps the checks in `details` (an HttpException's body
      // would be reduced to `{ reason }`).
      throw new ApiError(
        503,
        'NOT_READY',
        { vi: 'Hệ thống chưa sẵn sàng', en: 'Not ready' },
        { postgres: pg, temporal: t, worker: w },
      );
    }
    return { status: 'ready', postgres: 'ok', temporal: 'ok', worker: 'ok' };
  }

  /** True when a worker polled the workflow task queue recently. */
  private async workerPolling(): Promise<boolean> {
    const { pollers } = await this.temporal.connection.workflowService.describeTaskQueue({
      namespace: this.config.temporal.namespace,
      taskQueue: {
        name: this.config.temporal.taskQueue,
        kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL,
      },
      taskQueueType: temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    const cutoff = Date.now() - WORKER_SEEN_WITHIN_MS;
    return (pollers ?? []).some((p) => Number(p.lastAccessTime?.seconds ?? 0) * 1000 >= cutoff);
  }
}
