import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  continueAsNew,
  log,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { AssignmentActivities, MailBody } from '../apps/worker/src/assignment.activities';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { addDays, isLocalDate, vietnamDateOf, vietnamInstant, type LocalDate } from '../libs/domain/src/local-date';
import { reminderSchedule } from '../libs/domain/src/reminders';
import { reportingCategory, type ReportingCategory } from '../libs/domain/src/reporting-category';
import { assignmentWorkflowV0 } from './assignment-v0.workflow';
import {
  CLOSED_STATUSES,
  CONFLICT_ERROR,
  VALIDATION_ERROR,
  acknowledgeSignal,
  calendarChangedSignal,
  cancelSignal,
  decideExtensionUpdate,
  escalateNowSignal,
  prodSignal,
  requestExtensionUpdate,
  reviewUpdate,
  stateQuery,
  submitUpdate,
  waiveSignal,
  type AssignmentContext,
  type AssignmentInput,
  type AssignmentState,
  type AssignmentStatus,
  type AssignmentSummary,
  type EscalationStep,
  type EvidenceFieldSpec,
  type ExtensionDecision,
  type ExtensionRequest,
  type ReviewRequest,
  type Shortfall,
  type SubmitRequest,
  type TimelineEntry,
} from './assignment.messages';

/** Marks the lifecycle (submission, review, extension, escalation); runs started before it replay the walking skeleton. */
export const LIFECYCLE_PATCH = 'lifecycle-v1';
const DEFAULT_CONTINUE_AS_NEW_AFTER = 2_000;

const { loadAssignmentContext, recordAssignmentState, issueUrgingLetterNumber } = proxyActivities<AssignmentActivities>(
  {
    startToCloseTimeout: '30 seconds',
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  },
);

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

/** What a run hands to the next one when it continues as new. */
export interface CarriedState {
  state: AssignmentState;
  pendingReminders: PendingReminder[];
  overdueMarked: boolean;
  calendar: AssignmentContext['calendar'];
  escalations?: Array<{ actor: string; reason?: string }>;
  counters?: { prod: number; returned: number };
}

/** Entries of the timeline kept across continue-as-new; the audit table keeps them all. */
const TIMELINE_CARRIED = 200;
const MAX_NOTE = 2000;
const MAX_ITEMS = 20;

interface PendingReminder {
  key: string;
  offset: number;
  at: number;
}

/** A read-model write carries the state as it was at the transition. */
type Effect =
  | { kind: 'record'; entry: TimelineEntry; before: Record<string, unknown>; snapshot: AssignmentState }
  | { kind: 'mail'; key: string; mail: MailBody };

const isOpen = (s: AssignmentStatus): boolean => s === 'assigned' || s === 'acknowledged' || s === 'returned';
const isClosed = (s: AssignmentStatus): boolean => CLOSED_STATUSES.includes(s);

function invalid(message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({
    type: VALIDATION_ERROR,
    message,
    nonRetryable: true,
    details: details ? [details] : [],
  });
}

function conflict(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: CONFLICT_ERROR, message, nonRetryable: true });
}

function nonEmpty(value: unknown, field: string, max = 2000): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${field} is required`, { field });
  }
  if (value.length > max) {
    throw invalid(`${field} is longer than ${max} characters`, { field });
  }
}

/** Checks evidence against the duty's spec; returns the numeric shortfalls (a shortfall is allowed, not an error). */
export function checkEvidence(fields: EvidenceFieldSpec[], req: SubmitRequest): Shortfall[] {
  const known = new Set(fields.map((f) => f.key));
  if (typeof req.values !== 'object' || req.values === null || Array.isArray(req.values)) {
    throw invalid('values must be an object of evidence fields', { field: 'values' });
  }
  for (const key of Object.keys(req.values)) {
    if (!known.has(key)) {
      throw invalid(`values.${key} is not an evidence field of this duty`, { field: `values.${key}` });
    }
  }
  const shortfalls: Shortfall[] = [];
  for (const f of fields) {
    const value = req.values[f.key];
    const field = `values.${f.key}`;
    if (value === undefined || value === '') {
      if (f.required && f.type !== 'attachment') {
        throw invalid(`${field} is required`, { field });
      }
      continue;
    }
    switch (f.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
          throw invalid(`${field} must be a number ≥ 0`, { field });
        }
        if (f.min !== undefined && value < f.min) {
          shortfalls.push({ key: f.key, label: f.label, target: f.min, actual: value });
        }
        break;
      case 'url':
        if (typeof value !== 'string' || !/^https?:\/\/[^\s]+$/.test(value)) {
          throw invalid(`${field} must be an http(s) URL`, { field });
        }
        break;
      case 'date':
        if (typeof value !== 'string' || !isLocalDate(value)) {
          throw invalid(`${field} must be a date YYYY-MM-DD`, { field });
        }
        break;
      case 'text':
      case 'attachment':
        if (typeof value !== 'string' || value.length > 10_000) {
          throw invalid(`${field} must be text of at most 10,000 characters`, { field });
        }
        break;
    }
  }
  const required = fields.filter((f) => f.type === 'attachment' && f.required);
  if (required.length && !(req.attachments?.length || required.every((f) => typeof req.values[f.key] === 'string'))) {
    throw invalid('attachments: at least one attachment is required', { field: 'attachments' });
  }
  if (req.links !== undefined && (!Array.isArray(req.links) || req.links.length > MAX_ITEMS)) {
    throw invalid(`links must be a list of at most ${MAX_ITEMS} URLs`, { field: 'links' });
  }
  if (req.attachments !== undefined && (!Array.isArray(req.attachments) || req.attachments.length > MAX_ITEMS)) {
    throw invalid(`attachments must be a list of at most ${MAX_ITEMS} items`, { field: 'attachments' });
  }
  if (req.note !== undefined && (typeof req.note !== 'string' || req.note.length > MAX_NOTE)) {
    throw invalid(`note must be text of at most ${MAX_NOTE} characters`, { field: 'note' });
  }
  for (const [i, link] of (req.links ?? []).entries()) {
    if (typeof link !== 'string' || !/^https?:\/\/[^\s]+$/.test(link)) {
      throw invalid(`links[${i}] must be an http(s) URL`, { field: `links[${i}]` });
    }
  }
  for (const [i, a] of (req.attachments ?? []).entries()) {
    if (!a || typeof a.id !== 'string' || typeof a.name !== 'string' || !a.id || !a.name) {
      throw invalid(`attachments[${i}] needs an id and a name`, { field: `attachments[${i}]` });
    }
  }
  return shortfalls;
}

/**
 * The life of one assignment (duty × agency × period): announce it, remind the
 * agency on working days before the deadline, escalate when it slips, take
 * submissions, reviews and extension requests, and record how it ended.
 * Handlers change state synchronously and queue their effects (read model,
 * audit, mail); the main loop carries them out in order.
 */
export async function assignmentWorkflow(input: AssignmentInput, carried?: CarriedState): Promise<AssignmentState> {
  if (!patched(LIFECYCLE_PATCH)) {
    return assignmentWorkflowV0(input);
  }
  const { workflowId } = workflowInfo();
  const now = (): number => Date.now();
  const today = (): LocalDate => vietnamDateOf(now());
  const localTime = input.reminderLocalTime;

  const state: AssignmentState = carried?.state ?? {
    workflowId,
    status: 'assigned',
    category: reportingCategory(input.dueDate, today()),
    dueDate: input.dueDate,
    originalDueDate: input.dueDate,
    escalationLevel: 0,
    remindersSent: 0,
    version: 0,
    acknowledgedAt: null,
    submissions: [],
    extensions: [],
    urgingLetters: [],
    completedOn: null,
    closedReason: null,
    timeline: [],
  };
  const submissions = (state.submissions ??= []);
  const extensions = (state.extensions ??= []);
  const letters = (state.urgingLetters ??= []);
  let calendarData = carried?.calendar ?? { extraDaysOff: [], extraWorkingDays: [] };
  let calendar = new StateAgencyCalendar(calendarData);
  let pendingReminders: PendingReminder[] = carried?.pendingReminders ?? [];
  let overdueMarked = carried?.overdueMarked ?? false;
  let recordedVersion = state.version;
  const effects: Effect[] = [];
  /** Escalations asked for by an officer, carried out by the main loop. */
  const escalations: Array<{ actor: string; reason?: string }> = carried?.escalations ?? [];
  const counters = carried?.counters ?? { prod: 0, returned: 0 };
  /** Set when reminders must be recomputed but the duty's policy is not loaded yet. */
  let remindersDirty = false;
  let calendarFromSignal = false;
  /** Mails go out one after another on their own lane, so a slow SMTP never holds up updates. */
  let mailLane: Promise<void> = Promise.resolve();
  let context: AssignmentContext | undefined = undefined;

  const summary = (): AssignmentSummary => ({
    status: state.status,
    category: state.category,
    dueDate: state.dueDate,
    originalDueDate: state.originalDueDate,
    escalationLevel: state.escalationLevel,
  });

  function computeCategory(): ReportingCategory {
    const last = submissions.at(-1);
    switch (state.status) {
      case 'accepted':
        return reportingCategory(state.dueDate, today(), state.completedOn);
      case 'submitted':
        // Awaiting review: judged by when the agency submitted, not by the reviewer's speed.
        return reportingCategory(state.dueDate, today(), last ? vietnamDateOf(new Date(last.at)) : null);
      case 'waived':
      case 'cancelled':
        // The obligation was lifted: never counted against the agency.
        return 'done-on-time';
      case 'assigned':
      case 'acknowledged':
      case 'returned':
        return reportingCategory(state.dueDate, today());
    }
  }

  /** Changes state now and queues the read-model write; returns the new version. */
  function transition(type: string, actor: string, change: () => void, note?: string): number {
    const before = {
      status: state.status,
      category: state.category,
      dueDate: state.dueDate,
      escalationLevel: state.escalationLevel,
    };
    change();
    state.category = computeCategory();
    state.version += 1;
    const entry: TimelineEntry = { at: new Date(now()).toISOString(), type, actor, ...(note ? { note } : {}) };
    state.timeline.push(entry);
    const last = submissions.at(-1);
    // Compact: the read model needs the summary and the latest submission, not the whole history.
    const snapshot: AssignmentState = {
      ...state,
      submissions: last ? [{ ...last }] : [],
      extensions: [],
      urgingLetters: [],
      timeline: [],
    };
    effects.push({ kind: 'record', entry, before, snapshot });
    return state.version;
  }

  function mail(key: string, body: MailBody): void {
    effects.push({ kind: 'mail', key, mail: body });
  }

  function scheduleReminders(): void {
    if (!context) {
      remindersDirty = true;
      return;
    }
    const offsets = context.reminderOffsetsWorkingDays;
    pendingReminders = reminderSchedule(state.dueDate, offsets, localTime, calendar, new Date(now())).map((slot) => ({
      key: `${state.dueDate}:${slot.offset}`,
      offset: slot.offset,
      at: slot.at.getTime(),
    }));
  }

  const overdueAt = (): number => vietnamInstant(addDays(state.dueDate, 1)).getTime();
  const workingDaysOverdue = (): number => calendar.workingDaysBetween(state.dueDate, today());

  function nextEscalation(): EscalationStep | undefined {
    return (context?.escalation ?? []).find((s) => s.level > state.escalationLevel);
  }

  function escalationTime(step: EscalationStep): number {
    return vietnamInstant(
      calendar.addWorkingDays(state.dueDate, Math.max(step.afterWorkingDays, 1)),
      localTime,
    ).getTime();
  }

  /** Waits for the read model to hold this version, so an update's caller can read its own write. */
  const recorded = (version: number): Promise<void> => condition(() => recordedVersion >= version);

  if (!carried) {
    // Before any handler runs, so that a signal sent with the start is recorded after "assigned".
    transition('assigned', 'system', () => undefined);
    mail('assigned:0', { kind: 'assigned' });
  }

  // ---- queries, signals, updates -------------------------------------------------------------------

  setHandler(stateQuery, () => state);

  setHandler(acknowledgeSignal, (p) => {
    if (state.status === 'assigned' && typeof p?.actor === 'string') {
      transition('acknowledged', p.actor, () => {
        state.status = 'acknowledged';
        state.acknowledgedAt = new Date(now()).toISOString();
      });
    }
  });

  setHandler(prodSignal, (p) => {
    if (!isOpen(state.status) || typeof p?.actor !== 'string') {
      return;
    }
    const message = typeof p.message === 'string' ? p.message.slice(0, MAX_NOTE) : undefined;
    counters.prod += 1;
    transition('prodded', p.actor, () => undefined, message);
    mail(`prod:${counters.prod}`, { kind: 'prod', message: message ?? null });
  });

  setHandler(escalateNowSignal, (p) => {
    // Escalation answers lateness: before the deadline an officer prods instead.
    if (isOpen(state.status) && overdueMarked && typeof p?.actor === 'string') {
      escalations.push({
        actor: p.actor,
        reason: typeof p.reason === 'string' ? p.reason.slice(0, MAX_NOTE) : undefined,
      });
    }
  });

  for (const [signal, status] of [
    [waiveSignal, 'waived'],
    [cancelSignal, 'cancelled'],
  ] as const) {
    setHandler(signal, (p) => {
      // A closure needs an actor and a reason; anything else is ignored.
      if (isClosed(state.status) || typeof p?.actor !== 'string' || typeof p.reason !== 'string' || !p.reason.trim()) {
        return;
      }
      const actor = p.actor;
      const reason = p.reason.slice(0, MAX_NOTE);
      transition(
        status,
        actor,
        () => {
          state.status = status;
          state.closedReason = reason;
        },
        reason,
      );
    });
  }

  setHandler(calendarChangedSignal, (data) => {
    if (!Array.isArray(data?.extraDaysOff) || !Array.isArray(data.extraWorkingDays)) {
      return;
    }
    calendarFromSignal = true;
    transition('calendar-changed', 'system', () => {
      calendarData = data;
      calendar = new StateAgencyCalendar(data);
      if (isOpen(state.status)) {
        scheduleReminders();
      }
    });
  });

  setHandler(
    submitUpdate,
    async (req) => {
      const previous = submissions.find((s) => s.submissionId === req.submissionId);
      if (previous) {
        return {
          submissionId: req.submissionId,
          status: state.status,
          category: state.category,
          shortfalls: previous.shortfalls,
          duplicate: true,
        };
      }
      await condition(() => context !== undefined);
      // State may have moved while the duty's policy loaded: check again.
      const again = submissions.find((s) => s.submissionId === req.submissionId);
      if (again) {
        return {
          submissionId: req.submissionId,
          status: state.status,
          category: state.category,
          shortfalls: again.shortfalls,
          duplicate: true,
        };
      }
      if (isClosed(state.status)) {
        throw conflict(`assignment is ${state.status}; no more submissions are accepted`);
      }
      if (state.status === 'submitted') {
        throw conflict('a submission is awaiting review');
      }
      const shortfalls = checkEvidence(context!.evidence ?? [], req);
      const resubmission = submissions.length > 0;
      const version = transition(
        resubmission ? 'resubmitted' : 'submitted',
        req.actor,
        () => {
          submissions.push({ ...req, at: new Date(now()).toISOString(), shortfalls });
          state.status = 'submitted';
        },
        shortfalls.length
          ? `shortfall: ${shortfalls.map((s) => `${s.key} ${s.actual}/${s.target}`).join(', ')}`
          : req.note,
      );
      await recorded(version);
      return {
        submissionId: req.submissionId,
        status: state.status,
        category: state.category,
        shortfalls,
        duplicate: false,
      };
    },
    {
      validator: (req: SubmitRequest) => {
        nonEmpty(req?.submissionId, 'submissionId', 100);
        nonEmpty(req.actor, 'actor', 200);
        if (submissions.some((s) => s.submissionId === req.submissionId)) {
          return; // a repeat is answered with the first result
        }
        if (isClosed(state.status)) {
          throw conflict(`assignment is ${state.status}; no more submissions are accepted`);
        }
        if (state.status === 'submitted') {
          throw conflict('a submission is awaiting review');
        }
        if (context) {
          checkEvidence(context.evidence ?? [], req);
        }
      },
    },
  );

  setHandler(
    reviewUpdate,
    async (req) => {
      const last = submissions.at(-1)!;
      let version: number;
      if (req.decision === 'accept') {
        version = transition(
          'accepted',
          req.actor,
          () => {
            state.status = 'accepted';
            state.completedOn = vietnamDateOf(new Date(last.at));
          },
          last.shortfalls.length ? 'accepted despite shortfall' : undefined,
        );
        mail('accepted', {
          kind: 'accepted',
          doneOnTime: state.category === 'done-on-time',
          shortfalls: last.shortfalls.map((s) => ({ label: s.label, target: s.target, actual: s.actual })),
        });
      } else {
        counters.returned += 1;
        version = transition(
          'returned',
          req.actor,
          () => {
            state.status = 'returned';
          },
          req.reason,
        );
        mail(`returned:${counters.returned}`, { kind: 'returned', reason: req.reason! });
      }
      await recorded(version);
      return summary();
    },
    {
      validator: (req: ReviewRequest) => {
        nonEmpty(req?.actor, 'actor', 200);
        if (req.decision !== 'accept' && req.decision !== 'return') {
          throw invalid('decision must be "accept" or "return"', { field: 'decision' });
        }
        if (req.decision === 'return') {
          nonEmpty(req.reason, 'reason');
        }
        if (isClosed(state.status)) {
          throw conflict(`assignment is ${state.status}; it cannot be reviewed`);
        }
        if (state.status !== 'submitted') {
          throw conflict('there is no submission awaiting review');
        }
      },
    },
  );

  setHandler(
    requestExtensionUpdate,
    async (req) => {
      if (!extensions.some((e) => e.requestId === req.requestId)) {
        const version = transition(
          'extension-requested',
          req.actor,
          () => {
            extensions.push({ ...req, at: new Date(now()).toISOString() });
          },
          `${req.newDueDate}: ${req.reason}`,
        );
        await recorded(version);
      }
      return summary();
    },
    {
      validator: (req: ExtensionRequest) => {
        nonEmpty(req?.requestId, 'requestId', 100);
        nonEmpty(req.actor, 'actor', 200);
        nonEmpty(req.reason, 'reason');
        if (extensions.some((e) => e.requestId === req.requestId)) {
          return;
        }
        if (typeof req.newDueDate !== 'string' || !isLocalDate(req.newDueDate)) {
          throw invalid('newDueDate must be a date YYYY-MM-DD', { field: 'newDueDate' });
        }
        if (!isOpen(state.status)) {
          throw conflict(`assignment is ${state.status}; an extension cannot be requested`);
        }
        if (req.newDueDate <= state.dueDate) {
          throw invalid(`newDueDate must be after the current deadline ${state.dueDate}`, { field: 'newDueDate' });
        }
        if (extensions.some((e) => !e.decision)) {
          throw conflict('another extension request is awaiting a decision');
        }
      },
    },
  );

  setHandler(
    decideExtensionUpdate,
    async (req) => {
      const request = extensions.find((e) => e.requestId === req.requestId)!;
      if (request.decision) {
        return summary();
      }
      const granted = req.approve ? (req.newDueDate ?? request.newDueDate) : null;
      const version = transition(
        req.approve ? 'extension-granted' : 'extension-denied',
        req.actor,
        () => {
          request.decision = {
            approve: req.approve,
            actor: req.actor,
            at: new Date(now()).toISOString(),
            newDueDate: granted,
            note: req.note ?? null,
          };
          if (granted) {
            state.dueDate = granted;
            overdueMarked = false;
            scheduleReminders();
          }
        },
        req.note,
      );
      mail(`extension:${req.requestId}`, {
        kind: 'extension-decided',
        approved: req.approve,
        newDueDate: granted,
        note: req.note ?? null,
      });
      await recorded(version);
      return summary();
    },
    {
      validator: (req: ExtensionDecision) => {
        nonEmpty(req?.requestId, 'requestId', 100);
        nonEmpty(req.actor, 'actor', 200);
        if (typeof req.approve !== 'boolean') {
          throw invalid('approve must be true or false', { field: 'approve' });
        }
        const request = extensions.find((e) => e.requestId === req.requestId);
        if (!request) {
          throw invalid(`no extension request ${req.requestId}`, { field: 'requestId' });
        }
        if (request.decision) {
          return;
        }
        if (isClosed(state.status)) {
          throw conflict(`assignment is ${state.status}; the extension can no longer be decided`);
        }
        if (req.newDueDate !== undefined && (!isLocalDate(req.newDueDate) || req.newDueDate <= state.dueDate)) {
          throw invalid(`newDueDate must be a date after the current deadline ${state.dueDate}`, {
            field: 'newDueDate',
          });
        }
      },
    },
  );

  // ---- the main loop -------------------------------------------------------------------------------

  async function escalate(step: EscalationStep, actor: string, reason?: string): Promise<void> {
    const days = workingDaysOverdue();
    // The ICT department issues a numbered urging letter; the report to the PPC cites it
    // (a policy that skips the ICT step gets a letter of its own).
    let letterNumber = step.target === 'ppc-office' ? letters.at(-1)?.number : undefined;
    if (step.target !== 'agency-head' && !letterNumber) {
      letterNumber = await issueUrgingLetterNumber({ workflowId, level: step.level, agencyCode: input.agencyCode });
      letters.push({ level: step.level, number: letterNumber, at: new Date(now()).toISOString() });
    }
    // A submission may have arrived while the letter was numbered: then nobody is chased.
    if (!isOpen(state.status) || step.level <= state.escalationLevel) {
      return;
    }
    transition(
      'escalated',
      actor,
      () => {
        state.escalationLevel = step.level;
      },
      [`level ${step.level} → ${step.target}`, letterNumber, reason].filter(Boolean).join('; '),
    );
    const key = `escalation:${step.level}`;
    switch (step.target) {
      case 'agency-head':
        mail(key, { kind: 'overdue-notice', workingDaysOverdue: days });
        break;
      case 'ict-department':
        mail(key, { kind: 'escalation-ict', workingDaysOverdue: days, letterNumber: letterNumber! });
        break;
      case 'ppc-office':
        mail(key, { kind: 'escalation-ppc', workingDaysOverdue: days, letterNumber: letterNumber! });
        break;
    }
  }

  async function runEffects(): Promise<void> {
    while (effects.length) {
      const effect = effects.shift()!;
      if (effect.kind === 'record') {
        await recordAssignmentState({
          input,
          state: effect.snapshot,
          event: { ...effect.entry, seq: effect.snapshot.version, before: effect.before },
        });
        recordedVersion = Math.max(recordedVersion, effect.snapshot.version);
      } else {
        const { key, mail: body } = effect;
        const dueDate = state.dueDate;
        mailLane = mailLane.then(() => sendMail(key, body, dueDate));
      }
    }
  }

  async function sendMail(key: string, body: MailBody, dueDate: LocalDate): Promise<void> {
    try {
      await sendAssignmentEmail({
        workflowId,
        key,
        planCode: input.planCode,
        dutyCode: input.dutyCode,
        agencyCode: input.agencyCode,
        periodKey: input.periodKey,
        dueDate,
        mail: body,
        ...(input.requestKey ? { requestKey: input.requestKey } : {}),
      });
    } catch (err) {
      // A permanent refusal is recorded by the activity; the lifecycle goes on.
      log.warn('email not delivered', { workflowId, key, error: String(err) });
    }
  }

  /** Carries out every queued effect and waits for the mail lane, until nothing is left and no handler runs. */
  async function drain(): Promise<void> {
    for (;;) {
      await runEffects();
      await mailLane;
      if (effects.length === 0 && allHandlersFinished()) {
        return;
      }
      await condition(() => effects.length > 0 || allHandlersFinished());
    }
  }

  context = await loadAssignmentContext(input);
  if (!carried) {
    if (!calendarFromSignal) {
      calendarData = context.calendar;
      calendar = new StateAgencyCalendar(calendarData);
    }
    if (isOpen(state.status)) {
      scheduleReminders();
    }
  } else if (remindersDirty && isOpen(state.status)) {
    scheduleReminders();
  }
  remindersDirty = false;

  const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  for (;;) {
    await runEffects();
    if (isClosed(state.status)) {
      break;
    }
    if (workflowInfo().historyLength > limit || workflowInfo().continueAsNewSuggested) {
      await drain();
      const carry: CarriedState = {
        state: { ...state, timeline: state.timeline.slice(-TIMELINE_CARRIED) },
        pendingReminders,
        overdueMarked,
        calendar: calendarData,
        escalations,
        counters,
      };
      return continueAsNew<typeof assignmentWorkflow>(input, carry);
    }
    // Reminders that fell due while a report awaited review are stale once it comes back.
    pendingReminders = pendingReminders.filter((r) => r.at > now() - 3_600_000);
    const manual = escalations.shift();
    if (manual) {
      const step = nextEscalation();
      if (isOpen(state.status) && step) {
        await escalate(step, manual.actor, manual.reason);
      }
      continue;
    }

    // The next thing that happens by itself: a reminder, the deadline passing, or the next escalation level.
    type Timed = { at: number; run: () => Promise<void> | void };
    const candidates: Timed[] = [];
    if (isOpen(state.status) && pendingReminders.length) {
      const r = pendingReminders[0];
      candidates.push({
        at: r.at,
        run: () => {
          pendingReminders.shift();
          if (!isOpen(state.status)) {
            return;
          }
          transition(r.offset === 0 ? 'due-today-sent' : 'reminder-sent', 'system', () => {
            state.remindersSent += 1;
          });
          // An agency on the daily digest hears about it there instead.
          if (!context?.digest) {
            mail(
              `reminder:${r.key}`,
              r.offset === 0 ? { kind: 'due-today' } : { kind: 'reminder', workingDaysLeft: r.offset },
            );
          }
        },
      });
    }
    if (!overdueMarked && state.status !== 'submitted') {
      candidates.push({
        at: overdueAt(),
        run: () => {
          overdueMarked = true;
          if (isOpen(state.status)) {
            transition('overdue', 'system', () => undefined);
          }
        },
      });
    }
    const step = nextEscalation();
    if (isOpen(state.status) && overdueMarked && step) {
      candidates.push({
        at: Math.max(escalationTime(step), overdueAt()),
        run: () => (isOpen(state.status) ? escalate(step, 'system') : undefined),
      });
    }
    candidates.sort((a, b) => a.at - b.at);
    const next = candidates[0];
    const version = state.version;
    const woken = await condition(
      () => effects.length > 0 || escalations.length > 0 || state.version !== version || isClosed(state.status),
      next ? Math.max(next.at - now(), 1) : undefined,
    );
    if (!woken && next) {
      await next.run();
    }
  }
  await drain();
  return state;
}
