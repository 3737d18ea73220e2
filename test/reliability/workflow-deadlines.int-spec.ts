import { stackCalendar } from '../support/calendar';
import { vietnamDateOf } from '../../libs/domain/src/local-date';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { assignmentWorkflowId, type AssignmentInput } from '../../workflows/assignment.messages';
import { OpenApiConformance, type OpenApiDoc } from '../../apps/api/src/openapi-conformance';
import { RETRY_AFTER_SECONDS } from '../../apps/api/src/common/retry-after';
import { http, signInNewStaff, startTestApi, type HttpResult } from '../support/api';
import { startTestWorker, type TestWorker } from '../support/stack';
import { waitForMail } from '../support/mailbox';
import { OutboxRepository } from '../../libs/persistence/src/repositories';
import { OutboxMailer } from '../../apps/worker/src/outbox-mailer';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const AGENCY = 'xa-yen-nhan';

interface Row {
  id: string;
  workflowId: string;
  status: string;
}

interface ErrorBody {
  code: string;
  message: string;
  text: { vi: string; en: string };
  details: Record<string, unknown>;
  requestId?: string;
}

/**
 * Every call of the API to a workflow has a deadline (WorkflowDeadlines): when no worker answers,
 * an officer's query-based action and updates answer 503 WORKFLOW_TIMEOUT with the documented
 * error body instead of hanging. The worker here is this file's own (its own task queue); it is
 * stopped after the assignment started, so its workflow has nobody to answer queries or updates.
 * The API instance is this file's too, with deadlines of 1.5 s (reads) and 2 s (writes). Before the
 * worker stops, a re-send of a failed email whose start answered 503 runs late and still sends it once.
 */
describe('reliability: deadlines on workflow calls (real PostgreSQL + Temporal)', () => {
  let stack: TestWorker;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let officer: string;
  let conformance: OpenApiConformance;
  const period = `rel-deadline-${Date.now()}`;
  const calendar = stackCalendar();

  async function waitForRow(workflowId: string): Promise<Row> {
    for (let i = 0; i < 300; i++) {
      const res = await http<{ items?: Row[] }>(api.base, 'GET', `/api/v1/assignments?period=${period}`, {
        token: officer,
      });
      const row = res.body.items?.find((r) => r.workflowId === workflowId);
      if (row) {
        return row;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('the read model never showed the assignment');
  }

  /**
   * The 503 WORKFLOW_TIMEOUT body and its Retry-After (seconds, from the one table), as the OpenAPI
   * document describes the operation's 503.
   */
  function expectTimeout(op: string, res: HttpResult, call: 'read' | 'write'): ErrorBody {
    const body = res.body as ErrorBody;
    expect({ op, status: res.status, code: body.code }).toEqual({ op, status: 503, code: 'WORKFLOW_TIMEOUT' });
    expect(conformance.check(op, res.status, res.body)).toBe('');
    expect({ op, retryAfter: res.headers.get('retry-after') }).toEqual({
      op,
      retryAfter: String(RETRY_AFTER_SECONDS.WORKFLOW_TIMEOUT),
    });
    expect(conformance.checkHeaders(op, res.status, res.headers)).toBe('');
    expect(body.details).toMatchObject({ retryable: true, call });
    expect(body.message).toBe(`${body.text.vi} / ${body.text.en}`);
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    return body;
  }

  beforeAll(async () => {
    process.env.TEMPORAL_QUERY_TIMEOUT_MS = '1500';
    process.env.TEMPORAL_UPDATE_TIMEOUT_MS = '2000';
    stack = await startTestWorker(`it-rel-deadline-${Date.now()}`);
    await importReferenceData(stack.dataSource);
    api = await startTestApi();
    ({ token: officer } = await signInNewStaff(stack.dataSource, api.base));
    const doc = await http<OpenApiDoc>(api.base, 'GET', '/api/docs-json');
    conformance = new OpenApiConformance(doc.body);
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('a re-send whose start answered 503 (the email failed again) sends it once and marks it sent when it runs later', async () => {
    const outbox = new OutboxRepository(stack.dataSource);
    const subject = `Nhắc việc ${period}`;
    const row = await outbox.claim({
      idempotencyKey: `rel-deadline-resend:${period}`,
      messageId: OutboxMailer.messageIdOf(`rel-deadline-resend:${period}`),
      workflowId: null,
      kind: 'prod',
      to: [`dau-moi-${period}@xa.example`],
      cc: [],
      subject,
      textBody: 'Nội dung',
      htmlBody: '<p>Nội dung</p>',
    });
    await outbox.markFailed(row.id, 'retries exhausted: connection refused', null);
    // What POST /api/v1/emails/{id}/resend leaves when starting re-send 1 passes its deadline (503
    // WORKFLOW_TIMEOUT): reopened, then failed again, so it stays listed if the re-send never runs.
    expect(await outbox.reopen(row.id)).toBe(true);
    expect(await outbox.failUnstartedResend(row.id, 1, 'retries exhausted: connection refused', null)).toBe(true);
    const failed = await http<{ items: Array<{ id: string }> }>(api.base, 'GET', '/api/v1/emails/failed', {
      token: officer,
    });
    expect(failed.body.items.map((e) => e.id)).toContain(row.id);
    // Temporal starts it after all (the start reached it): the re-send runs on the real worker,
    // with the arguments the API gives it.
    const outcome = await stack.client.workflow.execute('emailResendWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `email-resend:${row.id}:1`,
      args: [{ outboxId: row.id, actor: 'officer:rel-deadline@thanhhoa.example', resend: 1 }],
    });
    expect(outcome).toEqual({ outcome: 'sent' });
    expect(await outbox.findById(row.id)).toMatchObject({ status: 'sent', resends: 1 });
    expect(await waitForMail((m) => m.subject === subject)).toHaveLength(1);
    const after = await http<{ items: Array<{ id: string }> }>(api.base, 'GET', '/api/v1/emails/failed', {
      token: officer,
    });
    expect(after.body.items.map((e) => e.id)).not.toContain(row.id);
  }, 120_000);

  it('with no worker to answer, escalate (a query first), review and extension-decision answer 503 WORKFLOW_TIMEOUT', async () => {
    const input: AssignmentInput = {
      planCode: PLAN,
      dutyCode: DUTY,
      agencyCode: AGENCY,
      periodKey: period,
      periodStart: null,
      periodEnd: null,
      dueDate: calendar.addWorkingDays(vietnamDateOf(new Date()), 5),
      reminderLocalTime: '08:00',
    };
    const workflowId = assignmentWorkflowId(DUTY, AGENCY, period);
    await stack.client.workflow.start('assignmentWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [input] });
    const row = await waitForRow(workflowId);
    const path = `/api/v1/assignments/${row.id}`;

    // While the worker answers, the workflow itself refuses both (nothing is overdue, nothing awaits review).
    const escalateLive = await http<ErrorBody>(api.base, 'POST', `${path}/escalate`, { token: officer, body: {} });
    expect({ status: escalateLive.status, code: escalateLive.body.code }).toEqual({ status: 409, code: 'CONFLICT' });
    const reviewLive = await http<ErrorBody>(api.base, 'POST', `${path}/review`, {
      token: officer,
      body: { decision: 'accept' },
    });
    expect({ status: reviewLive.status, code: reviewLive.body.code }).toEqual({ status: 409, code: 'CONFLICT' });

    // Nobody polls the workflow's task queue from now on.
    await stack.close();

    const escalate = await http(api.base, 'POST', `${path}/escalate`, { token: officer, body: {} });
    const read = expectTimeout('POST /api/v1/assignments/{id}/escalate', escalate, 'read');
    expect(read.text.vi).toBe('Hệ thống xử lý đang bận, chưa trả lời kịp; vui lòng thử lại sau ít phút');
    expect(read.details).toEqual({ retryable: true, call: 'read', timeoutMs: 1500 });

    const review = await http(api.base, 'POST', `${path}/review`, {
      token: officer,
      body: { decision: 'return', reason: 'Thiếu biên bản' },
    });
    const write = expectTimeout('POST /api/v1/assignments/{id}/review', review, 'write');
    // A write past its deadline may still be applied: the answer never says it failed.
    expect(write.details).toEqual({ retryable: true, call: 'write', timeoutMs: 2000, mayStillApply: true });
    expect(write.text.vi).toContain('có thể vẫn được thực hiện');
    expect(write.text.vi).toContain('xem dòng thời gian');
    expect(write.text.en).toContain('may still be applied');
    expect(write.text.en).toContain('check the timeline before retrying');

    const decision = await http(api.base, 'POST', `${path}/extension-decision`, {
      token: officer,
      body: { requestId: 'gia-han-1', approve: false, note: 'Không đủ lý do' },
    });
    expectTimeout('POST /api/v1/assignments/{id}/extension-decision', decision, 'write');

    // The assignment's page still answers, from the read model.
    const detail = await http<Row>(api.base, 'GET', path, { token: officer });
    expect({ status: detail.status, id: detail.body.id, status_: detail.body.status }).toEqual({
      status: 200,
      id: row.id,
      status_: row.status,
    });
    // Only a 503 says when to retry.
    expect(detail.headers.get('retry-after')).toBeNull();
  }, 120_000);
});
