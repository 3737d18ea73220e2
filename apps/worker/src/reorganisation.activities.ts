import { Inject, Injectable } from '@nestjs/common';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { addDays, formatVietnameseDate, vietnamDateOf } from '../../../libs/domain/src/local-date';
import type { AgencyEntity } from '../../../libs/persistence/src/entities';
import {
  AgencyRepository,
  AssignmentRepository,
  ReportRequestRepository,
} from '../../../libs/persistence/src/repositories';
import { startAssignment } from '../../../libs/temporal/src/workflow-starters';
import { isClosedStatus } from '../../../libs/domain/src/status';
import {
  assignmentWorkflowId,
  cancelSignal,
  stateQuery,
  takeOverSignal,
  type AssignmentState,
  type TakenOver,
} from '../../../workflows/assignment.messages';
import type { BatchOutcome } from '../../../workflows/operation.messages';
import type {
  MovedAssignment,
  MoveRequest,
  RegistryChange,
  ReorganisationActivities as ReorganisationActivitiesContract,
  ReorganisationInput,
} from '../../../workflows/reorganisation.messages';

const conflict = (message: string): ApplicationFailure =>
  ApplicationFailure.create({ type: 'ReorganisationConflict', nonRetryable: true, message });

/** Activities of the reorganisation workflow; each can run again and finds its work already done. */
@Injectable()
export class ReorganisationActivities implements ReorganisationActivitiesContract {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Client) private readonly client: Client,
    @Inject(AgencyRepository) private readonly agencies: AgencyRepository,
    @Inject(AssignmentRepository) private readonly assignments: AssignmentRepository,
    @Inject(ReportRequestRepository) private readonly requests: ReportRequestRepository,
  ) {}

  async applyReorganisation(input: ReorganisationInput): Promise<RegistryChange> {
    const olds: AgencyEntity[] = [];
    for (const code of input.from) {
      const old = await this.agencies.findByCode(code);
      if (!old) {
        throw conflict(`unknown agency ${code}`);
      }
      olds.push(old);
    }
    const successors: AgencyEntity[] = [];
    for (const target of input.into) {
      const existing = await this.agencies.findByCode(target.code);
      if (existing) {
        successors.push(existing);
        continue;
      }
      if (!target.name) {
        throw conflict(`name is required to create ${target.code}`);
      }
      successors.push(
        await this.agencies.create({
          code: target.code,
          name: target.name,
          kind: target.kind ?? olds[0].kind,
          validFrom: input.effectiveDate,
          focalEmail: target.focalEmail ?? null,
          headEmail: target.headEmail ?? null,
          formedFrom: olds.map((o) => o.name),
          note: input.note ?? null,
        }),
      );
    }
    const dayBefore = addDays(input.effectiveDate, -1);
    for (const old of olds) {
      if (old.validTo === dayBefore && old.successorId === successors[0].id) {
        continue; // done by an earlier attempt
      }
      if (old.validTo && old.validTo < input.effectiveDate) {
        throw conflict(`${old.code} ended on ${old.validTo}`);
      }
      await this.agencies.update(old.id, { validTo: dayBefore, successorId: successors[0].id });
    }
    const merge = input.type === 'merge';
    return {
      retired: olds.map((o) => o.code),
      successors: successors.map((s) => s.code),
      reason: `${merge ? 'Sáp nhập vào' : 'Chia tách thành'} ${successors.map((s) => s.name).join(', ')} từ ${formatVietnameseDate(input.effectiveDate)} / ${merge ? 'merged into' : 'split into'} ${successors.map((s) => s.code).join(', ')} from ${input.effectiveDate}`,
    };
  }

  async assignmentsToMove(req: { from: string[] }): Promise<string[]> {
    const ids: string[] = [];
    for (const code of req.from) {
      const agency = await this.agencies.findByCode(code);
      if (agency) {
        ids.push(...(await this.assignments.findOpenByAgency(agency.id)).map((a) => a.workflowId));
      }
    }
    return ids.sort();
  }

  async moveAssignments(req: MoveRequest): Promise<BatchOutcome & { moved: MovedAssignment[] }> {
    const outcome: BatchOutcome & { moved: MovedAssignment[] } = {
      count: req.workflowIds.length,
      succeeded: 0,
      alreadyDone: 0,
      failed: 0,
      failures: [],
      moved: [],
    };
    const { items } = await this.assignments.list(
      { workflowIds: req.workflowIds },
      { offset: 0, limit: req.workflowIds.length },
    );
    for (const workflowId of req.workflowIds) {
      const row = items.find((r) => r.workflowId === workflowId);
      const entity = await this.assignments.findByWorkflowId(workflowId);
      if (!row || !entity) {
        outcome.failed += 1;
        outcome.failures.push({ target: workflowId, reason: 'không còn trong sổ theo dõi / no longer tracked' });
        continue;
      }
      // Where the assignment stands now (the workflow, not the read model, holds the submissions).
      const handle = this.client.workflow.getHandle(workflowId);
      const state = await handle.query(stateQuery);
      if (isClosedStatus(state.status)) {
        // Accepted, waived or cancelled meanwhile (a cancellation by an earlier attempt came after
        // its successors were started): no live work left to move.
        outcome.succeeded += 1;
        outcome.alreadyDone += 1;
        Context.current().heartbeat(outcome.succeeded);
        continue;
      }
      // Successors first, then the cancellation: a run stopped in between loses nothing,
      // and the next run finds the successors' assignments already started.
      let fresh = 0;
      let refused: string | null = null;
      const isRequest = (await this.requests.findByKey(entity.periodKey)) !== null;
      const takenOver = this.takenOver(workflowId, row.agency.code, state);
      for (const successor of req.successors) {
        const { started } = await startAssignment(
          this.client,
          {
            planCode: row.duty.planCode,
            dutyCode: row.duty.code,
            agencyCode: successor,
            periodKey: entity.periodKey,
            periodStart: entity.periodStart,
            periodEnd: entity.periodEnd,
            // The deadline in force (an extension granted to the predecessor included).
            dueDate: state.dueDate,
            reminderLocalTime: this.config.reminders.localTime,
            ...(isRequest ? { requestKey: entity.periodKey } : {}),
            takenOver,
          },
          { taskQueue: req.taskQueue ?? this.config.temporal.taskQueue },
        );
        if (!started) {
          // The successor already holds this duty and period (another merged body's work moved
          // first, or its own): the work is combined into it (once per predecessor assignment).
          refused = await this.combineInto(assignmentWorkflowId(row.duty.code, successor, entity.periodKey), takenOver);
          if (refused) {
            break;
          }
        }
        fresh += started ? 1 : 0;
        outcome.moved.push({ from: row.agency.code, to: successor, duty: row.duty.code, period: entity.periodKey });
      }
      if (refused) {
        // Nothing lost: the predecessor's assignment stays open where it is, and the operation says why.
        outcome.failed += 1;
        outcome.failures.push({ target: workflowId, reason: refused });
        Context.current().heartbeat(outcome.succeeded);
        continue;
      }
      try {
        await handle.signal(cancelSignal, { actor: req.actor, reason: req.reason });
      } catch (err) {
        // Closed meanwhile (cancelled by an earlier attempt, or completed): nothing left to cancel.
        if (!(err instanceof WorkflowNotFoundError)) {
          throw err;
        }
      }
      outcome.succeeded += 1;
      outcome.alreadyDone += fresh === 0 ? 1 : 0;
      Context.current().heartbeat(outcome.succeeded);
    }
    return outcome;
  }

  /**
   * Hands `takenOver` to the successor's running assignment `successorWorkflowId`; the reason
   * in words when it cannot take it (its assignment for the period is already closed).
   */
  private async combineInto(successorWorkflowId: string, takenOver: TakenOver): Promise<string | null> {
    const handle = this.client.workflow.getHandle(successorWorkflowId);
    const successorState = await handle.query(stateQuery).catch((err: unknown) => {
      if (err instanceof WorkflowNotFoundError) {
        return null;
      }
      throw err;
    });
    if (!successorState || isClosedStatus(successorState.status)) {
      return `nhiệm vụ của cơ quan kế thừa cho kỳ này đã đóng (${successorState?.status ?? 'không còn'}) / the successor's assignment for this period is already closed`;
    }
    if (successorState.takenOverFrom?.includes(takenOver.fromWorkflowId)) {
      return null; // combined by an earlier attempt
    }
    try {
      await handle.signal(takeOverSignal, takenOver);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) {
        return `nhiệm vụ của cơ quan kế thừa cho kỳ này vừa đóng / the successor's assignment for this period has just closed`;
      }
      throw err;
    }
    return null;
  }

  /**
   * What a successor takes over: the open status and submissions, received today (Vietnam
   * date) — the same day on a retry the same day; a retry on a later day finds the successor's
   * assignment already started, and its id keeps the first start.
   */
  private takenOver(workflowId: string, fromAgencyCode: string, state: AssignmentState): TakenOver {
    return {
      fromWorkflowId: workflowId,
      fromAgencyCode,
      receivedOn: vietnamDateOf(new Date()),
      status: state.status as TakenOver['status'],
      acknowledgedAt: state.acknowledgedAt ?? null,
      submissions: state.submissions ?? [],
    };
  }
}
