import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { stackCalendar } from './support/calendar';
import { formatVietnameseDate, vietnamDateOf, vietnamInstant } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { CalendarRepository } from '../libs/persistence/src/repositories';
import { assignmentWorkflowId } from '../workflows/assignment.messages';
import { http, signInNewStaff, startTestApi, waitForOperation } from './support/api';
import { eventually } from './support/eventually';
import { waitForMail } from './support/mailbox';
import {
  REVIEW_DUTY,
  REVIEW_PLAN,
  agencyLink,
  assignmentRow,
  reportsAwaitingReview,
  setReportArrival,
  startReviewAssignment,
} from './support/review';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = REVIEW_PLAN;
const DUTY = REVIEW_DUTY;
// A month no other suite uses: the close report gathers every assignment of the plan in it.
const PERIOD = { key: '2033-05', start: '2033-05-01', end: '2033-05-31', onDate: '2033-05-15' };
const ON_TIME = 'xa-muong-lat';
const LATE = 'xa-muong-ly';
// Another month no other suite uses, for the late return's new window.
const RETURN_PERIOD = { key: '2033-07', start: '2033-07-01', end: '2033-07-31' };

interface Submission {
  submissionId: string;
  at: string;
  actor: string;
  values: Record<string, string | number>;
  links?: string[];
  note?: string;
  shortfalls: unknown[];
}
interface Detail {
  id: string;
  status: string;
  category: string;
  hasShortfall: boolean;
  escalationLevel: number;
  canEscalate: boolean;
  escalationRefusal?: { vi: string; en: string };
  submissions: Submission[];
  timeline: Array<{ type: string; actor: string }>;
  extensions: Array<Record<string, unknown>> | null;
  urgingLetters: Array<{ level: number; number: string; at: string }> | null;
}

/**
 * The review queue, kept evidence and fair escalation on the real stack
 * (PostgreSQL, Temporal, SMTP, the API): "escalate now" before the deadline is
 * refused with a reason in words; a report below target is returned, reopens
 * with its last submission, is resubmitted and accepted, and every submission
 * stays readable afterwards, in the API and in the period report.
 */
describe('review queue, kept evidence, fair escalation (PostgreSQL + Temporal + SMTP + API)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-review');
    await importReferenceData(stack.dataSource);
  }, 600_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses to escalate what is not overdue; keeps every submission after acceptance; a returned report reopens with its last submission', async () => {
    const calendar = stackCalendar();
    const today = vietnamDateOf(new Date());
    await startReviewAssignment(stack, ON_TIME, PERIOD, calendar.addWorkingDays(today, 5));
    await startReviewAssignment(stack, LATE, PERIOD, calendar.addWorkingDays(today, -3));

    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const { email, token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'Cán bộ duyệt báo cáo',
        emailPrefix: 'review',
      });
      const link = agencyLink(ON_TIME);
      const rowOf = (agency: string) => assignmentRow(api.base, token, PERIOD.key, agency);
      const onTime = await rowOf(ON_TIME);
      const late = await rowOf(LATE);
      const detail = (id: string, as: { token?: string; link?: string } = { token }) =>
        http<Detail>(api.base, 'GET', `/api/v1/assignments/${id}`, as).then((r) => r.body);

      // Fair escalation: before the deadline "escalate now" is refused with the reason, and not offered.
      const refused = await http<{ code: string; message: string; details: { reason: string } }>(
        api.base,
        'POST',
        `/api/v1/assignments/${onTime.id}/escalate`,
        { token, body: { reason: 'Thử báo cáo cấp trên' } },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.details.reason).toBe('not-overdue');
      expect(refused.body.message).toContain('Nhiệm vụ chưa quá hạn');
      expect(refused.body.message).toContain('The assignment is not overdue');
      expect(await detail(onTime.id)).toMatchObject({ canEscalate: false });
      // Past the deadline it is offered and taken: the level-1 notice comes by itself, then one more level.
      await eventually(
        () => detail(late.id),
        (d) => expect(d).toMatchObject({ escalationLevel: 1, canEscalate: true }),
      );
      const escalated = await http(api.base, 'POST', `/api/v1/assignments/${late.id}/escalate`, {
        token,
        body: { reason: 'Chỉ đạo của lãnh đạo Sở' },
      });
      expect(escalated.status).toBe(202);
      await eventually(
        () => detail(late.id),
        (d) => expect(d.escalationLevel).toBe(2),
      );

      // The agency reports below target, with a link and a note.
      const first = await http<{ status: string; shortfalls: unknown[] }>(
        api.base,
        'POST',
        `/api/v1/assignments/${onTime.id}/submit`,
        {
          link,
          body: {
            submissionId: 'muong-lat-1',
            values: { programmes: 1, rebroadcasts: 1 },
            links: ['https://muonglat.thanhhoa.gov.vn/phat-thanh-thang-5'],
            note: 'Đài hỏng 10 ngày',
          },
        },
      );
      expect(first).toMatchObject({ status: 200, body: { status: 'submitted' } });
      expect(first.body.shortfalls).toHaveLength(1);
      // Review queue: awaiting review, with the working days it has waited; the officers are emailed.
      const queue = await http<{
        flagAfterWorkingDays: number;
        total: number;
        items: Array<{ id: string; status: string; workingDaysWaiting: number; flagged: boolean }>;
      }>(api.base, 'GET', `/api/v1/reviews?period=${PERIOD.key}`, { token });
      expect(queue.status).toBe(200);
      expect(queue.body).toMatchObject({ flagAfterWorkingDays: 2, total: 1 });
      expect(queue.body.items).toEqual([
        expect.objectContaining({ id: onTime.id, status: 'submitted', workingDaysWaiting: 0, flagged: false }),
      ]);
      // The queue's filters: agency search (diacritics folded), duty, flagged only.
      const queueOf = (filter: string) =>
        http<{ total: number; items: Array<{ id: string }> }>(
          api.base,
          'GET',
          `/api/v1/reviews?period=${PERIOD.key}&${filter}`,
          { token },
        ).then((r) => r.body);
      expect((await queueOf('q=muong%20lat')).items.map((i) => i.id)).toEqual([onTime.id]);
      expect((await queueOf(`duty=${DUTY}`)).total).toBe(1);
      expect((await queueOf('q=nga%20son')).total).toBe(0);
      expect((await queueOf('flagged=true')).total).toBe(0); // arrived today: not waiting too long
      expect((await queueOf('flagged=false')).total).toBe(1);
      const [arrived] = await waitForMail(
        (m) => m.subject.startsWith('Báo cáo chờ duyệt: Xã Mường Lát') && m.to.includes(email),
      );
      expect(arrived.text).toContain('Số lần phát lại trong tháng: 1/3');
      expect(arrived.text).toContain(`#/assignments/${onTime.id}`);
      const returned = await http(api.base, 'POST', `/api/v1/assignments/${onTime.id}/review`, {
        token,
        body: { decision: 'return', reason: 'Đề nghị bổ sung lịch phát lại' },
      });
      expect(returned.status).toBe(200);
      // The returned report reopens with its last submission (what the agency form is prefilled with).
      const reopened = await eventually(
        () => detail(onTime.id, { link }),
        (d) => expect(d.status).toBe('returned'),
      );
      expect(reopened.submissions.at(-1)).toMatchObject({
        submissionId: 'muong-lat-1',
        values: { programmes: 1, rebroadcasts: 1 },
        links: ['https://muonglat.thanhhoa.gov.vn/phat-thanh-thang-5'],
        note: 'Đài hỏng 10 ngày',
      });

      // Resubmitted, still below target, accepted: done, flagged, and both submissions stay readable.
      const second = await http(api.base, 'POST', `/api/v1/assignments/${onTime.id}/submit`, {
        link,
        body: { submissionId: 'muong-lat-2', values: { programmes: 1, rebroadcasts: 2 }, note: 'Đã phát bù' },
      });
      expect(second.status).toBe(200);
      const accepted = await http(api.base, 'POST', `/api/v1/assignments/${onTime.id}/review`, {
        token,
        body: { decision: 'accept' },
      });
      expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted', category: 'done-on-time' } });
      for (const as of [{ token }, { link }]) {
        const kept = await eventually(
          () => detail(onTime.id, as),
          (d) => expect(d.status).toBe('accepted'),
        );
        expect(kept.hasShortfall).toBe(true);
        expect(kept.submissions.map((s) => [s.submissionId, s.values.rebroadcasts, s.note, s.actor])).toEqual([
          ['muong-lat-1', 1, 'Đài hỏng 10 ngày', `agency-link:${ON_TIME}`],
          ['muong-lat-2', 2, 'Đã phát bù', `agency-link:${ON_TIME}`],
        ]);
        expect(kept.submissions.every((s) => !Number.isNaN(Date.parse(s.at)))).toBe(true);
      }

      // The period report keeps the accepted evidence.
      const started = await http<{ progress: string }>(api.base, 'POST', '/api/v1/periods/close', {
        token,
        body: { planCode: PLAN, kind: 'month', onDate: PERIOD.onDate },
        headers: { 'idempotency-key': randomUUID() },
      });
      expect(started.status).toBe(202);
      const operation = await waitForOperation(api.base, token, started.body.progress);
      expect(operation.status).toBe('completed');
      const { reportId } = operation.result as { reportId: string };
      const xlsx = await fetch(`${api.base}/api/v1/period-reports/${reportId}/xlsx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      const evidence: unknown[][] = [];
      wb.getWorksheet('Minh chứng đã chấp nhận')!.eachRow((row, n) => {
        if (n > 1) {
          evidence.push([row.getCell(2).value, row.getCell(8).value, row.getCell(11).value, row.getCell(12).value]);
        }
      });
      expect(evidence).toEqual([
        [
          ON_TIME,
          'Số chương trình phát thanh về chuyển đổi số trong tháng: 1; Số lần phát lại trong tháng: 2',
          'Đã phát bù',
          'Có',
        ],
      ]);
    } finally {
      await api.close();
    }
  }, 600_000);

  it('refuses "escalate now" while a report returned after the deadline is inside its new window, nothing escalated; extensions and urging letters stay readable once closed', async () => {
    const calendar = stackCalendar();
    const today = vietnamDateOf(new Date());
    await startReviewAssignment(stack, LATE, RETURN_PERIOD, calendar.addWorkingDays(today, -3));
    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'Cán bộ duyệt báo cáo',
        emailPrefix: 'review-window',
      });
      const link = agencyLink(LATE);
      const { id } = await assignmentRow(api.base, token, RETURN_PERIOD.key, LATE);
      const detail = () => http<Detail>(api.base, 'GET', `/api/v1/assignments/${id}`, { token }).then((r) => r.body);
      const escalatedEvents = (d: Detail) => d.timeline.filter((e) => e.type === 'escalated').length;

      // Overdue: the level-1 notice comes by itself; the officer escalates once more (an urging letter).
      await eventually(detail, (d) => expect(d).toMatchObject({ escalationLevel: 1, canEscalate: true }));
      const escalated = await http(api.base, 'POST', `/api/v1/assignments/${id}/escalate`, {
        token,
        body: { reason: 'Chỉ đạo của lãnh đạo Sở' },
      });
      expect(escalated.status).toBe(202);
      const lettered = await eventually(detail, (d) => expect(d.urgingLetters).toHaveLength(1));
      expect(lettered.escalationLevel).toBe(2);
      // The agency reports after the deadline; the officer returns it: a new window of 3 working days.
      const sent = await http(api.base, 'POST', `/api/v1/assignments/${id}/submit`, {
        link,
        body: { submissionId: 'muong-ly-1', values: { programmes: 1, rebroadcasts: 1 } },
      });
      expect(sent.status).toBe(200);
      const returned = await http(api.base, 'POST', `/api/v1/assignments/${id}/review`, {
        token,
        body: { decision: 'return', reason: 'Đề nghị bổ sung lịch phát lại' },
      });
      expect(returned).toMatchObject({ status: 200, body: { status: 'returned' } });
      const windowEnd = calendar.addWorkingDays(today, 3);

      // Inside the window "escalate now" is refused with the reason in words, and not offered.
      const inWindow = await eventually(detail, (x) =>
        expect(x).toMatchObject({ status: 'returned', canEscalate: false }),
      );
      expect(inWindow.escalationRefusal?.vi).toContain('Báo cáo bị trả lại sau hạn');
      const refused = await http<{ code: string; message: string; details: Record<string, unknown> }>(
        api.base,
        'POST',
        `/api/v1/assignments/${id}/escalate`,
        { token, body: { reason: 'Thử báo cáo cấp trên' } },
      );
      expect(refused.status).toBe(409);
      expect(refused.body.details).toMatchObject({ reason: 'return-window', status: 'returned', escalationLevel: 2 });
      expect(refused.body.message).toContain(
        `Báo cáo bị trả lại sau hạn nên cơ quan có thời hạn mới đến hết ngày ${formatVietnameseDate(windowEnd)}`,
      );
      expect(refused.body.message).toContain('The report was returned after the deadline');
      expect(refused.body.details.returnWindowEnd).toBe(windowEnd);

      // Nothing was escalated: the level and the timeline stay as they were, and stay so.
      const after = await detail();
      expect(after).toMatchObject({ status: 'returned', escalationLevel: 2, canEscalate: false });
      expect(escalatedEvents(after)).toBe(2);

      // An extension is asked for and granted, the report is sent again and accepted: the assignment
      // closes, and its extension and urging letter are still readable (they read null before).
      const newDueDate = calendar.addWorkingDays(today, 10);
      const asked = await http(api.base, 'POST', `/api/v1/assignments/${id}/extension-request`, {
        link,
        body: { requestId: 'muong-ly-gia-han', newDueDate, reason: 'Đài truyền thanh đang sửa chữa' },
      });
      expect(asked.status).toBe(200);
      const granted = await http(api.base, 'POST', `/api/v1/assignments/${id}/extension-decision`, {
        token,
        body: { requestId: 'muong-ly-gia-han', approve: true, note: 'Đồng ý gia hạn' },
      });
      expect(granted).toMatchObject({ status: 200, body: { dueDate: newDueDate } });
      const again = await http(api.base, 'POST', `/api/v1/assignments/${id}/submit`, {
        link,
        body: { submissionId: 'muong-ly-2', values: { programmes: 1, rebroadcasts: 3 } },
      });
      expect(again.status).toBe(200);
      const accepted = await http(api.base, 'POST', `/api/v1/assignments/${id}/review`, {
        token,
        body: { decision: 'accept' },
      });
      expect(accepted).toMatchObject({ status: 200, body: { status: 'accepted', category: 'done-on-time' } });
      for (const as of [{ token }, { link }]) {
        const closed = await eventually(
          () => http<Detail>(api.base, 'GET', `/api/v1/assignments/${id}`, as).then((r) => r.body),
          (d) => expect(d.status).toBe('accepted'),
        );
        expect(closed.extensions).toEqual([
          expect.objectContaining({
            requestId: 'muong-ly-gia-han',
            newDueDate,
            reason: 'Đài truyền thanh đang sửa chữa',
            decision: expect.objectContaining({ approve: true, newDueDate, note: 'Đồng ý gia hạn' }),
          }),
        ]);
        expect(closed.urgingLetters).toEqual([lettered.urgingLetters![0]]);
        expect(closed.urgingLetters![0]).toMatchObject({ level: 2, number: expect.stringMatching(/^\d+\//) });
      }
    } finally {
      await api.close();
    }
  }, 600_000);

  it('filters the queue in the database: flagged=true only the report waiting past the limit, flagged=false only the other, a bad value 400; q finds the agency by name (diacritics folded) or code', async () => {
    const tag = Date.now().toString(36);
    const period = `rv-${tag}`;
    // Agencies of this test's own: the queue is global, so the test reads only its period and its names.
    const waiting = { code: `phuong-dong-son-cho-${tag}`, name: `Phường Đông Sơn Chờ ${tag}` };
    const fresh = { code: `xa-ha-linh-moi-${tag}`, name: `Xã Hà Lĩnh Mới ${tag}` };
    const calendar = stackCalendar();
    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'Cán bộ duyệt báo cáo',
        emailPrefix: 'review-filters',
      });
      type Queue = {
        flagAfterWorkingDays: number;
        total: number;
        items: Array<{
          id: string;
          workflowId: string;
          workingDaysWaiting: number;
          flagged: boolean;
          submittedAt: string;
        }>;
      };
      const queueOf = (filter = '') =>
        http<Queue>(api.base, 'GET', `/api/v1/reviews?period=${period}${filter}`, { token }).then((r) => {
          expect(r.status).toBe(200);
          return r.body;
        });
      // Both agencies report through their emailed links.
      await reportsAwaitingReview(stack, api.base, token, {
        agencies: [waiting, fresh],
        periodKey: period,
        // Far enough that no reminder or escalation writes the row while the test runs.
        dueDate: calendar.addWorkingDays(vietnamDateOf(new Date()), 20),
        rebroadcasts: 3,
      });
      await eventually(queueOf, (q) => expect(q.total).toBe(2));
      expect((await queueOf('&flagged=true')).items).toEqual([]);

      // The first report arrived six working days ago (the real stack cannot wait days: its arrival
      // time in the read model is set back, as the workflow would have written it then).
      const calendars = new CalendarRepository(stack.dataSource);
      const arrivedOn = calendar.addWorkingDays(vietnamDateOf(new Date()), -6);
      const arrivedAt = vietnamInstant(arrivedOn, '09:30');
      await setReportArrival(stack.dataSource, waiting.code, period, arrivedOn);
      // Working days waited, counted with the same calendar as the API (the year's recorded decisions),
      // before and after the request so a run across midnight (UTC+7) still agrees.
      const waited = async () => {
        const today = vietnamDateOf(new Date());
        const cal = await calendars.workingCalendar([Number(arrivedOn.slice(0, 4)), Number(today.slice(0, 4))]);
        return cal.workingDaysBetween(arrivedOn, today);
      };
      const before = await waited();
      const all = await queueOf();
      const after = await waited();
      expect(all.flagAfterWorkingDays).toBe(2);
      expect(before).toBeGreaterThan(all.flagAfterWorkingDays);
      // Oldest first: the waiting report, flagged with its working days, then the one that arrived today.
      expect(all.items.map((i) => i.workflowId)).toEqual([
        assignmentWorkflowId(DUTY, waiting.code, period),
        assignmentWorkflowId(DUTY, fresh.code, period),
      ]);
      expect([before, after]).toContain(all.items[0].workingDaysWaiting);
      expect(all.items[0]).toMatchObject({ flagged: true, submittedAt: arrivedAt.toISOString() });
      expect(all.items[1]).toMatchObject({ flagged: false, workingDaysWaiting: 0 });

      // flagged=true: only the report waiting past the limit, counted in the database (total agrees).
      const flagged = await queueOf('&flagged=true');
      expect(flagged.total).toBe(1);
      expect(flagged.items.map((i) => [i.workflowId, i.flagged])).toEqual([
        [assignmentWorkflowId(DUTY, waiting.code, period), true],
      ]);
      // flagged=false: only the report not waiting past the limit (absent: both, above).
      const unflagged = await queueOf('&flagged=false');
      expect({ total: unflagged.total, rows: unflagged.items.map((i) => [i.workflowId, i.flagged]) }).toEqual({
        total: 1,
        rows: [[assignmentWorkflowId(DUTY, fresh.code, period), false]],
      });

      // q: the agency's name found with case, diacritics and tone placement folded, alone or with flagged.
      for (const q of ['dong son', 'ĐÔNG SƠN', 'phường đông sơn chờ', `Dong Son Cho ${tag.toUpperCase()}`]) {
        const found = await queueOf(`&q=${encodeURIComponent(q)}`);
        expect({ q, ids: found.items.map((i) => i.workflowId), total: found.total }).toEqual({
          q,
          ids: [assignmentWorkflowId(DUTY, waiting.code, period)],
          total: 1,
        });
      }
      expect((await queueOf(`&q=${encodeURIComponent('ha linh')}`)).items.map((i) => i.workflowId)).toEqual([
        assignmentWorkflowId(DUTY, fresh.code, period),
      ]);
      expect((await queueOf(`&q=${encodeURIComponent('hà lĩnh')}&flagged=true`)).total).toBe(0);
      expect((await queueOf(`&q=${encodeURIComponent('dong son')}&flagged=true`)).total).toBe(1);
      expect((await queueOf(`&q=${encodeURIComponent('nga son')}`)).total).toBe(0);

      // q also finds the agency by its code ("Tên hoặc mã cơ quan"), case folded; the dashes are in
      // the code only, never in the name, so the code is what matched.
      for (const q of [fresh.code, `ha-linh-moi-${tag}`, `XA-HA-LINH-MOI-${tag.toUpperCase()}`]) {
        const found = await queueOf(`&q=${encodeURIComponent(q)}`);
        expect({ q, ids: found.items.map((i) => i.workflowId), total: found.total }).toEqual({
          q,
          ids: [assignmentWorkflowId(DUTY, fresh.code, period)],
          total: 1,
        });
      }
      expect((await queueOf(`&q=${encodeURIComponent(`dong-son-cho-${tag}`)}&flagged=false`)).total).toBe(0);
      expect((await queueOf(`&q=${encodeURIComponent(`dong-son-cho-${tag}`)}&flagged=true`)).total).toBe(1);
      // The assignment list's search (the overdue list and the matrix share the same hint) finds codes too.
      const byCode = await http<{ total: number; items: Array<{ workflowId: string }> }>(
        api.base,
        'GET',
        `/api/v1/assignments?period=${period}&q=${encodeURIComponent(`PHUONG-DONG-SON-CHO-${tag}`)}`,
        { token },
      );
      expect(byCode.status).toBe(200);
      expect(byCode.body.items.map((i) => i.workflowId)).toEqual([assignmentWorkflowId(DUTY, waiting.code, period)]);

      // A bad filter is a clear 400 naming the parameter (the project's error body), never a 500.
      for (const value of ['yes', 'maybe', '1', '']) {
        const bad = await http<{ code: string; message: string; text: { vi: string; en: string } }>(
          api.base,
          'GET',
          `/api/v1/reviews?flagged=${value}`,
          { token },
        );
        expect({ value, status: bad.status, code: bad.body.code }).toEqual({
          value,
          status: 400,
          code: 'VALIDATION_ERROR',
        });
        expect(bad.body.message).toContain('flagged');
        expect(bad.body.text).toEqual({ vi: expect.any(String), en: expect.any(String) });
      }
    } finally {
      await api.close();
    }
  }, 600_000);
});
