import { vietnameseOrder } from '../search';
import type { DataSource, Repository } from 'typeorm';
import type { AssignmentStatus, ReportingCategory } from '../../../domain/src/status';
import type { AcceptedEvidence } from '../../../reports/src/period-report.types';
import { PeriodReportEntity } from '../entities';
import { consolidationSelection } from '../../../domain/src/periods/duty-periods';

export interface PeriodReportRowRecord {
  agency: { code: string; name: string; kind: string };
  duty: { code: string; clause: string; title: string; binding: boolean };
  category: ReportingCategory;
  status: AssignmentStatus;
  dueDate: string;
  originalDueDate: string;
  submittedAt: string | null;
  escalationLevel: number;
  shortfalls: Array<{ label: string; target: number; actual: number }>;
  /** The accepted submission (evidence kept); null unless accepted. */
  evidence: AcceptedEvidence | null;
}

type FieldLabel = { key: string; label: { vi: string } };

/** Evidence values with their field labels, in the fields' order (unknown keys last, by key). */
function labelled(values: Record<string, string | number>, fields: FieldLabel[]): AcceptedEvidence['values'] {
  const order = new Map(fields.map((f, i) => [f.key, i]));
  return Object.entries(values)
    .sort(([a], [b]) => (order.get(a) ?? 1e6) - (order.get(b) ?? 1e6) || a.localeCompare(b))
    .map(([key, value]) => ({ label: fields.find((f) => f.key === key)?.label.vi ?? key, value }));
}

export class PeriodReportRepository {
  private readonly repo: Repository<PeriodReportEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(PeriodReportEntity);
  }

  /**
   * Every assignment of a plan in a period, as the report sees it (categories as of now):
   * those of the period itself and those of shorter periods inside it. A calendar month of
   * activity counts in the Decree 09/2019 period whose window holds its last day: the report
   * of H1 2026 (15/12/2025 → 14/6/2026) counts the programmes of December 2025 to May 2026,
   * hence "starts on or after the first of the window's first month". A calendar month also
   * counts its reporting month (2026-11 counts 2026-R11). The selection is
   * consolidationSelection (libs/domain), its one definition.
   */
  async rows(planCode: string, periodKey: string, start: string, end: string): Promise<PeriodReportRowRecord[]> {
    const selection = consolidationSelection({ key: periodKey, start, end });
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT g.code AS agency_code, g.name AS agency_name, g.kind AS agency_kind,
              d.code AS duty_code, d.clause, d.title_vi, COALESCE(a.binding, d.binding) AS binding,
              a.category, a.status, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
              to_char(a.original_due_date, 'YYYY-MM-DD') AS original_due_date,
              a.submitted_at, a.escalation_level, a.shortfalls,
              s.submitted_at AS ev_at, s.actor AS ev_actor, s."values" AS ev_values, s.links AS ev_links,
              s.attachments AS ev_attachments, s.note AS ev_note,
              COALESCE(r.fields, d.spec->'evidence'->'fields') AS ev_fields
       FROM assignments a JOIN agencies g ON g.id = a.agency_id JOIN duties d ON d.id = a.duty_id JOIN plans p ON p.id = d.plan_id
       LEFT JOIN report_requests r ON r.key = a.period_key
       LEFT JOIN LATERAL (
         SELECT * FROM assignment_submissions x WHERE x.workflow_id = a.workflow_id
         ORDER BY x.submitted_at DESC, x.id DESC LIMIT 1
       ) s ON a.status = 'accepted'
       WHERE p.code = $1 AND (a.period_key = ANY($2::text[]) OR (a.period_start >= $3::date AND a.period_end <= $4::date))
       ORDER BY g.kind, ${vietnameseOrder('g.name')}, d.clause, d.code, a.period_key`,
      [planCode, selection.keys, selection.from, selection.to],
    );
    return rows.map((r) => ({
      agency: { code: r.agency_code as string, name: r.agency_name as string, kind: r.agency_kind as string },
      duty: {
        code: r.duty_code as string,
        clause: r.clause as string,
        title: r.title_vi as string,
        binding: r.binding as boolean,
      },
      category: r.category as ReportingCategory,
      status: r.status as AssignmentStatus,
      dueDate: r.due_date as string,
      originalDueDate: r.original_due_date as string,
      submittedAt: r.submitted_at ? (r.submitted_at as Date).toISOString() : null,
      escalationLevel: r.escalation_level as number,
      shortfalls: (r.shortfalls as PeriodReportRowRecord['shortfalls']) ?? [],
      evidence: r.ev_at
        ? {
            submittedAt: (r.ev_at as Date).toISOString(),
            actor: r.ev_actor as string,
            values: labelled(r.ev_values as Record<string, string | number>, (r.ev_fields as FieldLabel[]) ?? []),
            links: r.ev_links as string[],
            attachments: (r.ev_attachments as Array<{ name: string }>).map((a) => a.name),
            note: (r.ev_note as string | null) ?? null,
          }
        : null,
    }));
  }

  /** Stores a report once per close run (a retried activity gets the same row back). */
  async store(report: Omit<PeriodReportEntity, 'id' | 'createdAt' | 'version'>): Promise<PeriodReportEntity> {
    const existing = await this.repo.findOne({ where: { runKey: report.runKey } });
    if (existing) {
      return existing;
    }
    return this.dataSource.transaction(async (em) => {
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `period-report-${report.planCode}-${report.periodKey}`,
      ]);
      const [{ next }] = await em.query<Array<{ next: number }>>(
        'SELECT COALESCE(MAX(version), 0) + 1 AS next FROM period_reports WHERE plan_code = $1 AND period_key = $2',
        [report.planCode, report.periodKey],
      );
      return em
        .getRepository(PeriodReportEntity)
        .save(em.getRepository(PeriodReportEntity).create({ ...report, version: next }));
    });
  }

  findById(id: string): Promise<PeriodReportEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Reports without their files, newest first. */
  list(planCode?: string): Promise<PeriodReportEntity[]> {
    return this.repo.find({
      select: {
        id: true,
        planCode: true,
        periodKey: true,
        version: true,
        summary: true,
        createdAt: true,
        runKey: true,
      },
      where: planCode ? { planCode } : {},
      order: { createdAt: 'DESC' },
    });
  }
}
