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

/** Open statuses from least to furthest along: a report awaiting review is the furthest. */
const OPEN_PROGRESS: readonly AssignmentStatus[] = ['assigned', 'acknowledged', 'returned', 'submitted'];

/**
 * Where one assignment stands when it holds the open work of several (two bodies merged
 * into one had the same duty and period open): the furthest along of their open statuses,
 * so a report awaiting review stays in the review queue (the reviewer sees every part's
 * submissions), and a report sent back stays the agency's to correct. Closed statuses never
 * combine: a closed assignment has no open work to hand over.
 * @throws Error when either status is not open.
 */
export function combinedOpenStatus(a: AssignmentStatus, b: AssignmentStatus): AssignmentStatus {
  if (!isOpenStatus(a) || !isOpenStatus(b)) {
    throw new Error(`only open statuses combine, not ${a} and ${b}`);
  }
  return OPEN_PROGRESS.indexOf(a) >= OPEN_PROGRESS.indexOf(b) ? a : b;
}

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

/** Whether an assignment enters totals and rates: waived and cancelled ones are listed apart. */
export const countsInTotals = (s: AssignmentStatus): boolean => !isLiftedStatus(s);

/**
 * The category of an assignment on `today` (Vietnam date), as Vietnamese task
 * tracking counts it (Decision 42/2014/QĐ-TTg, as amended by 23/2018; a task is
 * completed when the assigning body accepts its result, and one returned by the
 * reviewer counts as not completed):
 * - open (assigned, acknowledged, returned) and awaiting review ("Chờ duyệt"):
 *   open on time until the deadline in force (inclusive), open overdue after it;
 * - accepted: done on time when the accepted report was submitted by the deadline
 *   in force (`completedOn`, the Vietnam date of that submission), else done late;
 *   an accepted shortfall is done (and flagged by the read model's `hasShortfall`);
 * - waived or cancelled: `null`, it is not counted at all.
 */
export function assignmentCategory(
  a: { status: AssignmentStatus; dueDate: LocalDate; completedOn?: LocalDate | null },
  today: LocalDate,
): ReportingCategory | null {
  switch (a.status) {
    case 'accepted':
      return reportingCategory(a.dueDate, today, a.completedOn ?? today);
    case 'assigned':
    case 'acknowledged':
    case 'submitted':
    case 'returned':
      return reportingCategory(a.dueDate, today);
    case 'waived':
    case 'cancelled':
      return null;
  }
}

/**
 * Counts of a group of counted assignments per category, with the rates the ICT department
 * signs: the compliance rate ("tỷ lệ hoàn thành") is done (on time or late) over the total,
 * the on-time rate ("tỷ lệ hoàn thành đúng hạn") is done on time over the total; both are
 * fractions in [0, 1], 0 when the total is 0.
 */
export interface CategoryTally {
  counts: Record<ReportingCategory, number>;
  /** Sum of `counts`: the total that rates are computed on. */
  total: number;
  /** done-on-time + done-late. */
  done: number;
  /** done / total. */
  complianceRate: number;
  /** done-on-time / total. */
  onTimeRate: number;
}

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);

/** The tally (total, done, rates) of counts per category. */
export function categoryTally(counts: Readonly<Record<ReportingCategory, number>>): CategoryTally {
  const copy = { ...counts };
  const total = REPORTING_CATEGORIES.reduce((sum, c) => sum + copy[c], 0);
  const done = copy['done-on-time'] + copy['done-late'];
  return {
    counts: copy,
    total,
    done,
    complianceRate: ratio(done, total),
    onTimeRate: ratio(copy['done-on-time'], total),
  };
}

const zeroCounts = (): Record<ReportingCategory, number> =>
  Object.fromEntries(REPORTING_CATEGORIES.map((c) => [c, 0])) as Record<ReportingCategory, number>;

/** Counts of assignments by category, with the review sub-state and the lifted ones apart. */
export interface CategoryCounts {
  /** Counted assignments per category (waived and cancelled excluded). */
  counts: Record<ReportingCategory, number>;
  /** Sum of `counts`: the total that rates are computed on. */
  total: number;
  /** Of the open ones, reports awaiting review ("Chờ duyệt"). */
  awaitingReview: number;
  /** Waived and cancelled assignments, listed apart and never in `total`. */
  lifted: { waived: number; cancelled: number };
}

/** Folds `(status, category, count)` groups into category counts by the rules of `assignmentCategory`. */
export function countCategories(
  groups: Iterable<{ status: AssignmentStatus; category: ReportingCategory; count: number }>,
): CategoryCounts {
  const result: CategoryCounts = {
    counts: zeroCounts(),
    total: 0,
    awaitingReview: 0,
    lifted: { waived: 0, cancelled: 0 },
  };
  for (const g of groups) {
    if (g.status === 'waived' || g.status === 'cancelled') {
      result.lifted[g.status] += g.count;
      continue;
    }
    result.counts[g.category] += g.count;
    result.total += g.count;
    if (g.status === 'submitted') {
      result.awaitingReview += g.count;
    }
  }
  return result;
}

/** A tally with the reports awaiting review ("Chờ duyệt") among its open ones. */
export interface ReviewedTally extends CategoryTally {
  awaitingReview: number;
}

/**
 * Counts split the way the ICT department signs them (plan NQ06 section V: duties "giao"
 * bind the agency, duties "đề nghị" only request a body the Province cannot direct):
 * binding assignments make the official totals and rates; requested ones, an ad-hoc
 * request to a requested body included, are tallied apart and never count as
 * non-compliance; waived and cancelled ones are in neither.
 */
export interface BindingSplitCounts {
  /** Binding ("giao") assignments: the official totals and rates. */
  binding: ReviewedTally;
  /** Requested ("đề nghị") assignments: shown apart, outside the rates. */
  requested: ReviewedTally;
  /** Waived and cancelled assignments of both kinds, listed apart and in no total. */
  lifted: { waived: number; cancelled: number };
}

/**
 * Folds `(binding, status, category, count)` groups into binding and requested tallies by
 * the rules of `assignmentCategory`. `binding` is the assignment's own flag (an ad-hoc
 * request to a requested body is `false` even when its duty binds).
 */
export function countCategoriesByBinding(
  groups: Iterable<{ binding: boolean; status: AssignmentStatus; category: ReportingCategory; count: number }>,
): BindingSplitCounts {
  const list = [...groups];
  const side = (binding: boolean): ReviewedTally => {
    const c = countCategories(list.filter((g) => g.binding === binding));
    return { ...categoryTally(c.counts), awaitingReview: c.awaitingReview };
  };
  return { binding: side(true), requested: side(false), lifted: countCategories(list).lifted };
}

/** Why an officer's "escalate now" is refused, or `null` when it may go ahead. */
export type EscalationRefusal = 'not-agency-turn' | 'not-overdue' | 'return-window' | 'top-level';

/**
 * Whether an officer may escalate an assignment now (issue 13, fair escalation):
 * only when it is the agency's turn, the deadline in force has passed (Vietnam
 * date `today` after `dueDate`; before it an officer prods instead), the agency is
 * not inside the new window a report returned after the deadline gets
 * (`returnWindowEnd`, inclusive, a Vietnam date: until then it is not overdue
 * either) and a level is left on its ladder (`topLevel`: 1 for a requested "Đề
 * nghị" assignment).
 */
export function escalationRefusal(
  a: { status: AssignmentStatus; dueDate: LocalDate; escalationLevel: number; returnWindowEnd?: LocalDate | null },
  today: LocalDate,
  topLevel: number,
): EscalationRefusal | null {
  if (!isAgencyTurn(a.status)) {
    return 'not-agency-turn';
  }
  if (today <= a.dueDate) {
    return 'not-overdue';
  }
  if (a.returnWindowEnd && today <= a.returnWindowEnd) {
    return 'return-window';
  }
  return a.escalationLevel >= topLevel ? 'top-level' : null;
}
