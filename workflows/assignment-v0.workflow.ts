import { condition, proxyActivities, setHandler, workflowInfo, log } from '@temporalio/workflow';
import type { AssignmentActivities } from './assignment.contracts';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { vietnamDateOf, vietnamInstant, addDays } from '../libs/domain/src/local-date';
import { reminderSchedule } from '../libs/domain/src/reminders';
import { reportingCategory } from '../libs/domain/src/status';
import {
  acknowledgeSignal,
  stateQuery,
  type AssignmentInput,
  type AssignmentState,
  type TimelineEntry,
} from './assignment.messages';

const { loadAssignmentContext, recordAssignmentState } = proxyActivities<AssignmentActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

// SMTP 4xx and connection errors retry with backoff for about a day; 5xx is not retried.
const { sendAssignmentEmail } = proxyActivities<AssignmentActivities>({
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '10 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    maximumAttempts: 60,
    nonRetryableErrorTypes: ['PermanentMailFailure'],
  },
});

/**
 * The first version of the assignment workflow (the walking skeleton): announce,
 * remind, mark overdue. Kept unchanged so that histories recorded by it replay;
 * new runs take the lifecycle path (see the `lifecycle-v1` patch).
 * @deprecated remove once no workflow started before the patch is running.
 */
export async function assignmentWorkflowV0(input: AssignmentInput): Promise<AssignmentState> {
  const { workflowId } = workflowInfo();
  const now = (): Date => new Date(Date.now());
  const state: AssignmentState = {
    workflowId,
    status: 'assigned',
    category: reportingCategory(input.dueDate, vietnamDateOf(now())),
    dueDate: input.dueDate,
    originalDueDate: input.dueDate,
    remindersSent: 0,
    escalationLevel: 0,
    version: 0,
    timeline: [],
  };

  async function transition(type: string, actor: string, change: () => void, note?: string): Promise<void> {
    const before = { status: state.status, category: state.category, dueDate: state.dueDate };
    change();
    state.category = reportingCategory(state.dueDate, vietnamDateOf(now()));
    state.version += 1;
    const entry: TimelineEntry = { at: now().toISOString(), type, actor, ...(note ? { note } : {}) };
    state.timeline.push(entry);
    await recordAssignmentState({
      input,
      state: { ...state, timeline: [] },
      event: { ...entry, seq: state.version, before },
    });
  }

  setHandler(stateQuery, () => state);
  setHandler(acknowledgeSignal, ({ actor }) => {
    if (state.status === 'assigned') {
      void transition('acknowledged', actor, () => {
        state.status = 'acknowledged';
      });
    }
  });

  const context = await loadAssignmentContext(input);
  const calendar = new StateAgencyCalendar(context.calendar);

  await transition('assigned', 'system', () => undefined);
  await notify('assigned', 0);

  for (const slot of reminderSchedule(
    state.dueDate,
    context.reminderOffsetsWorkingDays,
    input.reminderLocalTime,
    calendar,
    now(),
  )) {
    await condition(() => false, Math.max(slot.at.getTime() - Date.now(), 1));
    await notify(slot.offset === 0 ? 'due-today' : 'reminder', slot.offset);
  }

  // The deadline day counts as on time: overdue from midnight after it (Vietnam time).
  const overdueAt = vietnamInstant(addDays(state.dueDate, 1));
  await condition(() => false, Math.max(overdueAt.getTime() - Date.now(), 1));
  await transition('overdue', 'system', () => undefined);
  log.info('assignment overdue', { workflowId });
  return state;

  async function notify(kind: 'assigned' | 'reminder' | 'due-today', offset: number): Promise<void> {
    try {
      await sendAssignmentEmail({
        workflowId,
        key: `${kind}:${offset}`,
        agencyCode: input.agencyCode,
        dutyCode: input.dutyCode,
        planCode: input.planCode,
        periodKey: input.periodKey,
        dueDate: state.dueDate,
        mail: kind === 'reminder' ? { kind, workingDaysLeft: offset } : { kind },
      });
      if (kind !== 'assigned') {
        await transition(kind === 'due-today' ? 'due-today-sent' : 'reminder-sent', 'system', () => {
          state.remindersSent += 1;
        });
      }
    } catch (err) {
      // A permanent refusal is recorded by the activity; the lifecycle goes on.
      log.warn('email not delivered', { workflowId, kind, error: String(err) });
    }
  }
}
