/**
 * Contract of the assignment workflow: its input, the messages it accepts and
 * the state it reports. Imported by the workflow, the worker and the API.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { EvidenceFieldSpec, EvidenceInput, Shortfall } from '../libs/domain/src/evidence';
import type { LocalDate } from '../libs/domain/src/local-date';
import type { AssignmentStatus, EscalationRefusal, ReportingCategory } from '../libs/domain/src/status';

export { CLOSED_STATUSES, type AssignmentStatus } from '../libs/domain/src/status';
export type { EvidenceFieldSpec, Shortfall } from '../libs/domain/src/evidence';

export const DEFAULT_TASK_QUEUE = 'dondoc';

/** Failure types an update can be rejected with; the API maps them to 400 and 409. */
export const VALIDATION_ERROR = 'ValidationError';
export const CONFLICT_ERROR = 'ConflictError';

/** One duty × agency × period. Ids and dates only: the workflow loads the rest through an activity. */
export interface AssignmentInput {
  planCode: string;
  dutyCode: string;
  agencyCode: string;
  periodKey: string;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  dueDate: LocalDate;
  /** Local time (HH:mm, Vietnam) at which reminders and escalations go out. */
  reminderLocalTime: string;
  /** Set for an ad-hoc report request (báo cáo đột xuất): its title and fields replace the duty's. */
  requestKey?: string;
  /** Set when the assignment passed to this agency from a body that ended (merge, split). */
  takenOver?: TakenOver;
  /** History length after which the run continues as new (default 2,000 events). */
  continueAsNewAfterEvents?: number;
}

/**
 * Live work handed to a successor by a reorganisation: where the predecessor's
 * assignment stood, with its submissions. The deadline travels as `dueDate`.
 */
export interface TakenOver {
  /** Workflow id of the predecessor's assignment (closed as cancelled by the move). */
  fromWorkflowId: string;
  fromAgencyCode: string;
  /** Vietnam date the successor received the duty: its escalation ladder starts no earlier. */
  receivedOn: LocalDate;
  /** Open status carried over (a report awaiting review stays awaiting review). */
  status: 'assigned' | 'acknowledged' | 'submitted' | 'returned';
  acknowledgedAt?: string | null;
  submissions: SubmissionRecord[];
}

export interface EscalationStep {
  level: 1 | 2 | 3;
  afterWorkingDays: number;
  target: 'agency-head' | 'ict-department' | 'ppc-office';
}

export interface CalendarAdjustments {
  extraDaysOff: LocalDate[];
  extraWorkingDays: LocalDate[];
}

/** What the workflow needs to know about its duty and agency, loaded once per run. */
export interface AssignmentContext {
  agencyName: string;
  dutyTitleVi: string;
  /** false for a requested ("Đề nghị") duty, and for an ad-hoc request to a requested body. */
  binding: boolean;
  reminderOffsetsWorkingDays: number[];
  /** Present from lifecycle v1 on. */
  evidence?: EvidenceFieldSpec[];
  escalation?: EscalationStep[];
  /** The agency gets a daily digest instead of separate reminders. */
  digest?: boolean;
  /** Working days a report returned after the deadline gets before any overdue notice (default 3). */
  returnWindowWorkingDays?: number;
  /** Extra days off and worked weekend days in force (the working calendar). */
  calendar: CalendarAdjustments;
}

export interface TimelineEntry {
  at: string;
  type: string;
  actor: string;
  note?: string;
}

export interface SubmitRequest extends EvidenceInput {
  /** Chosen by the client; sending the same id again is a no-op. */
  submissionId: string;
  actor: string;
}

export interface SubmissionRecord extends SubmitRequest {
  at: string;
  shortfalls: Shortfall[];
}

export interface SubmitResult {
  submissionId: string;
  status: AssignmentStatus;
  category: ReportingCategory;
  shortfalls: Shortfall[];
  /** true when this submission id had been received before (nothing changed). */
  duplicate: boolean;
}

export interface ReviewRequest {
  actor: string;
  decision: 'accept' | 'return';
  /** Required when returning. */
  reason?: string;
}

export interface ExtensionRequest {
  requestId: string;
  actor: string;
  newDueDate: LocalDate;
  reason: string;
}

export interface ExtensionDecision {
  requestId: string;
  actor: string;
  approve: boolean;
  /** The deadline granted; defaults to the one requested. */
  newDueDate?: LocalDate;
  note?: string;
}

export interface ExtensionRecord extends ExtensionRequest {
  at: string;
  decision?: {
    approve: boolean;
    actor: string;
    at: string;
    newDueDate: LocalDate | null;
    note: string | null;
    /** The date asked for, when it was a day off and the granted deadline moved to the next working day. */
    deadlineMovedFrom?: LocalDate | null;
  };
}

export interface UrgingLetter {
  level: number;
  number: string;
  at: string;
}

/** The outcome of any update: where the assignment stands afterwards. */
export interface AssignmentSummary {
  status: AssignmentStatus;
  category: ReportingCategory;
  dueDate: LocalDate;
  originalDueDate: LocalDate;
  escalationLevel: number;
  /**
   * Present when the deadline in force was moved off a day off (Civil Code 2015, art. 148(5)):
   * the day off it would have fallen on, and why it moved, Vietnamese first.
   */
  deadlineMovedFrom?: LocalDate | null;
  deadlineMovedMessage?: { vi: string; en: string };
}

export interface AssignmentState extends AssignmentSummary {
  workflowId: string;
  remindersSent: number;
  /** Increases with every transition; the read model keeps the highest. */
  version: number;
  acknowledgedAt?: string | null;
  submissions?: SubmissionRecord[];
  extensions?: ExtensionRecord[];
  urgingLetters?: UrgingLetter[];
  /** Vietnam date the accepted report was submitted (what "on time" is judged by). */
  completedOn?: LocalDate | null;
  closedReason?: string | null;
  /**
   * Workflow ids of the predecessors' assignments whose open work this one holds (a merge
   * of several bodies that had the same duty and period open); absent before any take-over.
   */
  takenOverFrom?: string[];
  timeline: TimelineEntry[];
  /**
   * In state query answers only (never recorded): why an officer's "escalate now" is refused
   * now, null when it may go ahead (the lifecycle core's guard); absent before the duty's
   * context is loaded and from runs older than the lifecycle.
   */
  escalationRefusal?: EscalationRefusal | null;
  /** In state query answers only: the last day (Vietnam date) of a late return's new window, if any. */
  returnWindowEnd?: LocalDate | null;
}

export const submitUpdate = defineUpdate<SubmitResult, [SubmitRequest]>('submit');
export const reviewUpdate = defineUpdate<AssignmentSummary, [ReviewRequest]>('review');
export const requestExtensionUpdate = defineUpdate<AssignmentSummary, [ExtensionRequest]>('requestExtension');
export const decideExtensionUpdate = defineUpdate<AssignmentSummary, [ExtensionDecision]>('decideExtension');

export const acknowledgeSignal = defineSignal<[{ actor: string }]>('acknowledge');
/** Manual reminder (đôn đốc) from an ICT officer, with an optional message. */
export const prodSignal = defineSignal<[{ actor: string; message?: string }]>('prod');
export const escalateNowSignal = defineSignal<[{ actor: string; reason?: string }]>('escalateNow');
export const waiveSignal = defineSignal<[{ actor: string; reason: string }]>('waive');
export const cancelSignal = defineSignal<[{ actor: string; reason: string }]>('cancel');
/** The working calendar changed (holidays, swapped days): pending reminders are recomputed. */
export const calendarChangedSignal = defineSignal<[CalendarAdjustments]>('calendarChanged');
/**
 * Another predecessor's open work for this duty and period, handed over by a reorganisation
 * after this assignment had started (two bodies merged into one): combined into it, once per
 * predecessor assignment.
 */
export const takeOverSignal = defineSignal<[TakenOver]>('takeOver');
export const stateQuery = defineQuery<AssignmentState>('state');

/** Deterministic id: opening a period twice starts nothing twice. */
export function assignmentWorkflowId(dutyCode: string, agencyCode: string, periodKey: string): string {
  return `assignment/${dutyCode}/${agencyCode}/${periodKey}`;
}
