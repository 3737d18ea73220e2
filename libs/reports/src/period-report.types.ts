import type { ReportingMonthWindow } from './labels';
import type { AssignmentStatus, CategoryTally, ReportingCategory } from '../../domain/src/status';

/** One assignment (a duty of one agency in the period) as the period report sees it. */
export interface PeriodReportRow {
  agency: { code: string; name: string; kind: string };
  /** `binding: false` marks a duty the plan only requests ("Đề nghị") of a body it cannot direct. */
  duty: { code: string; clause: string; title: string; binding: boolean };
  category: ReportingCategory;
  status: AssignmentStatus;
  /** Deadline in force, YYYY-MM-DD. */
  dueDate: string;
  /** Deadline before any extension, YYYY-MM-DD. */
  originalDueDate: string;
  /** ISO instant of the agency's submission, null when it has not reported. */
  submittedAt: string | null;
  /** Highest escalation level reached (0 = none). */
  escalationLevel: number;
  /** Reported indicators below their target. */
  shortfalls: Array<{ label: string; target: number; actual: number }>;
  /** The accepted submission (evidence kept), present when the assignment was accepted. */
  evidence?: AcceptedEvidence | null;
}

/** What the agency sent in the submission the ICT department accepted. */
export interface AcceptedEvidence {
  /** ISO instant it was sent. */
  submittedAt: string;
  /** Who sent it (e.g. "agency:xa-hoang-hoa"). */
  actor: string;
  /** Each evidence value with its field's Vietnamese label, in the duty's field order. */
  values: Array<{ label: string; value: string | number }>;
  links: string[];
  /** File names of the attachments. */
  attachments: string[];
  note: string | null;
}

/** Everything the period report builders need; gathered by the caller, no database access here. */
export interface PeriodReportData {
  plan: { code: string; title: { vi: string; en: string } };
  period: { key: string; kind: 'month' | 'quarter' | 'half' | 'year'; start: string; end: string }; // YYYY-MM-DD
  generatedAt: string; // ISO instant
  rows: PeriodReportRow[];
}

export type { ReportingCategory };

/** Counts of assignments per reporting category, with the rates derived from them (one definition: libs/domain). */
export type { CategoryTally };

export interface AgencyRef {
  code: string;
  name: string;
  kind: string;
}

export interface DutyRef {
  code: string;
  clause: string;
  title: string;
  binding: boolean;
}

export interface AgencyKindSummary {
  kind: string;
  /** Vietnamese name of the group of agencies. */
  label: string;
  /** Number of distinct agencies of this kind in the period. */
  agencies: number;
  /** Assigned (binding) duties: the basis of the rates. */
  binding: CategoryTally;
  /** Requested ("Đề nghị") duties: informational, never counted as non-compliance. */
  requested: CategoryTally;
}

export interface AgencySummary {
  agency: AgencyRef;
  kindLabel: string;
  binding: CategoryTally;
  requested: CategoryTally;
  /** Rows with a submission. */
  submitted: number;
  /** No submission at all in the period. */
  silent: boolean;
}

export interface DutySummary {
  duty: DutyRef;
  /** Number of distinct agencies assigned this duty in the period. */
  agencies: number;
  /** All rows of the duty (a duty is either binding or requested as a whole). */
  tally: CategoryTally;
}

export interface OverdueEntry {
  agency: AgencyRef;
  duty: DutyRef;
  status: AssignmentStatus;
  dueDate: string;
  originalDueDate: string;
  /** Calendar days from the deadline in force to the report date (Vietnam time). */
  daysOverdue: number;
  escalationLevel: number;
}

export interface SilentAgency {
  agency: AgencyRef;
  /** The agency's duties in the period (all unreported). */
  duties: DutyRef[];
  /** Earliest deadline in force among them. */
  earliestDueDate: string;
  /** Calendar days from the earliest deadline to the report date, 0 when not yet due. */
  daysOverdue: number;
  /** Highest escalation level among its rows. */
  escalationLevel: number;
}

export interface ShortfallEntry {
  agency: AgencyRef;
  duty: DutyRef;
  label: string;
  target: number;
  actual: number;
  /** target − actual. */
  gap: number;
  /** actual / target (0 when target is 0). */
  achievementRate: number;
}

/** A waived (miễn) or cancelled (hủy) assignment: in no total or rate, listed apart. */
export interface LiftedEntry {
  agency: AgencyRef;
  duty: DutyRef;
  status: 'waived' | 'cancelled';
}

export interface PeriodSummary {
  plan: PeriodReportData['plan'];
  period: PeriodReportData['period'];
  /** Vietnamese name of the period inside a sentence with its window, e.g. "quý IV/2026 (số liệu từ 15/9/2026 đến 14/12/2026)" (periodLabelVi). */
  periodLabel: string;
  /** A monthly report: the Decree 09/2019 reporting month it also counts (reportingMonthWindowVi); null otherwise. */
  reportingMonth: ReportingMonthWindow | null;
  generatedAt: string;
  /** Vietnam calendar date of generatedAt, the reference date for days overdue. */
  asOf: string;
  /** Assigned (binding) duties: the official totals and rates. */
  totals: CategoryTally;
  /** Requested ("Đề nghị") duties, reported apart and excluded from the rates. */
  requested: CategoryTally;
  /** Distinct agencies in the period. */
  agencyCount: number;
  byAgencyKind: AgencyKindSummary[];
  byAgency: AgencySummary[];
  byDuty: DutySummary[];
  /** Open-overdue rows, binding ones (non-compliance) apart from requested ones (listed only). */
  overdue: { binding: OverdueEntry[]; requested: OverdueEntry[] };
  /**
   * Agencies with no submission at all in the period. An agency with at least one binding
   * duty is under `binding`; one with requested duties only is under `requested`.
   */
  silent: { binding: SilentAgency[]; requested: SilentAgency[] };
  /** Every reported indicator below target, binding and requested alike (see `duty.binding`). */
  shortfalls: ShortfallEntry[];
  /** Waived and cancelled assignments of the period. */
  lifted: LiftedEntry[];
  /** The evidence of every accepted assignment (evidence kept), agency and duty order. */
  evidence: EvidenceEntry[];
}

export interface EvidenceEntry {
  agency: AgencyRef;
  duty: DutyRef;
  evidence: AcceptedEvidence;
  /** The accepted report was below a target. */
  shortfall: boolean;
}
