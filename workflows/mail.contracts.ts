/**
 * The mail vocabulary: every email a workflow may ask the worker to send, one
 * type per kind with its own parameters. The worker adds the facts it loads
 * itself (agency, duty, link: `AssignmentFacts` in libs/mail) and renders the
 * bilingual template.
 */
import type { LocalDate } from '../libs/domain/src/local-date';

/** A numeric evidence value below the duty's target. */
export interface ShortfallFact {
  label: { vi: string; en: string };
  target: number;
  actual: number;
}

export type MailBody =
  /** New assignment, to the focal point. */
  | { kind: 'assigned' }
  /** Scheduled reminder N working days before the deadline, to the focal point. */
  | { kind: 'reminder'; workingDaysLeft: number }
  /** Deadline is today, to the focal point. */
  | { kind: 'due-today' }
  /** Manual urging by an ICT officer (đôn đốc), with an optional message of theirs. */
  | { kind: 'prod'; message: string | null }
  /** Escalation level 1: overdue notice to the agency head, cc focal point. */
  | { kind: 'overdue-notice'; workingDaysOverdue: number }
  /** Escalation level 2: to the ICT department, carrying a numbered formal urging letter (công văn đôn đốc). */
  | { kind: 'escalation-ict'; workingDaysOverdue: number; letterNumber: string }
  /** Escalation level 3: to the Office of the PPC, naming the agency as overdue. */
  | { kind: 'escalation-ppc'; workingDaysOverdue: number; letterNumber: string }
  /** The reviewer returned the report for revision. */
  | { kind: 'returned'; reason: string }
  /** The reviewer accepted the report (possibly despite a shortfall). */
  | { kind: 'accepted'; doneOnTime: boolean; shortfalls: ShortfallFact[] }
  /**
   * A report arrived for review ("Chờ duyệt"), to the ICT department's officers (or in their
   * daily digest when REVIEW_NOTICE=digest); `resubmission` after a return.
   */
  | { kind: 'report-arrived'; resubmission: boolean; shortfalls: ShortfallFact[] }
  /** An extension request was decided. */
  | { kind: 'extension-decided'; approved: boolean; newDueDate: LocalDate | null; note: string | null }
  /**
   * A calendar change made the open deadline a day off, so it moved to the next working day
   * (Civil Code 2015, art. 148(5)), to the focal point: `from` the day off, `to` the deadline now.
   */
  | { kind: 'deadline-moved'; from: LocalDate; to: LocalDate };

export type MailKind = MailBody['kind'];
