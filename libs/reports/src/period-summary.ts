import { vietnamDateOf } from '../../domain/src/local-date';
import { categoryTally, countsInTotals } from '../../domain/src/status';
import {
  CATEGORY_ORDER,
  agencyKindLabel,
  agencyKindRank,
  compareClauses,
  compareVi,
  periodLabelVi,
  reportingMonthWindowVi,
} from './labels';
import type {
  AgencyKindSummary,
  AgencyRef,
  AgencySummary,
  CategoryTally,
  DutyRef,
  DutySummary,
  EvidenceEntry,
  LiftedEntry,
  OverdueEntry,
  PeriodReportData,
  PeriodReportRow,
  PeriodSummary,
  ReportingCategory,
  ShortfallEntry,
  SilentAgency,
} from './period-report.types';

const DAY_MS = 86_400_000;

function utcDay(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  return Date.UTC(+m[1], +m[2] - 1, +m[3]);
}

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcDay(to) - utcDay(from)) / DAY_MS);
}

function ratio(part: number, whole: number): number {
  return whole > 0 ? part / whole : 0;
}

class Tally {
  private readonly counts = Object.fromEntries(CATEGORY_ORDER.map((c) => [c, 0])) as Record<ReportingCategory, number>;

  add(category: ReportingCategory): void {
    if (!(category in this.counts)) {
      throw new RangeError(`unknown reporting category: ${String(category)}`);
    }
    this.counts[category] += 1;
  }

  result(): CategoryTally {
    return categoryTally(this.counts);
  }
}

/** Binding and requested tallies of a group of rows. */
class SplitTally {
  readonly binding = new Tally();
  readonly requested = new Tally();

  add(row: PeriodReportRow): void {
    (row.duty.binding ? this.binding : this.requested).add(row.category);
  }
}

/** Tallies of an empty period: all zeros, rates 0. */
export function emptyTally(): CategoryTally {
  return new Tally().result();
}

function agencyRef(row: PeriodReportRow): AgencyRef {
  return { code: row.agency.code, name: row.agency.name, kind: row.agency.kind };
}

function dutyRef(row: PeriodReportRow): DutyRef {
  return { code: row.duty.code, clause: row.duty.clause, title: row.duty.title, binding: row.duty.binding };
}

function compareAgencies(a: AgencyRef, b: AgencyRef): number {
  return agencyKindRank(a.kind) - agencyKindRank(b.kind) || compareVi(a.name, b.name) || compareVi(a.code, b.code);
}

function compareDuties(a: DutyRef, b: DutyRef): number {
  return compareClauses(a.clause, b.clause) || compareVi(a.code, b.code);
}

function groupBy<K, V>(items: readonly V[], key: (v: V) => K): Map<K, V[]> {
  const map = new Map<K, V[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) {
      list.push(item);
    } else {
      map.set(k, [item]);
    }
  }
  return map;
}

/**
 * Tallies a period's assignments: totals and rates overall, per agency kind, per agency and per duty;
 * overdue and silent agencies; shortfalls. Requested ("Đề nghị", `binding: false`) duties are tallied
 * apart and never enter the compliance rates.
 */
export function summarise(data: PeriodReportData): PeriodSummary {
  const generated = new Date(data.generatedAt);
  if (Number.isNaN(generated.getTime())) {
    throw new RangeError(`generatedAt is not an ISO instant: ${data.generatedAt}`);
  }
  const asOf = vietnamDateOf(generated);
  // Waived and cancelled assignments leave every total and rate; they are listed apart.
  const rows = data.rows.filter((r) => countsInTotals(r.status));
  const lifted: LiftedEntry[] = data.rows
    .filter((r) => !countsInTotals(r.status))
    .map((r) => ({ agency: agencyRef(r), duty: dutyRef(r), status: r.status as LiftedEntry['status'] }))
    .sort((a, b) => compareAgencies(a.agency, b.agency) || compareDuties(a.duty, b.duty));

  const overall = new SplitTally();
  for (const row of rows) {
    overall.add(row);
  }

  const byAgencyRows = groupBy(rows, (r) => r.agency.code);

  const byAgency: AgencySummary[] = [...byAgencyRows.values()]
    .map((agencyRows): AgencySummary => {
      const tally = new SplitTally();
      agencyRows.forEach((r) => tally.add(r));
      const submitted = agencyRows.filter((r) => r.submittedAt !== null).length;
      const agency = agencyRef(agencyRows[0]);
      return {
        agency,
        kindLabel: agencyKindLabel(agency.kind),
        binding: tally.binding.result(),
        requested: tally.requested.result(),
        submitted,
        silent: submitted === 0,
      };
    })
    .sort((a, b) => compareAgencies(a.agency, b.agency));

  const byAgencyKind: AgencyKindSummary[] = [...groupBy(rows, (r) => r.agency.kind).entries()]
    .map(([kind, kindRows]): AgencyKindSummary => {
      const tally = new SplitTally();
      kindRows.forEach((r) => tally.add(r));
      return {
        kind,
        label: agencyKindLabel(kind),
        agencies: new Set(kindRows.map((r) => r.agency.code)).size,
        binding: tally.binding.result(),
        requested: tally.requested.result(),
      };
    })
    .sort((a, b) => agencyKindRank(a.kind) - agencyKindRank(b.kind) || compareVi(a.kind, b.kind));

  const byDuty: DutySummary[] = [...groupBy(rows, (r) => r.duty.code).values()]
    .map((dutyRows): DutySummary => {
      const tally = new Tally();
      dutyRows.forEach((r) => tally.add(r.category));
      return {
        duty: dutyRef(dutyRows[0]),
        agencies: new Set(dutyRows.map((r) => r.agency.code)).size,
        tally: tally.result(),
      };
    })
    .sort((a, b) => compareDuties(a.duty, b.duty));

  const overdueAll: OverdueEntry[] = rows
    .filter((r) => r.category === 'open-overdue')
    .map((r) => ({
      agency: agencyRef(r),
      duty: dutyRef(r),
      status: r.status,
      dueDate: r.dueDate,
      originalDueDate: r.originalDueDate,
      daysOverdue: Math.max(0, daysBetween(r.dueDate, asOf)),
      escalationLevel: r.escalationLevel,
    }))
    .sort(
      (a, b) =>
        b.escalationLevel - a.escalationLevel ||
        b.daysOverdue - a.daysOverdue ||
        compareAgencies(a.agency, b.agency) ||
        compareDuties(a.duty, b.duty),
    );

  const silentAll = byAgency
    .filter((a) => a.silent)
    .map((a): { entry: SilentAgency; binding: boolean } => {
      const agencyRows = byAgencyRows.get(a.agency.code) ?? [];
      const earliestDueDate = agencyRows.map((r) => r.dueDate).sort()[0];
      return {
        binding: agencyRows.some((r) => r.duty.binding),
        entry: {
          agency: a.agency,
          duties: agencyRows.map(dutyRef).sort(compareDuties),
          earliestDueDate,
          daysOverdue: Math.max(0, daysBetween(earliestDueDate, asOf)),
          escalationLevel: Math.max(0, ...agencyRows.map((r) => r.escalationLevel)),
        },
      };
    });

  const shortfalls: ShortfallEntry[] = rows
    .flatMap((r) =>
      r.shortfalls.map((s): ShortfallEntry => ({
        agency: agencyRef(r),
        duty: dutyRef(r),
        label: s.label,
        target: s.target,
        actual: s.actual,
        gap: s.target - s.actual,
        achievementRate: ratio(s.actual, s.target),
      })),
    )
    .sort((a, b) => compareAgencies(a.agency, b.agency) || compareDuties(a.duty, b.duty));

  const evidence: EvidenceEntry[] = rows
    .flatMap((r) =>
      r.evidence
        ? [{ agency: agencyRef(r), duty: dutyRef(r), evidence: r.evidence, shortfall: r.shortfalls.length > 0 }]
        : [],
    )
    .sort((a, b) => compareAgencies(a.agency, b.agency) || compareDuties(a.duty, b.duty));

  return {
    plan: data.plan,
    period: data.period,
    periodLabel: periodLabelVi(data.period),
    reportingMonth: reportingMonthWindowVi(data.period),
    generatedAt: data.generatedAt,
    asOf,
    totals: overall.binding.result(),
    requested: overall.requested.result(),
    agencyCount: byAgency.length,
    byAgencyKind,
    byAgency,
    byDuty,
    overdue: {
      binding: overdueAll.filter((o) => o.duty.binding),
      requested: overdueAll.filter((o) => !o.duty.binding),
    },
    silent: {
      binding: silentAll.filter((s) => s.binding).map((s) => s.entry),
      requested: silentAll.filter((s) => !s.binding).map((s) => s.entry),
    },
    shortfalls,
    lifted,
    evidence,
  };
}

/** The figures a period close reports: binding assignments, requested ones apart (see {@link closeFigures}). */
export interface CloseFigures {
  /** Binding ("giao") assignments counted in the period: the signed total. */
  total: number;
  /** Binding assignments per reporting category (the four VPCP categories). */
  counts: Record<ReportingCategory, number>;
  /** Requested ("đề nghị") assignments, in no rate. */
  requested: { total: number; counts: Record<ReportingCategory, number> };
}

/**
 * The figures of a summary that a period close returns: the same binding totals as the report's
 * summary and the statistics API, the requested ones apart; waived and cancelled rows are in neither.
 */
export function closeFigures(summary: PeriodSummary): CloseFigures {
  return {
    total: summary.totals.total,
    counts: { ...summary.totals.counts },
    requested: { total: summary.requested.total, counts: { ...summary.requested.counts } },
  };
}
