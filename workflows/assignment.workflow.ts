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
import type { AssignmentActivities } from './assignment.contracts';
import type { MailBody } from './mail.contracts';
import type { LocalDate } from '../libs/domain/src/local-date';
import { AssignmentLifecycle, LifecycleError, type CarriedState, type TimedStep } from './assignment.lifecycle';
import { assignmentWorkflowV0 } from './assignment-v0.workflow';
import {
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
  takeOverSignal,
  waiveSignal,
  type AssignmentInput,
  type AssignmentState,
  type EscalationStep,
  type ExtensionDecision,
  type ExtensionRequest,
  type ReviewRequest,
  type SubmitRequest,
} from './assignment.messages';

export type { CarriedState };

/** Marks the lifecycle (submission, review, extension, escalation); runs started before it replay the walking skeleton. */
export const LIFECYCLE_PATCH = 'lifecycle-v1';
/** A report awaiting review turns open overdue when the deadline passes (a timer while in review). */
export const REVIEW_DEADLINE_PATCH = 'review-deadline-v1';
/** An assignment handed to a successor carries its status and submissions; its ladder starts when received. */
export const TAKE_OVER_PATCH = 'take-over-v1';
/** A successor's first read-model write keeps every submission it took over (their files stay readable). */
export const TAKE_OVER_KEEP_PATCH = 'take-over-kept-v1';
/** Two bodies merged into one: a second predecessor's open work for the period is combined into the successor's. */
export const TAKE_OVER_COMBINE_PATCH = 'take-over-combine-v1';
/** Deadlines on a day off move to the next working day; reminders never fall on a day off. */
export const LAWFUL_DEADLINE_PATCH = 'lawful-deadline-v1';
/** A calendar change that moves the open deadline emails the agency the new one. */
export const DEADLINE_MOVED_MAIL_PATCH = 'deadline-moved-mail-v1';
/**
 * Fair escalation: the ladder runs from the deadline or the end of a late return's new window,
 * one level per interval, requested assignments stop at level 1, and an extension granted while
 * a letter is numbered cancels it and gives the number back.
 */
export const FAIR_ESCALATION_PATCH = 'fair-escalation-v1';
/** Each report that arrives is announced to the ICT department's reviewers (a mail on submit). */
export const REVIEW_NOTICE_PATCH = 'review-notice-v1';
/** "Escalate now" obeys the lifecycle's one guard: nothing inside a late return's new window or at the top. */
export const ESCALATE_NOW_GUARD_PATCH = 'escalate-now-guard-v1';
/** Each read-model write carries the extensions and urging letters (readable once the assignment is closed). */
export const KEPT_RECORDS_PATCH = 'kept-extensions-letters-v1';
const DEFAULT_CONTINUE_AS_NEW_AFTER = 2_000;

const { loadAssignmentContext, recordAssignmentState, issueUrgingLetterNumber, releaseUrgingLetterNumber } =
  proxyActivities<AssignmentActivities>({
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

/** Runs a lifecycle method, turning a refusal into the failure an update caller sees (400 or 409 at the API). */
function guarded<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof LifecycleError) {
      throw ApplicationFailure.create({
        type: err.kind === 'validation' ? VALIDATION_ERROR : CONFLICT_ERROR,
        message: err.message,
        nonRetryable: true,
        details: err.details ? [err.details] : [],
      });
    }
    throw err;
  }
}

/**
 * The life of one assignment (duty × agency × period), as a thin adapter over
 * `AssignmentLifecycle`: handlers hand messages to the core, the main loop waits
 * for the next timed step, carries out the queued effects (read model, audit,
 * mail) in order, and continues as new when the history grows.
 */
export async function assignmentWorkflow(input: AssignmentInput, carried?: CarriedState): Promise<AssignmentState> {
  if (!patched(LIFECYCLE_PATCH)) {
    return assignmentWorkflowV0(input);
  }
  const { workflowId } = workflowInfo();
  const now = (): number => Date.now();
  const reviewDeadline = patched(REVIEW_DEADLINE_PATCH);
  const takeOver = input.takenOver !== undefined && patched(TAKE_OVER_PATCH);
  const keepTakenOver = takeOver && patched(TAKE_OVER_KEEP_PATCH);
  // Decided when it matters: at a take-over's start, or when another predecessor's work arrives.
  let combineTakeOvers = takeOver && patched(TAKE_OVER_COMBINE_PATCH);
  const lawfulDeadlines = patched(LAWFUL_DEADLINE_PATCH);
  const fairEscalation = patched(FAIR_ESCALATION_PATCH);
  const reviewNotice = patched(REVIEW_NOTICE_PATCH);
  const escalateNowGuard = patched(ESCALATE_NOW_GUARD_PATCH);
  const keptRecords = patched(KEPT_RECORDS_PATCH);
  const deadlineMovedMail = lawfulDeadlines && patched(DEADLINE_MOVED_MAIL_PATCH);
  const core = new AssignmentLifecycle(input, workflowId, now, carried, {
    reviewDeadline,
    takeOver,
    keepTakenOver,
    get combineTakeOvers() {
      return combineTakeOvers;
    },
    lawfulDeadlines,
    fairEscalation,
    reviewNotice,
    escalateNowGuard,
    keptRecords,
    deadlineMovedMail,
  });
  const { state, effects } = core;
  let recordedVersion = state.version;
  /** Mails go out one after another on their own lane, so a slow SMTP never holds up updates. */
  let mailLane: Promise<void> = Promise.resolve();
  /** Waits for the read model to hold this version, so an update's caller can read its own write. */
  const recorded = async (version: number | undefined): Promise<void> => {
    if (version !== undefined) {
      await condition(() => recordedVersion >= version);
    }
  };

  // ---- queries, signals, updates -------------------------------------------------------------------

  // The query answer adds the core's "escalate now" guard, so the API refuses what the core would ignore.
  setHandler(stateQuery, () =>
    core.hasContext
      ? { ...state, escalationRefusal: core.escalationRefusal(), returnWindowEnd: core.returnWindowEnd }
      : state,
  );
  setHandler(acknowledgeSignal, (p) => core.acknowledge(p));
  setHandler(prodSignal, (p) => core.prod(p));
  setHandler(escalateNowSignal, (p) => core.escalateNow(p));
  setHandler(waiveSignal, (p) => core.close('waived', p));
  setHandler(cancelSignal, (p) => core.close('cancelled', p));
  setHandler(calendarChangedSignal, (data) => core.calendarChanged(data));
  setHandler(takeOverSignal, (from) => {
    combineTakeOvers ||= patched(TAKE_OVER_COMBINE_PATCH);
    core.combineTakenOver(from);
  });
  setHandler(
    submitUpdate,
    async (req) => {
      const repeated = core.repeatedSubmission(req);
      if (repeated) {
        return repeated;
      }
      await condition(() => core.hasContext); // evidence fields come with the duty's context
      const { result, version } = guarded(() => core.submit(req));
      await recorded(version);
      return result;
    },
    { validator: (req: SubmitRequest) => guarded(() => core.checkSubmit(req)) },
  );
  setHandler(
    reviewUpdate,
    async (req) => {
      await recorded(guarded(() => core.review(req)));
      return core.summary();
    },
    { validator: (req: ReviewRequest) => guarded(() => core.checkReview(req)) },
  );
  setHandler(
    requestExtensionUpdate,
    async (req) => {
      await recorded(guarded(() => core.requestExtension(req)));
      return core.summary();
    },
    { validator: (req: ExtensionRequest) => guarded(() => core.checkRequestExtension(req)) },
  );
  setHandler(
    decideExtensionUpdate,
    async (req) => {
      await recorded(guarded(() => core.decideExtension(req)));
      return core.summary();
    },
    { validator: (req: ExtensionDecision) => guarded(() => core.checkDecideExtension(req)) },
  );

  // ---- effects -------------------------------------------------------------------------------------

  async function escalate(step: EscalationStep, actor: string, reason?: string): Promise<void> {
    const letter = core.letterFor(step);
    let letterNumber = letter.number;
    if (letter.issue) {
      const request = { workflowId, level: step.level, agencyCode: input.agencyCode };
      letterNumber = await issueUrgingLetterNumber(request);
      if (fairEscalation && !core.escalationStillDue(step)) {
        // Cancelled while the number was issued (an extension granted, a report arrived): give it back.
        await releaseUrgingLetterNumber(request);
        return;
      }
      core.letterIssued(step, letterNumber);
    }
    core.escalate(step, actor, reason, letterNumber);
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

  async function run(next: TimedStep): Promise<void> {
    if (next.kind !== 'escalation') {
      core.fire(next);
    } else if (core.agencyTurn) {
      await escalate(next.step, 'system');
    }
  }

  // ---- the main loop -------------------------------------------------------------------------------

  core.contextLoaded(await loadAssignmentContext(input));
  const limit = input.continueAsNewAfterEvents ?? DEFAULT_CONTINUE_AS_NEW_AFTER;
  for (;;) {
    await runEffects();
    if (core.closed) {
      break;
    }
    if (workflowInfo().historyLength > limit || workflowInfo().continueAsNewSuggested) {
      await drain();
      return continueAsNew<typeof assignmentWorkflow>(input, core.carry());
    }
    core.dropStaleReminders();
    const manual = core.takeManualEscalation();
    if (manual) {
      if (manual.step) {
        await escalate(manual.step, manual.actor, manual.reason);
      }
      continue;
    }
    // The next thing that happens by itself: a reminder, the deadline passing, or the next escalation level.
    const next = core.nextTimed();
    const version = state.version;
    const woken = await condition(
      () => effects.length > 0 || core.hasManualEscalation || state.version !== version || core.closed,
      next ? Math.max(next.at - now(), 1) : undefined,
    );
    if (!woken && next) {
      await run(next);
    }
  }
  await drain();
  return state;
}
