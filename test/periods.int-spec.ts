import { randomBytes } from 'node:crypto';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importAgencies, importReferenceData } from '../libs/persistence/src/reference-data';
import type { AgencyRecord } from '../libs/registry/src/agency-csv';
import { ensurePeriodSchedules, periodScheduleId } from '../libs/temporal/src/period-schedules';
import { DigestActivities } from '../apps/worker/src/digest.activities';
import ExcelJS from 'exceljs';
import { stackCalendar } from './support/calendar';
import { reviewUpdate, submitUpdate, type AssignmentInput } from '../workflows/assignment.messages';
import { waitForMail } from './support/mailbox';
import { OpenApiConformance, type OpenApiDoc } from '../apps/api/src/openapi-conformance';
import { operationLink } from '../apps/api/src/operations/accepted';
import { http, signInNewStaff, startTestApi, waitForOperation, type OperationView } from './support/api';
import { startTestWorker, type TestWorker } from './support/stack';
import { startAssignment, startPeriodOpen } from '../libs/temporal/src/workflow-starters';

const PLAN = 'plan-nq06-thanh-hoa';
const OPERATION = 'GET /api/v1/operations/{id}';

/** The served OpenAPI document's check of real answers (the one test/api.int-spec.ts uses). */
async function conformanceOf(base: string): Promise<OpenApiConformance> {
  return new OpenApiConformance((await http<OpenApiDoc>(base, 'GET', '/api/docs-json')).body);
}

/** Periods that open by themselves: schedules, and a fan-out that stays small in history at any size. */
describe('period opening (PostgreSQL + Temporal)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-periods');
    await importReferenceData(stack.dataSource);
  }, 600_000);

  afterAll(async () => {
    await stack.dataSource.query(`UPDATE agencies SET active = false WHERE code LIKE 'xa-tai-thu-%'`);
    await stack?.close();
  });

  it('opens a month for 2,000+ communes in batches, each run of the opener far below 10,000 history events', async () => {
    const synthetic: AgencyRecord[] = Array.from({ length: 2000 }, (_, i) => ({
      code: `xa-tai-thu-${String(i).padStart(4, '0')}`,
      name: `Xã Tải Thử ${i}`,
      kind: 'commune',
      subtype: 'xa',
      parentCode: null,
      validFrom: null,
      validTo: null,
      successorCode: null,
      focalEmail: `xa-tai-thu-${i}@thanhhoa.example`,
      headEmail: null,
      formedFrom: [],
      note: null,
    }));
    await importAgencies(stack.dataSource, synthetic);
    // Assignments go to a queue nobody polls: this test is about the opener, not 2,000 lifecycles.
    // The size is enough for several continue-as-new runs; scale itself is measured by the benchmark.
    const idleQueue = `idle-${randomBytes(4).toString('hex')}`;
    const workflowId = `period-open/test/${idleQueue}`;
    /** Opens today's month of the plan for every agency, its assignments sent to the idle queue. */
    const openMonth = (id: string, batchSize: number, batchesPerRun: number) =>
      startPeriodOpen(
        stack.client,
        {
          planCode: PLAN,
          kind: 'month',
          onDate: vietnamDateOf(new Date()),
          assignmentTaskQueue: idleQueue,
          batchSize,
          batchesPerRun,
        },
        { taskQueue: stack.taskQueue, workflowId: id },
      );
    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    const answers: Array<{ status: number; body: OperationView }> = [];
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'open',
        emailPrefix: `open-${idleQueue}`,
      });
      const conformance = await conformanceOf(api.base);
      await openMonth(workflowId, 200, 4);
      // The opening as an officer follows it (GET /api/v1/operations/{id}), while it runs and once
      // done: every answer is exactly what the OpenAPI document says of a period opening.
      // The read is idempotent: a kept-alive connection the loaded server dropped ("other side
      // closed") is read again, up to 5 times in a row, as test/support/mailbox.ts does.
      const read = async (): Promise<{ status: number; body: OperationView }> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await http<OperationView>(api.base, 'GET', operationLink(workflowId), { token });
          } catch (err) {
            if (attempt >= 5) {
              throw err;
            }
            await new Promise((r) => setTimeout(r, 200 * attempt));
          }
        }
      };
      for (;;) {
        const res = await read();
        answers.push(res);
        expect({ status: res.status, mismatch: conformance.check(OPERATION, res.status, res.body) }).toEqual({
          status: 200,
          mismatch: '',
        });
        if (res.body.status !== 'running') {
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    } finally {
      await api.close();
    }
    const handle = stack.client.workflow.getHandle(workflowId);
    const result = (await handle.result()) as { total: number; done: number; started: number; runs: number };
    const last = answers.at(-1)!.body;
    expect({ type: last.type, status: last.status, progress: last.progress, result: last.result }).toEqual({
      type: 'periodOpenWorkflow',
      status: 'completed',
      // Once completed, progress keeps the final counts.
      progress: result,
      result,
    });
    const running = answers.filter((a) => a.body.status === 'running').length;
    process.stdout.write(`[periods] the opening's operation checked in ${running} running answers and its result\n`);
    expect(result.total).toBeGreaterThanOrEqual(2166);
    expect(result.done).toBe(result.total);
    expect(result.started).toBe(result.total);
    expect(result.runs).toBeGreaterThanOrEqual(3);

    const runs: string[] = [];
    for await (const wf of stack.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push(wf.runId);
    }
    expect(runs.length).toBe(result.runs);
    for (const runId of runs) {
      const history = await stack.client.workflow.getHandle(workflowId, runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(10_000);
      expect(history.events!.length).toBeLessThan(200);
    }
    const { count } = await stack.client.workflow.count(
      `WorkflowType = 'assignmentWorkflow' AND TaskQueue = '${idleQueue}'`,
    );
    expect(count).toBe(result.total);

    // The period's close waits, as a durable timer, for its consolidation deadline.
    const close = await stack.client.workflow
      .getHandle(`period-close/${PLAN}/${vietnamDateOf(new Date()).slice(0, 7)}`)
      .describe();
    expect(close.status.name).toBe('RUNNING');

    // Running it again starts nothing twice.
    const again = await (await openMonth(`${workflowId}/again`, 1000, 10)).handle.result();
    expect(again).toMatchObject({ started: 0, alreadyRunning: result.total });
  }, 900_000);

  it('keeps one schedule per period kind in Vietnam time, which an officer can pause, resume and trigger', async () => {
    const idleQueue = `idle-${randomBytes(4).toString('hex')}`;
    const plan = `${PLAN}`;
    await stack.client.schedule
      .getHandle(periodScheduleId(plan, 'month'))
      .delete()
      .catch(() => undefined);
    for (const kind of ['quarter', 'half', 'year'] as const) {
      await stack.client.schedule
        .getHandle(periodScheduleId(plan, kind))
        .delete()
        .catch(() => undefined);
    }
    const created = await ensurePeriodSchedules(stack.client, plan, idleQueue);
    expect(created).toHaveLength(4);
    expect(await ensurePeriodSchedules(stack.client, plan, idleQueue)).toEqual([]);
    const described = await stack.client.schedule.getHandle(periodScheduleId(plan, 'month')).describe();
    expect(described.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(described.policies.overlap).toBe('BUFFER_ONE');
    const next = described.info.nextActionTimes[0];
    // 00:05 on the 1st, Vietnam time = 17:05 UTC on the last day of the month before.
    expect(next.toISOString()).toMatch(/T17:05:00\.000Z$/);

    process.env.TEMPORAL_TASK_QUEUE = idleQueue;
    const api = await startTestApi();
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'ops',
        emailPrefix: `ops-${idleQueue}`,
      });
      const list = await http<{ items: Array<{ kind: string; exists: boolean; paused: boolean }> }>(
        api.base,
        'GET',
        '/api/v1/schedules',
        { token },
      );
      expect(
        list.body.items
          .filter((i) => i.exists)
          .map((i) => i.kind)
          .sort(),
      ).toEqual(['half', 'month', 'quarter', 'year']);
      const paused = await http<{ paused: boolean }>(api.base, 'POST', `/api/v1/schedules/${plan}/month/pause`, {
        token,
      });
      expect(paused).toMatchObject({ status: 200, body: { paused: true } });
      const resumed = await http<{ paused: boolean }>(api.base, 'POST', `/api/v1/schedules/${plan}/month/resume`, {
        token,
      });
      expect(resumed).toMatchObject({ status: 200, body: { paused: false } });
      await http(api.base, 'POST', `/api/v1/schedules/${plan}/year/trigger`, { token });
      let runs: unknown[] = [];
      for (let i = 0; i < 50 && runs.length === 0; i++) {
        runs = (await stack.client.schedule.getHandle(periodScheduleId(plan, 'year')).describe()).info.recentActions;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(runs).toHaveLength(1);
      const bad = await http(api.base, 'POST', `/api/v1/schedules/${plan}/week/pause`, { token });
      expect(bad.status).toBe(400);
    } finally {
      await api.close();
      for (const kind of ['month', 'quarter', 'half', 'year'] as const) {
        await stack.client.schedule.getHandle(periodScheduleId(plan, kind)).delete();
      }
    }
  }, 600_000);

  it('closes a period: consolidated xlsx and Decree 30 docx, stored for download and emailed to the ICT department; ten clicks make one version; a deliberate re-run adds one', async () => {
    const calendar = stackCalendar();
    const today = vietnamDateOf(new Date());
    const periodKey = '2026-09';
    const cases: Array<[string, string]> = [
      ['xa-nga-an', calendar.addWorkingDays(today, 10)],
      ['xa-nga-thang', calendar.addWorkingDays(today, -2)],
      ['xa-ho-vuong', calendar.addWorkingDays(today, 5)],
      ['xa-ba-dinh', calendar.addWorkingDays(today, -3)],
    ];
    const handles = [];
    for (const [agencyCode, dueDate] of cases) {
      const input: AssignmentInput = {
        planCode: PLAN,
        dutyCode: 'v8-commune-radio',
        agencyCode,
        periodKey,
        periodStart: '2026-09-01',
        periodEnd: '2026-09-30',
        dueDate,
        reminderLocalTime: '08:00',
      };
      handles.push((await startAssignment(stack.client, input, { taskQueue: stack.taskQueue })).handle);
    }
    // The assignment email of a monthly duty states, under the month, the Decree 09/2019 reporting
    // month it is counted with (reportingMonthWindow in libs/domain, the line the documents print).
    const [assigned] = await waitForMail(
      (m) =>
        m.subject.startsWith('Giao nhiệm vụ') &&
        m.to.includes('xa-nga-an@thanhhoa.example') &&
        m.text.includes('Kỳ: Tháng 9/2026 (từ 1/9/2026 đến 30/9/2026)'),
      { timeoutMs: 120_000 },
    );
    const lines = assigned.text.split('\n');
    const reportingLine = 'Số liệu báo cáo tháng: từ 15/08/2026 đến 14/09/2026 (Nghị định 09/2019/NĐ-CP)';
    expect(lines.filter((l) => l === reportingLine)).toHaveLength(1);
    expect(lines[lines.indexOf(reportingLine) - 1]).toBe('Kỳ: Tháng 9/2026 (từ 1/9/2026 đến 30/9/2026)');
    expect(lines).toContain('Reporting-month data: 15 August 2026 to 14 September 2026 (Decree 09/2019/ND-CP)');
    expect(assigned.html).toContain(
      '<b>Số liệu báo cáo tháng:</b> từ 15/08/2026 đến 14/09/2026 (Nghị định 09/2019/NĐ-CP)',
    );
    for (const h of [handles[2], handles[3]]) {
      await h.executeUpdate(submitUpdate, {
        args: [{ submissionId: 's', actor: 'agency', values: { programmes: 1, rebroadcasts: 3 } }],
      });
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer', decision: 'accept' }] });
    }
    // Let the read model catch up with the overdue mark of the open one and its first escalation
    // (due 2 working days ago: level 1 after 1 working day), so the report's content has settled.
    for (let i = 0; i < 150; i++) {
      const rows = await stack.dataSource.query<Array<{ n: number; level: number }>>(
        `SELECT COUNT(*)::int AS n,
                COALESCE(MAX(a.escalation_level) FILTER (WHERE g.code = 'xa-nga-thang'), 0)::int AS level
         FROM assignments a JOIN agencies g ON g.id = a.agency_id
         WHERE a.period_key = $1 AND a.category IN ('open-overdue','done-on-time','done-late')`,
        [periodKey],
      );
      if (rows[0].n === 3 && rows[0].level >= 1) {
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'close',
        emailPrefix: 'close',
      });
      interface CloseResult {
        reportId: string;
        version: number;
        counts: Record<string, number>;
        emailedTo: string[];
      }
      const closeNow = (headers?: Record<string, string>) =>
        http<{ operationId: string; progress: string }>(api.base, 'POST', '/api/v1/periods/close', {
          token,
          body: { planCode: PLAN, kind: 'month', onDate: '2026-09-15' },
          headers,
        });
      // Ten clicks at once: one operation, so one report version and one email.
      const clicks = await Promise.all(Array.from({ length: 10 }, () => closeNow()));
      expect(clicks.map((c) => c.status)).toEqual(Array.from({ length: 10 }, () => 202));
      expect(new Set(clicks.map((c) => c.body.operationId)).size).toBe(1);
      const conformance = await conformanceOf(api.base);
      for (const click of clicks) {
        expect(conformance.check('POST /api/v1/periods/close', click.status, click.body)).toBe('');
      }
      const operation = await waitForOperation(api.base, token, clicks[0].body.progress);
      expect(operation.status).toBe('completed');
      // The close's answer, as GET /api/v1/operations/{id} gives it, is what the OpenAPI document says.
      expect(conformance.check(OPERATION, 200, operation)).toBe('');
      expect({ type: operation.type, progress: operation.progress }).toEqual({
        type: 'periodCloseWorkflow',
        progress: null,
      });
      const closed = { body: operation.result as CloseResult };
      expect(closed.body.counts).toEqual({ 'open-on-time': 1, 'open-overdue': 1, 'done-on-time': 1, 'done-late': 1 });
      expect(closed.body.emailedTo.sort()).toEqual([
        'lanhdao.so-khoa-hoc-va-cong-nghe@thanhhoa.example',
        'so-khoa-hoc-va-cong-nghe@thanhhoa.example',
      ]);

      const xlsx = await fetch(`${api.base}/api/v1/period-reports/${closed.body.reportId}/xlsx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(xlsx.status).toBe(200);
      expect(xlsx.headers.get('content-disposition')).toContain(`bao-cao-${periodKey}-v${closed.body.version}.xlsx`);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      expect(wb.worksheets.map((w) => w.name)).toEqual([
        'Tổng hợp',
        'Theo cơ quan',
        'Theo nhiệm vụ',
        'Quá hạn và chưa báo cáo',
        'Chưa đạt chỉ tiêu',
        'Minh chứng đã chấp nhận',
      ]);
      const byAgency = wb.getWorksheet('Theo cơ quan')!;
      const rowOf = (code: string): ExcelJS.Row => {
        let found: ExcelJS.Row | undefined;
        byAgency.eachRow((row) => {
          if (row.getCell(2).value === code) {
            found = row;
          }
        });
        return found!;
      };
      const categories = (code: string): unknown[] => [5, 6, 7, 8].map((c) => rowOf(code).getCell(c).value);
      expect(categories('xa-nga-an')).toEqual([1, 0, 0, 0]);
      expect(categories('xa-nga-thang')).toEqual([0, 1, 0, 0]);
      expect(categories('xa-ho-vuong')).toEqual([0, 0, 1, 0]);
      expect(categories('xa-ba-dinh')).toEqual([0, 0, 0, 1]);
      expect(rowOf('xa-nga-thang').getCell(3).value).toBe('Xã Nga Thắng');

      const docx = await fetch(`${api.base}/api/v1/period-reports/${closed.body.reportId}/docx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(docx.status).toBe(200);
      expect(
        Buffer.from(await docx.arrayBuffer())
          .subarray(0, 2)
          .toString(),
      ).toBe('PK');

      // The period in words (2026-09 is "tháng 9/2026"), never its key.
      const [mail] = await waitForMail((m) => m.subject.startsWith('Báo cáo tổng hợp kỳ tháng 9/2026'));
      expect(mail.attachments.map((a) => a.filename).sort()).toEqual([
        `bao-cao-${periodKey}-v${closed.body.version}.docx`,
        `bao-cao-${periodKey}-v${closed.body.version}.xlsx`,
      ]);

      // Nothing changed since: asking again is the same operation (no new version, no new email).
      const same = await closeNow();
      expect(same).toMatchObject({ status: 202, body: { operationId: clicks[0].body.operationId } });
      // A deliberate new close (its own Idempotency-Key) makes the next version.
      const second = await closeNow({ 'idempotency-key': `second-close-${periodKey}` });
      expect(second.status).toBe(202);
      const secondOperation = await waitForOperation(api.base, token, second.body.progress);
      expect(conformance.check(OPERATION, 200, secondOperation)).toBe('');
      const again = secondOperation.result as CloseResult;
      expect(again.version).toBe(closed.body.version + 1);
      const reportMails = await waitForMail((m) => m.subject.startsWith('Báo cáo tổng hợp kỳ tháng 9/2026'), {
        count: 2,
      });
      expect(reportMails).toHaveLength(2);
      const list = await http<{ items: Array<{ periodKey: string; version: number }> }>(
        api.base,
        'GET',
        '/api/v1/period-reports',
        { token },
      );
      expect(
        list.body.items
          .filter((r) => r.periodKey === periodKey)
          .map((r) => r.version)
          .sort(),
      ).toEqual([closed.body.version, closed.body.version + 1]);
    } finally {
      await api.close();
    }
  }, 600_000);

  it('sends one daily digest to an agency that asked for it, listing its due-soon and overdue duties, once a day', async () => {
    const calendar = stackCalendar();
    let day = vietnamDateOf(new Date());
    while (!calendar.isWorkingDay(day)) {
      day = calendar.addWorkingDays(day, 1);
    }
    const agencyCode = 'xa-quang-ninh';
    await stack.dataSource.query(`UPDATE agencies SET prefers_digest = true WHERE code = $1`, [agencyCode]);
    const periodKey = `digest-${Date.now()}`;
    for (const [duty, due] of [
      ['v8-commune-radio', calendar.addWorkingDays(day, 2)],
      ['v8-commune-radio', calendar.addWorkingDays(day, -3)],
    ] as const) {
      const key = `${periodKey}-${due}`;
      const input: AssignmentInput = {
        planCode: PLAN,
        dutyCode: duty,
        agencyCode,
        periodKey: key,
        periodStart: null,
        periodEnd: null,
        dueDate: due,
        reminderLocalTime: '08:00',
      };
      await startAssignment(stack.client, input, { taskQueue: stack.taskQueue });
    }
    // Both rows must be in the read model before the digest reads it: on a loaded machine the
    // overdue one took longer than the 10 s this wait used to allow, and the digest then missed it.
    for (let i = 0; ; i++) {
      const [{ n }] = await stack.dataSource.query<Array<{ n: number }>>(
        `SELECT COUNT(*)::int AS n FROM assignments WHERE period_key LIKE $1`,
        [`${periodKey}%`],
      );
      if (n === 2) {
        break;
      }
      if (i >= 900) {
        throw new Error(`the read model shows ${n} of the digest's 2 assignments after 180 s`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const digest = stack.app.get(DigestActivities);
    const first = await digest.sendDailyDigests({ date: day });
    expect(first.sent).toBeGreaterThanOrEqual(1);
    const again = await digest.sendDailyDigests({ date: day });
    expect(again.sent).toBe(0);
    const [mail] = await waitForMail(
      (m) => m.subject.startsWith('Tổng hợp nhiệm vụ cần thực hiện') && m.to.includes(`${agencyCode}@thanhhoa.example`),
    );
    expect(mail.text).toContain('ĐÃ QUÁ HẠN');
    expect((mail.text.match(/^- /gm) ?? []).length).toBeGreaterThanOrEqual(4);
    await stack.dataSource.query(`UPDATE agencies SET prefers_digest = false WHERE code = $1`, [agencyCode]);
  }, 600_000);
});
