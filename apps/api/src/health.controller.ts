import { Controller, Get, HttpCode, Inject, ServiceUnavailableException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { ApiTags } from '@nestjs/swagger';
import { Public } from './auth/access.decorator';
import { DataSource } from 'typeorm';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Client) private readonly temporal: Client,
  ) {}

  /** Liveness: the process answers. */
  @Get('health')
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: PostgreSQL and Temporal are reachable. */
  @Get('ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ready'; postgres: 'ok'; temporal: 'ok' }> {
    const checks = await Promise.allSettled([
      this.dataSource.query('SELECT 1'),
      this.temporal.connection.workflowService.getSystemInfo({}),
    ]);
    const [pg, t] = checks.map((c) => (c.status === 'fulfilled' ? 'ok' : 'unavailable'));
    if (pg !== 'ok' || t !== 'ok') {
      throw new ServiceUnavailableException({
        code: 'NOT_READY',
        message: 'Hệ thống chưa sẵn sàng / Not ready',
        details: { postgres: pg, temporal: t },
      });
    }
    return { status: 'ready', postgres: 'ok', temporal: 'ok' };
  }
}
