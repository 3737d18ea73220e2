import type { DataSource, EntityManager, Repository } from 'typeorm';
import { AssignmentEntity, AuditEventEntity } from '../entities';

export interface AssignmentSnapshot {
  workflowId: string;
  dutyId: string;
  agencyId: string;
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
  status: string;
  category: string;
  dueDate: string;
  originalDueDate: string;
  escalationLevel: number;
  remindersSent: number;
  submittedAt: Date | null;
  completedAt: Date | null;
  hasShortfall: boolean;
  stateVersion: number;
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
           submitted_at, completed_at, has_shortfall)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
         ON CONFLICT (workflow_id) DO UPDATE SET
           status = EXCLUDED.status, category = EXCLUDED.category, due_date = EXCLUDED.due_date,
           escalation_level = EXCLUDED.escalation_level, reminders_sent = EXCLUDED.reminders_sent,
           state_version = EXCLUDED.state_version, submitted_at = EXCLUDED.submitted_at,
           completed_at = EXCLUDED.completed_at, has_shortfall = EXCLUDED.has_shortfall, updated_at = now()
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
        ],
      );
      await insertAudit(em, event);
    });
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
      const rows = await em.query<Array<{ seq: number }>>(
        `INSERT INTO urging_letters (year, seq, workflow_id, level)
         SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3 FROM urging_letters WHERE year = $1
         RETURNING seq`,
        [year, workflowId, level],
      );
      return rows[0].seq;
    });
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

  /** Counts per reporting category, the figures the dashboard and reports start from. */
  async countByCategory(periodKey?: string): Promise<Record<string, number>> {
    const qb = this.repo
      .createQueryBuilder('a')
      .select('a.category', 'category')
      .addSelect('COUNT(*)::int', 'count')
      .groupBy('a.category');
    if (periodKey) {
      qb.where('a.period_key = :periodKey', { periodKey });
    }
    const rows = await qb.getRawMany<{ category: string; count: number }>();
    return Object.fromEntries(rows.map((r) => [r.category, r.count]));
  }
}

async function insertAudit(em: EntityManager, e: AuditEventInput): Promise<void> {
  await em.query(
    `INSERT INTO audit_events (event_key, workflow_id, entity_type, entity_id, type, actor, occurred_at, before, after)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) ON CONFLICT (event_key) DO NOTHING`,
    [e.eventKey, e.workflowId, e.entityType, e.entityId, e.type, e.actor, e.occurredAt, e.before, e.after],
  );
}
