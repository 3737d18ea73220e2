import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deadlineMovedMessage } from '../libs/domain/src/calendar/lawful-deadline';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { http, signInNewStaff, startTestApi, waitForOperation } from './support/api';
import { eventually } from './support/eventually';
import { waitForMail } from './support/mailbox';
import { startTestWorker, type TestWorker } from './support/stack';

// A year no other test file mentions: the calendar decision, the period and its close are this file's own.
const YEAR = 2047;
/** A plan of this test's own, so the shipped catalog is left as it is (test/start.int-spec.ts opens that one). */
const TEST_PLAN = 'plan-thu-nghiem-han-ngay-nghi';
const DUTY = 'thu-nghiem-han-ngay-nghi';
const AGENCY = 'so-tu-phap';
const PERIOD = `${YEAR}-06`;
/** The catalog's fixed deadline: Wednesday 3 July, which the Government (in this test) makes a day off. */
const FIXED = `${YEAR}-07-03`;
/** The next working day (Thursday; no public holiday falls in July). */
const MOVED = `${YEAR}-07-04`;

interface MovedDeadline {
  dutyCode: string;
  dutyTitle: { vi: string; en: string };
  from: string;
  to: string;
  reason: { vi: string; en: string };
}

/**
 * The moved-deadlines list of a period opening, on the real stack (PostgreSQL + Temporal + SMTP).
 * The shipped catalog has no duty whose deadline can fall on a day off (its rules count working
 * days), so this test imports a one-duty plan whose monthly duty has a fixed deadline, records
 * through the calendar API a Government decision that makes that date a day off, and opens the
 * month through the API: the opening moves the deadline to the next working day (Civil Code 2015,
 * art. 148(5)) and lists it in `movedDeadlines` of GET /api/v1/operations/{id}.
 */
describe('a period opening lists the deadlines it moved off a day off (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-moved-deadlines');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('opens a month whose fixed deadline became a day off: the operation lists the move, the assignment is due on the next working day', async () => {
    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const admin = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'moved deadlines',
        emailPrefix: 'moved-deadlines',
        role: 'admin',
      });
      const token = admin.token;

      // A plan of the test's own: the shipped plan's metadata, one monthly duty with a fixed deadline.
      const shipped = JSON.parse(
        readFileSync(join(__dirname, '..', 'libs', 'catalog', 'data', 'plan-nq06-thanh-hoa.catalog.json'), 'utf8'),
      ) as { plan: Record<string, unknown>; duties: Array<Record<string, unknown>> };
      const radio = shipped.duties.find((d) => d.code === 'v8-commune-radio')!;
      const catalog = {
        ...shipped,
        plan: {
          ...shipped.plan,
          code: TEST_PLAN,
          title: { vi: 'Kế hoạch thử nghiệm hạn rơi vào ngày nghỉ', en: 'Test plan: a deadline on a day off' },
          notes: ['A test plan: one monthly duty with a fixed deadline (test/moved-deadlines.int-spec.ts).'],
        },
        duties: [
          {
            ...radio,
            code: DUTY,
            title: { vi: 'Báo cáo thử nghiệm có hạn cố định', en: 'Test report with a fixed deadline' },
            addressees: { codes: [AGENCY] },
            deadline: { rule: 'fixed', date: FIXED },
            modelNote: 'Test duty: its fixed deadline is made a day off by the test.',
          },
        ],
      };
      const imported = await http(api.base, 'POST', '/api/v1/plans/import', { token, body: catalog });
      expect(imported.status).toBe(200);

      // The Government makes the fixed deadline a day off, recorded through the calendar API.
      const put = await http<{ decisionsRecorded: boolean; progress: string }>(
        api.base,
        'PUT',
        `/api/v1/calendar/${YEAR}/adjustments`,
        {
          token,
          body: {
            year: YEAR,
            daysOff: [{ date: FIXED, name: { vi: 'Ngày nghỉ (thử nghiệm)', en: 'Day off (test)' } }],
            workingDays: [],
            source: 'Thử nghiệm / test',
          },
        },
      );
      expect(put.status).toBe(202);
      expect(put.body.decisionsRecorded).toBe(true);
      expect((await waitForOperation(api.base, token, put.body.progress)).status).toBe('completed');

      // Open the month through the API and follow the operation to its end.
      const open = await http<{ workflowId: string; progress: string }>(api.base, 'POST', '/api/v1/periods/open', {
        token,
        body: { planCode: TEST_PLAN, kind: 'month', onDate: `${YEAR}-06-03` },
      });
      expect(open.status).toBe(202);
      const operation = await waitForOperation(
        api.base,
        token,
        `/api/v1/operations/${encodeURIComponent(open.body.workflowId)}`,
      );
      expect(operation.status).toBe('completed');
      const result = operation.result as { total: number; movedDeadlines?: MovedDeadline[] };
      expect(result.total).toBe(1);
      expect(result.movedDeadlines).toEqual([
        {
          dutyCode: DUTY,
          dutyTitle: { vi: 'Báo cáo thử nghiệm có hạn cố định', en: 'Test report with a fixed deadline' },
          from: FIXED,
          to: MOVED,
          reason: deadlineMovedMessage(FIXED, MOVED),
        },
      ]);
      expect(result.movedDeadlines![0].reason.vi).toContain('03/07/2047');
      // The progress shown while running and after the end is the same list.
      expect((operation.progress as { movedDeadlines?: MovedDeadline[] }).movedDeadlines).toEqual(
        result.movedDeadlines,
      );

      // The assignment it opened is due on the moved date, in the read model and in its email.
      const rows = await eventually(
        () =>
          http<{ items: Array<{ agency: { code: string }; dueDate: string; originalDueDate: string }> }>(
            api.base,
            'GET',
            `/api/v1/assignments?period=${PERIOD}`,
            { token },
          ),
        (r) => expect(r.body.items).toHaveLength(1),
        { timeoutMs: 60_000 },
      );
      expect(rows.body.items[0]).toMatchObject({ agency: { code: AGENCY }, dueDate: MOVED, originalDueDate: MOVED });
      const [assigned] = await waitForMail(
        (m) =>
          m.subject.startsWith('Giao nhiệm vụ: Báo cáo thử nghiệm có hạn cố định') &&
          m.to.includes(`${AGENCY}@thanhhoa.example`),
        { timeoutMs: 120_000 },
      );
      expect(assigned.text).toContain('Hạn báo cáo: 04/07/2047');
      expect(assigned.text).not.toContain('03/07/2047');
      // A monthly duty: the email states the Decree 09 reporting month under the month.
      expect(assigned.text).toContain('Số liệu báo cáo tháng: từ 15/05/2047 đến 14/06/2047 (Nghị định 09/2019/NĐ-CP)');
    } finally {
      await api.close();
    }
  }, 600_000);
});
