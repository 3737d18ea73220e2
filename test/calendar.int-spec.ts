import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCalendarAdjustments } from '../libs/domain/src/calendar/adjustments';
import { nextWorkingDay } from '../libs/domain/src/calendar/lawful-deadline';
import { vietnamWorkingCalendar } from '../libs/domain/src/calendar/vietnam-working-calendar';
import { addDays, dayOfWeek, vietnamDateOf, type LocalDate } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { startAssignment } from '../libs/temporal/src/workflow-starters';
import { assignmentWorkflowId, requestExtensionUpdate } from '../workflows/assignment.messages';
import { eventually } from './support/eventually';
import { waitForMail } from './support/mailbox';
import { http, startTestApi, waitForOperation, signInNewStaff } from './support/api';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';

/** The first date on or after `from` with day of week `dow` (0 = Sunday). */
function nextDow(from: LocalDate, dow: number): LocalDate {
  let d = from;
  while (dayOfWeek(d) !== dow) {
    d = addDays(d, 1);
  }
  return d;
}

interface Moved {
  deadlineMovedFrom?: string;
  deadlineMovedMessage?: { vi: string; en: string };
}

/** Lawful deadlines and the Government's decisions over HTTP, on the real stack. */
describe('calendar: lawful deadlines and recorded decisions (HTTP, real PostgreSQL + Temporal)', () => {
  let stack: TestWorker;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  const run = `cal-${Date.now()}`;
  const tokens: Record<'admin' | 'officer', string> = { admin: '', officer: '' };
  const adjustments = parseCalendarAdjustments(
    JSON.parse(readFileSync(join(__dirname, '..', 'data', 'calendar', 'adjustments.json'), 'utf8')),
  );

  beforeAll(async () => {
    stack = await startTestWorker('it-calendar');
    process.env.TEMPORAL_TASK_QUEUE = 'it-calendar';
    await importReferenceData(stack.dataSource);
    api = await startTestApi();
    for (const role of ['admin', 'officer'] as const) {
      tokens[role] = (await signInNewStaff(stack.dataSource, api.base, { role, displayName: role })).token;
    }
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await stack?.close();
  });

  it('GET /api/v1/calendar/{year} says whether the decisions are recorded; without them Tết and 2/9 are estimates', async () => {
    const y2026 = await http<{
      decisionsRecorded: boolean;
      warning: unknown;
      adjustments: Array<{ date: string; type: string }>;
      holidays: Array<{ date: string; estimate: boolean }>;
      source: string;
    }>(api.base, 'GET', '/api/v1/calendar/2026', { token: tokens.officer });
    expect(y2026.status).toBe(200);
    expect(y2026.body.decisionsRecorded).toBe(true);
    expect(y2026.body.warning).toBeNull();
    expect(y2026.body.source).toContain('Bộ Nội vụ');
    expect(y2026.body.adjustments).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ date: '2026-08-22', type: 'workingDay' }),
        expect.objectContaining({ date: '2026-08-31', type: 'dayOff' }),
      ]),
    );
    expect(y2026.body.holidays.some((h) => h.estimate)).toBe(false);

    // Nobody records decisions this far ahead in the tests.
    const y2098 = await http<{
      decisionsRecorded: boolean;
      warning: { vi: string; en: string };
      holidays: Array<{ date: string; estimate: boolean; name: { vi: string } }>;
    }>(api.base, 'GET', '/api/v1/calendar/2098', { token: tokens.officer });
    expect(y2098.status).toBe(200);
    expect(y2098.body.decisionsRecorded).toBe(false);
    expect(y2098.body.warning.vi).toContain('năm 2098');
    expect(y2098.body.warning.vi).toContain('ước tính');
    const estimates = y2098.body.holidays.filter((h) => h.estimate);
    expect(estimates.length).toBeGreaterThanOrEqual(6); // five Tết days and the day adjacent to 2/9
    expect(estimates.every((h) => h.name.vi.endsWith('(ước tính)'))).toBe(true);
    expect(estimates.map((h) => h.date)).toContain('2098-09-01');
  });

  it('an ad-hoc request due on a Sunday is due on the next working day, and the response says so', async () => {
    const sunday = nextDow(addDays(vietnamDateOf(new Date()), 10), 0);
    const year = Number(sunday.slice(0, 4));
    const expected = nextWorkingDay(vietnamWorkingCalendar([year - 1, year, year + 1], adjustments), sunday);
    const res = await http<{ dueDate: string; agencies: number; progress: string } & Moved>(
      api.base,
      'POST',
      '/api/v1/report-requests',
      {
        token: tokens.officer,
        body: {
          title: `Báo cáo đột xuất hạn chủ nhật ${run}`,
          dueDate: sunday,
          agencies: { codes: ['xa-hoang-giang'] },
          fields: [{ key: 'sessions', label: { vi: 'Số buổi', en: 'Sessions' }, type: 'number', required: true }],
        },
      },
    );
    expect(res.status).toBe(202);
    expect(res.body.dueDate).toBe(expected);
    expect(expected > sunday).toBe(true);
    expect(res.body.deadlineMovedFrom).toBe(sunday);
    expect(res.body.deadlineMovedMessage!.vi).toContain(
      'là ngày nghỉ nên hạn được chuyển sang ngày làm việc tiếp theo',
    );
    expect(res.body.deadlineMovedMessage!.en).toContain('is not a working day');
    expect((await waitForOperation(api.base, tokens.officer, res.body.progress)).status).toBe('completed');
  });

  it('an extension granted to a Sunday answers with the Monday; a day off declared on an open deadline moves it', async () => {
    // A deadline far ahead, in a year no other test records: Monday 15 March 2032.
    const due = '2032-03-15';
    const periodKey = `${run}-ext`;
    const dayOffKey = `${run}-off`;
    const base = {
      planCode: PLAN,
      dutyCode: DUTY,
      agencyCode: 'xa-hoang-phu',
      periodStart: null,
      periodEnd: null,
      dueDate: due,
      reminderLocalTime: '08:00',
    };
    await startAssignment(stack.client, { ...base, periodKey }, { taskQueue: stack.taskQueue });
    await startAssignment(stack.client, { ...base, periodKey: dayOffKey }, { taskQueue: stack.taskQueue });
    const rowOf = (workflowId: string) =>
      eventually(
        () =>
          http<{ items: Array<{ id: string; workflowId: string }> }>(
            api.base,
            'GET',
            `/api/v1/assignments?pageSize=200&period=${encodeURIComponent(workflowId.split('/').at(-1)!)}`,
            { token: tokens.officer },
          ),
        (r) => expect(r.body.items.map((i) => i.workflowId)).toContain(workflowId),
      ).then((r) => r.body.items.find((i) => i.workflowId === workflowId)!);

    // Extension to Sunday 21 March 2032: granted as Monday 22 March.
    const extId = assignmentWorkflowId(DUTY, 'xa-hoang-phu', periodKey);
    const ext = await rowOf(extId);
    await stack.client.workflow.getHandle(extId).executeUpdate(requestExtensionUpdate, {
      args: [{ requestId: 'ext-sunday', actor: 'agency:xa-hoang-phu', newDueDate: '2032-03-21', reason: 'Bão lũ' }],
    });
    const decided = await http<{ dueDate: string; originalDueDate: string } & Moved>(
      api.base,
      'POST',
      `/api/v1/assignments/${ext.id}/extension-decision`,
      { token: tokens.officer, body: { requestId: 'ext-sunday', approve: true } },
    );
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({
      dueDate: '2032-03-22',
      originalDueDate: due,
      deadlineMovedFrom: '2032-03-21',
    });
    expect(decided.body.deadlineMovedMessage!.vi).toContain('21/03/2032');

    // The Government declares Monday 15 March 2032 a day off (swapped with Saturday 20 March).
    const offId = assignmentWorkflowId(DUTY, 'xa-hoang-phu', dayOffKey);
    const off = await rowOf(offId);
    const put = await http<{
      decisionsRecorded: boolean;
      progress: string;
      deadlinesMoved: {
        count: number;
        items: Array<{ workflowId: string; from: string; to: string }>;
        message: { vi: string };
      };
    }>(api.base, 'PUT', '/api/v1/calendar/2032/adjustments', {
      token: tokens.admin,
      body: {
        year: 2032,
        daysOff: [{ date: '2032-03-15', name: { vi: 'Nghỉ hoán đổi (thử nghiệm)', en: 'Swapped day off (test)' } }],
        workingDays: [{ date: '2032-03-20', name: { vi: 'Làm bù (thử nghiệm)', en: 'Worked Saturday (test)' } }],
        source: 'Thử nghiệm / test',
      },
    });
    expect(put.status).toBe(202);
    expect(put.body.decisionsRecorded).toBe(true);
    expect(put.body.deadlinesMoved.items).toContainEqual({ workflowId: offId, from: '2032-03-15', to: '2032-03-16' });
    expect(put.body.deadlinesMoved.message.vi).toContain('chuyển sang ngày làm việc tiếp theo');
    const operation = await waitForOperation(api.base, tokens.admin, put.body.progress);
    expect(operation.status).toBe('completed');
    const detail = await eventually(
      () =>
        http<{ dueDate: string; deadlineMovedFrom: string | null; timeline: Array<{ type: string }> }>(
          api.base,
          'GET',
          `/api/v1/assignments/${off.id}`,
          { token: tokens.officer },
        ),
      (r) => expect(r.body.timeline.map((e) => e.type)).toContain('deadline-moved'),
    );
    expect(detail.body).toMatchObject({ dueDate: '2032-03-16', deadlineMovedFrom: '2032-03-15' });
    // The agency's focal point is emailed the new deadline, Vietnamese first, dates as dd/mm/yyyy.
    const [moved] = await waitForMail(
      (m) =>
        m.subject.startsWith('Điều chỉnh hạn báo cáo:') &&
        m.to.includes('xa-hoang-phu@thanhhoa.example') &&
        m.text.includes('Hạn báo cáo mới: 16/03/2032 (hạn cũ: 15/03/2032)'),
      { timeoutMs: 120_000 },
    );
    expect(moved.subject).toContain('hạn mới 16/03/2032 / Deadline moved:');
    expect(moved.text).toContain('ngày 15/03/2032 trở thành ngày nghỉ');
    expect(moved.text.indexOf('Hạn báo cáo mới')).toBeLessThan(moved.text.indexOf('New deadline'));
    // The extended deadline (22 March) is a working day: it stays.
    const extended = await http<{ dueDate: string }>(api.base, 'GET', `/api/v1/assignments/${ext.id}`, {
      token: tokens.officer,
    });
    expect(extended.body.dueDate).toBe('2032-03-22');
  });
});
