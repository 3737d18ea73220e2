import type { LocalDate } from './local-date';

/**
 * The one definition of where an assignment stands: its lifecycle statuses,
 * which of them are open or closed, and the four reporting categories of
 * Vietnamese task tracking. Workflows, API, worker, repositories, reports and
 * the web app all read it from here.
 */

/**
 * Lifecycle statuses. `submitted` is the review sub-state "Chờ duyệt": the
 * agency has sent its report and the ICT department has not decided yet.
 */
export const ASSIGNMENT_STATUSES = [
  'assigned',
  'acknowledged',
  'submitted',
  'returned',
  'accepted',
  'waived',
  'cancelled',
] as const;
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number];

/** Closed: nothing more is asked of the agency. */
export const CLOSED_STATUSES: readonly AssignmentStatus[] = ['accepted', 'waived', 'cancelled'];
/** Open: still counted as work in progress (a report awaiting review included). */
export const OPEN_STATUSES: readonly AssignmentStatus[] = ['assigned', 'acknowledged', 'submitted', 'returned'];
/** The agency's turn: reminders, prods, escalation and extension requests apply. */
export const AGENCY_TURN_STATUSES: readonly AssignmentStatus[] = ['assigned', 'acknowledged', 'returned'];
/**
 * The obligation was lifted (miễn) or withdrawn (hủy): such an assignment is
 * listed apart and never enters totals or rates.
 */
export const LIFTED_STATUSES: readonly AssignmentStatus[] = ['waived', 'cancelled'];

export function isAssignmentStatus(value: unknown): value is AssignmentStatus {
  return typeof value === 'string' && (ASSIGNMENT_STATUSES as readonly string[]).includes(value);
}
export const isClosedStatus = (s: AssignmentStatus): boolean => CLOSED_STATUSES.includes(s);
export const isOpenStatus = (s: AssignmentStatus): boolean => OPEN_STATUSES.includes(s);
export const isAgencyTurn = (s: AssignmentStatus): boolean => AGENCY_TURN_STATUSES.includes(s);
export const isLiftedStatus = (s: AssignmentStatus): boolean => LIFTED_STATUSES.includes(s);

export const ASSIGNMENT_STATUS_LABELS: Record<AssignmentStatus, { vi: string; en: string }> = {
  assigned: { vi: 'Đã giao', en: 'Assigned' },
  acknowledged: { vi: 'Đã tiếp nhận', en: 'Acknowledged' },
  submitted: { vi: 'Chờ duyệt', en: 'Awaiting review' },
  returned: { vi: 'Bị trả lại', en: 'Returned' },
  accepted: { vi: 'Đã chấp nhận', en: 'Accepted' },
  waived: { vi: 'Được miễn', en: 'Waived' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
};

/**
 * The four buckets of Vietnamese task tracking (Decision 42/2014/QĐ-TTg):
 * every assignment that counts is in exactly one of them.
 */
export const REPORTING_CATEGORIES = ['open-on-time', 'open-overdue', 'done-on-time', 'done-late'] as const;
export type ReportingCategory = (typeof REPORTING_CATEGORIES)[number];

export const REPORTING_CATEGORY_LABELS: Record<ReportingCategory, { vi: string; en: string }> = {
  'open-on-time': { vi: 'Đang thực hiện, trong hạn', en: 'Open, on time' },
  'open-overdue': { vi: 'Đang thực hiện, quá hạn', en: 'Open, overdue' },
  'done-on-time': { vi: 'Đã hoàn thành đúng hạn', en: 'Done on time' },
  'done-late': { vi: 'Đã hoàn thành quá hạn', en: 'Done late' },
};

export function isReportingCategory(value: unknown): value is ReportingCategory {
  return typeof value === 'string' && (REPORTING_CATEGORIES as readonly string[]).includes(value);
}
export const isDoneCategory = (c: ReportingCategory): boolean => c === 'done-on-time' || c === 'done-late';

/**
 * Category of an assignment on `today` (Vietnam date) against the deadline in force.
 * `doneOn` is the Vietnam date of completion, if completed; a deadline day itself is on time.
 */
export function reportingCategory(dueDate: LocalDate, today: LocalDate, doneOn?: LocalDate | null): ReportingCategory {
  if (doneOn) {
    return doneOn <= dueDate ? 'done-on-time' : 'done-late';
  }
  return today <= dueDate ? 'open-on-time' : 'open-overdue';
}
