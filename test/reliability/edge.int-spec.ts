import { createHmac, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { stackCalendar } from '../support/calendar';
import { vietnamDateOf } from '../../libs/domain/src/local-date';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { createAgencyLinkToken } from '../../libs/security/src/agency-link';
import {
  assignmentWorkflowId,
  submitUpdate,
  type AssignmentInput,
  type AssignmentState,
} from '../../workflows/assignment.messages';
import { TEST_PASSWORD, http, signInNewStaff, startTestApi } from '../support/api';
import { waitForMail } from '../support/mailbox';
import { startTestWorker, type TestWorker } from '../support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const PASSWORD = TEST_PASSWORD;
const LINK_SECRET = 'dev-only-link-secret-change-me';
const JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';

interface Page<T> {
  items: T[];
}
interface Row {
  id: string;
  workflowId: string;
  status: string;
  agency: { code: string };
}

/**
 * Bad input and access control at the edge, against the real stack: input that
 * PostgreSQL rejects cannot wedge an assignment, dates are bounded, and every
 * refusal has its exact status and lands in the audit trail.
 */
describe('reliability: poison input and access control (real PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let officer: string;
  let officerEmail: string;
  const period = `rel-edge-${Date.now()}`;
  const calendar = stackCalendar();
  const communes = ['xa-yen-nhan', 'xa-van-xuan'];
  const exp = () => Math.floor(Date.now() / 1000) + 3600;

  async function start(agencyCode: string): Promise<Row> {
    const input: AssignmentInput = {
      planCode: PLAN,
      dutyCode: DUTY,
      agencyCode,
      periodKey: period,
      periodStart: null,
      periodEnd: null,
      dueDate: calendar.addWorkingDays(vietnamDateOf(new Date()), 5),
      reminderLocalTime: '08:00',
    };
    const workflowId = assignmentWorkflowId(DUTY, agencyCode, period);
    await stack.client.workflow.start('assignmentWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [input] });
    return waitForRow((r) => r.workflowId === workflowId);
  }

  async function waitForRow(predicate: (r: Row) => boolean): Promise<Row> {
    for (let i = 0; i < 150; i++) {
      const res = await http<Page<Row>>(api.base, 'GET', `/api/v1/assignments?period=${period}&pageSize=200`, {
        token: officer,
      });
      const row = res.body.items?.find(predicate);
      if (row) {
        return row;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the read model never showed the expected row');
  }

  async function waitForOutbox(workflowId: string, kind: string): Promise<Array<{ message_id: string }>> {
    for (let i = 0; i < 150; i++) {
      const rows: Array<{ message_id: string }> = await stack.dataSource.query(
        `SELECT message_id FROM email_outbox WHERE workflow_id = $1 AND kind = $2 AND status = 'sent'`,
        [workflowId, kind],
      );
      if (rows.length) {
        return rows;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`no ${kind} email sent for ${workflowId}`);
  }

  async function auditOf(type: string, where: string, params: unknown[]): Promise<Array<Record<string, unknown>>> {
    for (let i = 0; i < 50; i++) {
      const rows: Array<Record<string, unknown>> = await stack.dataSource.query(
        `SELECT type, actor, after FROM audit_events WHERE type = $1 AND ${where}`,
        [type, ...params],
      );
      if (rows.length) {
        return rows;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return [];
  }

  beforeAll(async () => {
    process.env.RATE_LIMIT_LOGIN_PER_MINUTE = '1000';
    process.env.RATE_LIMIT_LOGIN_FAILURES_PER_ACCOUNT = '3';
    process.env.PROD_LIMIT_PER_AGENCY = '3';
    stack = await startTestWorker('it-rel-edge');
    await importReferenceData(stack.dataSource);
    api = await startTestApi();
    ({ email: officerEmail, token: officer } = await signInNewStaff(stack.dataSource, api.base, {
      displayName: 'Cán bộ',
      emailPrefix: `officer-${period}`,
    }));
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('a NUL in a submission note (refused by PostgreSQL) neither wedges the assignment nor blocks what follows', async () => {
    const row = await start(communes[0]);
    const handle = stack.client.workflow.getHandle(row.workflowId);
    // Straight to the workflow, past the API's own checks: the last line of defence.
    const result = await handle.executeUpdate(submitUpdate, {
      args: [
        {
          submissionId: 'poison-1',
          actor: `agency-link:${communes[0]}`,
          values: { programmes: 1, rebroadcasts: 3 },
          note: 'Đã phát\u0000 lại',
        },
      ],
    });
    expect(result.status).toBe('submitted');
    await waitForRow((r) => r.workflowId === row.workflowId && r.status === 'submitted');
    const [stored] = await auditOf('submitted', 'workflow_id = $2', [row.workflowId]);
    // PostgreSQL refuses the NUL as 22P05 in a jsonb value or 22021 in a text column (the kept
    // submission is written first): either way the storable copy is what was recorded.
    expect(stored.after).toMatchObject({ note: 'Đã phát lại' });
    expect(['22P05', '22021']).toContain(
      (stored.after as { storedAfterRejection: { sqlState: string } }).storedAfterRejection.sqlState,
    );
    // The effects queued behind it still happen: a return is recorded and mailed.
    const back = await http(api.base, 'POST', `/api/v1/assignments/${row.id}/review`, {
      token: officer,
      body: { decision: 'return', reason: 'Thiếu biên bản' },
    });
    expect(back.status).toBe(200);
    await waitForRow((r) => r.workflowId === row.workflowId && r.status === 'returned');
    const [mailed] = await waitForOutbox(row.workflowId, 'returned');
    await waitForMail((m) => m.messageId === mailed.message_id);
    const state = await handle.query<AssignmentState>('state');
    expect(state.status).toBe('returned');
  });

  it('dates beyond the supported years are refused with 400 at the edge (an extension to 9999-12-31 never reaches the workflow)', async () => {
    const row = await start(communes[1]);
    const link = createAgencyLinkToken({ agency: communes[1], exp: exp(), gen: 1 }, LINK_SECRET);
    const asked = await http<{ code: string; details: unknown }>(
      api.base,
      'POST',
      `/api/v1/assignments/${row.id}/extension-request`,
      { link, body: { requestId: 'gia-han-9999', newDueDate: '9999-12-31', reason: 'Xin gia hạn' } },
    );
    expect(asked.status).toBe(400);
    expect(JSON.stringify(asked.body)).toContain('2100-12-31');
    const decided = await http(api.base, 'POST', `/api/v1/assignments/${row.id}/extension-decision`, {
      token: officer,
      body: { requestId: 'gia-han-9999', approve: true, newDueDate: '9999-12-31' },
    });
    expect(decided.status).toBe(400);
    for (const q of ['onDate=0001-01-01', 'onDate=9999-12-31']) {
      expect((await http(api.base, 'GET', `/api/v1/periods?${q}`, { token: officer })).status).toBe(400);
    }
    // The assignment still answers.
    expect((await http(api.base, 'GET', `/api/v1/assignments/${row.id}`, { token: officer })).status).toBe(200);
  });

  it("a report citing another agency's attachment is refused with 400 and audited; its own attachment is accepted", async () => {
    const mine = await waitForRow((r) => r.agency.code === communes[1]);
    const theirs = await waitForRow((r) => r.agency.code === communes[0]);
    const linkOf = (agency: string) => createAgencyLinkToken({ agency, exp: exp(), gen: 1 }, LINK_SECRET);
    const upload = async (row: Row, agency: string) => {
      const res = await fetch(`${api.base}/api/v1/assignments/${row.id}/attachments?name=bien-ban.pdf`, {
        method: 'POST',
        headers: { 'x-agency-link': linkOf(agency), 'content-type': 'application/pdf' },
        body: Buffer.from('%PDF-1.4 biên bản'),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    // The other commune's report was returned (first test): it may attach again.
    const foreign = await upload(theirs, communes[0]);
    const own = await upload(mine, communes[1]);
    const cite = (id: string, submissionId: string) =>
      http<{ code: string; details: Array<{ field: string }> }>(
        api.base,
        'POST',
        `/api/v1/assignments/${mine.id}/submit`,
        {
          link: linkOf(communes[1]),
          body: {
            submissionId,
            values: { programmes: 1, rebroadcasts: 3 },
            attachments: [{ id, name: 'bien-ban.pdf' }],
          },
        },
      );
    const refused = await cite(foreign, 'trich-tep-nguoi-khac');
    expect(refused.status).toBe(400);
    expect(refused.body.details).toEqual([expect.objectContaining({ field: 'attachments.0.id' })]);
    expect(await auditOf('attachment-refused', `after->>'attachmentId' = $2`, [foreign])).toHaveLength(1);
    expect((await cite(randomUUID(), 'tep-khong-ton-tai')).status).toBe(400);
    expect((await cite(own, 'tep-cua-minh')).status).toBe(200);
  });

  it('links whose generation is missing or a string, and tokens whose subject is not a UUID, are refused with 401 and audited', async () => {
    const row = await waitForRow((r) => r.agency.code === communes[1]);
    const forge = (claims: Record<string, unknown>): string => {
      // Signed with the real secret: only the shape of the claims is wrong.
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${payload}.${createHmac('sha256', LINK_SECRET).update(payload).digest('base64url')}`;
    };
    for (const claims of [
      { agency: communes[1], exp: exp() },
      { agency: communes[1], exp: exp(), gen: '1' },
    ]) {
      const res = await http(api.base, 'GET', `/api/v1/assignments/${row.id}`, { link: forge(claims) });
      expect(res.status).toBe(401);
    }
    const token = await new SignJWT({ role: 'officer' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('not-a-uuid')
      .setIssuer('dondoc')
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const path = `/api/v1/assignments?period=${period}&probe=${randomUUID()}`;
    const res = await http<{ code: string }>(api.base, 'GET', path, { token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    const audited = await auditOf('access-refused', `after->>'status' = '401' AND entity_id = $2`, [
      '/api/v1/assignments',
    ]);
    expect(audited.length).toBeGreaterThan(0);
  });

  it('sign-in: X-Forwarded-For from a client is not trusted, and failed sign-ins are limited per account (429)', async () => {
    const email = officerEmail;
    const attempt = (ip: string) =>
      http<{ code: string }>(api.base, 'POST', '/api/v1/auth/login', {
        body: { email, password: 'sai-mat-khau-123' },
        headers: { 'x-forwarded-for': ip },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await attempt(`203.0.113.${i + 1}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    // The right password is refused too while the account is locked.
    const locked = await http(api.base, 'POST', '/api/v1/auth/login', { body: { email, password: PASSWORD } });
    expect(locked.status).toBe(429);
    expect(
      await auditOf('access-refused', `after->>'status' = '429' AND after->>'route' = $2`, ['/api/v1/auth/login']),
    ).not.toHaveLength(0);
    // Another account is not locked out by it.
    const other = await http(api.base, 'POST', '/api/v1/auth/login', {
      body: { email: `khac-${period}@thanhhoa.example`, password: 'sai-mat-khau-123' },
    });
    expect(other.status).toBe(401);
  });

  it('prods are rationed per agency: past the limit 429, whoever sends them', async () => {
    const row = await start('xa-luong-son');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await http(api.base, 'POST', `/api/v1/assignments/${row.id}/prod`, { token: officer, body: {} })).status,
      );
    }
    expect(statuses).toEqual([202, 202, 202, 429, 429]);
  });
});
