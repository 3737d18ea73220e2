import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { stackCalendar } from './support/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import {
  assignmentWorkflowId,
  cancelSignal,
  reviewUpdate,
  submitUpdate,
  waiveSignal,
  type AssignmentInput,
} from '../workflows/assignment.messages';
import { http, signInNewStaff, startTestApi, waitForOperation } from './support/api';
import { eventually } from './support/eventually';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
// Requested ("đề nghị") of the Fatherland Front: tallied apart, never in the binding rates.
const REQUESTED = { duty: 'v6-public-opinion', agency: 'uy-ban-mttq-tinh' };
// A month no other suite uses: the close report gathers every assignment of the plan in it.
const PERIOD = { key: '2037-03', start: '2037-03-01', end: '2037-03-31', onDate: '2037-03-15' };

interface Tally {
  total: number;
  done: number;
  complianceRate: number;
  onTimeRate: number;
  awaitingReview: number;
}

interface Statistics extends Tally {
  totals: Record<string, number>;
  requested: Tally & { counts: Record<string, number> };
  lifted: { waived: number; cancelled: number };
  groups: Array<Tally & { key: string; counts: Record<string, number>; requested: Tally }>;
}

/**
 * The numbers the ICT department signs, on the real stack: a report below target
 * awaits review (open, not done) in the statistics API and the xlsx; once accepted
 * it is done with its shortfall flagged; waived and cancelled assignments are in
 * no total; a requested ("đề nghị") duty is tallied apart and stays out of the binding
 * totals and rates; the statistics API, the xlsx "Tổng hợp" sheet and the docx agree.
 */
describe('categories in statistics, xlsx and docx (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-categories');
    await importReferenceData(stack.dataSource);
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('submit below target → awaiting review, not done; accept → done with the shortfall flagged; waived, cancelled and requested apart; totals agree', async () => {
    const calendar = stackCalendar();
    const dueDate = calendar.addWorkingDays(vietnamDateOf(new Date()), 5);
    const agencies = ['xa-nga-an', 'xa-nga-thang', 'xa-ho-vuong', 'xa-ba-dinh'];
    const handles = [];
    for (const agencyCode of agencies) {
      const input: AssignmentInput = {
        planCode: PLAN,
        dutyCode: DUTY,
        agencyCode,
        periodKey: PERIOD.key,
        periodStart: PERIOD.start,
        periodEnd: PERIOD.end,
        dueDate,
        reminderLocalTime: '08:00',
      };
      handles.push(
        await stack.client.workflow.start('assignmentWorkflow', {
          taskQueue: stack.taskQueue,
          workflowId: assignmentWorkflowId(DUTY, agencyCode, PERIOD.key),
          args: [input],
        }),
      );
    }
    const requested = await stack.client.workflow.start('assignmentWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: assignmentWorkflowId(REQUESTED.duty, REQUESTED.agency, PERIOD.key),
      args: [
        {
          planCode: PLAN,
          dutyCode: REQUESTED.duty,
          agencyCode: REQUESTED.agency,
          periodKey: PERIOD.key,
          periodStart: PERIOD.start,
          periodEnd: PERIOD.end,
          dueDate,
          reminderLocalTime: '08:00',
        } satisfies AssignmentInput,
      ],
    });
    await requested.executeUpdate(submitUpdate, {
      args: [
        { submissionId: 'r1', actor: REQUESTED.agency, values: { summary: 'Dư luận đồng tình', issuesRaised: 2 } },
      ],
    });
    const [belowTarget, , waived, cancelled] = handles;
    const submitted = await belowTarget.executeUpdate(submitUpdate, {
      args: [{ submissionId: 's1', actor: 'xa-nga-an', values: { programmes: 1, rebroadcasts: 0 } }],
    });
    // What the agency is told right after sending: awaiting review, open on time; not "done on time".
    expect(submitted).toMatchObject({ status: 'submitted', category: 'open-on-time', duplicate: false });
    expect(submitted.shortfalls).toHaveLength(1);
    await waived.signal(waiveSignal, { actor: 'officer', reason: 'Xã không có đài truyền thanh' });
    await cancelled.signal(cancelSignal, { actor: 'officer', reason: 'Giao nhầm đơn vị' });

    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'categories',
        emailPrefix: 'categories',
      });
      const statistics = () =>
        http<Statistics>(api.base, 'GET', `/api/v1/statistics?groupBy=agencyKind&period=${PERIOD.key}`, {
          token,
        }).then((r) => r.body);

      /** Closes the period and reads the totals of the xlsx "Tổng hợp" sheet and of the docx. */
      const close = async () => {
        const started = await http<{ operationId: string; progress: string }>(
          api.base,
          'POST',
          '/api/v1/periods/close',
          {
            token,
            body: { planCode: PLAN, kind: 'month', onDate: PERIOD.onDate },
            headers: { 'idempotency-key': randomUUID() },
          },
        );
        expect(started.status).toBe(202);
        const operation = await waitForOperation(api.base, token, started.body.progress);
        expect(operation.status).toBe('completed');
        const closed = {
          body: operation.result as {
            reportId: string;
            total: number;
            counts: Record<string, number>;
            requested: { total: number; counts: Record<string, number> };
          },
        };
        const xlsx = await fetch(`${api.base}/api/v1/period-reports/${closed.body.reportId}/xlsx`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.load(await xlsx.arrayBuffer());
        const summary = new Map<string, unknown>();
        wb.getWorksheet('Tổng hợp')!.eachRow((row) => {
          if (typeof row.getCell(1).value === 'string' && !summary.has(row.getCell(1).value as string)) {
            summary.set(row.getCell(1).value as string, row.getCell(2).value);
          }
        });
        const docx = await fetch(`${api.base}/api/v1/period-reports/${closed.body.reportId}/docx`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const zip = await JSZip.loadAsync(Buffer.from(await docx.arrayBuffer()));
        const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
        const docxTotal = Number(/tổng số (\d+) lượt nhiệm vụ được giao/.exec(text)?.[1]);
        const docxOnTime = Number(/đã hoàn thành đúng hạn (\d+) lượt/.exec(text)?.[1]);
        return {
          total: closed.body.total,
          counts: closed.body.counts,
          requested: closed.body.requested,
          summary,
          wb,
          text,
          docxTotal,
          docxOnTime,
        };
      };

      // 1. Awaiting review: open on time, not done; the lifted two are in no total; the
      //    requested report awaiting review is tallied apart.
      const before = await eventually(statistics, (s) =>
        expect(s).toMatchObject({
          totals: { 'open-on-time': 2, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 },
          total: 2,
          done: 0,
          complianceRate: 0,
          onTimeRate: 0,
          awaitingReview: 1,
          requested: {
            counts: { 'open-on-time': 1, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 },
            total: 1,
            done: 0,
            awaitingReview: 1,
          },
          lifted: { waived: 1, cancelled: 1 },
        }),
      );
      const first = await close();
      // The close operation's figures are the signed ones: binding rows only, the requested one apart.
      expect(first.counts).toEqual(before.totals);
      expect(first.counts).toEqual({ 'open-on-time': 2, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 });
      expect(first.total).toBe(before.total);
      expect(first.requested).toEqual({
        total: 1,
        counts: { 'open-on-time': 1, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 },
      });
      expect(first.summary.get('Đang thực hiện, trong hạn')).toBe(2);
      expect(first.summary.get('Đã hoàn thành đúng hạn')).toBe(0);
      expect(first.summary.get('Tổng số')).toBe(before.total);
      expect(first.docxTotal).toBe(before.total);
      expect(first.docxOnTime).toBe(0);
      expect(first.text).toContain('có 1 nhiệm vụ được miễn và 1 nhiệm vụ đã hủy');
      const lifted: unknown[] = [];
      first.wb.getWorksheet('Miễn, hủy (không tính)')!.eachRow((row, n) => {
        if (n > 1) {
          lifted.push([row.getCell(2).value, row.getCell(6).value]);
        }
      });
      expect(lifted).toEqual(
        expect.arrayContaining([
          ['xa-ho-vuong', 'Được miễn'],
          ['xa-ba-dinh', 'Đã hủy'],
        ]),
      );

      // 2. Accepted despite the shortfall: done on time (sent before the deadline), flagged.
      const decided = await belowTarget.executeUpdate(reviewUpdate, {
        args: [{ actor: 'officer', decision: 'accept' }],
      });
      expect(decided).toMatchObject({ status: 'accepted', category: 'done-on-time' });
      await requested.executeUpdate(reviewUpdate, { args: [{ actor: 'officer', decision: 'accept' }] });
      // The binding rates are 1 of 2 whatever the requested body did (mixed in, they would read 2 of 3).
      const after = await eventually(statistics, (s) =>
        expect(s).toMatchObject({
          totals: { 'open-on-time': 1, 'open-overdue': 0, 'done-on-time': 1, 'done-late': 0 },
          total: 2,
          done: 1,
          complianceRate: 0.5,
          onTimeRate: 0.5,
          awaitingReview: 0,
          requested: {
            counts: { 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 1, 'done-late': 0 },
            total: 1,
            done: 1,
            complianceRate: 1,
            onTimeRate: 1,
            awaitingReview: 0,
          },
          lifted: { waived: 1, cancelled: 1 },
        }),
      );
      // The front-and-mass-organisation group holds the requested duty only: no binding figures.
      expect(after.groups.find((g) => g.key === 'front-mass-org')).toMatchObject({
        total: 0,
        complianceRate: 0,
        requested: { total: 1, done: 1, complianceRate: 1 },
      });
      const rows = await http<{ items: Array<{ agency: { code: string }; status: string; hasShortfall: boolean }> }>(
        api.base,
        'GET',
        `/api/v1/assignments?period=${PERIOD.key}&agency=xa-nga-an`,
        { token },
      );
      expect(rows.body.items).toEqual([expect.objectContaining({ status: 'accepted', hasShortfall: true })]);
      const second = await close();
      expect(second.counts).toEqual(after.totals);
      expect(second.counts).toEqual({ 'open-on-time': 1, 'open-overdue': 0, 'done-on-time': 1, 'done-late': 0 });
      expect(second.total).toBe(after.total);
      expect(second.requested).toEqual({
        total: 1,
        counts: { 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 1, 'done-late': 0 },
      });
      expect(second.summary.get('Đã hoàn thành đúng hạn')).toBe(1);
      expect(second.summary.get('Tổng số')).toBe(after.total);
      expect(second.docxTotal).toBe(after.total);
      expect(second.docxOnTime).toBe(1);
      // The docx keeps the evidence of each accepted report, as the xlsx does, shortfall flagged.
      const evidence = second.text.slice(second.text.indexOf('V. MINH CHỨNG CÁC BÁO CÁO ĐÃ CHẤP NHẬN'));
      expect(evidence).toContain(
        'Số chương trình phát thanh về chuyển đổi số trong tháng: 1; Số lần phát lại trong tháng: 0 (chưa đạt chỉ tiêu)',
      );
      expect(evidence).toContain('Tóm tắt kết quả thực hiện: Dư luận đồng tình');
      expect(evidence.indexOf('VI. ĐỀ XUẤT, KIẾN NGHỊ')).toBeGreaterThan(0);
      expect(second.summary.get('Tỷ lệ hoàn thành')).toBe(after.complianceRate);
      expect(second.summary.get('Tỷ lệ hoàn thành đúng hạn')).toBe(after.onTimeRate);
      const shortfalls: unknown[] = [];
      second.wb.getWorksheet('Chưa đạt chỉ tiêu')!.eachRow((row, n) => {
        if (n > 1) {
          shortfalls.push([row.getCell(2).value, row.getCell(7).value, row.getCell(8).value]);
        }
      });
      expect(shortfalls).toEqual([['xa-nga-an', 3, 0]]);
    } finally {
      await api.close();
    }
  }, 600_000);
});
