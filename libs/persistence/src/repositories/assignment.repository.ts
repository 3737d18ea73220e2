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
  /**
   * Submissions to keep, once per submission id (see SubmissionRecordRow): the latest one,
   * or every one a successor took over from the bodies it replaced.
   */
  submissions?: SubmissionRecordRow[];
  /** Every extension request with its decision, as the workflow recorded them (absent: unchanged). */
  extensions?: ReadonlyArray<object>;
  /** Every urging letter of the assignment, as the workflow recorded them (absent: unchanged). */
  urgingLetters?: ReadonlyArray<object>;
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
  /**
   * Search in the agency's name and code and the duty's titles, ignoring case, diacritics and
   * tone placement (`foldedMatch`).
   */
  q?: string;
  workflowIds?: string[];
  /** Submitted (its latest submission) before this instant. */
  submittedBefore?: Date;
  /** Submitted (its latest submission) at or after this instant. */
  submittedSince?: Date;
}

/** What `AssignmentRepository.statistics` groups by. */
export type StatisticsGroup = 'agency' | 'agencyKind' | 'duty' | 'period';

/** One row of `AssignmentRepository.statistics`: a group's count for one binding flag, category and status. */
export interface StatisticsRow {
  key: string;
  label: string;
  labelEn: string;
  /** The assignment's own flag, else its duty's (an ad-hoc request to a requested body is false). */
  binding: boolean;
  category: ReportingCategory;
  status: AssignmentStatus;
  count: number;
}

/** The agency and duty ids a search matches (`AssignmentRepository.searchMatches`). */
export interface SearchMatches {
  agencyIds: string[];
  dutyIds: string[];
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

/** Where a keyset page starts: the sort key (as PostgreSQL prints it) and the id of the previous page's last row. */
export interface AssignmentCursor {
  key: string;
  id: string;
}

/** A page by offset, or after a cursor (then `offset` is ignored); `count` asks for the total. */
export interface AssignmentPageRequest {
  offset?: number;
  limit: number;
  after?: AssignmentCursor;
  count?: boolean;
}

/**
 * The list's order for each sort: the expression, how a cursor prints its key (`text`) and
 * casts it back (`cast`), and what a printed key looks like (`pattern`). No cast: no keyset (the
 * key can be NULL). Ties are broken by id in the same direction, so (key, id) is one row comparison.
 */
const SORT_KEYS: Record<AssignmentSort, { expr: string; text: string; cast: string | null; pattern: RegExp }> = {
  dueDate: {
    expr: 'a.due_date',
    text: "to_char(a.due_date, 'YYYY-MM-DD')",
    cast: 'date',
    pattern: /^\d{4}-\d{2}-\d{2}$/,
  },
  agency: {
    expr: vietnameseOrder('g.name'),
    text: 'g.name',
    cast: `text COLLATE public."vietnamese"`,
    pattern: /^/,
  },
  duty: { expr: 'd.code', text: 'd.code', cast: 'text', pattern: /^/ },
  category: { expr: 'a.category', text: 'a.category', cast: 'text', pattern: /^/ },
  status: { expr: 'a.status', text: 'a.status', cast: 'text', pattern: /^/ },
  updatedAt: {
    expr: 'a.updated_at',
    // Microseconds: a JavaScript Date would round them away and skip or repeat rows.
    text: `to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    cast: 'timestamptz',
    pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
  },
  submittedAt: { expr: 'a.submitted_at', text: 'NULL', cast: null, pattern: /^$/ },
};

/** Sorts whose pages can be walked by cursor. */
export const KEYSET_SORTS = ASSIGNMENT_SORTS.filter((s) => SORT_KEYS[s].cast !== null);

/** Whether `key` can be the key of a cursor of `sort` (as `page` prints it); a false one would fail its cast. */
export function isCursorKey(sort: AssignmentSort, key: string): boolean {
  const k = SORT_KEYS[sort];
  if (k.cast === null || key.length > 400 || key.includes('\u0000') || !k.pattern.test(key)) {
    return false;
  }
  if (sort === 'dueDate' || sort === 'updatedAt') {
    // A real calendar date (2026-02-30 would fail the cast): it must survive a round trip.
    const ms = sort === 'dueDate' ? `${key}T00:00:00.000Z` : `${key.slice(0, 23)}Z`;
    const d = new Date(ms);
    return !Number.isNaN(d.getTime()) && d.toISOString() === ms;
  }
  return true;
}

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
           submitted_at, completed_at, has_shortfall, shortfalls, binding, extensions, urging_letters)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)
         ON CONFLICT (workflow_id) DO UPDATE SET
           status = EXCLUDED.status, category = EXCLUDED.category, due_date = EXCLUDED.due_date,
           escalation_level = EXCLUDED.escalation_level, reminders_sent = EXCLUDED.reminders_sent,
           state_version = EXCLUDED.state_version, submitted_at = EXCLUDED.submitted_at,
           completed_at = EXCLUDED.completed_at, has_shortfall = EXCLUDED.has_shortfall,
           shortfalls = EXCLUDED.shortfalls, binding = COALESCE(EXCLUDED.binding, assignments.binding),
           extensions = COALESCE(EXCLUDED.extensions, assignments.extensions),
           urging_letters = COALESCE(EXCLUDED.urging_letters, assignments.urging_letters),
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
          snapshot.extensions ? JSON.stringify(snapshot.extensions) : null,
          snapshot.urgingLetters ? JSON.stringify(snapshot.urgingLetters) : null,
        ],
      );
      for (const sub of snapshot.submissions ?? []) {
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
   * The agencies (by name or code) and duties (by either title) a search matches, ignoring case,
   * diacritics and tone placement (`foldedMatch`, through their trigram indexes): what `listSql`
   * filters a search by. One statement.
   */
  async searchMatches(q: string): Promise<SearchMatches> {
    const [row] = await this.dataSource.query<Array<{ agency_ids: string[]; duty_ids: string[] }>>(
      `SELECT ARRAY(SELECT g.id FROM agencies g WHERE ${foldedMatch('g.name', '$1')} OR ${foldedMatch('g.code', '$1')}) AS agency_ids,
              ARRAY(SELECT d.id FROM duties d WHERE ${foldedMatch('d.title_vi', '$1')} OR ${foldedMatch('d.title_en', '$1')}) AS duty_ids`,
      [searchParam(q)],
    );
    return { agencyIds: row.agency_ids, dutyIds: row.duty_ids };
  }

  /**
   * The two statements of `list` (the total, then the page) and their parameters; exposed so the
   * search benchmark (scripts/bench/search-explain.ts) explains exactly what the API runs.
   * `matches` (from `searchMatches(filter.q)`) is required when `filter.q` is set.
   * @throws Error when `filter.q` is set without `matches`, or `page.after` with a sort that has no keyset.
   */
  listSql(
    filter: AssignmentFilter,
    page: AssignmentPageRequest,
    sort: { field: AssignmentSort; desc: boolean } = { field: 'dueDate', desc: false },
    matches?: SearchMatches,
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
      [filter.submittedBefore, 'a.submitted_at < ?'],
      [filter.submittedSince, 'a.submitted_at >= ?'],
    ];
    for (const [value, sql] of conditions) {
      if (value) {
        add(sql, value);
      }
    }
    if (filter.q) {
      if (!matches) {
        throw new Error('listSql: a search (filter.q) needs its matches (searchMatches)');
      }
      // The folded match ran once per agency and per duty (their trigram indexes, `searchMatches`),
      // never once per assignment. The matching ids arrive as two arrays, so the planner knows how
      // many assignments they select: a rare match is read through the agency_id and duty_id indexes
      // (a BitmapOr) and sorted, instead of walking the due-date index past every non-matching row.
      params.push(matches.agencyIds, matches.dutyIds);
      where.push(`(a.agency_id = ANY($${params.length - 1}::uuid[]) OR a.duty_id = ANY($${params.length}::uuid[]))`);
    }
    const order = SORT_KEYS[sort.field];
    const dir = sort.desc ? 'DESC' : 'ASC';
    // The count ignores the cursor: it is the size of the whole selection.
    const whereCount = where.length ? `WHERE ${where.join(' AND ')}` : '';
    if (page.after) {
      if (!order.cast) {
        throw new Error(`keyset pagination is not available for the sort ${sort.field}`);
      }
      // A row comparison in the list's order: with an index in that order (ix_assignments_due_date_id and
      // the per-category and per-period ones) PostgreSQL starts the walk at the cursor, at any depth.
      const k = `$${params.length + 1}`;
      const i = `$${params.length + 2}`;
      params.push(page.after.key, page.after.id);
      where.push(`(${order.expr}, a.id) ${sort.desc ? '<' : '>'} (${k}::${order.cast}, ${i}::uuid)`);
    }
    const whereRows = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const from = `FROM assignments a JOIN agencies g ON g.id = a.agency_id JOIN duties d ON d.id = a.duty_id JOIN plans p ON p.id = d.plan_id`;
    // Agencies, duties and plans are never deleted (they end or retire), so every row has its three:
    // a count filtered on the assignment's own columns needs no join and reads one table, not four.
    const joinedFilter = !!(filter.dutyCode || filter.agencyCode || filter.agencyKind);
    const offset = page.after ? 0 : Math.trunc(page.offset ?? 0);
    const window = `ORDER BY ${order.expr} ${dir}, a.id ${dir}
       LIMIT ${Math.trunc(page.limit)}${page.after ? '' : ` OFFSET ${offset}`}`;
    // A deep offset page filtered and ordered on the assignment's own columns skips its rows on the
    // assignments table alone (an index walk in the list's order), then joins the agency, duty and
    // plan of the page's rows only: joined row by row, the skipped rows cost three lookups each
    // (page 1,999 of 100,000 rows: 292 ms of PostgreSQL per answer, `npm run bench`).
    const deferredJoin = offset > 0 && !joinedFilter && order.expr.startsWith('a.');
    const source = deferredJoin
      ? `FROM (SELECT a.id FROM assignments a ${whereRows} ${window}) k
         JOIN assignments a ON a.id = k.id JOIN agencies g ON g.id = a.agency_id
         JOIN duties d ON d.id = a.duty_id JOIN plans p ON p.id = d.plan_id
         ORDER BY ${order.expr} ${dir}, a.id ${dir}`
      : `${from} ${whereRows} ${window}`;
    // The count's parameters are the filter's; the cursor's two come last and only the page uses them.
    return {
      count: `SELECT COUNT(*)::int AS total ${joinedFilter ? from : 'FROM assignments a'} ${whereCount}`,
      rows: `SELECT a.id, a.workflow_id, a.period_key, a.status, a.category, to_char(a.due_date, 'YYYY-MM-DD') AS due_date,
              to_char(a.original_due_date, 'YYYY-MM-DD') AS original_due_date, a.escalation_level, a.reminders_sent,
              a.has_shortfall, a.submitted_at, a.completed_at, a.updated_at,
              g.code AS agency_code, g.name AS agency_name, g.kind AS agency_kind,
              d.code AS duty_code, d.clause, d.title_vi, d.title_en, d.binding, p.code AS plan_code,
              ${order.text} AS sort_key
       ${source}`,
      params,
    };
  }

  /** One page of assignments joined with their agency and duty, filtered and sorted. */
  async list(
    filter: AssignmentFilter,
    page: { offset: number; limit: number },
    sort: { field: AssignmentSort; desc: boolean } = { field: 'dueDate', desc: false },
  ): Promise<{ total: number; items: AssignmentListRow[] }> {
    const result = await this.page(filter, { ...page, count: true }, sort);
    return { total: result.total ?? 0, items: result.items };
  }

  /**
   * One page of assignments joined with their agency and duty, filtered and sorted: by offset, or
   * after a cursor (keyset: the cost does not grow with the depth). `total` is counted only when
   * `page.count` is set (null otherwise); `next` is the cursor of the following page, null on the last.
   * @throws Error when `page.after` is given with a sort that has no keyset (`submittedAt`: nullable).
   */
  async page(
    filter: AssignmentFilter,
    page: AssignmentPageRequest,
    sort: { field: AssignmentSort; desc: boolean } = { field: 'dueDate', desc: false },
  ): Promise<{ total: number | null; items: AssignmentListRow[]; next: AssignmentCursor | null }> {
    const matches = filter.q ? await this.searchMatches(filter.q) : undefined;
    // One row more than asked tells whether a next page exists.
    const { count, rows: rowsSql, params } = this.listSql(filter, { ...page, limit: page.limit + 1 }, sort, matches);
    const filterParams = page.after ? params.slice(0, -2) : params;
    const total = page.count
      ? (await this.dataSource.query<Array<{ total: number }>>(count, filterParams))[0].total
      : null;
    const found = await this.dataSource.query<Array<Record<string, unknown>>>(rowsSql, params);
    const rows = found.slice(0, page.limit);
    const last = rows.at(-1);
    return {
      total,
      next: found.length > page.limit && last ? { key: last.sort_key as string, id: last.id as string } : null,
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
   * Rows come ordered by key, then binding, category and status.
   */
  async statistics(
    groupBy: StatisticsGroup,
    filter: { periodKey?: string; agencyCode?: string },
  ): Promise<StatisticsRow[]> {
    const { sql, params } = this.statisticsSql(groupBy, filter);
    return this.dataSource.query(sql, params);
  }

  /**
   * The statement of `statistics` and its parameters; exposed so the statistics benchmark
   * (scripts/bench/statistics-explain.ts) explains exactly what the API runs.
   */
  statisticsSql(
    groupBy: StatisticsGroup,
    filter: { periodKey?: string; agencyCode?: string },
  ): { sql: string; params: unknown[] } {
    // The assignments are counted first, per agency, duty and period ids (one pass over the table and
    // the small duties table for the binding flag); names and kinds are joined to those counts
    // afterwards, once per group instead of once per assignment.
    const params: unknown[] = [];
    const where: string[] = [];
    if (filter.periodKey) {
      params.push(filter.periodKey);
      where.push(`a.period_key = $${params.length}`);
    }
    if (filter.agencyCode) {
      params.push(filter.agencyCode);
      where.push(`a.agency_id = (SELECT id FROM agencies WHERE code = $${params.length})`);
    }
    // [the counted column, the group's key, Vietnamese label, English label, the join that names it]
    const group = {
      agency: ['a.agency_id', 'g.code', 'g.name', 'g.name', 'JOIN agencies g ON g.id = s.ref'],
      agencyKind: ['a.agency_id', 'g.kind', 'g.kind', 'g.kind', 'JOIN agencies g ON g.id = s.ref'],
      duty: ['a.duty_id', 'd.code', 'd.title_vi', 'd.title_en', 'JOIN duties d ON d.id = s.ref'],
      period: ['a.period_key', 's.ref', 's.ref', 's.ref', ''],
    }[groupBy];
    return {
      sql: `SELECT ${group[1]} AS key, MIN(${group[2]}) AS label, MIN(${group[3]}) AS "labelEn",
              s.binding, s.category, s.status, SUM(s.count)::int AS count
       FROM (SELECT ${group[0]} AS ref, COALESCE(a.binding, d.binding) AS binding, a.category, a.status, COUNT(*) AS count
             FROM assignments a JOIN duties d ON d.id = a.duty_id
             ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
             GROUP BY 1, 2, 3, 4) s
       ${group[4]}
       GROUP BY ${group[1]}, s.binding, s.category, s.status ORDER BY 1, 4, 5, 6`,
      params,
    };
  }

  /**
   * The agencies (codes) whose assignments hold a kept submission citing the file `attachmentId`:
   * the agency that sent it, and any successor that took that report over (merge, split).
   */
  async agenciesCitingAttachment(attachmentId: string): Promise<string[]> {
    const rows = await this.dataSource.query<Array<{ code: string }>>(
      `SELECT DISTINCT g.code FROM assignment_submissions s
         JOIN assignments a ON a.workflow_id = s.workflow_id JOIN agencies g ON g.id = a.agency_id
       WHERE s.attachments @> $1::jsonb`,
      [JSON.stringify([{ id: attachmentId }])],
    );
    return rows.map((r) => r.code);
  }

  /** Whether a kept submission of the assignment `workflowId` cites the file `attachmentId`. */
  async citesAttachment(workflowId: string, attachmentId: string): Promise<boolean> {
    const rows = await this.dataSource.query<unknown[]>(
      `SELECT 1 FROM assignment_submissions WHERE workflow_id = $1 AND attachments @> $2::jsonb LIMIT 1`,
      [workflowId, JSON.stringify([{ id: attachmentId }])],
    );
    return rows.length > 0;
  }

  /**
   * The extensions and urging letters kept with the assignment's state, as the workflow recorded
   * them; null for a row last written before they were kept (or an unknown workflow).
   */
  async extensionsAndLetters(workflowId: string): Promise<{
    extensions: Array<Record<string, unknown>> | null;
    urgingLetters: Array<Record<string, unknown>> | null;
  }> {
    const row = await this.repo.findOne({
      where: { workflowId },
      select: { id: true, extensions: true, urgingLetters: true },
    });
    return { extensions: row?.extensions ?? null, urgingLetters: row?.urgingLetters ?? null };
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

  /**
   * Which of these assignment workflow ids already have a row (started once, whatever their
   * status): an opening must not start them again, even once Temporal has forgotten a closed
   * run after its retention period.
   */
  async existingWorkflowIds(workflowIds: readonly string[]): Promise<Set<string>> {
    if (workflowIds.length === 0) {
      return new Set();
    }
    const rows = await this.dataSource.query<Array<{ workflow_id: string }>>(
      'SELECT workflow_id FROM assignments WHERE workflow_id = ANY($1::text[])',
      [workflowIds],
    );
    return new Set(rows.map((r) => r.workflow_id));
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
