import { randomUUID } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { SignJWT } from 'jose';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importAgencies, importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository, UserRepository } from '../libs/persistence/src/repositories';
import type { Role } from '../libs/persistence/src/entities';
import { createAgencyLinkToken } from '../libs/security/src/agency-link';
import { assignmentWorkflowId, type AssignmentInput } from '../workflows/assignment.messages';
import { waitForMail } from './support/mailbox';
import { http, startTestApi, waitForOperation } from './support/api';
import { OpenApiConformance, type OpenApiDoc } from '../apps/api/src/openapi-conformance';
import { startTestWorker, type TestWorker } from './support/stack';
import { startAssignment as startAssignmentWorkflow } from '../libs/temporal/src/workflow-starters';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const PASSWORD = 'mat-khau-du-dai-123';
const LINK_SECRET = 'dev-only-link-secret-change-me';
const JWT_SECRET = 'dev-only-jwt-secret-change-me-0123456789';

interface Page<T> {
  total: number;
  items: T[];
}
interface Row {
  id: string;
  workflowId: string;
  status: string;
  category: string;
  agency: { code: string; name: string };
}

/** The ICT department's API over HTTP against the real stack: PostgreSQL, Temporal, SMTP. */
describe('API (HTTP, real PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const tokens: Partial<Record<Role, string>> = {};
  const period = `api-${Date.now()}`;
  const communes = ['xa-hoang-giang', 'xa-hoang-phu', 'xa-hoang-son'];
  const calendar = stackCalendar();
  let conformance: OpenApiConformance;

  /** The answer `res` of operation `op` is exactly what the OpenAPI document says (closed schemas, field for field). */
  function expectConforms(op: string, res: { status: number; body: unknown }): void {
    expect(conformance.check(op, res.status, res.body)).toBe('');
  }

  async function login(email: string): Promise<string> {
    const res = await http<{ accessToken: string }>(api.base, 'POST', '/api/v1/auth/login', {
      body: { email, password: PASSWORD },
    });
    expect(res.status).toBe(200);
    return res.body.accessToken;
  }

  async function startAssignment(agencyCode: string, periodKey: string, dueDate: string): Promise<string> {
    const input: AssignmentInput = {
      planCode: PLAN,
      dutyCode: DUTY,
      agencyCode,
      periodKey,
      periodStart: null,
      periodEnd: null,
      dueDate,
      reminderLocalTime: '08:00',
    };
    const workflowId = assignmentWorkflowId(DUTY, agencyCode, periodKey);
    await startAssignmentWorkflow(stack.client, input, { taskQueue: stack.taskQueue });
    return workflowId;
  }

  async function waitForRows(
    filter: string,
    count: number,
    predicate: (r: Row) => boolean = () => true,
  ): Promise<Row[]> {
    for (let i = 0; i < 100; i++) {
      const res = await http<Page<Row>>(api.base, 'GET', `/api/v1/assignments?${filter}&pageSize=200`, {
        token: tokens.officer,
      });
      const rows = res.body.items.filter(predicate);
      if (rows.length >= count) {
        return rows;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`expected ${count} rows for ${filter}`);
  }

  beforeAll(async () => {
    process.env.RATE_LIMIT_LOGIN_PER_MINUTE = '30';
    stack = await startTestWorker('it-api');
    process.env.TEMPORAL_TASK_QUEUE = 'it-api';
    await importReferenceData(stack.dataSource);
    api = await startTestApi();
    conformance = new OpenApiConformance((await http<OpenApiDoc>(api.base, 'GET', '/api/docs-json')).body);
    const users = new UserRepository(stack.dataSource);
    const agencies = new AgencyRepository(stack.dataSource);
    const own = await agencies.findByCode(communes[0]);
    for (const role of ['admin', 'officer', 'viewer', 'agency'] as const) {
      const email = `${role}-${period}@thanhhoa.example`;
      await users.create({
        email,
        displayName: role,
        role,
        agencyId: role === 'agency' ? own!.id : null,
        passwordHash: await hash(PASSWORD),
      });
      tokens[role] = await login(email);
    }
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('officer lists overdue communes, bulk-prods them; an agency reports through its emailed link; return, resubmit, accept; statistics follow', async () => {
    const due = calendar.addWorkingDays(vietnamDateOf(new Date()), -2);
    for (const c of communes) {
      await startAssignment(c, period, due);
    }
    const overdue = await waitForRows(`period=${period}&category=open-overdue`, 3);
    expect(overdue.map((r) => r.agency.code).sort()).toEqual([...communes].sort());

    const before = await http<{ totals: Record<string, number> }>(
      api.base,
      'GET',
      `/api/v1/statistics?groupBy=agency&period=${period}`,
      { token: tokens.viewer },
    );
    expect(before.status).toBe(200);
    expect(before.body.totals).toMatchObject({ 'open-overdue': 3, 'done-late': 0 });

    const filter = { period, category: 'open-overdue' };
    const preview = await http<{ confirmed: boolean; count: number }>(
      api.base,
      'POST',
      '/api/v1/assignments/bulk-prod',
      {
        token: tokens.officer,
        body: { filter, message: 'Đề nghị các xã báo cáo ngay.' },
      },
    );
    expect(preview).toMatchObject({ status: 200, body: { confirmed: false, count: 3 } });
    const wrongCount = await http(api.base, 'POST', '/api/v1/assignments/bulk-prod', {
      token: tokens.officer,
      body: { filter, confirmCount: 2 },
    });
    expect(wrongCount.status).toBe(409);
    // Two officers confirm the same bulk prod at once: one operation, each commune prodded once.
    const confirm = () =>
      http<{ count: number; operationId: string; progress: string }>(
        api.base,
        'POST',
        '/api/v1/assignments/bulk-prod',
        {
          token: tokens.officer,
          body: { filter, message: 'Đề nghị các xã báo cáo ngay.', confirmCount: 3 },
        },
      );
    const [done, twin] = await Promise.all([confirm(), confirm()]);
    expect(done).toMatchObject({ status: 202, body: { confirmed: true, count: 3 } });
    expect(twin).toMatchObject({ status: 202, body: { operationId: done.body.operationId } });
    const operation = await waitForOperation(api.base, tokens.officer!, done.body.progress);
    expect(operation).toMatchObject({
      status: 'completed',
      type: 'bulkSignalWorkflow',
      progress: { total: 3, done: 3, succeeded: 3, failed: 0 },
      result: { phase: 'done', total: 3, done: 3, succeeded: 3, failed: 0, failures: [] },
    });
    expectConforms('GET /api/v1/operations/{id}', { status: 200, body: operation });
    const prodMails = await waitForMail((m) => m.subject.startsWith('Đôn đốc') && m.text.includes(`Kỳ: ${period}`), {
      count: 3,
    });
    expect(prodMails.flatMap((m) => m.to).sort()).toEqual(communes.map((c) => `${c}@thanhhoa.example`).sort());

    // The agency opens the link in the urging email it received.
    const [mail] = await waitForMail(
      (m) =>
        m.subject.startsWith('Đôn đốc') &&
        m.to.includes(`${communes[0]}@thanhhoa.example`) &&
        m.text.includes(`Kỳ: ${period}`),
    );
    expect(mail.text).toContain('Đề nghị các xã báo cáo ngay.');
    const link = /\/r\/([\w-]+\.[\w-]+)/.exec(mail.text)![1];
    const mine = await http<Page<Row>>(api.base, 'GET', `/api/v1/assignments?period=${period}`, { link });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r) => r.agency.code)).toEqual([communes[0]]);
    const id = mine.body.items[0].id;

    const submitted = await http<{ shortfalls: unknown[] }>(api.base, 'POST', `/api/v1/assignments/${id}/submit`, {
      link,
      body: { submissionId: 's-1', values: { programmes: 1, rebroadcasts: 2 } },
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.shortfalls).toHaveLength(1);
    const returned = await http(api.base, 'POST', `/api/v1/assignments/${id}/review`, {
      token: tokens.officer,
      body: { decision: 'return', reason: 'Chưa đủ 3 lần phát lại' },
    });
    expect(returned).toMatchObject({ status: 200, body: { status: 'returned' } });
    const resubmitted = await http(api.base, 'POST', `/api/v1/assignments/${id}/submit`, {
      link,
      body: {
        submissionId: 's-2',
        values: { programmes: 1, rebroadcasts: 3 },
        links: ['https://xahoanggiang.example/bai-viet'],
      },
    });
    expect(resubmitted.status).toBe(200);
    const accepted = await http(api.base, 'POST', `/api/v1/assignments/${id}/review`, {
      token: tokens.officer,
      body: { decision: 'accept' },
    });
    expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted', category: 'done-late' } });

    await waitForRows(`period=${period}&category=done-late`, 1);
    const after = await http<{ totals: Record<string, number> }>(
      api.base,
      'GET',
      `/api/v1/statistics?groupBy=agency&period=${period}`,
      { token: tokens.viewer },
    );
    expect(after.body.totals).toMatchObject({ 'open-overdue': 2, 'done-late': 1 });
    const byDuty = await http<{ groups: unknown[] }>(
      api.base,
      'GET',
      `/api/v1/statistics?groupBy=duty&period=${period}`,
      {
        token: tokens.viewer,
      },
    );
    expect(byDuty.body.groups).toEqual([
      {
        key: DUTY,
        label: 'Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã',
        labelEn: 'Commune radio: digital transformation programme',
        counts: { 'open-on-time': 0, 'open-overdue': 2, 'done-on-time': 0, 'done-late': 1 },
        total: 3,
        done: 1,
        complianceRate: 1 / 3,
        onTimeRate: 0,
        awaitingReview: 0,
        requested: {
          counts: { 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 },
          total: 0,
          done: 0,
          complianceRate: 0,
          onTimeRate: 0,
          awaitingReview: 0,
        },
        lifted: { waived: 0, cancelled: 0 },
      },
    ]);

    const detail = await http<{ timeline: Array<{ type: string; actor: string; before: unknown; after: unknown }> }>(
      api.base,
      'GET',
      `/api/v1/assignments/${id}`,
      { token: tokens.viewer },
    );
    expect(detail.status).toBe(200);
    const types = detail.body.timeline.map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['assigned', 'prodded', 'submitted', 'returned', 'resubmitted', 'accepted']),
    );
    expect(detail.body.timeline.find((e) => e.type === 'submitted')!.actor).toBe(`agency-link:${communes[0]}`);
    expect(detail.body.timeline.find((e) => e.type === 'returned')!.actor).toMatch(/^officer:/);
    // Transitions record the state before and after; email events what was sent: each in its documented shape.
    expect(detail.body.timeline.find((e) => e.type === 'returned')).toMatchObject({
      before: { status: 'submitted' },
      after: { status: 'returned', note: expect.any(String) },
    });
    expect(detail.body.timeline.find((e) => e.type === 'email-sent')).toMatchObject({
      before: null,
      after: { kind: expect.any(String), to: expect.any(Array), messageId: expect.any(String) },
    });
    expectConforms('GET /api/v1/assignments/{id}', detail);
  }, 120_000);

  it('rejects bad input with a 4xx naming the field, never a 5xx', async () => {
    const [row] = await waitForRows(`period=${period}&agency=${communes[1]}`, 1);
    const link = createAgencyLinkToken(
      { agency: communes[1], exp: Math.floor(Date.now() / 1000) + 3600, gen: 1 },
      LINK_SECRET,
    );
    const post = (body: unknown, raw?: string) =>
      http<{ code: string; message: string; details: unknown }>(
        api.base,
        'POST',
        `/api/v1/assignments/${row.id}/submit`,
        { link, body, raw },
      );
    const missing = await post({ values: { programmes: 1, rebroadcasts: 3 } });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('submissionId');
    const wrongType = await post({ submissionId: 'x', values: { programmes: 'một', rebroadcasts: 3 } });
    expect(wrongType.status).toBe(400);
    expect(JSON.stringify(wrongType.body)).toContain('values.programmes');
    const unknown = await post({ submissionId: 'x', values: { programmes: 1, rebroadcasts: 3 }, hacker: true });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('hacker');
    const unknownEvidence = await post({ submissionId: 'x', values: { programmes: 1, rebroadcasts: 3, likes: 5 } });
    expect(unknownEvidence.status).toBe(400);
    expect(unknownEvidence.body.message).toContain('values.likes');
    const malformed = await post(undefined, '{"submissionId": ');
    expect(malformed).toMatchObject({ status: 400, body: { code: 'MALFORMED_JSON' } });
    const oversized = await post({
      submissionId: 'x',
      values: { programmes: 1, rebroadcasts: 3 },
      note: 'x'.repeat(300_000),
    });
    expect(oversized).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
    const badQuery = await http<{ message: string }>(
      api.base,
      'GET',
      '/api/v1/assignments?pageSize=5000&category=nope',
      { token: tokens.officer },
    );
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.message).toMatch(/pageSize.*category|category.*pageSize/);
    const badId = await http<{ message: string }>(api.base, 'GET', '/api/v1/assignments/not-a-uuid', {
      token: tokens.officer,
    });
    expect(badId.status).toBe(400);
    for (const r of [missing, wrongType, unknown, malformed, oversized]) {
      expect(r.body).toHaveProperty('code');
      expect(JSON.stringify(r.body)).not.toMatch(/at \w+ \(|node_modules/);
    }
  });

  it('merges three communes into one: open assignments move to the new commune; history still names the old ones', async () => {
    const olds = ['xa-sap-nhap-mot', 'xa-sap-nhap-hai', 'xa-sap-nhap-ba'];
    await importAgencies(
      stack.dataSource,
      olds.map((code, i) => ({
        code,
        name: `Xã Sáp Nhập ${['Một', 'Hai', 'Ba'][i]}`,
        kind: 'commune' as const,
        subtype: 'xa',
        parentCode: null,
        validFrom: null,
        validTo: null,
        successorCode: null,
        focalEmail: `${code}@thanhhoa.example`,
        headEmail: null,
        formedFrom: [],
        note: null,
      })),
    );
    const mergePeriod = `merge-${Date.now()}`;
    const due = calendar.addWorkingDays(vietnamDateOf(new Date()), 10);
    for (const c of olds) {
      await startAssignment(c, mergePeriod, due);
    }
    const oldRows = await waitForRows(`period=${mergePeriod}`, 3);
    const effective = vietnamDateOf(new Date());
    const res = await http<{ progress: string }>(api.base, 'POST', '/api/v1/agencies/reorganisations', {
      token: tokens.officer,
      body: {
        type: 'merge',
        from: olds,
        into: [{ code: 'xa-hop-nhat', name: 'Xã Hợp Nhất', kind: 'commune' }],
        effectiveDate: effective,
      },
    });
    expect(res.status).toBe(202);
    const operation = await waitForOperation(api.base, tokens.officer!, res.body.progress);
    const result = operation.result as { moved: Array<{ from: string; to: string }>; successors: string[] };
    expect(operation.status).toBe('completed');
    expect(operation).toMatchObject({ type: 'agencyReorganisationWorkflow', progress: { total: 3, failed: 0 } });
    expectConforms('GET /api/v1/operations/{id}', { status: 200, body: operation });
    expect(result.successors).toEqual(['xa-hop-nhat']);
    // Same duty and period: each old assignment is reissued to the successor, which gets it once.
    expect(result.moved.map((m) => m.to)).toEqual(['xa-hop-nhat', 'xa-hop-nhat', 'xa-hop-nhat']);
    const moved = await waitForRows(`period=${mergePeriod}&agency=xa-hop-nhat`, 1);
    expect(moved[0].status).toBe('assigned');
    const cancelled = await waitForRows(`period=${mergePeriod}&status=cancelled`, 3);
    expect(cancelled.map((r) => r.agency.name).sort()).toEqual([
      'Xã Sáp Nhập Ba',
      'Xã Sáp Nhập Hai',
      'Xã Sáp Nhập Một',
    ]);
    const oldDetail = await http<{
      agency: { name: string };
      timeline: Array<{ type: string; after: { note: string | null } | null }>;
    }>(api.base, 'GET', `/api/v1/assignments/${oldRows[0].id}`, { token: tokens.viewer });
    expect(oldDetail.body.agency.name).toMatch(/^Xã Sáp Nhập/);
    const cancelEvent = oldDetail.body.timeline.find((e) => e.type === 'cancelled');
    expect(cancelEvent!.after!.note).toContain('Sáp nhập vào Xã Hợp Nhất');
    expectConforms('GET /api/v1/assignments/{id}', oldDetail);
    // The registry change itself is in the audit trail with its actor.
    const audited = await stack.dataSource.query<Array<{ actor: string; type: string }>>(
      `SELECT actor, type FROM audit_events WHERE entity_type = 'api' AND type LIKE 'POST /api/v1/agencies/reorganisations%'`,
    );
    expect(audited.map((a) => a.actor)).toContain(`officer:officer-${period}@thanhhoa.example`);
    const agency = await http<{ validTo: string; successorCode: string }>(
      api.base,
      'GET',
      '/api/v1/agencies/xa-sap-nhap-mot',
      { token: tokens.viewer },
    );
    expect(agency.body).toMatchObject({ successorCode: 'xa-hop-nhat' });
  }, 90_000);

  it('authorisation matrix: every endpoint of the OpenAPI document, every kind of caller, the exact status', async () => {
    const doc = await http<OpenApiDoc>(api.base, 'GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    // Every answer below, success or refusal, must also be what the document says, field for field.
    const conformance = new OpenApiConformance(doc.body);
    const [own] = await waitForRows(`period=${period}&agency=${communes[0]}`, 1);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const ownLink = createAgencyLinkToken({ agency: communes[0], exp, gen: 1 }, LINK_SECRET);
    const otherLink = createAgencyLinkToken({ agency: communes[2], exp, gen: 1 }, LINK_SECRET);
    const expired = createAgencyLinkToken(
      { agency: communes[0], exp: Math.floor(Date.now() / 1000) - 60, gen: 1 },
      LINK_SECRET,
    );
    const tampered = ownLink.slice(0, -3) + (ownLink.endsWith('AAA') ? 'BBB' : 'AAA');
    const callers = {
      none: {},
      admin: { token: tokens.admin },
      officer: { token: tokens.officer },
      viewer: { token: tokens.viewer },
      agencyUser: { token: tokens.agency },
      ownLink: { link: ownLink },
      otherLink: { link: otherLink },
      expiredLink: { link: expired },
      tamperedLink: { link: tampered },
    } as const;
    type CallerName = keyof typeof callers;
    const ghost = randomUUID();
    // Expected status per caller; callers not listed get 403, and none/expired/tampered always get 401.
    type Probe = { path: string; body?: unknown; ok: Partial<Record<CallerName, number>> };
    const R = { admin: 200, officer: 200, viewer: 200 };
    const W = (s: number) => ({ admin: s, officer: s });
    const matrix: Record<string, Probe> = {
      'GET /health': { path: '/health', ok: Object.fromEntries(Object.keys(callers).map((c) => [c, 200])) },
      'GET /ready': { path: '/ready', ok: Object.fromEntries(Object.keys(callers).map((c) => [c, 200])) },
      'POST /api/v1/auth/login': {
        path: '/api/v1/auth/login',
        body: { email: 'nobody@thanhhoa.example', password: 'x' },
        ok: Object.fromEntries(Object.keys(callers).map((c) => [c, 401])),
      },
      'POST /api/v1/auth/refresh': {
        path: '/api/v1/auth/refresh',
        ok: { ...R, agencyUser: 200 },
      },
      'GET /api/v1/auth/me': { path: '/api/v1/auth/me', ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 } },
      'GET /api/v1/users': { path: '/api/v1/users', ok: { admin: 200 } },
      'POST /api/v1/users': { path: '/api/v1/users', body: {}, ok: { admin: 400 } },
      'GET /api/v1/assignments': {
        path: '/api/v1/assignments?pageSize=1',
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 },
      },
      'POST /api/v1/assignments/bulk-prod': {
        path: '/api/v1/assignments/bulk-prod',
        body: { filter: { period: 'none' } },
        ok: W(200),
      },
      'GET /api/v1/assignments/{id}': {
        path: `/api/v1/assignments/${own.id}`,
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 404 },
      },
      'POST /api/v1/assignments/{id}/prod': { path: `/api/v1/assignments/${ghost}/prod`, body: {}, ok: W(404) },
      'GET /api/v1/emails/failed': { path: '/api/v1/emails/failed', ok: R },
      'POST /api/v1/emails/{id}/resend': { path: `/api/v1/emails/${ghost}/resend`, body: {}, ok: W(404) },
      'POST /api/v1/assignments/{id}/escalate': { path: `/api/v1/assignments/${ghost}/escalate`, body: {}, ok: W(404) },
      'POST /api/v1/assignments/{id}/review': {
        path: `/api/v1/assignments/${ghost}/review`,
        body: { decision: 'accept' },
        ok: W(404),
      },
      'POST /api/v1/assignments/{id}/extension-decision': {
        path: `/api/v1/assignments/${ghost}/extension-decision`,
        body: { requestId: 'r', approve: false },
        ok: W(404),
      },
      'POST /api/v1/assignments/{id}/waive': {
        path: `/api/v1/assignments/${ghost}/waive`,
        body: { reason: 'x' },
        ok: W(404),
      },
      'POST /api/v1/assignments/{id}/acknowledge': {
        path: `/api/v1/assignments/${own.id}/acknowledge`,
        body: {},
        ok: { agencyUser: 409, ownLink: 409, otherLink: 404 },
      },
      'POST /api/v1/assignments/{id}/submit': {
        path: `/api/v1/assignments/${ghost}/submit`,
        body: { submissionId: 'm', values: {} },
        ok: { agencyUser: 404, ownLink: 404, otherLink: 404 },
      },
      'POST /api/v1/assignments/{id}/extension-request': {
        path: `/api/v1/assignments/${ghost}/extension-request`,
        body: { requestId: 'r', newDueDate: '2030-01-01', reason: 'x' },
        ok: { agencyUser: 404, ownLink: 404, otherLink: 404 },
      },
      'POST /api/v1/assignments/{id}/attachments': {
        path: `/api/v1/assignments/${ghost}/attachments?name=a.pdf`,
        body: {},
        ok: { agencyUser: 404, ownLink: 404, otherLink: 404 },
      },
      'GET /api/v1/attachments/{id}': {
        path: `/api/v1/attachments/${ghost}`,
        ok: { admin: 404, officer: 404, viewer: 404, agencyUser: 404, ownLink: 404, otherLink: 404 },
      },
      'GET /api/v1/statistics': { path: '/api/v1/statistics', ok: R },
      'GET /api/v1/reviews': {
        path: `/api/v1/reviews?pageSize=1&q=${encodeURIComponent('đông sơn')}&flagged=true`,
        ok: R,
      },
      'GET /api/v1/agencies': { path: '/api/v1/agencies?pageSize=1', ok: R },
      'POST /api/v1/agencies': { path: '/api/v1/agencies', body: {}, ok: W(400) },
      'GET /api/v1/agencies/tree': { path: '/api/v1/agencies/tree', ok: R },
      'GET /api/v1/agencies/ict-department': {
        path: '/api/v1/agencies/ict-department',
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 },
      },
      'GET /api/v1/agencies/lineage-questions': { path: '/api/v1/agencies/lineage-questions', ok: R },
      'GET /api/v1/agencies/export.{format}': { path: '/api/v1/agencies/export.csv', ok: R },
      // A JSON body is not a registry file: staff get 415, everyone else is refused first.
      'POST /api/v1/agencies/import': { path: '/api/v1/agencies/import?fileName=a.csv', body: {}, ok: W(415) },
      'POST /api/v1/agencies/{code}/lineage-settlement': {
        path: '/api/v1/agencies/xa-khong-ton-tai/lineage-settlement',
        body: {},
        ok: { admin: 400 },
      },
      'POST /api/v1/agencies/reorganisations': { path: '/api/v1/agencies/reorganisations', body: {}, ok: W(400) },
      'GET /api/v1/agencies/{code}': {
        path: `/api/v1/agencies/${communes[0]}`,
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 404 },
      },
      'PATCH /api/v1/agencies/{code}': { path: '/api/v1/agencies/xa-khong-ton-tai', body: {}, ok: W(404) },
      'POST /api/v1/agencies/{code}/deactivate': { path: '/api/v1/agencies/xa-khong-ton-tai/deactivate', ok: W(404) },
      'POST /api/v1/agencies/{code}/revoke-links': {
        path: '/api/v1/agencies/xa-khong-ton-tai/revoke-links',
        ok: W(404),
      },
      'GET /api/v1/plans': { path: '/api/v1/plans', ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 } },
      'GET /api/v1/plans/{code}': {
        path: `/api/v1/plans/${PLAN}`,
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 },
      },
      'POST /api/v1/plans/import': { path: '/api/v1/plans/import', body: {}, ok: W(400) },
      'GET /api/v1/report-requests': { path: '/api/v1/report-requests', ok: R },
      'POST /api/v1/report-requests': { path: '/api/v1/report-requests', body: {}, ok: W(400) },
      'GET /api/v1/schedules': { path: '/api/v1/schedules', ok: R },
      'POST /api/v1/periods/close': { path: '/api/v1/periods/close', body: {}, ok: W(400) },
      'GET /api/v1/period-reports': { path: '/api/v1/period-reports', ok: R },
      'GET /api/v1/period-reports/{id}/{format}': {
        path: `/api/v1/period-reports/${ghost}/xlsx`,
        ok: { admin: 404, officer: 404, viewer: 404 },
      },
      'GET /api/v1/calendar/{year}': {
        path: '/api/v1/calendar/2026',
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 },
      },
      'PUT /api/v1/calendar/{year}/adjustments': {
        path: '/api/v1/calendar/2026/adjustments',
        body: {},
        ok: { admin: 400 },
      },
      'GET /api/v1/periods': {
        path: '/api/v1/periods?kind=half&year=2026',
        ok: { ...R, agencyUser: 200, ownLink: 200, otherLink: 200 },
      },
      'POST /api/v1/schedules/{plan}/{kind}/{action}': { path: '/api/v1/schedules/khong-co/month/pause', ok: W(404) },
      'POST /api/v1/periods/open': { path: '/api/v1/periods/open', body: {}, ok: W(400) },
      'GET /api/v1/periods/open/{plan}/{kind}/{date}': {
        path: `/api/v1/periods/open/${PLAN}/month/1999-01-01`,
        ok: { admin: 404, officer: 404, viewer: 404 },
      },
      'GET /api/v1/operations/{id}': {
        path: '/api/v1/operations/khong-co',
        ok: { admin: 404, officer: 404, viewer: 404 },
      },
      'GET /api/v1/report-requests/{id}': {
        path: `/api/v1/report-requests/${ghost}`,
        ok: { admin: 404, officer: 404, viewer: 404 },
      },
    };
    const documented = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(Object.keys(matrix).sort());

    const failures: string[] = [];
    let checked = 0;
    for (const [op, probe] of Object.entries(matrix)) {
      const method = op.split(' ')[0];
      for (const [name, creds] of Object.entries(callers) as Array<[CallerName, { token?: string; link?: string }]>) {
        const isPublic = op === 'GET /health' || op === 'GET /ready' || op === 'POST /api/v1/auth/login';
        const expected = isPublic
          ? probe.ok[name]!
          : ['none', 'expiredLink', 'tamperedLink'].includes(name)
            ? 401
            : (probe.ok[name] ?? 403);
        const res = await http(api.base, method, probe.path, {
          ...creds,
          body: probe.body ?? (method === 'GET' ? undefined : {}),
        });
        checked += 1;
        if (res.status !== expected) {
          failures.push(
            `${op} as ${name}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
          );
        }
        const mismatch = conformance.check(op, res.status, res.body);
        if (mismatch) {
          failures.push(`${op} as ${name}: ${mismatch}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(checked).toBe(Object.keys(matrix).length * Object.keys(callers).length);
  }, 120_000);

  it('answers in exactly the documented shapes: the agency tree, duty specs, a registry import previewed and applied', async () => {
    // Each duty's spec is the plan catalog's, no more and no less.
    const plan = await http<{
      duties: Array<{ code: string; spec: { code: string; evidence: { fields: unknown[] } } }>;
    }>(api.base, 'GET', `/api/v1/plans/${PLAN}`, { token: tokens.viewer });
    expect(plan.status).toBe(200);
    const duty = plan.body.duties.find((d) => d.code === DUTY)!;
    expect(duty.spec.code).toBe(DUTY);
    expect(duty.spec.evidence.fields.length).toBeGreaterThan(0);
    expectConforms('GET /api/v1/plans/{code}', plan);

    // A registry import: a new agency (preview, then applied), then a change to it (previewed field by field).
    const code = `xa-hop-dong-${Date.now()}`;
    const header =
      'code,name,kind,subtype,parent_code,valid_from,valid_to,successor_code,focal_email,head_email,formed_from,note';
    const send = async (csv: string, confirm?: string) => {
      const qs = new URLSearchParams({ fileName: 'danh-muc.csv', ...(confirm ? { confirm } : {}) });
      const res = await fetch(`${api.base}/api/v1/agencies/import?${qs.toString()}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens.officer}`, 'content-type': 'text/csv' },
        body: csv,
      });
      const body = (await res.json()) as {
        applied: boolean;
        sha256: string;
        created: Array<{ code: string }>;
        changed: Array<{ code: string; fields: Array<{ field: string; before: unknown; after: unknown }> }>;
      };
      expectConforms('POST /api/v1/agencies/import', { status: res.status, body });
      return { status: res.status, body };
    };
    // Valid only in 2020, so no period opened by another test ever reaches them.
    const created = `${header}\n${code},Xã Hợp Đồng,commune,xa,,2020-01-01,2020-12-31,,,,Xã A; Xã B,\n${code}-thon,Thôn Hợp Đồng,commune,,${code},2020-01-01,2020-12-31,,,,,\n`;
    const preview = await send(created);
    expect(preview).toMatchObject({
      status: 200,
      body: { applied: false, created: [{ code }, { code: `${code}-thon` }], changed: [] },
    });
    expect(await send(created, preview.body.sha256)).toMatchObject({ status: 200, body: { applied: true } });
    const renamed = await send(
      `${header}\n${code},Xã Hợp Đồng Mới,commune,xa,,2020-01-01,2020-12-31,,,,Xã A,ghi chú\n`,
    );
    expect(renamed.body.changed).toEqual([
      {
        code,
        name: 'Xã Hợp Đồng Mới',
        line: 2,
        fields: expect.arrayContaining([
          { field: 'name', before: 'Xã Hợp Đồng', after: 'Xã Hợp Đồng Mới' },
          { field: 'formedFrom', before: ['Xã A', 'Xã B'], after: ['Xã A'] },
          { field: 'note', before: null, after: 'ghi chú' },
        ]),
      },
    ]);

    // The tree nests children in children (a $ref of AgencyNode to itself): the new commune has its child.
    const tree = await http<
      Array<{ kind: string; agencies: Array<{ code: string; children: Array<{ code: string }> }> }>
    >(api.base, 'GET', '/api/v1/agencies/tree', { token: tokens.viewer });
    expect(tree.status).toBe(200);
    const parent = tree.body.flatMap((k) => k.agencies).find((a) => a.code === code)!;
    expect(parent.children.map((c) => c.code)).toEqual([`${code}-thon`]);
    expectConforms('GET /api/v1/agencies/tree', tree);
  }, 60_000);

  it('renews a valid staff token, keeping the sign-in time; refuses links and sessions older than 12 hours', async () => {
    const renewed = await http<{ accessToken: string; role: string }>(api.base, 'POST', '/api/v1/auth/refresh', {
      token: tokens.officer,
    });
    expect(renewed).toMatchObject({ status: 200, body: { role: 'officer' } });
    const me = await http(api.base, 'GET', '/api/v1/auth/me', { token: renewed.body.accessToken });
    expect(me).toMatchObject({ status: 200, body: { kind: 'user', role: 'officer' } });
    const claims = (t: string) =>
      JSON.parse(Buffer.from(t.split('.')[1], 'base64url').toString('utf8')) as { auth_time: number; sub: string };
    expect(claims(renewed.body.accessToken).auth_time).toBe(claims(tokens.officer!).auth_time);

    const link = createAgencyLinkToken(
      { agency: communes[1], exp: Math.floor(Date.now() / 1000) + 600, gen: 1 },
      LINK_SECRET,
    );
    expect((await http(api.base, 'POST', '/api/v1/auth/refresh', { link })).status).toBe(403);

    // A token signed in 13 hours ago (still unexpired) cannot be renewed any more.
    const old = await new SignJWT({ role: 'officer', auth_time: Math.floor(Date.now() / 1000) - 13 * 3600 })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(claims(tokens.officer!).sub)
      .setIssuer('dondoc')
      .setIssuedAt()
      .setExpirationTime('10m')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const refused = await http<{ code: string }>(api.base, 'POST', '/api/v1/auth/refresh', { token: old });
    expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  });

  it('limits login attempts per client and answers 429 with the usual error shape', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push(
        (
          await http(api.base, 'POST', '/api/v1/auth/login', {
            body: { email: 'khach@thanhhoa.example', password: 'sai' },
          })
        ).status,
      );
    }
    expect(statuses.slice(0, 5).every((s) => s === 401 || s === 429)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const limited = await http<{ code: string }>(api.base, 'POST', '/api/v1/auth/login', {
      body: { email: 'khach@thanhhoa.example', password: 'sai' },
    });
    expect(limited).toMatchObject({ status: 429, body: { code: 'TOO_MANY_REQUESTS' } });
  });

  it('serves secure headers, keeps CORS closed and tags every response with a request id', async () => {
    const res = await fetch(`${api.base}/health`, { headers: { origin: 'https://evil.example' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('x-powered-by')).toBeNull();
    expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  });

  it('stores report attachments with type and size limits; only staff and the owning agency can download them', async () => {
    const [row] = await waitForRows(`period=${period}&agency=${communes[1]}`, 1);
    expect(['assigned', 'acknowledged', 'returned']).toContain(row.status);
    const exp = Math.floor(Date.now() / 1000) + 3600;
    const link = createAgencyLinkToken({ agency: communes[1], exp, gen: 1 }, LINK_SECRET);
    const other = createAgencyLinkToken({ agency: communes[2], exp, gen: 1 }, LINK_SECRET);
    const upload = (type: string, body: Buffer, who = link) =>
      fetch(`${api.base}/api/v1/assignments/${row.id}/attachments?name=${encodeURIComponent('Biên bản tháng.pdf')}`, {
        method: 'POST',
        headers: { 'content-type': type, 'x-agency-link': who },
        body,
      });
    const pdf = Buffer.from('%PDF-1.4\n% biên bản\n');

    const ok = await upload('application/pdf', pdf);
    expect(ok.status).toBe(201);
    const saved = (await ok.json()) as { id: string; name: string; sizeBytes: number };
    expect(saved).toMatchObject({ name: 'Biên bản tháng.pdf', sizeBytes: pdf.length });

    const exe = await upload('application/x-msdownload', Buffer.from('MZ'));
    expect(exe.status).toBe(415);
    expect(await exe.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect((await upload('application/pdf', Buffer.alloc(0))).status).toBe(400);
    const huge = await upload('application/pdf', Buffer.alloc(10 * 1024 * 1024 + 1, 1));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect((await upload('application/pdf', pdf, other)).status).toBe(404);

    const asOfficer = await fetch(`${api.base}/api/v1/attachments/${saved.id}`, {
      headers: { authorization: `Bearer ${tokens.officer}` },
    });
    expect(asOfficer.status).toBe(200);
    expect(asOfficer.headers.get('content-type')).toBe('application/pdf');
    expect(asOfficer.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('Biên bản tháng.pdf')}`,
    );
    expect(Buffer.from(await asOfficer.arrayBuffer()).equals(pdf)).toBe(true);
    const asOwner = await fetch(`${api.base}/api/v1/attachments/${saved.id}`, { headers: { 'x-agency-link': link } });
    expect(asOwner.status).toBe(200);
    const asOther = await fetch(`${api.base}/api/v1/attachments/${saved.id}`, { headers: { 'x-agency-link': other } });
    expect(asOther.status).toBe(404);
  });

  it("revoking an agency's links makes every link emailed before unusable", async () => {
    const link = createAgencyLinkToken(
      { agency: communes[1], exp: Math.floor(Date.now() / 1000) + 3600, gen: 1 },
      LINK_SECRET,
    );
    expect((await http(api.base, 'GET', '/api/v1/assignments?pageSize=1', { link })).status).toBe(200);
    const revoked = await http<{ linkGeneration: number }>(
      api.base,
      'POST',
      `/api/v1/agencies/${communes[1]}/revoke-links`,
      {
        token: tokens.officer,
      },
    );
    expect(revoked).toMatchObject({ status: 200, body: { linkGeneration: 2 } });
    const after = await http<{ code: string }>(api.base, 'GET', '/api/v1/assignments?pageSize=1', { link });
    expect(after).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
    const fresh = createAgencyLinkToken(
      { agency: communes[1], exp: Math.floor(Date.now() / 1000) + 3600, gen: 2 },
      LINK_SECRET,
    );
    expect((await http(api.base, 'GET', '/api/v1/assignments?pageSize=1', { link: fresh })).status).toBe(200);
  });

  it('fans an ad-hoc report request out to a group of agencies and tracks its progress', async () => {
    const dueDate = calendar.addWorkingDays(vietnamDateOf(new Date()), 5);
    const created = await http<{ id: string; key: string; agencies: number; progress: string }>(
      api.base,
      'POST',
      '/api/v1/report-requests',
      {
        token: tokens.officer,
        body: {
          title: 'Báo cáo đột xuất về số buổi tuyên truyền chuyển đổi số',
          dueDate,
          agencies: { codes: ['so-tai-chinh', 'so-y-te'] },
          fields: [
            {
              key: 'sessions',
              label: { vi: 'Số buổi tuyên truyền', en: 'Sessions held' },
              type: 'number',
              required: true,
              min: 1,
            },
          ],
        },
      },
    );
    expect(created.status).toBe(202);
    expect(created.body).toMatchObject({ agencies: 2 });
    const fanOut = await waitForOperation(api.base, tokens.officer!, created.body.progress);
    expect(fanOut).toMatchObject({
      type: 'reportRequestWorkflow',
      status: 'completed',
      progress: { total: 2, succeeded: 2, failed: 0 },
      result: { total: 2, succeeded: 2, failed: 0 },
    });
    expectConforms('GET /api/v1/operations/{id}', { status: 200, body: fanOut });
    const [mail] = await waitForMail(
      (m) => m.subject.includes('Báo cáo đột xuất về số buổi') && m.to.includes('so-y-te@thanhhoa.example'),
    );
    expect(mail.text).toContain('Số buổi tuyên truyền');
    const rows = await waitForRows(`period=${created.body.key}`, 2);
    const yTe = rows.find((r) => r.agency.code === 'so-y-te')!;
    const link = /\/r\/([\w-]+\.[\w-]+)/.exec(mail.text)![1];
    const bad = await http(api.base, 'POST', `/api/v1/assignments/${yTe.id}/submit`, {
      link,
      body: { submissionId: 'adhoc-1', values: { programmes: 1 } },
    });
    expect(bad.status).toBe(400);
    const ok = await http(api.base, 'POST', `/api/v1/assignments/${yTe.id}/submit`, {
      link,
      body: { submissionId: 'adhoc-1', values: { sessions: 2 } },
    });
    expect(ok.status).toBe(200);
    const progress = await http<{
      progress: { total: number; byCategory: Record<string, number>; awaitingReview: number };
    }>(api.base, 'GET', `/api/v1/report-requests/${created.body.id}`, { token: tokens.viewer });
    expect(progress.status).toBe(200);
    expect(progress.body.progress.total).toBe(2);
    // A report awaiting review is still open (on time), never done before it is accepted.
    expect(progress.body.progress.byCategory).toEqual({
      'open-on-time': 2,
      'open-overdue': 0,
      'done-on-time': 0,
      'done-late': 0,
    });
    expect(progress.body.progress.awaitingReview).toBe(1);
  });

  it('a request names an on-demand duty: it goes to whoever owes that duty today, with its evidence fields; other duties are refused', async () => {
    const dueDate = calendar.addWorkingDays(vietnamDateOf(new Date()), 5);
    const post = (body: Record<string, unknown>) =>
      http<{ id: string; key: string; agencies: number; dutyCode: string; progress: string; details: unknown }>(
        api.base,
        'POST',
        '/api/v1/report-requests',
        { token: tokens.officer, body: { title: 'Báo cáo đột xuất theo nhiệm vụ', dueDate, ...body } },
      );
    // A periodic duty, or one that does not exist, cannot be requested: a clear 400 naming the field.
    const periodic = await post({ dutyCode: 'v8-commune-radio' });
    expect(periodic).toMatchObject({ status: 400, body: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(periodic.body.details)).toContain('dutyCode');
    expect(JSON.stringify(periodic.body.details)).toContain('not an on-demand one');
    expect(JSON.stringify(periodic.body.details)).toContain('v3-advise-chairman');
    const unknown = await post({ dutyCode: 'khong-co-nhiem-vu-nay' });
    expect(unknown).toMatchObject({ status: 400, body: { code: 'VALIDATION_ERROR' } });
    expect(JSON.stringify(unknown.body.details)).toContain('unknown duty');

    // The ICT department's own ad-hoc report (V.1) reaches its holder today: Sở Khoa học và Công nghệ.
    const ict = await post({ dutyCode: 'v1-report-on-demand', clientId: `v1-${Date.now()}` });
    expect(ict).toMatchObject({ status: 202, body: { agencies: 1, dutyCode: 'v1-report-on-demand' } });
    expect(await waitForOperation(api.base, tokens.officer!, ict.body.progress)).toMatchObject({
      status: 'completed',
    });
    const stored = await http<{ dutyCode: string; agencyCodes: string[]; fields: Array<{ key: string }> }>(
      api.base,
      'GET',
      `/api/v1/report-requests/${ict.body.id}`,
      { token: tokens.viewer },
    );
    expect(stored.body).toMatchObject({ dutyCode: 'v1-report-on-demand', agencyCodes: ['so-khoa-hoc-va-cong-nghe'] });
    expect(stored.body.fields.map((f) => f.key)).toEqual(['documentRef', 'reportDocument', 'summary']);

    // Advising the Chairman (V.3) goes to the PPC Office and asks for that duty's evidence.
    const title = `Tham mưu chỉ đạo công tác tuyên truyền ${Date.now()}`;
    const advise = await post({ title, dutyCode: 'v3-advise-chairman' });
    expect(advise).toMatchObject({ status: 202, body: { agencies: 1, dutyCode: 'v3-advise-chairman' } });
    const [row] = await waitForRows(`period=${advise.body.key}`, 1);
    expect(row.agency.code).toBe('van-phong-ubnd-tinh');
    expect(row.workflowId).toBe(`assignment/v3-advise-chairman/van-phong-ubnd-tinh/${advise.body.key}`);
    const [mail] = await waitForMail(
      (m) => m.subject.includes(title) && m.to.includes('van-phong-ubnd-tinh@thanhhoa.example'),
    );
    expect(mail.text).toContain('Tóm tắt kết quả thực hiện');
    const link = /\/r\/([\w-]+\.[\w-]+)/.exec(mail.text)![1];
    const wrong = await http(api.base, 'POST', `/api/v1/assignments/${row.id}/submit`, {
      link,
      body: { submissionId: 'advise-0', values: { sessions: 2 } },
    });
    expect(wrong.status).toBe(400);
    const right = await http(api.base, 'POST', `/api/v1/assignments/${row.id}/submit`, {
      link,
      body: { submissionId: 'advise-1', values: { summary: 'Đã tham mưu văn bản chỉ đạo' } },
    });
    expect(right.status).toBe(200);

    // The list of requests names each request's duty in words, Vietnamese first, beside its title.
    const listed = await http<{
      items: Array<{
        id: string;
        title: string;
        duty: { code: string; clause: string; title: { vi: string; en: string } };
      }>;
    }>(api.base, 'GET', `/api/v1/report-requests?q=${encodeURIComponent(title)}`, { token: tokens.viewer });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      expect.objectContaining({
        id: advise.body.id,
        title,
        duty: {
          code: 'v3-advise-chairman',
          clause: 'V.3',
          title: {
            vi: 'Tham mưu Chủ tịch UBND tỉnh chỉ đạo công tác thông tin, tuyên truyền',
            en: 'Advise the PPC Chairman on directing communication work',
          },
        },
      }),
    ]);
    const byKey = await http<{ items: Array<{ id: string; duty: { code: string; title: { vi: string } } }> }>(
      api.base,
      'GET',
      `/api/v1/report-requests?q=${encodeURIComponent(ict.body.key)}`,
      { token: tokens.viewer },
    );
    expect(byKey.body.items.find((r) => r.id === ict.body.id)?.duty).toMatchObject({
      code: 'v1-report-on-demand',
      clause: 'V.1',
      title: { vi: 'Báo cáo đột xuất gửi Tỉnh ủy, UBND tỉnh, Bộ Thông tin và Truyền thông' },
    });
  });

  it("serves the Vietnamese working calendar and Decree 09 periods; an admin records a year's swapped days", async () => {
    const cal = await http<{
      year: number;
      holidays: Array<{ date: string; name: { vi: string } }>;
      workingDays: number;
    }>(api.base, 'GET', '/api/v1/calendar/2026', { token: tokens.viewer });
    expect(cal.status).toBe(200);
    const dates = cal.body.holidays.map((h) => h.date);
    expect(dates).toEqual(
      expect.arrayContaining(['2026-01-01', '2026-02-17', '2026-04-26', '2026-04-30', '2026-05-01', '2026-09-02']),
    );
    expect(cal.body.holidays.find((h) => h.date === '2026-02-17')!.name.vi).toMatch(/Tết/);
    expect(cal.body.workingDays).toBeGreaterThan(240);
    expect(cal.body.workingDays).toBeLessThan(255);

    const halves = await http<
      Array<{ key: string; start: string; end: string; closingDate: string; deadlines: Record<string, string> }>
    >(api.base, 'GET', '/api/v1/periods?kind=half&year=2026', { token: tokens.officer });
    expect(halves.status).toBe(200);
    expect(halves.body[0]).toMatchObject({
      key: '2026-H1',
      start: '2025-12-15',
      end: '2026-06-14',
      closingDate: '2026-06-14',
    });
    expect(halves.body[0].deadlines.commune > '2026-06-14').toBe(true);
    expect((await http(api.base, 'GET', '/api/v1/periods?kind=week&year=2026', { token: tokens.officer })).status).toBe(
      400,
    );

    const year = 2031;
    const put = await http<{ adjustments: Array<{ date: string; type: string }>; progress: string }>(
      api.base,
      'PUT',
      `/api/v1/calendar/${year}/adjustments`,
      {
        token: tokens.admin,
        body: {
          year,
          daysOff: [{ date: '2031-05-02', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' } }],
          workingDays: [{ date: '2031-05-10', name: { vi: 'Làm bù', en: 'Worked Saturday' } }],
          source: 'Thử nghiệm / test',
        },
      },
    );
    expect(put.status).toBe(202);
    const recomputed = await waitForOperation(api.base, tokens.admin!, put.body.progress);
    expect(recomputed.status).toBe('completed');
    expect(recomputed.progress!.failed).toBe(0);
    expect(recomputed.progress!.done).toBe(recomputed.progress!.total);
    expect(put.body.adjustments.map((a) => [a.date, a.type])).toEqual([
      ['2031-05-02', 'dayOff'],
      ['2031-05-10', 'workingDay'],
    ]);
    const bad = await http<{ message: string }>(api.base, 'PUT', `/api/v1/calendar/${year}/adjustments`, {
      token: tokens.admin,
      body: { year, daysOff: [{ date: '2031-02-30' }], workingDays: [], source: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('daysOff[0]');
    expect(
      (await http(api.base, 'PUT', `/api/v1/calendar/${year}/adjustments`, { token: tokens.officer, body: {} })).status,
    ).toBe(403);
  });
});
