import { hash } from '@node-rs/argon2';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { stackCalendar } from '../support/calendar';
import { vietnamDateOf } from '../../libs/domain/src/local-date';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { UserRepository } from '../../libs/persistence/src/repositories';
import { createAgencyLinkToken } from '../../libs/security/src/agency-link';
import { assignmentWorkflowId, type AssignmentInput, type AssignmentState } from '../../workflows/assignment.messages';
import { http, startTestApi } from '../support/api';
import { startFaultStack, type FaultStack, type WorkerProcess } from '../support/fault-stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const PASSWORD = 'mat-khau-du-dai-123';
const LINK_SECRET = 'dev-only-link-secret-change-me';
const AGENCIES = 16;
const SUBMITTERS = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Row {
  id: string;
  workflowId: string;
  status: string;
  agency: { code: string };
}

/**
 * The worker SIGKILLed (a separate process, as `npm start` runs it) while
 * emails are in flight at a relay that acknowledges late, and while agencies'
 * submissions are being recorded. Afterwards, counted: every expected email
 * reached the SMTP server exactly once (by Message-ID), or is failed and listed
 * for an officer with the server's count still at most one; every submission is
 * recorded once, in the workflow, the read model and the audit trail.
 */
describe('faults: worker SIGKILL during mail and submissions (own PostgreSQL, Temporal, SMTP)', () => {
  let stack: FaultStack;
  let worker: WorkerProcess;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let ds: DataSource;
  let client: Client;
  let connection: Connection;
  let officer: string;
  const period = `fault-crash-${Date.now().toString(36)}`;
  const kills: string[] = [];

  async function restartWorker(reason: string): Promise<void> {
    kills.push(`${reason}: ${await worker.kill('SIGKILL')}`);
    worker = await stack.startWorker();
  }

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) {
        return v;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await sleep(250);
    }
  }

  beforeAll(async () => {
    // A relay slow to acknowledge (100 or 500 ms after the data): the window where a kill used to duplicate.
    stack = await startFaultStack('crash', {
      smtp: { onData: (n) => ({ kind: 'accept-late', ms: n % 2 ? 500 : 100 }) },
      env: { MAIL_LEASE_SECONDS: '5', PROD_LIMIT_PER_AGENCY: '100' },
    });
    stack.applyEnv();
    ds = await createDataSource(stack.databaseUrl).initialize();
    await importReferenceData(ds);
    const email = `officer-${period}@thanhhoa.example`;
    await new UserRepository(ds).create({
      email,
      displayName: 'Cán bộ',
      role: 'officer',
      agencyId: null,
      passwordHash: await hash(PASSWORD),
    });
    worker = await stack.startWorker();
    api = await startTestApi();
    officer = (
      await http<{ accessToken: string }>(api.base, 'POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
      })
    ).body.accessToken;
    connection = await Connection.connect({ address: stack.temporalAddress });
    client = new Client({ connection });
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await connection?.close();
    await ds?.destroy();
    await stack?.close();
  });

  it('every email reaches the relay once or is failed and listed; every submission is recorded once', async () => {
    const communes = (
      await ds.query<Array<{ code: string }>>(
        `SELECT code FROM agencies WHERE kind = 'commune' AND active AND valid_to IS NULL AND focal_email IS NOT NULL
         ORDER BY code LIMIT $1`,
        [AGENCIES],
      )
    ).map((a) => a.code);
    expect(communes).toHaveLength(AGENCIES);
    const dueDate = stackCalendar().addWorkingDays(vietnamDateOf(new Date()), 10);
    const ids = new Map<string, string>();
    for (const agencyCode of communes) {
      const input: AssignmentInput = {
        planCode: PLAN,
        dutyCode: DUTY,
        agencyCode,
        periodKey: period,
        periodStart: null,
        periodEnd: null,
        dueDate,
        reminderLocalTime: '08:00',
      };
      const workflowId = assignmentWorkflowId(DUTY, agencyCode, period);
      ids.set(agencyCode, workflowId);
      await client.workflow.start('assignmentWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [input] });
    }
    const workflowIds = [...ids.values()];
    // Kill 1: while the assignment emails are in flight (a message kept by the relay, not yet acknowledged).
    const inFlight = () =>
      stack.smtp.received.some((m) => !m.acknowledged) ? Promise.resolve(true) : Promise.resolve(undefined);
    await until('an assignment email in flight', inFlight);
    await restartWorker('assignment emails in flight');

    const rows = await until('the read model to list every assignment', async () => {
      const res = await http<{ items: Row[] }>(api.base, 'GET', `/api/v1/assignments?period=${period}&pageSize=200`, {
        token: officer,
      });
      return res.body.items?.length === AGENCIES ? res.body.items : undefined;
    });
    const rowOf = (code: string) => rows.find((r) => r.agency.code === code)!;

    // Round 1: a prod to every agency; kill 2 while those emails are in flight.
    const prods = new Map<string, number>(communes.map((c) => [c, 0]));
    const prodAll = async (codes: string[], message: string) => {
      for (const code of codes) {
        const res = await http(api.base, 'POST', `/api/v1/assignments/${rowOf(code).id}/prod`, {
          token: officer,
          body: { message },
        });
        expect(res.status).toBe(202);
        prods.set(code, prods.get(code)! + 1);
      }
    };
    const before = stack.smtp.received.length;
    await prodAll(communes, 'Đề nghị gửi báo cáo (lần 1)');
    await until('a prod email in flight', () =>
      stack.smtp.received.slice(before).some((m) => !m.acknowledged)
        ? Promise.resolve(true)
        : Promise.resolve(undefined),
    );
    await restartWorker('prod emails in flight');

    // Round 2: half the agencies submit (a client that retries with the same submission id
    // until it gets an answer), the others are prodded again; kill 3 while the submissions are recorded.
    const submitters = communes.slice(0, SUBMITTERS);
    const others = communes.slice(SUBMITTERS);
    const submit = async (code: string): Promise<number> => {
      const link = createAgencyLinkToken(
        { agency: code, exp: Math.floor(Date.now() / 1000) + 3600, gen: 1 },
        LINK_SECRET,
      );
      for (let attempt = 1; ; attempt++) {
        const res = await http(api.base, 'POST', `/api/v1/assignments/${rowOf(code).id}/submit`, {
          link,
          body: { submissionId: `nop-${code}`, values: { programmes: 4, rebroadcasts: 12 }, note: 'Báo cáo kỳ' },
        }).catch(() => ({ status: 0 }));
        if (res.status === 200) {
          return attempt;
        }
        expect([0, 503]).toContain(res.status);
        await sleep(1_000);
      }
    };
    const submitting = Promise.all(submitters.map(submit));
    await prodAll(others, 'Đề nghị gửi báo cáo (lần 2)');
    await until('the first submission recorded', async () => {
      const [{ n }] = await ds.query<Array<{ n: number }>>(
        `SELECT COUNT(*)::int AS n FROM audit_events WHERE type = 'submitted' AND workflow_id = ANY($1)`,
        [workflowIds],
      );
      return n > 0 ? true : undefined;
    });
    await restartWorker('submissions being recorded');
    const attempts = await submitting;

    // Round 3: the others prodded a third time, the worker killed as soon as the signals are in.
    await prodAll(others, 'Đề nghị gửi báo cáo (lần 3)');
    await restartWorker('prods just signalled');

    // Settled: every expected email has its outbox row, none still pending.
    // One assignment email and one per prod for each agency, and one "report arrived" notice to the
    // officers for each submission (issue 13's review queue).
    const expected = communes.reduce((n, c) => n + 1 + prods.get(c)!, 0) + SUBMITTERS;
    const outbox = await until(
      'every expected email to be sent or failed',
      async () => {
        const all = await ds.query<Array<{ id: string; message_id: string; kind: string; status: string }>>(
          `SELECT id, message_id, kind, status FROM email_outbox WHERE workflow_id = ANY($1)`,
          [workflowIds],
        );
        return all.length >= expected && all.every((r) => r.status === 'sent' || r.status === 'failed')
          ? all
          : undefined;
      },
      600_000,
    );
    const byKind = (kind: string) => outbox.filter((r) => r.kind === kind).length;
    const failedListed = new Set(
      (
        await http<{ items: Array<{ id: string }> }>(api.base, 'GET', '/api/v1/emails/failed', {
          token: officer,
        })
      ).body.items.map((r) => r.id),
    );
    const atServer = (r: { message_id: string }) => stack.smtp.count(r.message_id);
    const sentOnce = outbox.filter((r) => r.status === 'sent' && atServer(r) === 1);
    const failedVisible = outbox.filter((r) => r.status === 'failed' && failedListed.has(r.id) && atServer(r) <= 1);
    const duplicated = outbox.filter((r) => atServer(r) > 1);
    const lost = outbox.filter((r) => r.status === 'sent' && atServer(r) === 0);
    process.stdout.write(
      `[faults] worker SIGKILL ×${kills.length} (${kills.join('; ')}): ${outbox.length} emails expected ${expected}; ` +
        `sent once ${sentOnce.length}, failed and listed ${failedVisible.length}, duplicated ${duplicated.length}, lost ${lost.length}; ` +
        `messages at the relay ${stack.smtp.received.length}; submit attempts ${attempts.join(',')}\n`,
    );
    expect(outbox).toHaveLength(expected);
    expect(byKind('assigned')).toBe(AGENCIES);
    expect(byKind('prod')).toBe([...prods.values()].reduce((a, b) => a + b, 0));
    expect(byKind('report-arrived')).toBe(SUBMITTERS);
    expect(duplicated).toEqual([]);
    expect(lost).toEqual([]);
    expect(sentOnce.length + failedVisible.length).toBe(expected);
    // No message at the relay that the outbox does not know.
    const known = new Set(outbox.map((r) => r.message_id));
    expect(stack.smtp.received.filter((m) => !known.has(m.messageId ?? ''))).toEqual([]);

    // Every submission recorded once: in the workflow, the read model and the audit trail.
    for (const code of submitters) {
      const state = await client.workflow.getHandle(ids.get(code)!).query<AssignmentState>('state');
      expect((state.submissions ?? []).map((s) => s.submissionId)).toEqual([`nop-${code}`]);
      expect(state.status).toBe('submitted');
    }
    const audited = await ds.query<Array<{ workflow_id: string; n: number }>>(
      `SELECT workflow_id, COUNT(*)::int AS n FROM audit_events WHERE type = 'submitted' AND workflow_id = ANY($1)
       GROUP BY workflow_id ORDER BY workflow_id`,
      [workflowIds],
    );
    expect(audited).toEqual(
      submitters
        .map((c) => ({ workflow_id: ids.get(c)!, n: 1 }))
        .sort((a, b) => a.workflow_id.localeCompare(b.workflow_id)),
    );
    const readModel = await ds.query<Array<{ status: string; n: number }>>(
      `SELECT status, COUNT(*)::int AS n FROM assignments WHERE period_key = $1 GROUP BY status ORDER BY status`,
      [period],
    );
    expect(readModel).toEqual(
      [
        { status: 'assigned', n: AGENCIES - SUBMITTERS },
        { status: 'submitted', n: SUBMITTERS },
      ].sort((a, b) => a.status.localeCompare(b.status)),
    );
  });
});
