import { hash } from '@node-rs/argon2';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { stackCalendar } from '../support/calendar';
import { vietnamDateOf } from '../../libs/domain/src/local-date';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { UserRepository } from '../../libs/persistence/src/repositories';
import { createAgencyLinkToken } from '../../libs/security/src/agency-link';
import { assignmentWorkflowId, prodSignal, type AssignmentInput } from '../../workflows/assignment.messages';
import { retryAfterSeconds } from '../../apps/api/src/common/retry-after';
import { startTestApi } from '../support/api';
import { startFaultStack, type FaultStack } from '../support/fault-stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const PASSWORD = 'mat-khau-du-dai-123';
const LINK_SECRET = 'dev-only-link-secret-change-me';
const AGENCIES = 6;
/** Longer than any answer may take: past it, a request counts as a hang. */
const HANG_MS = 30_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Answer {
  route: string;
  status: number;
  code: string | null;
  /** The Retry-After header, if any. */
  retryAfter: string | null;
  ms: number;
}

/**
 * PostgreSQL stopped for a minute, then frozen (SIGSTOP: connections open,
 * nothing answers), under the API and a worker: every request answers 503 with
 * a clear body within seconds (never 500, never a hang); prods signalled to the
 * workflows meanwhile are carried out once the database is back (activities
 * retry); the read model catches up with no duplicate rows.
 */
describe('faults: PostgreSQL stopped and frozen (own stack)', () => {
  let stack: FaultStack;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let ds: DataSource;
  let officer: string;
  const period = `fault-db-${Date.now().toString(36)}`;
  const answers: Answer[] = [];

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe().catch(() => undefined);
      if (v !== undefined) {
        return v;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await sleep(250);
    }
  }

  /** One request, timed; a request still unanswered after HANG_MS is reported as a hang (status 0). */
  async function call(method: string, path: string, auth: { token?: string; link?: string }, body?: unknown) {
    const started = Date.now();
    const headers: Record<string, string> = {};
    if (auth.token) {
      headers.authorization = `Bearer ${auth.token}`;
    }
    if (auth.link) {
      headers['x-agency-link'] = auth.link;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    let status = 0;
    let code: string | null = null;
    let retryAfter: string | null = null;
    try {
      const res = await fetch(`${api.base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(HANG_MS),
      });
      status = res.status;
      retryAfter = res.headers.get('retry-after');
      const text = await res.text();
      code = (JSON.parse(text) as { code?: string }).code ?? null;
    } catch {
      // aborted: a hang
    }
    const answer = {
      route: `${method} ${path.replace(/[0-9a-f-]{36}/, '{id}').replace(/\?.*/, '')}`,
      status,
      code,
      retryAfter,
      ms: Date.now() - started,
    };
    answers.push(answer);
    return answer;
  }

  beforeAll(async () => {
    stack = await startFaultStack('database', { env: { PROD_LIMIT_PER_AGENCY: '100' } });
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
    await stack.startWorker();
    api = await startTestApi();
    const login = await fetch(`${api.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    officer = ((await login.json()) as { accessToken: string }).accessToken;
  }, 600_000);

  afterAll(async () => {
    await api?.close();
    await ds?.destroy().catch(() => undefined);
    await stack?.close();
  });

  it('503 with a clear body within seconds while it is down or frozen; the work done meanwhile catches up once, no duplicate rows', async () => {
    const communes = (
      await ds.query<Array<{ code: string }>>(
        `SELECT code FROM agencies WHERE kind = 'commune' AND active AND valid_to IS NULL AND focal_email IS NOT NULL
         ORDER BY code LIMIT $1`,
        [AGENCIES],
      )
    ).map((a) => a.code);
    const dueDate = stackCalendar().addWorkingDays(vietnamDateOf(new Date()), 10);
    const connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection });
    const workflowIds = communes.map((c) => assignmentWorkflowId(DUTY, c, period));
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
      await client.workflow.start('assignmentWorkflow', {
        taskQueue: stack.taskQueue,
        workflowId: assignmentWorkflowId(DUTY, agencyCode, period),
        args: [input],
      });
    }
    const rows = await until('the read model and the assignment emails', async () => {
      const r = await ds.query<Array<{ id: string; workflow_id: string }>>(
        `SELECT a.id, a.workflow_id FROM assignments a WHERE a.period_key = $1`,
        [period],
      );
      const [{ n }] = await ds.query<Array<{ n: number }>>(
        `SELECT COUNT(*)::int AS n FROM email_outbox WHERE kind = 'assigned' AND status = 'sent' AND workflow_id = ANY($1)`,
        [workflowIds],
      );
      return r.length === AGENCIES && n === AGENCIES ? r : undefined;
    });
    const link = createAgencyLinkToken(
      { agency: communes[0], exp: Math.floor(Date.now() / 1000) + 3600, gen: 1 },
      LINK_SECRET,
    );
    const probe = async () => {
      await call('GET', '/ready', {});
      await call('GET', `/api/v1/assignments?period=${period}`, { token: officer });
      await call('GET', `/api/v1/assignments/${rows[0].id}`, { token: officer });
      await call('POST', `/api/v1/assignments/${rows[1].id}/prod`, { token: officer }, { message: 'Nhắc' });
      await call('GET', `/api/v1/assignments/${rows[0].id}`, { link });
      await call('POST', '/api/v1/auth/login', {}, { email: 'ai-do@thanhhoa.example', password: PASSWORD });
      await call('GET', '/api/v1/emails/failed', { token: officer });
    };

    // 1. Stopped for a minute. Prods reach the workflows straight through Temporal meanwhile.
    await ds.destroy();
    await stack.stopPostgres();
    const stoppedAt = Date.now();
    for (const id of workflowIds) {
      await client.workflow
        .getHandle(id)
        .signal(prodSignal, { actor: 'officer:fault-test', message: 'Trong lúc mất CSDL' });
    }
    await probe();
    const duringStop = answers.length;
    await sleep(Math.max(0, stoppedAt + 60_000 - Date.now()));
    await probe();
    await stack.startPostgres();
    ds = await createDataSource(stack.databaseUrl).initialize();

    // The prods signalled during the outage: recorded and mailed once each, once the database is back.
    const prods = await until('the prods of the outage to be mailed', async () => {
      const r = await ds.query<Array<{ workflow_id: string; message_id: string }>>(
        `SELECT workflow_id, message_id FROM email_outbox WHERE kind = 'prod' AND status = 'sent' AND workflow_id = ANY($1)`,
        [workflowIds],
      );
      return r.length === AGENCIES ? r : undefined;
    });
    expect(prods.map((p) => stack.smtp.count(p.message_id))).toEqual(workflowIds.map(() => 1));

    // 2. Frozen: connections stay open and nothing answers.
    stack.freezePostgres();
    try {
      await probe();
    } finally {
      stack.thawPostgres();
    }

    // The read model caught up: one row per assignment, each event once.
    await until('the API to answer again', async () =>
      (await call('GET', '/ready', {})).status === 200 ? true : undefined,
    );
    const [{ n: assignmentRows }] = await ds.query<Array<{ n: number }>>(
      `SELECT COUNT(*)::int AS n FROM assignments WHERE period_key = $1`,
      [period],
    );
    expect(assignmentRows).toBe(AGENCIES);
    const duplicates = await ds.query<Array<{ workflow_id: string; type: string; n: number }>>(
      `SELECT workflow_id, type, occurred_at, COUNT(*)::int AS n FROM audit_events
        WHERE workflow_id = ANY($1) GROUP BY 1, 2, 3 HAVING COUNT(*) > 1`,
      [workflowIds],
    );
    expect(duplicates).toEqual([]);
    const prodEvents = await ds.query<Array<{ n: number }>>(
      `SELECT COUNT(*)::int AS n FROM audit_events WHERE type = 'prodded' AND workflow_id = ANY($1)`,
      [workflowIds],
    );
    expect(prodEvents[0].n).toBe(AGENCIES);
    await connection.close();

    const outage = answers.slice(0, answers.length - 1).filter((a) => a.status !== 200);
    const worst = Math.max(...outage.map((a) => a.ms));
    process.stdout.write(
      `[faults] PostgreSQL stopped 60 s then frozen: ${outage.length} requests during the outage ` +
        `(${duringStop} right after the stop), statuses ${[...new Set(outage.map((a) => `${a.status} ${a.code} Retry-After ${a.retryAfter}`))].join(', ')}, ` +
        `slowest answer ${(worst / 1000).toFixed(1)} s; prods of the outage mailed once each (${prods.length})\n`,
    );
    for (const a of outage) {
      expect({ route: a.route, status: a.status }).toEqual({ route: a.route, status: 503 });
      expect(['DATABASE_UNAVAILABLE', 'NOT_READY']).toContain(a.code);
      // Each says when to ask again: the seconds of its cause (apps/api/src/common/retry-after.ts).
      expect({ route: a.route, code: a.code, retryAfter: a.retryAfter }).toEqual({
        route: a.route,
        code: a.code,
        retryAfter: String(retryAfterSeconds(a.code ?? '')),
      });
    }
  });
});
