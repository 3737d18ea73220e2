/**
 * The assignment lifecycle as a plain class: state, transitions and guards,
 * with no Temporal import. Every message goes through one method; each guard is
 * written once and serves both the update validator and its handler. A method
 * changes the state and queues effects (read-model writes, mails) that the
 * workflow adapter (`assignment.workflow.ts`) carries out in order.
 *
 * Time comes from the `now` function given to the constructor (the workflow's
 * deterministic clock, or a test's).
 */
import type { MailBody } from './mail.contracts';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { deadlineMovedMessage, lawfulDeadline } from '../libs/domain/src/calendar/lawful-deadline';
import { EVIDENCE_MAX_NOTE, EvidenceError, checkEvidence } from '../libs/domain/src/evidence';
import { addDays, isLocalDate, vietnamDateOf, vietnamInstant, type LocalDate } from '../libs/domain/src/local-date';
import { reminderSchedule } from '../libs/domain/src/reminders';
import {
  assignmentCategory,
  combinedOpenStatus,
  escalationRefusal,
  isAgencyTurn,
  isClosedStatus,
  isOpenStatus,
  reportingCategory,
  type AssignmentStatus,
  type EscalationRefusal,
  type ReportingCategory,
} from '../libs/domain/src/status';
import type {
  AssignmentContext,
  AssignmentInput,
  AssignmentState,
  AssignmentSummary,
  CalendarAdjustments,
  TakenOver,
  EscalationStep,
  ExtensionDecision,
  ExtensionRequest,
  ReviewRequest,
  SubmitRequest,
  SubmitResult,
  TimelineEntry,
} from './assignment.messages';

/** Entries of the timeline kept across continue-as-new; the audit table keeps them all. */
const TIMELINE_CARRIED = 200;
/** Reminders that fell due more than this long ago are stale (a report came back after review). */
const STALE_REMINDER_MS = 3_600_000;

export interface PendingReminder {
  key: string;
  offset: number;
  at: number;
}

/** An escalation asked for by an officer, carried out by the main loop. */
export interface ManualEscalation {
  actor: string;
  reason?: string;
}

/** What a run hands to the next one when it continues as new. */
export interface CarriedState {
  state: AssignmentState;
  pendingReminders: PendingReminder[];
  overdueMarked: boolean;
  calendar: CalendarAdjustments;
  escalations?: ManualEscalation[];
  counters?: { prod: number; returned: number };
  /** The deadline whose passing was recorded while a report awaited review. */
  reviewOverdueFor?: LocalDate | null;
  /** Fair escalation: the end of the new window a report returned after the deadline got (Vietnam date). */
  actionWindowEnd?: LocalDate | null;
  /** Fair escalation: the Vietnam date of the last escalation level reached. */
  lastEscalatedOn?: LocalDate | null;
}

/** Behaviour switched on for runs that started after it was introduced (the workflow decides with `patched()`). */
export interface LifecycleOptions {
  /** A report awaiting review goes from open on time to open overdue when the deadline passes. */
  reviewDeadline?: boolean;
  /**
   * An assignment taken over from a body that ended (`input.takenOver`) starts in the
   * predecessor's status with its submissions, and its escalation ladder starts no
   * earlier than the day it was received.
   */
  takeOver?: boolean;
  /**
   * A take-over's first read-model write keeps every submission taken over (not only the
   * latest), so the successor's reports and the files they cite stay readable once it closes.
   */
  keepTakenOver?: boolean;
  /**
   * Two bodies merged into one: another predecessor's open work for the same duty and period,
   * arriving after this assignment started (`takeOverSignal`), is combined into it.
   */
  combineTakeOvers?: boolean;
  /**
   * Lawful deadlines (Civil Code 2015, art. 148(5), see libs/domain/src/calendar/lawful-deadline.ts):
   * a deadline on a day off (the assigned one, a granted extension, or an open deadline a calendar
   * change turns into a day off) moves to the next working day, and no reminder falls on a day off.
   */
  lawfulDeadlines?: boolean;
  /**
   * Fair escalation: the ladder runs from when the assignment became the agency's to act on
   * (the deadline, or the end of the new window a report returned after it gets); one level
   * per interval; a requested ("Đề nghị") assignment stops at level 1; an extension granted
   * at any moment cancels what is pending.
   */
  fairEscalation?: boolean;
  /** Each report that arrives is announced to the ICT department's reviewers ("Chờ duyệt"). */
  reviewNotice?: boolean;
  /**
   * An officer's "escalate now" goes ahead only when `escalationRefusal()` allows it: never
   * inside the new window of a report returned after the deadline, nor at the top of the ladder.
   */
  escalateNowGuard?: boolean;
  /** Each read-model write carries the extensions and urging letters, so they stay readable once closed. */
  keptRecords?: boolean;
  /**
   * With lawful deadlines: when a calendar change moves the open deadline off a new day off, the
   * agency's focal point is emailed the new deadline (`deadline-moved` mail, Vietnamese first).
   */
  deadlineMovedMail?: boolean;
}

/** Working days a report returned after the deadline gets before any overdue notice (default). */
export const DEFAULT_RETURN_WINDOW_WORKING_DAYS = 3;

/** A read-model write carries the state as it was at the transition; a mail is sent on its own lane. */
export type LifecycleEffect =
  | { kind: 'record'; entry: TimelineEntry; before: Record<string, unknown>; snapshot: AssignmentState }
  | { kind: 'mail'; key: string; mail: MailBody };

/** The next thing that happens by itself if no message arrives first. */
export type TimedStep =
  | { kind: 'reminder'; at: number; reminder: PendingReminder }
  | { kind: 'overdue'; at: number }
  | { kind: 'escalation'; at: number; step: EscalationStep };

/** A message refused: `validation` (bad input, HTTP 400) or `conflict` (wrong state, HTTP 409). */
export class LifecycleError extends Error {
  constructor(
    readonly kind: 'validation' | 'conflict',
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'LifecycleError';
  }
}

const invalid = (message: string, details?: Record<string, unknown>): LifecycleError =>
  new LifecycleError('validation', message, details);
const conflict = (message: string): LifecycleError => new LifecycleError('conflict', message);

function nonEmpty(value: unknown, field: string, max = 2000): void {
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalid(`${field} is required`, { field });
  }
  if (value.length > max) {
    throw invalid(`${field} is longer than ${max} characters`, { field });
  }
}

function newState(workflowId: string, dueDate: LocalDate, today: LocalDate): AssignmentState {
  return {
    workflowId,
    status: 'assigned',
    category: reportingCategory(dueDate, today),
    dueDate,
    originalDueDate: dueDate,
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
}

/**
 * One assignment's lifecycle. Statuses: assigned → acknowledged → submitted
 * (awaiting review) → accepted, or → returned → submitted again; waived and
 * cancelled close it from any open status. Deadlines are Vietnam dates; reminder
 * and escalation instants are at `input.reminderLocalTime` Vietnam time on working days.
 */
export class AssignmentLifecycle {
  readonly state: AssignmentState;
  /** Effects queued by transitions, oldest first; the adapter takes them from the front. */
  readonly effects: LifecycleEffect[] = [];
  private calendarData: CalendarAdjustments;
  private calendar: StateAgencyCalendar;
  private pendingReminders: PendingReminder[];
  private overdueMarked: boolean;
  private readonly escalations: ManualEscalation[];
  private readonly counters: { prod: number; returned: number };
  private context: AssignmentContext | undefined;
  /** Set when reminders must be recomputed but the duty's policy is not loaded yet. */
  private remindersDirty = false;
  private calendarFromSignal = false;
  private reviewOverdueFor: LocalDate | null;
  private actionWindowEnd: LocalDate | null;
  private lastEscalatedOn: LocalDate | null;

  constructor(
    private readonly input: AssignmentInput,
    workflowId: string,
    private readonly now: () => number,
    private readonly carried?: CarriedState,
    private readonly options: LifecycleOptions = {},
  ) {
    this.state = carried?.state ?? newState(workflowId, input.dueDate, this.today());
    this.state.submissions ??= [];
    this.state.extensions ??= [];
    this.state.urgingLetters ??= [];
    this.calendarData = carried?.calendar ?? { extraDaysOff: [], extraWorkingDays: [] };
    this.calendar = new StateAgencyCalendar(this.calendarData);
    this.pendingReminders = carried?.pendingReminders ?? [];
    this.overdueMarked = carried?.overdueMarked ?? false;
    this.escalations = carried?.escalations ?? [];
    this.counters = carried?.counters ?? { prod: 0, returned: 0 };
    this.reviewOverdueFor = carried?.reviewOverdueFor ?? null;
    this.actionWindowEnd = carried?.actionWindowEnd ?? null;
    this.lastEscalatedOn = carried?.lastEscalatedOn ?? null;
    if (!carried) {
      const from = this.takenOver;
      // Before any message, so that a signal sent with the start is recorded after "assigned".
      this.transition(
        'assigned',
        'system',
        () => {
          if (from) {
            this.state.status = from.status;
            this.state.acknowledgedAt = from.acknowledgedAt ?? null;
            this.state.submissions = from.submissions.map((s) => ({ ...s }));
            if (this.options.combineTakeOvers) {
              this.state.takenOverFrom = [from.fromWorkflowId];
            }
          }
        },
        from ? `taken over from ${from.fromAgencyCode} (${from.fromWorkflowId})` : undefined,
        { allSubmissions: from !== undefined && this.options.keepTakenOver === true },
      );
      this.mail('assigned:0', { kind: 'assigned' });
    }
  }

  // ---- reading ------------------------------------------------------------------------------------

  get status(): AssignmentStatus {
    return this.state.status;
  }
  get closed(): boolean {
    return isClosedStatus(this.state.status);
  }
  /** The agency's turn to act (assigned, acknowledged or returned). */
  get agencyTurn(): boolean {
    return isAgencyTurn(this.state.status);
  }
  get hasContext(): boolean {
    return this.context !== undefined;
  }
  get hasManualEscalation(): boolean {
    return this.escalations.length > 0;
  }
  get isOverdueMarked(): boolean {
    return this.overdueMarked;
  }
  get reminders(): readonly PendingReminder[] {
    return this.pendingReminders;
  }

  summary(): AssignmentSummary {
    const s = this.state;
    return {
      status: s.status,
      category: s.category,
      dueDate: s.dueDate,
      originalDueDate: s.originalDueDate,
      escalationLevel: s.escalationLevel,
      ...(s.deadlineMovedFrom
        ? {
            deadlineMovedFrom: s.deadlineMovedFrom,
            deadlineMovedMessage: deadlineMovedMessage(s.deadlineMovedFrom, s.dueDate),
          }
        : {}),
    };
  }

  /** The state handed to the next run on continue-as-new. */
  carry(): CarriedState {
    return {
      state: { ...this.state, timeline: this.state.timeline.slice(-TIMELINE_CARRIED) },
      pendingReminders: this.pendingReminders,
      overdueMarked: this.overdueMarked,
      calendar: this.calendarData,
      escalations: this.escalations,
      counters: this.counters,
      ...(this.reviewOverdueFor ? { reviewOverdueFor: this.reviewOverdueFor } : {}),
      ...(this.actionWindowEnd ? { actionWindowEnd: this.actionWindowEnd } : {}),
      ...(this.lastEscalatedOn ? { lastEscalatedOn: this.lastEscalatedOn } : {}),
    };
  }

  // ---- the duty's policy ----------------------------------------------------------------------------

  /** The duty's context arrived (once per run): take its calendar unless a signal brought a newer one, plan reminders. */
  contextLoaded(context: AssignmentContext): void {
    this.context = context;
    if (!this.carried) {
      if (!this.calendarFromSignal) {
        this.setCalendar(context.calendar);
      }
      this.keepDeadlineLawful(true);
      if (this.agencyTurn) {
        this.scheduleReminders();
      }
    } else if (this.remindersDirty && this.agencyTurn) {
      this.scheduleReminders();
    }
    this.remindersDirty = false;
  }

  // ---- signals ------------------------------------------------------------------------------------

  acknowledge(p: { actor: string } | undefined): void {
    if (this.state.status === 'assigned' && typeof p?.actor === 'string') {
      this.transition('acknowledged', p.actor, () => {
        this.state.status = 'acknowledged';
        this.state.acknowledgedAt = new Date(this.now()).toISOString();
      });
    }
  }

  prod(p: { actor: string; message?: string } | undefined): void {
    if (!this.agencyTurn || typeof p?.actor !== 'string') {
      return;
    }
    const message = typeof p.message === 'string' ? p.message.slice(0, EVIDENCE_MAX_NOTE) : undefined;
    this.counters.prod += 1;
    this.transition('prodded', p.actor, () => undefined, message);
    this.mail(`prod:${this.counters.prod}`, { kind: 'prod', message: message ?? null });
  }

  /**
   * Escalation answers lateness: before the deadline an officer prods instead. With
   * `escalateNowGuard`, whatever `escalationRefusal()` refuses is ignored (the API answers 409 first).
   */
  escalateNow(p: { actor: string; reason?: string } | undefined): void {
    if (this.options.escalateNowGuard && this.escalationRefusal() !== null) {
      return;
    }
    if (this.agencyTurn && this.overdueMarked && typeof p?.actor === 'string') {
      this.escalations.push({
        actor: p.actor,
        reason: typeof p.reason === 'string' ? p.reason.slice(0, EVIDENCE_MAX_NOTE) : undefined,
      });
    }
  }

  /** Waive (miễn) or cancel (hủy): needs an actor and a reason; anything else is ignored. */
  close(status: 'waived' | 'cancelled', p: { actor: string; reason: string } | undefined): void {
    if (this.closed || typeof p?.actor !== 'string' || typeof p.reason !== 'string' || !p.reason.trim()) {
      return;
    }
    const reason = p.reason.slice(0, EVIDENCE_MAX_NOTE);
    this.transition(
      status,
      p.actor,
      () => {
        this.state.status = status;
        this.state.closedReason = reason;
      },
      reason,
    );
  }

  /**
   * Another predecessor's open work for this duty and period (two bodies merged into one,
   * both with the period open): its submissions join this assignment's, oldest first (an id
   * this assignment already holds is kept as `<predecessor agency>/<id>`), the earliest
   * acknowledgement stays, and the status becomes the furthest along of the two
   * (`combinedOpenStatus`: a report awaiting review stays in the review queue). The deadline in
   * force and the escalation ladder stay this assignment's. Taken once per predecessor
   * assignment; ignored when closed, malformed, or not switched on for this run.
   */
  combineTakenOver(from: TakenOver | undefined): void {
    if (
      !this.options.combineTakeOvers ||
      this.closed ||
      typeof from?.fromWorkflowId !== 'string' ||
      typeof from.fromAgencyCode !== 'string' ||
      !isOpenStatus(from.status) ||
      !Array.isArray(from.submissions)
    ) {
      return;
    }
    const held = this.state.takenOverFrom ?? (this.takenOver ? [this.takenOver.fromWorkflowId] : []);
    if (held.includes(from.fromWorkflowId) || from.fromWorkflowId === this.state.workflowId) {
      return;
    }
    this.transition(
      'taken-over',
      'system',
      () => {
        const s = this.state;
        const ids = new Set(s.submissions!.map((x) => x.submissionId));
        const added = from.submissions.map((x) =>
          ids.has(x.submissionId) ? { ...x, submissionId: `${from.fromAgencyCode}/${x.submissionId}` } : { ...x },
        );
        // Oldest first (a stable sort keeps equal instants in arrival order): the last is the one reviewed.
        s.submissions = [...s.submissions!, ...added].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
        const acks = [s.acknowledgedAt, from.acknowledgedAt].filter((a): a is string => typeof a === 'string').sort();
        s.acknowledgedAt = acks[0] ?? null;
        s.status = combinedOpenStatus(s.status, from.status);
        s.takenOverFrom = [...held, from.fromWorkflowId];
      },
      `combined with the work taken over from ${from.fromAgencyCode} (${from.fromWorkflowId})`,
      { allSubmissions: true },
    );
  }

  calendarChanged(data: CalendarAdjustments | undefined): void {
    if (!Array.isArray(data?.extraDaysOff) || !Array.isArray(data.extraWorkingDays)) {
      return;
    }
    this.calendarFromSignal = true;
    this.transition('calendar-changed', 'system', () => {
      this.setCalendar(data);
      if (this.agencyTurn) {
        this.scheduleReminders();
      }
    });
    this.keepDeadlineLawful(false);
  }

  // ---- updates ------------------------------------------------------------------------------------

  /** The answer to a submission id seen before, if it was. */
  repeatedSubmission(req: SubmitRequest): SubmitResult | undefined {
    const previous = this.state.submissions!.find((s) => s.submissionId === req.submissionId);
    if (!previous) {
      return undefined;
    }
    return {
      submissionId: req.submissionId,
      status: this.state.status,
      category: this.state.category,
      shortfalls: previous.shortfalls,
      duplicate: true,
    };
  }

  /** Guard of `submit`: bad input, a closed assignment or a report already awaiting review are refused. */
  checkSubmit(req: SubmitRequest): void {
    nonEmpty(req?.submissionId, 'submissionId', 100);
    nonEmpty(req.actor, 'actor', 200);
    if (this.repeatedSubmission(req)) {
      return; // a repeat is answered with the first result
    }
    if (this.closed) {
      throw conflict(`assignment is ${this.state.status}; no more submissions are accepted`);
    }
    if (this.state.status === 'submitted') {
      throw conflict('a submission is awaiting review');
    }
    if (this.context) {
      this.evidence(req);
    }
  }

  /** Takes a report (needs the duty's context for its evidence fields); returns the result and the version to await. */
  submit(req: SubmitRequest): { result: SubmitResult; version?: number } {
    const repeated = this.repeatedSubmission(req);
    if (repeated) {
      return { result: repeated };
    }
    this.checkSubmit(req);
    const shortfalls = this.evidence(req);
    const submissions = this.state.submissions!;
    const version = this.transition(
      submissions.length > 0 ? 'resubmitted' : 'submitted',
      req.actor,
      () => {
        submissions.push({ ...req, at: new Date(this.now()).toISOString(), shortfalls });
        this.state.status = 'submitted';
      },
      shortfalls.length
        ? `shortfall: ${shortfalls.map((s) => `${s.key} ${s.actual}/${s.target}`).join(', ')}`
        : req.note,
    );
    if (this.options.reviewNotice) {
      this.mail(`review:${req.submissionId}`, {
        kind: 'report-arrived',
        resubmission: submissions.length > 1,
        shortfalls: shortfalls.map((s) => ({ label: s.label, target: s.target, actual: s.actual })),
      });
    }
    return {
      result: {
        submissionId: req.submissionId,
        status: this.state.status,
        category: this.state.category,
        shortfalls,
        duplicate: false,
      },
      version,
    };
  }

  /** Guard of `review`: accept, or return with a reason, a report awaiting review. */
  checkReview(req: ReviewRequest): void {
    nonEmpty(req?.actor, 'actor', 200);
    if (req.decision !== 'accept' && req.decision !== 'return') {
      throw invalid('decision must be "accept" or "return"', { field: 'decision' });
    }
    if (req.decision === 'return') {
      nonEmpty(req.reason, 'reason');
    }
    if (this.closed) {
      throw conflict(`assignment is ${this.state.status}; it cannot be reviewed`);
    }
    if (this.state.status !== 'submitted') {
      throw conflict('there is no submission awaiting review');
    }
  }

  /** Accepts or returns the last report; returns the version to await. */
  review(req: ReviewRequest): number {
    this.checkReview(req);
    const last = this.state.submissions!.at(-1)!;
    if (req.decision === 'accept') {
      const version = this.transition(
        'accepted',
        req.actor,
        () => {
          this.state.status = 'accepted';
          this.state.completedOn = vietnamDateOf(new Date(last.at));
        },
        last.shortfalls.length ? 'accepted despite shortfall' : undefined,
      );
      this.mail('accepted', {
        kind: 'accepted',
        doneOnTime: this.state.category === 'done-on-time',
        shortfalls: last.shortfalls.map((s) => ({ label: s.label, target: s.target, actual: s.actual })),
      });
      return version;
    }
    this.counters.returned += 1;
    const version = this.transition(
      'returned',
      req.actor,
      () => {
        this.state.status = 'returned';
        if (this.options.fairEscalation && this.today() > this.state.dueDate) {
          // Returned after the deadline: the agency gets a new window before any overdue notice.
          const window = this.context?.returnWindowWorkingDays ?? DEFAULT_RETURN_WINDOW_WORKING_DAYS;
          this.actionWindowEnd = this.calendar.addWorkingDays(this.today(), window);
        }
      },
      req.reason,
    );
    this.mail(`returned:${this.counters.returned}`, { kind: 'returned', reason: req.reason! });
    return version;
  }

  /** Guard of `requestExtension`: a later date, a reason, the agency's turn, no other request pending. */
  checkRequestExtension(req: ExtensionRequest): void {
    nonEmpty(req?.requestId, 'requestId', 100);
    nonEmpty(req.actor, 'actor', 200);
    nonEmpty(req.reason, 'reason');
    const extensions = this.state.extensions!;
    if (extensions.some((e) => e.requestId === req.requestId)) {
      return;
    }
    if (typeof req.newDueDate !== 'string' || !isLocalDate(req.newDueDate)) {
      throw invalid('newDueDate must be a date YYYY-MM-DD', { field: 'newDueDate' });
    }
    if (!this.agencyTurn) {
      throw conflict(`assignment is ${this.state.status}; an extension cannot be requested`);
    }
    if (req.newDueDate <= this.state.dueDate) {
      throw invalid(`newDueDate must be after the current deadline ${this.state.dueDate}`, { field: 'newDueDate' });
    }
    if (extensions.some((e) => !e.decision)) {
      throw conflict('another extension request is awaiting a decision');
    }
  }

  /** Records an extension request (a repeated request id changes nothing); returns the version to await. */
  requestExtension(req: ExtensionRequest): number | undefined {
    this.checkRequestExtension(req);
    const extensions = this.state.extensions!;
    if (extensions.some((e) => e.requestId === req.requestId)) {
      return undefined;
    }
    return this.transition(
      'extension-requested',
      req.actor,
      () => {
        extensions.push({ ...req, at: new Date(this.now()).toISOString() });
      },
      `${req.newDueDate}: ${req.reason}`,
    );
  }

  /** Guard of `decideExtension`: a known request, a boolean decision, a granted date after the deadline. */
  checkDecideExtension(req: ExtensionDecision): void {
    nonEmpty(req?.requestId, 'requestId', 100);
    nonEmpty(req.actor, 'actor', 200);
    if (typeof req.approve !== 'boolean') {
      throw invalid('approve must be true or false', { field: 'approve' });
    }
    const request = this.state.extensions!.find((e) => e.requestId === req.requestId);
    if (!request) {
      throw invalid(`no extension request ${req.requestId}`, { field: 'requestId' });
    }
    if (request.decision) {
      return;
    }
    if (this.closed) {
      throw conflict(`assignment is ${this.state.status}; the extension can no longer be decided`);
    }
    if (req.newDueDate !== undefined && (!isLocalDate(req.newDueDate) || req.newDueDate <= this.state.dueDate)) {
      throw invalid(`newDueDate must be a date after the current deadline ${this.state.dueDate}`, {
        field: 'newDueDate',
      });
    }
  }

  /** Grants (moving the deadline and reminders) or denies an extension; returns the version to await. */
  decideExtension(req: ExtensionDecision): number | undefined {
    this.checkDecideExtension(req);
    const request = this.state.extensions!.find((e) => e.requestId === req.requestId)!;
    if (request.decision) {
      return undefined;
    }
    const asked = req.approve ? (req.newDueDate ?? request.newDueDate) : null;
    const lawful = asked && this.options.lawfulDeadlines ? lawfulDeadline(this.calendar, asked) : null;
    const granted = lawful ? lawful.dueDate : asked;
    const version = this.transition(
      req.approve ? 'extension-granted' : 'extension-denied',
      req.actor,
      () => {
        request.decision = {
          approve: req.approve,
          actor: req.actor,
          at: new Date(this.now()).toISOString(),
          newDueDate: granted,
          note: req.note ?? null,
        };
        if (granted) {
          this.state.dueDate = granted;
          if (lawful) {
            this.state.deadlineMovedFrom = lawful.deadlineMovedFrom;
            request.decision.deadlineMovedFrom = lawful.deadlineMovedFrom;
          }
          this.overdueMarked = false;
          if (this.options.fairEscalation) {
            // Whatever was pending (an officer's "escalate now", a letter being numbered) is cancelled.
            this.escalations.splice(0);
          }
          this.scheduleReminders();
        }
      },
      [req.note, lawful?.deadlineMovedMessage?.vi].filter(Boolean).join(' ') || undefined,
    );
    this.mail(`extension:${req.requestId}`, {
      kind: 'extension-decided',
      approved: req.approve,
      newDueDate: granted,
      note: req.note ?? null,
    });
    return version;
  }

  // ---- time -----------------------------------------------------------------------------------------

  /** Reminders that fell due while a report awaited review are stale once it comes back. */
  dropStaleReminders(): void {
    this.pendingReminders = this.pendingReminders.filter((r) => r.at > this.now() - STALE_REMINDER_MS);
  }

  /** The oldest escalation an officer asked for, with the step it leads to (none when not the agency's turn or at the top). */
  takeManualEscalation(): (ManualEscalation & { step?: EscalationStep }) | undefined {
    const manual = this.escalations.shift();
    if (!manual) {
      return undefined;
    }
    const step = this.nextEscalation();
    return { ...manual, step: this.agencyTurn ? step : undefined };
  }

  /** The earliest of: the next reminder, the deadline passing, the next escalation level. */
  nextTimed(): TimedStep | undefined {
    const candidates: TimedStep[] = [];
    if (this.agencyTurn && this.pendingReminders.length) {
      const r = this.pendingReminders[0];
      candidates.push({ kind: 'reminder', at: r.at, reminder: r });
    }
    if (!this.overdueMarked && this.state.status !== 'submitted') {
      candidates.push({ kind: 'overdue', at: this.overdueAt() });
    } else if (this.awaitingReviewPastDeadlineUnrecorded()) {
      candidates.push({ kind: 'overdue', at: this.overdueAt() });
    }
    const step = this.nextEscalation();
    if (this.agencyTurn && this.overdueMarked && step) {
      candidates.push({ kind: 'escalation', at: Math.max(this.escalationTime(step), this.overdueAt()), step });
    }
    candidates.sort((a, b) => a.at - b.at);
    return candidates[0];
  }

  /** A reminder or the deadline came due (escalations go through `letterFor` / `escalate`). */
  fire(timed: Exclude<TimedStep, { kind: 'escalation' }>): void {
    switch (timed.kind) {
      case 'reminder': {
        const r = timed.reminder;
        this.pendingReminders.shift();
        if (!this.agencyTurn) {
          return;
        }
        this.transition(r.offset === 0 ? 'due-today-sent' : 'reminder-sent', 'system', () => {
          this.state.remindersSent += 1;
        });
        // An agency on the daily digest hears about it there instead.
        if (!this.context?.digest) {
          this.mail(
            `reminder:${r.key}`,
            r.offset === 0 ? { kind: 'due-today' } : { kind: 'reminder', workingDaysLeft: r.offset },
          );
        }
        return;
      }
      case 'overdue':
        if (this.awaitingReviewPastDeadlineUnrecorded()) {
          // The category moves to open overdue; the agency is not chased while its report awaits review.
          this.reviewOverdueFor = this.state.dueDate;
          this.transition('overdue', 'system', () => undefined);
          return;
        }
        this.overdueMarked = true;
        if (this.agencyTurn) {
          this.transition('overdue', 'system', () => undefined);
        }
        return;
    }
  }

  /**
   * The urging letter an escalation step cites: the ICT department numbers one;
   * the report to the PPC cites the last one (a policy that skips the ICT step gets
   * a letter of its own). `issue: true` means a new number must be issued first.
   */
  letterFor(step: EscalationStep): { number?: string; issue: boolean } {
    const number = step.target === 'ppc-office' ? this.state.urgingLetters!.at(-1)?.number : undefined;
    return { number, issue: step.target !== 'agency-head' && !number };
  }

  /** A new urging letter number was issued for `step`. */
  letterIssued(step: EscalationStep, number: string): void {
    this.state.urgingLetters!.push({ level: step.level, number, at: new Date(this.now()).toISOString() });
  }

  /** Raises the escalation level by `step` and queues its notice; nothing when the report arrived meanwhile. */
  escalate(step: EscalationStep, actor: string, reason: string | undefined, letterNumber: string | undefined): void {
    const days = this.calendar.workingDaysBetween(this.state.dueDate, this.today());
    // A submission (or, with fair escalation, an extension) may have arrived while the letter was numbered:
    // then nobody is chased.
    if (!this.agencyTurn || step.level <= this.state.escalationLevel) {
      return;
    }
    if (this.options.fairEscalation && !this.escalationStillDue(step)) {
      return;
    }
    this.transition(
      'escalated',
      actor,
      () => {
        this.state.escalationLevel = step.level;
        if (this.options.fairEscalation) {
          this.lastEscalatedOn = this.today();
        }
      },
      [`level ${step.level} → ${step.target}`, letterNumber, reason].filter(Boolean).join('; '),
    );
    const key = `escalation:${step.level}`;
    switch (step.target) {
      case 'agency-head':
        this.mail(key, { kind: 'overdue-notice', workingDaysOverdue: days });
        break;
      case 'ict-department':
        this.mail(key, { kind: 'escalation-ict', workingDaysOverdue: days, letterNumber: letterNumber! });
        break;
      case 'ppc-office':
        this.mail(key, { kind: 'escalation-ppc', workingDaysOverdue: days, letterNumber: letterNumber! });
        break;
    }
  }

  /**
   * Whether `step` may still be taken now (fair escalation): the agency's turn, overdue,
   * not yet reached and within the assignment's ladder. False once an extension was granted
   * or a report arrived meanwhile (e.g. while the step's letter was being numbered).
   */
  escalationStillDue(step: EscalationStep): boolean {
    return (
      this.agencyTurn &&
      this.overdueMarked &&
      step.level > this.state.escalationLevel &&
      this.ladder().some((s) => s.level === step.level)
    );
  }

  /**
   * Why an officer's "escalate now" is refused now, or null when it may go ahead: the one guard
   * (libs/domain `escalationRefusal`) with this run's ladder (a requested assignment stops at
   * level 1) and, with fair escalation, the new window a report returned after the deadline
   * got. The signal handler and the state query (hence the API's 409 and the dashboard) read it.
   */
  escalationRefusal(): EscalationRefusal | null {
    const topLevel = Math.max(0, ...this.ladder().map((s) => s.level));
    return escalationRefusal({ ...this.state, returnWindowEnd: this.returnWindowEnd }, this.today(), topLevel);
  }

  /** Fair escalation: the last day (Vietnam date) of the new window a report returned after the deadline got. */
  get returnWindowEnd(): LocalDate | null {
    return this.options.fairEscalation ? this.actionWindowEnd : null;
  }

  /**
   * The first Vietnam date the agency is chased from: the deadline in force; or, if later,
   * the day a successor received the duty (take-over) and, with fair escalation, the end
   * of the new window a report returned after the deadline got.
   */
  ladderStart(): LocalDate {
    let start = this.state.dueDate;
    const received = this.takenOver?.receivedOn;
    if (received && received > start) {
      start = received;
    }
    if (this.options.fairEscalation && this.actionWindowEnd && this.actionWindowEnd > start) {
      start = this.actionWindowEnd;
    }
    return start;
  }

  // ---- internals ----------------------------------------------------------------------------------

  private awaitingReviewPastDeadlineUnrecorded(): boolean {
    return (
      this.options.reviewDeadline === true &&
      this.state.status === 'submitted' &&
      !this.overdueMarked &&
      this.reviewOverdueFor !== this.state.dueDate
    );
  }

  private today(): LocalDate {
    return vietnamDateOf(this.now());
  }

  private evidence(req: SubmitRequest) {
    try {
      return checkEvidence(this.context?.evidence ?? [], req);
    } catch (err) {
      if (err instanceof EvidenceError) {
        throw invalid(err.message, { field: err.field });
      }
      throw err;
    }
  }

  /**
   * With lawful deadlines: an open deadline on a day off moves to the next working day (recorded as
   * `deadline-moved`, reminders replanned). At the start of a run (`atStart`) the assigned deadline
   * moves with the original one, as if assigned so.
   */
  private keepDeadlineLawful(atStart: boolean): void {
    if (!this.options.lawfulDeadlines || this.closed) {
      return;
    }
    const from = this.state.dueDate;
    const lawful = lawfulDeadline(this.calendar, from);
    if (!lawful.deadlineMovedFrom) {
      return;
    }
    this.transition(
      'deadline-moved',
      'system',
      () => {
        this.state.dueDate = lawful.dueDate;
        this.state.deadlineMovedFrom = from;
        if (atStart && this.state.originalDueDate === from) {
          this.state.originalDueDate = lawful.dueDate;
        }
        if (this.agencyTurn) {
          this.scheduleReminders();
        }
      },
      `${lawful.deadlineMovedMessage!.vi} / ${lawful.deadlineMovedMessage!.en}`,
    );
    // The agency learns of a move a calendar change made (one assigned on a day off was never announced otherwise).
    if (!atStart && this.options.deadlineMovedMail) {
      this.mail(`deadline-moved:${from}:${lawful.dueDate}`, { kind: 'deadline-moved', from, to: lawful.dueDate });
    }
  }

  private setCalendar(data: CalendarAdjustments): void {
    this.calendarData = data;
    this.calendar = new StateAgencyCalendar(data);
  }

  private computeCategory(): ReportingCategory {
    // Waived and cancelled keep the category they had: they leave totals and rates (see countsInTotals).
    return assignmentCategory(this.state, this.today()) ?? this.state.category;
  }

  /** Changes state now and queues the read-model write; returns the new version. */
  private transition(
    type: string,
    actor: string,
    change: () => void,
    note?: string,
    opts: { allSubmissions?: boolean } = {},
  ): number {
    const s = this.state;
    const before = { status: s.status, category: s.category, dueDate: s.dueDate, escalationLevel: s.escalationLevel };
    change();
    s.category = this.computeCategory();
    s.version += 1;
    const entry: TimelineEntry = { at: new Date(this.now()).toISOString(), type, actor, ...(note ? { note } : {}) };
    s.timeline.push(entry);
    const last = s.submissions!.at(-1);
    // Compact: the read model needs the summary and the latest submission (every submission when
    // they arrived together, taken over from a body that ended) and, with kept records, the
    // extensions and urging letters, so they stay readable once closed; not the timeline. Older
    // runs leave those two out, and the read model keeps "not recorded" (null) for them.
    const { extensions, urgingLetters, ...rest } = s;
    const snapshot: AssignmentState = {
      ...rest,
      submissions: opts.allSubmissions ? s.submissions!.map((x) => ({ ...x })) : last ? [{ ...last }] : [],
      ...(this.options.keptRecords
        ? {
            extensions: extensions!.map((e) => ({ ...e, ...(e.decision ? { decision: { ...e.decision } } : {}) })),
            urgingLetters: urgingLetters!.map((l) => ({ ...l })),
          }
        : {}),
      timeline: [],
    };
    this.effects.push({ kind: 'record', entry, before, snapshot });
    return s.version;
  }

  private mail(key: string, mail: MailBody): void {
    this.effects.push({ kind: 'mail', key, mail });
  }

  private scheduleReminders(): void {
    if (!this.context) {
      this.remindersDirty = true;
      return;
    }
    const offsets = this.context.reminderOffsetsWorkingDays;
    const { dueDate } = this.state;
    this.pendingReminders = reminderSchedule(
      dueDate,
      offsets,
      this.input.reminderLocalTime,
      this.calendar,
      new Date(this.now()),
      { workingDaysOnly: this.options.lawfulDeadlines === true },
    ).map((slot) => ({ key: `${dueDate}:${slot.offset}`, offset: slot.offset, at: slot.at.getTime() }));
  }

  private overdueAt(): number {
    return vietnamInstant(addDays(this.state.dueDate, 1)).getTime();
  }

  /** The escalation ladder of this assignment: a requested ("Đề nghị") one stops at the level-1 notice. */
  private ladder(): EscalationStep[] {
    const steps = this.context?.escalation ?? [];
    return this.options.fairEscalation && this.context?.binding === false ? steps.filter((s) => s.level <= 1) : steps;
  }

  private nextEscalation(): EscalationStep | undefined {
    return this.ladder().find((s) => s.level > this.state.escalationLevel);
  }

  /** What the takeover carries, when this run honours it. */
  private get takenOver(): AssignmentInput['takenOver'] {
    return this.options.takeOver ? this.input.takenOver : undefined;
  }

  private escalationTime(step: EscalationStep): number {
    if (!this.options.fairEscalation) {
      return vietnamInstant(
        this.calendar.addWorkingDays(this.ladderStart(), Math.max(step.afterWorkingDays, 1)),
        this.input.reminderLocalTime,
      ).getTime();
    }
    let on = this.calendar.addWorkingDays(this.ladderStart(), Math.max(step.afterWorkingDays, 1));
    if (this.lastEscalatedOn) {
      // One level per interval: never two levels at once, even when the ladder is behind.
      const previous = [...this.ladder()].reverse().find((s) => s.level < step.level);
      const interval = Math.max(step.afterWorkingDays - (previous?.afterWorkingDays ?? 0), 1);
      const spaced = this.calendar.addWorkingDays(this.lastEscalatedOn, interval);
      on = spaced > on ? spaced : on;
    }
    return vietnamInstant(on, this.input.reminderLocalTime).getTime();
  }
}
