/**
 * The activities the assignment workflow calls, as an interface the worker's
 * `AssignmentActivities` class implements: the workflow depends on this
 * contract, never on the worker app.
 */
import type { AssignmentContext, AssignmentInput, AssignmentState, TimelineEntry } from './assignment.messages';
import type { MailBody } from './mail.contracts';

export interface RecordStateRequest {
  input: AssignmentInput;
  state: AssignmentState;
  event: TimelineEntry & { seq: number; before: Record<string, unknown> };
}

export interface SendEmailRequest {
  workflowId: string;
  /** Unique per workflow and email (e.g. "reminder:2026-12-03:3"); with the workflow id, the idempotency key. */
  key: string;
  planCode: string;
  dutyCode: string;
  agencyCode: string;
  periodKey: string;
  dueDate: string;
  mail: MailBody;
  requestKey?: string;
}

export interface UrgingLetterRequest {
  workflowId: string;
  level: number;
  agencyCode: string;
}

/** `deferred`: not sent now, the recipients hear of it in their daily digest (a report awaiting review). */
export type SendEmailResult = {
  outcome: 'sent' | 'already-sent' | 'deferred';
  messageId: string;
  to: string[];
  cc: string[];
};

/** Read model, audit trail, letters and mail: every one idempotent (safe to retry). */
export interface AssignmentActivities {
  /** The duty, agency, evidence spec, escalation ladder and calendar an assignment needs (once per run). */
  loadAssignmentContext(input: AssignmentInput): Promise<AssignmentContext>;
  /** Upserts the read-model row (highest state version wins) and appends the audit event (keyed by sequence). */
  recordAssignmentState(req: RecordStateRequest): Promise<void>;
  /** The next formal urging-letter number of the year (same number for the same workflow and level). */
  issueUrgingLetterNumber(req: UrgingLetterRequest): Promise<string>;
  /**
   * Gives back the number issued for (workflow, level) when its escalation was cancelled before
   * any letter carried it (an extension granted, a report arrived): the next letter of the year
   * takes it, so no number is consumed. Idempotent.
   */
  releaseUrgingLetterNumber(req: UrgingLetterRequest): Promise<void>;
  /** Sends one email through the outbox, once per (workflow, key). */
  sendAssignmentEmail(req: SendEmailRequest): Promise<SendEmailResult>;
}
