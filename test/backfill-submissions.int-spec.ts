import { randomBytes } from 'node:crypto';
import {
  BackfillSubmissions1795863000000,
  RECOVERED_SUBMISSION_PREFIX,
} from '../libs/persistence/src/migrations/1795863000000-backfill-submissions';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
// This file's own year: the rows below exist only inside a transaction that is rolled back.
const YEAR = 2046;

interface Kept {
  submission_id: string;
  submitted_at: Date;
  actor: string;
  values: Record<string, number>;
  links: string[];
  attachments: Array<{ id: string; name: string; sizeBytes: number }>;
  note: string | null;
  shortfalls: Array<{ key: string; label: { vi: string; en: string }; target: number; actual: number }>;
}

/**
 * Reports sent before the kept-evidence migration lived only in the workflow state; the backfill
 * migration recovers what the database still holds (audit events, the row's report time and
 * shortfalls, the uploaded files) into `assignment_submissions`, on the real PostgreSQL.
 */
describe('backfill of submissions sent before the kept evidence (PostgreSQL)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-backfill-submissions');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('recovers each report of an old assignment from its audit events and files, or from the row alone; leaves kept ones; down removes only what it wrote', async () => {
    const tag = randomBytes(4).toString('hex');
    const withEvents = `backfill-test/${tag}/events`;
    const rowOnly = `backfill-test/${tag}/row-only`;
    const modern = `backfill-test/${tag}/modern`;
    const t = (iso: string) => new Date(iso);
    const runner = stack.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const [{ duty }] = (await runner.query(
        `SELECT d.id AS duty FROM duties d JOIN plans p ON p.id = d.plan_id WHERE p.code = $1 AND d.code = $2`,
        [PLAN, DUTY],
      )) as Array<{ duty: string }>;
      const agencies = (await runner.query(
        `SELECT id, code FROM agencies WHERE code IN ('xa-nga-an', 'xa-ho-vuong', 'xa-ba-dinh', 'xa-nga-thang') ORDER BY code`,
      )) as Array<{ id: string; code: string }>;
      const agency = (code: string) => agencies.find((a) => a.code === code)!.id;
      const insertAssignment = (
        workflowId: string,
        agencyCode: string,
        submittedAt: string,
        shortfalls: Array<{ label: string; target: number; actual: number }>,
        status: 'accepted' | 'submitted' = 'accepted',
      ) =>
        runner.query(
          `INSERT INTO assignments (workflow_id, duty_id, agency_id, period_key, period_start, period_end, status, category,
             due_date, original_due_date, submitted_at, completed_at, has_shortfall, shortfalls, state_version)
           VALUES ($1, $2, $3, $4, $5, $6, $11, 'done-on-time', $7, $7, $8, $8, $9, $10, 9)`,
          [
            workflowId,
            duty,
            agency(agencyCode),
            `${YEAR}-05`,
            `${YEAR}-05-01`,
            `${YEAR}-05-31`,
            `${YEAR}-06-03`,
            t(submittedAt),
            shortfalls.length > 0,
            JSON.stringify(shortfalls),
            status,
          ],
        );
      const audit = (workflowId: string, seq: number, type: string, actor: string, at: string, note: string | null) =>
        runner.query(
          `INSERT INTO audit_events (event_key, workflow_id, entity_type, entity_id, type, actor, occurred_at, "after")
           VALUES ($1, $2, 'assignment', $2, $3, $4, $5, $6)`,
          [`${workflowId}#${seq}`, workflowId, type, actor, t(at), JSON.stringify({ status: 'submitted', note })],
        );

      // 1. Sent below target, returned, sent again with a file and a note, accepted: all before the migration.
      await insertAssignment(withEvents, 'xa-nga-an', `${YEAR}-06-02T03:00:00Z`, []);
      await audit(withEvents, 1, 'assigned', 'system', `${YEAR}-05-01T01:00:00Z`, null);
      await audit(
        withEvents,
        2,
        'submitted',
        'agency-link:xa-nga-an',
        `${YEAR}-05-30T02:00:00Z`,
        'shortfall: rebroadcasts 1/3',
      );
      await audit(withEvents, 3, 'returned', 'officer:a@thanhhoa.example', `${YEAR}-05-31T02:00:00Z`, 'Thiếu');
      await audit(
        withEvents,
        4,
        'resubmitted',
        'agency-link:xa-nga-an',
        `${YEAR}-06-02T03:00:00Z`,
        'Đã phát lại đủ 3 lần.',
      );
      const [{ id: assignmentId }] = (await runner.query(`SELECT id FROM assignments WHERE workflow_id = $1`, [
        withEvents,
      ])) as Array<{ id: string }>;
      const [{ id: fileId }] = (await runner.query(
        `INSERT INTO attachments (assignment_id, name, content_type, size_bytes, sha256, content, uploaded_by, created_at)
         VALUES ($1, 'biên bản phát thanh.pdf', 'application/pdf', 4, $2, $3, 'agency-link:xa-nga-an', $4) RETURNING id`,
        [assignmentId, 'a'.repeat(64), Buffer.from('%PDF'), t(`${YEAR}-06-01T09:00:00Z`)],
      )) as Array<{ id: string }>;

      // 2. Accepted below target with no audit event left: only the row tells of the report.
      await insertAssignment(rowOnly, 'xa-ho-vuong', `${YEAR}-06-01T04:00:00Z`, [
        { label: 'Số lần phát lại trong tháng', target: 3, actual: 2 },
      ]);

      // 3. Written after the migration: its kept submission is the agency's, and stays the only one.
      await insertAssignment(modern, 'xa-ba-dinh', `${YEAR}-06-01T05:00:00Z`, []);
      await runner.query(
        `INSERT INTO assignment_submissions (workflow_id, submission_id, submitted_at, actor, "values")
         VALUES ($1, 's1', $2, 'agency-link:xa-ba-dinh', '{"programmes": 1, "rebroadcasts": 3}')`,
        [modern, t(`${YEAR}-06-01T05:00:00Z`)],
      );

      // 4. Still awaiting review: its workflow holds the report and writes it at its next transition.
      const open = `backfill-test/${tag}/open`;
      await insertAssignment(open, 'xa-nga-thang', `${YEAR}-06-01T06:00:00Z`, [], 'submitted');
      await audit(open, 1, 'submitted', 'agency-link:xa-nga-thang', `${YEAR}-06-01T06:00:00Z`, 'Báo cáo tháng');

      const kept = async (workflowId: string): Promise<Kept[]> =>
        (await runner.query(
          `SELECT submission_id, submitted_at, actor, "values", links, attachments, note, shortfalls
           FROM assignment_submissions WHERE workflow_id = $1 ORDER BY submitted_at, id`,
          [workflowId],
        )) as Kept[];
      expect(await kept(withEvents)).toEqual([]);

      const migration = new BackfillSubmissions1795863000000();
      await migration.up(runner);

      const rebroadcasts = { vi: 'Số lần phát lại trong tháng', en: 'Rebroadcasts this month' };
      const recovered = await kept(withEvents);
      expect(recovered).toEqual([
        {
          submission_id: expect.stringMatching(new RegExp(`^${RECOVERED_SUBMISSION_PREFIX}\\d+$`)),
          submitted_at: t(`${YEAR}-05-30T02:00:00Z`),
          actor: 'agency-link:xa-nga-an',
          values: { rebroadcasts: 1 },
          links: [],
          attachments: [],
          note: null,
          shortfalls: [{ key: 'rebroadcasts', label: rebroadcasts, target: 3, actual: 1 }],
        },
        {
          submission_id: expect.stringMatching(new RegExp(`^${RECOVERED_SUBMISSION_PREFIX}\\d+$`)),
          submitted_at: t(`${YEAR}-06-02T03:00:00Z`),
          actor: 'agency-link:xa-nga-an',
          values: {},
          links: [],
          attachments: [{ id: fileId, name: 'biên bản phát thanh.pdf', sizeBytes: 4 }],
          note: 'Đã phát lại đủ 3 lần.',
          shortfalls: [],
        },
      ]);
      expect(await kept(rowOnly)).toEqual([
        {
          submission_id: `${RECOVERED_SUBMISSION_PREFIX}0`,
          submitted_at: t(`${YEAR}-06-01T04:00:00Z`),
          actor: 'agency:xa-ho-vuong',
          values: { rebroadcasts: 2 },
          links: [],
          attachments: [],
          note: null,
          shortfalls: [{ key: 'rebroadcasts', label: rebroadcasts, target: 3, actual: 2 }],
        },
      ]);
      expect((await kept(modern)).map((k) => k.submission_id)).toEqual(['s1']);
      expect(await kept(open)).toEqual([]);

      // Running it again adds nothing; down removes only the recovered rows.
      await migration.up(runner);
      expect(await kept(withEvents)).toHaveLength(2);
      await migration.down(runner);
      expect(await kept(withEvents)).toEqual([]);
      expect(await kept(rowOnly)).toEqual([]);
      expect((await kept(modern)).map((k) => k.submission_id)).toEqual(['s1']);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }, 300_000);
});
