import { Inject, Injectable } from '@nestjs/common';
import { Context } from '@temporalio/activity';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { AssignmentRepository, CalendarRepository } from '../../../libs/persistence/src/repositories';
import { isAssignmentStatus, isOpenStatus } from '../../../libs/domain/src/status';
import { calendarChangedSignal, prodSignal, type CalendarAdjustments } from '../../../workflows/assignment.messages';
import type {
  BulkSignalActivities as BulkSignalActivitiesContract,
  SignalBatch,
} from '../../../workflows/bulk-signal.messages';
import type { BatchOutcome } from '../../../workflows/operation.messages';

const PAGE = 500;

/** Activities of the bulk-signal workflow: many assignments, one message each, every outcome counted. */
@Injectable()
export class BulkSignalActivities implements BulkSignalActivitiesContract {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(CalendarRepository) private readonly calendars: CalendarRepository,
  ) {}

  async calendarChangeTargets(req: { year: number }): Promise<string[]> {
    const ids: string[] = [];
    for (let page = 0; ; page++) {
      const { items } = await this.assignments.list({}, { offset: page * PAGE, limit: PAGE });
      ids.push(
        ...items
          // Open assignments: reminders run while it is the agency's turn, and an open deadline
          // (awaiting review included) that becomes a day off moves to the next working day.
          .filter(
            (i) =>
              isAssignmentStatus(i.status) &&
              isOpenStatus(i.status) &&
              Math.abs(Number(i.dueDate.slice(0, 4)) - req.year) <= 1,
          )
          .map((i) => i.workflowId),
      );
      if (items.length < PAGE) {
        return ids;
      }
    }
  }

  async signalAssignments(req: SignalBatch): Promise<BatchOutcome> {
    // A retried attempt resumes after the last assignment the previous attempt signalled.
    const resumed = Context.current().info.heartbeatDetails as BatchOutcome | undefined;
    const outcome: BatchOutcome = resumed ?? {
      count: req.workflowIds.length,
      succeeded: 0,
      alreadyDone: 0,
      failed: 0,
      failures: [],
    };
    const dueYears = new Map<string, number>();
    if (req.kind === 'calendarChanged') {
      const { items } = await this.assignments.list(
        { workflowIds: req.workflowIds },
        { offset: 0, limit: req.workflowIds.length },
      );
      for (const i of items) {
        dueYears.set(i.workflowId, Number(i.dueDate.slice(0, 4)));
      }
    }
    const calendars = new Map<number, CalendarAdjustments>();
    for (const workflowId of req.workflowIds.slice(outcome.succeeded + outcome.failed)) {
      const handle = this.client.workflow.getHandle(workflowId);
      try {
        if (req.kind === 'prod') {
          await handle.signal(prodSignal, { actor: req.actor, message: req.message });
        } else {
          const year = dueYears.get(workflowId) ?? new Date().getUTCFullYear();
          if (!calendars.has(year)) {
            calendars.set(year, await this.calendars.calendarData([year]));
          }
          await handle.signal(calendarChangedSignal, calendars.get(year)!);
        }
        outcome.succeeded += 1;
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError)) {
          throw err; // Temporal unavailable: the activity retries and resumes here
        }
        outcome.failed += 1;
        outcome.failures.push({ target: workflowId, reason: 'nhiệm vụ đã đóng / the assignment has closed' });
      }
      Context.current().heartbeat(outcome);
    }
    return outcome;
  }
}
