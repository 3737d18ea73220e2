import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { vietnamDateOf } from '../../../libs/domain/src/local-date';
import { ReportRequestRepository } from '../../../libs/persistence/src/repositories';
import type { ReportRequestEntity } from '../../../libs/persistence/src/entities';
import { startAssignment } from '../../../libs/temporal/src/workflow-starters';
import type { AssignmentInput } from '../../../workflows/assignment.messages';
import type { BatchOutcome } from '../../../workflows/operation.messages';
import type {
  ReportRequestActivities as ReportRequestActivitiesContract,
  RequestBatch,
} from '../../../workflows/report-request.messages';

/** Activities of the report-request fan-out: one assignment per agency of a stored request. */
@Injectable()
export class ReportRequestActivities implements ReportRequestActivitiesContract {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Client) private readonly client: Client,
    @Inject(ReportRequestRepository) private readonly requests: ReportRequestRepository,
  ) {}

  async countRequestTargets(req: { requestKey: string }): Promise<number> {
    return (await this.request(req.requestKey)).agencyCodes.length;
  }

  async startRequestAssignments(req: RequestBatch): Promise<BatchOutcome> {
    const request = await this.request(req.requestKey);
    const codes = request.agencyCodes.slice(req.offset, req.offset + req.limit);
    const outcome: BatchOutcome = { count: codes.length, succeeded: 0, alreadyDone: 0, failed: 0, failures: [] };
    for (const agencyCode of codes) {
      const input: AssignmentInput = {
        planCode: req.planCode,
        dutyCode: req.dutyCode,
        agencyCode,
        periodKey: request.key,
        // The day the request was made, whichever attempt starts the assignment.
        periodStart: vietnamDateOf(request.createdAt),
        periodEnd: request.dueDate,
        dueDate: request.dueDate,
        reminderLocalTime: this.config.reminders.localTime,
        requestKey: request.key,
      };
      const { started } = await startAssignment(this.client, input, {
        taskQueue: req.taskQueue ?? this.config.temporal.taskQueue,
      });
      outcome.succeeded += 1;
      outcome.alreadyDone += started ? 0 : 1;
      Context.current().heartbeat(outcome.succeeded);
    }
    return outcome;
  }

  private async request(key: string): Promise<ReportRequestEntity> {
    const request = await this.requests.findByKey(key);
    if (!request) {
      throw ApplicationFailure.create({
        type: 'UnknownRequest',
        nonRetryable: true,
        message: `unknown request ${key}`,
      });
    }
    return request;
  }
}
