import { MigrationInterface, QueryRunner } from 'typeorm';
import { RECOVERED_SUBMISSION_PREFIX } from '../../../domain/src/evidence';
import { CLOSED_STATUSES } from '../../../domain/src/status';

/** Prefix of the submission ids this migration writes: what was recovered, not what the agency sent. */
export { RECOVERED_SUBMISSION_PREFIX };

interface EvidenceField {
  key: string;
  label: { vi: string; en: string };
}

interface Recovered {
  submissionId: string;
  at: Date;
  actor: string;
  values: Record<string, number>;
  note: string | null;
  shortfalls: Array<{ key: string; label: { vi: string; en: string }; target: number; actual: number }>;
  attachments: Array<{ id: string; name: string; sizeBytes: number }>;
}

/** The audit note of a report below target, as the lifecycle writes it: "shortfall: key actual/target, …". */
const SHORTFALL_NOTE = /^shortfall: (.+)$/;
const SHORTFALL_ITEM = /^(\S+) (-?\d+(?:\.\d+)?)\/(-?\d+(?:\.\d+)?)$/;

/**
 * Backfills the kept evidence (issue 13) of reports sent before KeptEvidence1795861000000: that
 * migration made the `assignment_submissions` table, but reports sent earlier lived only in the
 * workflow's state, so an assignment closed before then shows no report ("Cơ quan chưa gửi báo
 * cáo"). What the database still holds is recovered, for each assignment that has a report time
 * (`assignments.submitted_at`) and no kept submission:
 * - one submission per `submitted` / `resubmitted` audit event: its time and who sent it; its
 *   audit note is the agency's note, or, for a report below target, "shortfall: key actual/target,
 *   …", which gives the shortfalls (labels from the duty's evidence fields) and the figures
 *   reported for those fields;
 * - without such events, one submission at `submitted_at`, by the agency, with the shortfalls the
 *   row kept (`assignments.shortfalls`, matched to the duty's fields by their Vietnamese label);
 * - the files uploaded to the assignment (`attachments`), each cited by the first recovered
 *   submission sent at or after its upload.
 * The other figures, links and notes of a report below target are gone: the submission ids start
 * with {@link RECOVERED_SUBMISSION_PREFIX} so that no one mistakes them for what was sent.
 * Closed assignments only (accepted, waived, cancelled: CLOSED_STATUSES): an open one's workflow
 * still holds its submissions and writes them, under their real ids, at its next transition, so a
 * recovered copy would show the same report twice. Idempotent (an assignment that has any kept
 * submission is left alone); `down` removes only
 * the recovered rows.
 */
export class BackfillSubmissions1795863000000 implements MigrationInterface {
  name = 'BackfillSubmissions1795863000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const rows = (await queryRunner.query(
      `SELECT a.id, a.workflow_id, a.submitted_at, a.shortfalls, g.code AS agency_code, d.spec -> 'evidence' -> 'fields' AS fields
       FROM assignments a
       JOIN agencies g ON g.id = a.agency_id
       JOIN duties d ON d.id = a.duty_id
       WHERE a.submitted_at IS NOT NULL
         AND a.status = ANY($1)
         AND NOT EXISTS (SELECT 1 FROM assignment_submissions s WHERE s.workflow_id = a.workflow_id)`,
      [[...CLOSED_STATUSES]],
    )) as Array<{
      id: string;
      workflow_id: string;
      submitted_at: Date;
      shortfalls: Array<{ label: string; target: number; actual: number }> | null;
      agency_code: string;
      fields: EvidenceField[] | null;
    }>;
    for (const row of rows) {
      const fields = row.fields ?? [];
      const events = (await queryRunner.query(
        `SELECT id, actor, occurred_at, "after" ->> 'note' AS note FROM audit_events
         WHERE workflow_id = $1 AND type IN ('submitted', 'resubmitted') ORDER BY occurred_at, id`,
        [row.workflow_id],
      )) as Array<{ id: string; actor: string; occurred_at: Date; note: string | null }>;
      const recovered: Recovered[] =
        events.length > 0 ? events.map((e) => fromAuditEvent(e, fields)) : [fromRow(row, fields)];
      const files = (await queryRunner.query(
        `SELECT id, name, size_bytes, created_at FROM attachments WHERE assignment_id = $1 ORDER BY created_at, id`,
        [row.id],
      )) as Array<{ id: string; name: string; size_bytes: number; created_at: Date }>;
      for (const file of files) {
        const citing = recovered.find((r) => r.at.getTime() >= file.created_at.getTime());
        citing?.attachments.push({ id: file.id, name: file.name, sizeBytes: file.size_bytes });
      }
      for (const r of recovered) {
        await queryRunner.query(
          `INSERT INTO assignment_submissions (workflow_id, submission_id, submitted_at, actor, "values", links,
             attachments, note, shortfalls)
           VALUES ($1, $2, $3, $4, $5, '[]'::jsonb, $6, $7, $8) ON CONFLICT (workflow_id, submission_id) DO NOTHING`,
          [
            row.workflow_id,
            r.submissionId,
            r.at,
            r.actor,
            JSON.stringify(r.values),
            JSON.stringify(r.attachments),
            r.note,
            JSON.stringify(r.shortfalls),
          ],
        );
      }
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM assignment_submissions WHERE submission_id LIKE $1`, [
      `${RECOVERED_SUBMISSION_PREFIX}%`,
    ]);
  }
}

function labelOf(fields: EvidenceField[], key: string): { vi: string; en: string } {
  return fields.find((f) => f.key === key)?.label ?? { vi: key, en: key };
}

/** One submission from its audit event: time, actor, and the note or the shortfalls it recorded. */
function fromAuditEvent(
  e: { id: string; actor: string; occurred_at: Date; note: string | null },
  fields: EvidenceField[],
): Recovered {
  const values: Record<string, number> = {};
  const shortfalls: Recovered['shortfalls'] = [];
  const m = e.note ? SHORTFALL_NOTE.exec(e.note) : null;
  const items = m ? m[1].split(', ').map((i) => SHORTFALL_ITEM.exec(i)) : [];
  const parsed = m !== null && items.every((i) => i !== null);
  if (parsed) {
    for (const item of items) {
      const [, key, actual, target] = item ?? [];
      values[key] = Number(actual);
      shortfalls.push({ key, label: labelOf(fields, key), target: Number(target), actual: Number(actual) });
    }
  }
  return {
    submissionId: `${RECOVERED_SUBMISSION_PREFIX}${e.id}`,
    at: e.occurred_at,
    actor: e.actor,
    values,
    // A shortfall note is the system's, not the agency's; any other note is what the agency wrote.
    note: parsed ? null : e.note,
    shortfalls,
    attachments: [],
  };
}

/** The one submission a row with a report time but no audit event still tells of. */
function fromRow(
  row: {
    submitted_at: Date;
    agency_code: string;
    shortfalls: Array<{ label: string; target: number; actual: number }> | null;
  },
  fields: EvidenceField[],
): Recovered {
  const values: Record<string, number> = {};
  const shortfalls: Recovered['shortfalls'] = [];
  for (const s of row.shortfalls ?? []) {
    const field = fields.find((f) => f.label.vi === s.label);
    const key = field?.key ?? s.label;
    values[key] = s.actual;
    shortfalls.push({ key, label: field?.label ?? { vi: s.label, en: s.label }, target: s.target, actual: s.actual });
  }
  return {
    submissionId: `${RECOVERED_SUBMISSION_PREFIX}0`,
    at: row.submitted_at,
    actor: `agency:${row.agency_code}`,
    values,
    note: null,
    shortfalls,
    attachments: [],
  };
}
