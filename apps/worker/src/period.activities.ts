import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import type { LocalDate } from '../../../libs/domain/src/local-date';
import type { PeriodKind } from '../../../libs/domain/src/period';
import { AgencyRepository, CalendarRepository, CatalogRepository } from '../../../libs/persistence/src/repositories';
import { AssignmentStarter } from '../../../libs/temporal/src/assignment-starter';

export interface PeriodBatchRequest {
  planCode: string;
  kind: PeriodKind;
  onDate: LocalDate;
  offset: number;
  limit: number;
  taskQueue?: string;
}

/** Activities of the period workflows: compute a period's assignments and start them in batches. */
@Injectable()
export class PeriodActivities {
  private readonly starter: AssignmentStarter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Client) client: Client,
    @Inject(CatalogRepository) catalog: CatalogRepository,
    @Inject(AgencyRepository) agencies: AgencyRepository,
    @Inject(CalendarRepository) calendars: CalendarRepository,
  ) {
    this.starter = new AssignmentStarter(client, catalog, agencies, calendars);
  }

  async countPeriodTargets(req: { planCode: string; kind: PeriodKind; onDate: LocalDate }): Promise<number> {
    const { inputs } = await this.starter.targets({
      ...req,
      kinds: [req.kind],
      reminderLocalTime: this.config.reminders.localTime,
    });
    return inputs.length;
  }

  /** Starts one slice of the period's assignments (a stable order makes slices repeatable). */
  async startPeriodBatch(req: PeriodBatchRequest): Promise<{ count: number; started: number; alreadyRunning: number }> {
    const { inputs } = await this.starter.targets({
      planCode: req.planCode,
      kinds: [req.kind],
      onDate: req.onDate,
      reminderLocalTime: this.config.reminders.localTime,
    });
    const slice = inputs.slice(req.offset, req.offset + req.limit);
    const result = await this.starter.start(slice, {
      taskQueue: req.taskQueue ?? this.config.temporal.taskQueue,
      concurrency: 16,
      onProgress: (done) => Context.current().heartbeat(done),
    });
    return { count: slice.length, ...result };
  }
}
