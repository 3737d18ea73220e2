import type { DataSource, EntityManager, Repository } from 'typeorm';
import {
  CLOSED_STATUSES,
  OPEN_STATUSES,
  type AssignmentStatus,
  type ReportingCategory,
} from '../../../domain/src/status';
import { AssignmentEntity, AuditEventEntity } from '../entities';
import { foldedMatch, searchParam, vietnameseOrder } from '../search';

export interface AssignmentSnapshot {
  workflowId: string;
  dutyId: string;
  agencyId: string;
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
  status: AssignmentStatus;
  category: ReportingCategory;
  dueDate: string;
  originalDueDate: string;
  escalationLevel: number;
  remindersSent: number;
  submittedAt: Date | null;
  completedAt: Date | null;
  hasShortfall: boolean;
  shortfalls: Array<{ label: string; target: number; actual: number }>;
  stateVersion: number;
  /** Whether the assignment binds its agency (see AssignmentEntity.binding). */
  binding?: boolean;
  /** The latest submission, kept once per submission id (see SubmissionRecordRow). */
  submission?: SubmissionRecordRow;
}

/** A submission as kept in the read model: what the agency sent, when and who. */
export interface SubmissionRecordRow {
  submissionId: string;
  at: string;
  actor: string;
  values: Record<string, string | number>;
  links?: string[];
  attachments?: Array<{ id: string; name: string; sizeBytes?: number }>;
  note?: string;
  shortfalls: Array<{ key: string; label: { vi: string; en: string }; target: number; actual: number }>;
}

/** Filters of the assignment list; every field optional. */
export interface AssignmentFilter {
  periodKey?: string;
  dutyCode?: string;
  agencyCode?: string;
  agencyKind?: string;
  category?: ReportingCategory;
  status?: AssignmentStatus;
  /** Case-insensitive search in agency name and duty title. */
  q?: string;
  workflowIds?: string[];
}

export const ASSIGNMENT_SORTS = [
  'dueDate',
  'agency',
  'duty',
  'category',
  'status',
  'updatedAt',
  'submittedAt',
] as const;
export type AssignmentSort = (typeof ASSIGNMENT_SORTS)[number];

export interface AssignmentListRow {
  id: string;
  workflowId: string;
  periodKey: string;
  status: AssignmentStatus;
  category: ReportingCategory;
  dueDate: string;
  originalDueDate: string;
  escalationLevel: number;
  remindersSent: number;
  hasShortfall: boolean;
  submittedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  agency: { code: string; name: string; kind: string };
  duty: { code: string; clause: string; titleVi: string; titleEn: string; binding: boolean; planCode: string };
}

export interface AuditEventInput {
  eventKey: string;
  workflowId: string | null;
  entityType: string;
  entityId: string;
  type: string;
  actor: string;
  occurredAt: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export class AssignmentRepository {
  private readonly repo: Repository<AssignmentEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.repo = dataSource.getRepository(AssignmentEntity);
  }

  /**
   * Writes the workflow's snapshot and its audit event together. Idempotent:
   * a retried or out-of-order write never moves the row back to an older version
   * and never duplicates the event.
   */
  async recordTransition(snapshot: AssignmentSnapshot, event: AuditEventInput): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO assignments (workflow_id, duty_id, agency_id, period_key, period_start, period_end, status, category,
           due_date, original_due_date, escalation_level, reminders_sent, state_version,
           submitted_at, completed_at, has_shortfall, shortfalls, binding)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18)
         ON CONFLICT (workflow_id) DO UPDATE SET
           status = EXCLUDED.status, category = EXCLUDED.category, due_date = EXCLUDED.due_date,
           escalation_level = EXCLUDED.escalation_level, reminders_sent = EXCLUDED.reminders_sent,
           state_version = EXCLUDED.state_version, submitted_at = EXCLUDED.submitted_at,
           completed_at = EXCLUDED.completed_at, has_shortfall = EXCLUDED.has_shortfall,
           shortfalls = EXCLUDED.shortfalls, binding = COALESCE(EXCLUDED.binding, assignments.binding),
           updated_at = now()
         WHERE assignments.state_version < EXCLUDED.state_version`,
        [
          snapshot.workflowId,
          snapshot.dutyId,
          snapshot.agencyId,
          snapshot.periodKey,
          snapshot.periodStart,
          snapshot.periodEnd,
          snapshot.status,
          snapshot.category,
          snapshot.dueDate,
          snapshot.originalDueDate,
          snapshot.escalationLevel,
          snapshot.remindersSent,
          snapshot.stateVersion,
          snapshot.submittedAt,
          snapshot.completedAt,
          snapshot.hasShortfall,
          JSON.stringify(snapshot.shortfalls),
          snapshot.binding ?? null,
        ],
      );
      const sub = snapshot.submission;
      if (sub) {
        await em.query(
          `INSERT INTO assignment_submissions (workflow_id, submission_id, submitted_at, actor, "values", links,
             attachments, note, shortfalls)
           VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (workflow_id, submission_id) DO NOTHING`,
          [
            snapshot.workflowId,
            sub.submissionId,
            new Date(sub.at),
            sub.actor,
            JSON.stringify(sub.values ?? {}),
            JSON.stringify(sub.links ?? []),
            JSON.stringify(sub.attachments ?? []),
            sub.note ?? null,
            JSON.stringify(sub.shortfalls ?? []),
          ],
        );
      }
      await insertAudit(em, event);
    });
  }

  /** Open assignments (not accepted, waived or cancelled) whose deadline in force is one of `dates`, by deadline. */
  async openDueOn(dates: readonly string[]): Promise<Array<{ workflowId: string; dueDate: string }>> {
    if (dates.length === 0) {
      return [];
    }
    const rows = await this.repo
      .createQueryBuilder('a')
      .select(['a.workflowId', 'a.dueDate'])
      .where('a.due_date IN (:...dates)', { dates })
      .andWhere('a.status IN (:...open)', { open: [...OPEN_STATUSES] })
      .orderBy('a.due_date', 'ASC')
      .addOrderBy('a.workflow_id', 'ASC')
      .getMany();
    return rows.map((r) => ({ workflowId: r.workflowId, dueDate: r.dueDate }));
  }

  async appendAudit(event: AuditEventInput): Promise<void> {
    await insertAudit(this.dataSource.manager, event);
  }

  /**
   * Number of a formal urging letter (công văn đôn đốc): numbering restarts each
   * year; asking again for the same workflow and level returns the same number.
   */
  async issueLetterNumber(workflowId: string, level: number, year: number): Promise<number> {
    return this.dataSource.transaction(async (em) => {
      // Serialises numbering within a year so two letters never share a number.
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`urging-letters-${year}`]);
      const existing = await em.query<Array<{ seq: number }>>(
        'SELECT seq FROM urging_letters WHERE workflow_id = $1 AND level = $2',
        [workflowId, level],
      );
      if (existing.length) {
        return existing[0].seq;
      }
      // The lowest number of the year not taken: a number given back (see releaseLetterNumber) is reused,
      // so the letters of a year are numbered without gaps.
      const rows = await em.query<Array<{ seq: number }>>(
        `INSERT INTO urging_letters (year, seq, workflow_id, level)
         SELECT $1, CASE WHEN NOT EXISTS (SELECT 1 FROM urging_letters WHERE year = $1 AND seq = 1) THEN 1
                ELSE (SELECT MIN(u.seq) + 1 FROM urging_letters u WHERE u.year = $1 AND NOT EXISTS (
                        SELECT 1 FROM urging_letters v WHERE v.year = $1 AND v.seq = u.seq + 1)) END, $2, $3
         RETURNING seq`,
        [year, workflowId, level],
      );
      return rows[0].seq;
    });
  }

  /**
   * Gives back the number issued to (workflow, level) when its escalation was cancelled before a
   * letter carried it; the next letter of its year takes it. Nothing happens when none was issued.
   */
  async releaseLetterNumber(workflowId: string, level: number): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const rows = await em.query<Array<{ year: number }>>(
        'SELECT year FROM urging_letters WHERE workflow_id = $1 AND level = $2',
        [workflowId, level],
      );
      if (!rows.length) {
        return;
      }
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`urging-letters-${rows[0].year}`]);
      await em.query('DELETE FROM urging_letters WHERE workflow_id = $1 AND level = $2', [workflowId, level]);
    });
  }

  /**
   * The two statements of `list` (the total, then the page) and their parameters; exposed so the
   * search benchmark (scripts/bench/search-explain.ts) explains exactly what the API runs.
   */
  listSql(
    filter: AssignmentFilter,
    page: { offset: number; limit: number },
    sort: { field: AssignmentSort; desc: boolean } = { field: 'dueDate', desc: false },
  ): { count: string; rows: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    // Each filter field and the condition it adds.
    const conditions: Array<[unknown, string]> = [
      [filter.periodKey, 'a.period_key = ?'],
      [filter.dutyCode, 'd.code = ?'],
      [filter.agencyCode, 'g.code = ?'],
      [filter.agencyKind, 'g.kind = ?'],
      [filter.category, 'a.category = ?'],
      [filter.status, 'a.status = ?'],
      [filter.workflowIds, 'a.workflow_id = ANY(?)'],
    ];
    for (const [value, sql] of conditions) {
      if (value) {
        add(sql, value);
      }
    }
    if (filter.q) {
      // The folded match runs once per agency and per duty (their trigram indexes), never once per
      // assignment: the matching ids become two arrays, and the assignments are found through their
      // agency_id and duty_id indexes (a BitmapOr), not by folding names row by row after a join.
      const p = `$${params.length + 1}`;
      add(
        `(a.agency_id = ANY(ARRAY(SELECT sg.id FROM agencies sg WHERE ${foldedMatch('sg.name', p)}))
          OR a.duty_id = ANY(ARRAY(SELECT sd.id FROM duties sd
                                   WHERE ${foldedMatch('sd.title_vi', p)} OR ${foldedMatch('sd.title_en', p)})))`,
        searchParam(filter.q),
      );
    }
    const whereSql = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const order = {
      dueDate: 'a.due_date',
      agency: vietnameseOrder('g.name'),
      duty: 'd.code',
      category: 'a.category',
      status: 'a.status',
      updatedAt: 'a.updated_at',
      submittedAt: 'a.submitted_at',
    }[sort.field];
    const from = `FROM assignments a JOIN agencies g ON g.id = a.agency_id JOIN duties d ON d.id = a.duty_id JOIN plans p ON p.id = d.plan_id`;
    // Agencies, duties and plans are never deleted (they end or retire), so every row has its three:
    // a count filtered on the assignment's own columns needs no join and reads one table, not four.
    const joinedFilter = !!(filter.dutyCode || filter.agencyCode || filter.agencyKind);
    return {
      count: `SELECT COUNT(*)::int AS total ${joinedFilter ? from : 'FROM assignments a'} ${whereSql}`,
      rows: `SELECT a.id, a.workflow_id, a.period_key, a.status, a.category, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
              to_char(a.original_due_date, 'YYYY-MM-DD') AS original_due_date, a.escalation_level, a.reminders_sent,
              a.has_shortfall, a.submitted_at, a.completed_at, a.updated_at,
              g.code AS agency_code, g.name AS agency_name, g.kind AS agency_kind,
              d.code AS duty_code, d.clause, d.title_vi, d.title_en, d.binding, p.code AS plan_code
       ${from} ${whereSql}
       ORDER BY ${order} ${sort.desc ? 'DESC' : 'ASC'}, a.id
       LIMIT ${Math.trunc(page.limit)} OFFSET ${Math.trunc(page.offset)}`,
      params,
    };
  }

  /** One page of assignments joined with their agency and duty, filtered and sorted. */
  async list(
    filter: AssignmentFilter,
    page: { offset: number; limit: number },
    sort: { field: AssignmentSort; desc: boolean } = { field: 'dueDate', desc: false },
  ): Promise<{ total: number; items: AssignmentListRow[] }> {
    const { count, rows: rowsSql, params } = this.listSql(filter, page, sort);
    const [{ total }] = await this.dataSource.query<Array<{ total: number }>>(count, params);
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(rowsSql, params);
    return {
      total,
      items: rows.map((r) => ({
        id: r.id as string,
        workflowId: r.workflow_id as string,
        periodKey: r.period_key as string,
        status: r.status as AssignmentStatus,
        category: r.category as ReportingCategory,
        dueDate: r.due_date as string,
        originalDueDate: r.original_due_date as string,
        escalationLevel: r.escalation_level as number,
        remindersSent: r.reminders_sent as number,
        hasShortfall: r.has_shortfall as boolean,
        submittedAt: r.submitted_at as Date | null,
        completedAt: r.completed_at as Date | null,
        updatedAt: r.updated_at as Date,
        agency: { code: r.agency_code as string, name: r.agency_name as string, kind: r.agency_kind as string },
        duty: {
          code: r.duty_code as string,
          clause: r.clause as string,
          titleVi: r.title_vi as string,
          titleEn: r.title_en as string,
          binding: r.binding as boolean,
          planCode: r.plan_code as string,
        },
      })),
    };
  }

  /**
   * Counts per reporting category and status grouped by agency, agency kind, duty or period,
   * binding apart from requested (fold with `countCategoriesByBinding` or `countCategories`).
   */
  async statistics(
    groupBy: 'agency' | 'agencyKind' | 'duty' | 'period',
    filter: { periodKey?: string; agencyCode?: string },
  ): Promise<
    Array<{
      key: string;
      label: string;
      labelEn: string;
      /** The assignment's own flag, else its duty's (an ad-hoc request to a requested body is false). */
      binding: boolean;
      category: ReportingCategory;
      status: AssignmentStatus;
      count: number;
    }>
  > {
    // [key, Vietnamese label, English label]
    const group = {
      agency: ['g.code', 'g.name', 'g.name'],
      agencyKind: ['g.kind', 'g.kind', 'g.kind'],
      duty: ['d.code', 'd.title_vi', 'd.title_en'],
      period: ['a.period_key', 'a.period_key', 'a.period_key'],
    }[groupBy];
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.periodKey) {
      params.push(filter.periodKey);
      where.push(`a.period_key = $${params.length}`);
    }
    if (filter.agencyCode) {
      params.push(filter.agencyCode);
      where.push(`g.code = $${params.length}`);
    }
    return this.dataSource.query(
      `SELECT ${group[0]} AS key, MIN(${group[1]}) AS label, MIN(${group[2]}) AS "labelEn",
              COALESCE(a.binding, d.binding) AS binding, a.category, a.status, COUNT(*)::int AS count
       FROM assignments a JOIN agencies g ON g.id = a.agency_id JOIN duties d ON d.id = a.duty_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       GROUP BY ${group[0]}, COALESCE(a.binding, d.binding), a.category, a.status ORDER BY 1, 4, 5, 6`,
      params,
    );
  }

  /** Every submission of an assignment, oldest first, as the agency sent it. */
  async submissions(workflowId: string): Promise<SubmissionRecordRow[]> {
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>(
      `SELECT submission_id, submitted_at, actor, "values", links, attachments, note, shortfalls
       FROM assignment_submissions WHERE workflow_id = $1 ORDER BY submitted_at, id`,
      [workflowId],
    );
    return rows.map((r) => ({
      submissionId: r.submission_id as string,
      at: (r.submitted_at as Date).toISOString(),
      actor: r.actor as string,
      values: r.values as Record<string, string | number>,
      ...((r.links as string[]).length ? { links: r.links as string[] } : {}),
      ...((r.attachments as unknown[]).length
        ? { attachments: r.attachments as NonNullable<SubmissionRecordRow['attachments']> }
        : {}),
      ...(r.note !== null ? { note: r.note as string } : {}),
      shortfalls: r.shortfalls as SubmissionRecordRow['shortfalls'],
    }));
  }

  findById(id: string): Promise<AssignmentEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Codes of the agencies whose assignment of the duty for `periodKey` is settled (accepted or waived). */
  async agenciesDone(planCode: string, dutyCode: string, periodKey: string): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ code: string }>>(
      `SELECT g.code FROM assignments a
         JOIN agencies g ON g.id = a.agency_id
         JOIN duties d ON d.id = a.duty_id
         JOIN plans p ON p.id = d.plan_id
        WHERE p.code = $1 AND d.code = $2 AND a.period_key = $3 AND a.status = ANY($4)`,
      // Closed, except withdrawn: a cancelled assignment (e.g. moved by a reorganisation) is still owed.
      [planCode, dutyCode, periodKey, CLOSED_STATUSES.filter((st) => st !== 'cancelled')],
    );
    return rows.map((r) => r.code);
  }

  /** The agency's open assignments: its turn (assigned, acknowledged, returned) or awaiting review. */
  findOpenByAgency(agencyId: string): Promise<AssignmentEntity[]> {
    return this.dataSource
      .getRepository(AssignmentEntity)
      .createQueryBuilder('a')
      .where('a.agency_id = :agencyId', { agencyId })
      .andWhere('a.status IN (:...statuses)', { statuses: [...OPEN_STATUSES] })
      .getMany();
  }

  findByWorkflowId(workflowId: string): Promise<AssignmentEntity | null> {
    return this.repo.findOne({ where: { workflowId } });
  }

  auditTrail(workflowId: string): Promise<AuditEventEntity[]> {
    return this.dataSource
      .getRepository(AuditEventEntity)
      .find({ where: { workflowId }, order: { occurredAt: 'ASC', id: 'ASC' } });
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}

async function insertAudit(em: EntityManager, e: AuditEventInput): Promise<void> {
  await em.query(
    `INSERT INTO audit_events (event_key, workflow_id, entity_type, entity_id, type, actor, occurred_at, before, after)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (event_key) DO NOTHING`,
    [e.eventKey, e.workflowId, e.entityType, e.entityId, e.type, e.actor, e.occurredAt, e.before, e.after],
  );
}
