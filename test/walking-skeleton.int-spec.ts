import { createApi } from '../apps/api/src/main';
import type { SendEmailRequest } from '../workflows/assignment.contracts';
import { AssignmentActivities } from '../apps/worker/src/assignment.activities';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { importAgencies } from '../libs/persistence/src/reference-data';
import { assignmentWorkflowId, type AssignmentInput } from '../workflows/assignment.messages';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CapturedMail } from '../libs/mail/src/dev-mailbox';
import { mailboxMessages, waitForMail } from './support/mailbox';
import { stackCalendar } from './support/calendar';
import { eventually } from './support/eventually';
import { startTestWorker, type TestWorker } from './support/stack';
import { startAssignment } from '../libs/temporal/src/workflow-starters';

const PLAN = 'plan-nq06-thanh-hoa';

/**
 * The walking skeleton against real parts: PostgreSQL, the Temporal dev server
 * and an SMTP server, all started by the global setup. No mocks on this path.
 */
describe('assignment walking skeleton (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-walking-skeleton');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  const vietnamTimeIn = (ms: number): { at: number; date: string; time: string } => {
    const at = new Date(Date.now() + ms);
    const local = new Date(at.getTime() + 7 * 3600_000).toISOString();
    return { at: at.getTime(), date: vietnamDateOf(at), time: local.slice(11, 19) };
  };

  it('mails a Vietnamese assignment notice at once and a due-today reminder at the reminder time, with outbox and audit rows', async () => {
    // Deadline today, reminders at a local time a few seconds from now: only the "due today" slot is still ahead.
    const reminder = vietnamTimeIn(6_000);
    const periodKey = `it-${Date.now()}`;
    const agencyCode = 'xa-hoang-hoa';
    const input: AssignmentInput = {
      planCode: PLAN,
      dutyCode: 'v8-commune-radio',
      agencyCode,
      periodKey,
      periodStart: null,
      periodEnd: null,
      dueDate: reminder.date,
      reminderLocalTime: reminder.time,
    };
    const workflowId = assignmentWorkflowId(input.dutyCode, agencyCode, periodKey);
    await startAssignment(stack.client, input, { taskQueue: stack.taskQueue });

    const [notice] = await waitForMail((m) => m.subject.startsWith('Giao nhiệm vụ') && m.subject.includes(periodKey));
    expect(notice.to).toEqual([`${agencyCode}@thanhhoa.example`]);
    expect(notice.subject).toContain('Chương trình phát thanh');
    expect(notice.text).toContain('Số lần phát lại');
    expect(notice.text).toMatch(/tối thiểu 3/);
    expect(notice.html).toContain('lang="vi"');
    const link = /http:\/\/\S+\/r\/[\w-]+\.[\w-]+/.exec(notice.text)?.[0];
    expect(link).toBeDefined();

    const isDueToday = (m: CapturedMail): boolean =>
      m.subject.startsWith('Đến hạn hôm nay') && m.text.includes(`Kỳ: ${periodKey}`);
    // On a day off (a weekend, Tết: the suite also runs at such dates, docs/testing.md) no reminder
    // goes out, and a deadline on it moves to the next working day (Civil Code 2015 art. 148(5)).
    const dayOff = !stackCalendar().isWorkingDay(reminder.date);
    if (dayOff) {
      await sleep(Math.max(0, reminder.at - Date.now()) + 15_000);
      expect((await mailboxMessages()).filter(isDueToday)).toEqual([]);
      await eventually(
        () =>
          stack.dataSource.query<Array<{ due: string }>>(
            `SELECT to_char(due_date, 'YYYY-MM-DD') AS due FROM assignments WHERE workflow_id = $1`,
            [workflowId],
          ),
        (rows) => expect(rows).toEqual([{ due: stackCalendar().addWorkingDays(reminder.date, 1) }]),
      );
    } else {
      const [dueToday] = await waitForMail(isDueToday, { timeoutMs: 45_000 });
      expect(new Date(dueToday.receivedAt).getTime()).toBeGreaterThanOrEqual(Date.now() - 60_000);
    }

    const outbox = await stack.dataSource.query<
      Array<{ kind: string; status: string; message_id: string; to_addresses: string[] }>
    >('SELECT kind, status, message_id, to_addresses FROM email_outbox WHERE workflow_id = $1 ORDER BY created_at', [
      workflowId,
    ]);
    expect(outbox.map((r) => [r.kind, r.status])).toEqual(
      dayOff
        ? [['assigned', 'sent']]
        : [
            ['assigned', 'sent'],
            ['due-today', 'sent'],
          ],
    );
    expect(outbox[0].message_id).toBe(notice.messageId);

    const audit = await stack.dataSource.query<Array<{ type: string }>>(
      'SELECT type FROM audit_events WHERE workflow_id = $1 ORDER BY occurred_at, id',
      [workflowId],
    );
    // The workflow's own events keep their order; the two "email-sent" rows come from the mailer,
    // which on a busy machine may deliver the notice after the reminder has fired.
    const ownEvents = audit.map((a) => a.type).filter((t) => t !== 'email-sent');
    if (dayOff) {
      expect(ownEvents[0]).toBe('assigned');
      expect(ownEvents).not.toContain('due-today-sent');
    } else {
      expect(ownEvents).toEqual(['assigned', 'due-today-sent']);
    }
    expect(audit.filter((a) => a.type === 'email-sent')).toHaveLength(dayOff ? 1 : 2);

    const [row] = await stack.dataSource.query<Array<{ status: string; category: string; reminders_sent: number }>>(
      'SELECT status, category, reminders_sent FROM assignments WHERE workflow_id = $1',
      [workflowId],
    );
    expect(row).toEqual({ status: 'assigned', category: 'open-on-time', reminders_sent: dayOff ? 0 : 1 });

    // The link in the mail opens the agency's view of this assignment.
    process.env.PUBLIC_URL = 'http://127.0.0.1:3000';
    const api = await createApi(['error', 'warn']);
    await api.init();
    try {
      const server = api.getHttpServer();
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      const port = (server.address() as import('node:net').AddressInfo).port;
      const path = new URL(link!).pathname;
      const page = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(page.status).toBe(200);
      // The link opens the web app's agency page, which reads the assignment with the link's token.
      expect(await page.text()).toContain('<div id="root"></div>');
      const token = path.split('/').pop()!;
      const mine = await fetch(`http://127.0.0.1:${port}/api/v1/assignments`, { headers: { 'x-agency-link': token } });
      expect(mine.status).toBe(200);
      const body = (await mine.json()) as {
        items: Array<{ workflowId: string; category: string; agency: { name: string } }>;
      };
      expect(body.items.find((i) => i.workflowId === workflowId)).toMatchObject({
        category: 'open-on-time',
        agency: { name: 'Xã Hoằng Hóa' },
      });
      const tampered = await fetch(`http://127.0.0.1:${port}${path.slice(0, -2)}xx`);
      expect(tampered.status).toBe(403);
    } finally {
      await api.close();
    }
    await stack.client.workflow.getHandle(workflowId).terminate('test done');
  }, 90_000);

  it('delivers one email, not two, when the send activity is retried', async () => {
    const activities = stack.app.get(AssignmentActivities);
    const workflowId = `assignment/v8-commune-radio/xa-hoang-hoa/retry-${Date.now()}`;
    const req: SendEmailRequest = {
      workflowId,
      key: 'reminder:2026-12-03:3',
      planCode: PLAN,
      dutyCode: 'v8-commune-radio',
      agencyCode: 'xa-hoang-hoa',
      periodKey: 'retry',
      dueDate: '2026-12-03',
      mail: { kind: 'reminder', workingDaysLeft: 3 },
    };
    const first = await activities.sendAssignmentEmail(req);
    const second = await activities.sendAssignmentEmail(req);
    expect(first.outcome).toBe('sent');
    expect(second).toEqual({ ...first, outcome: 'already-sent' });
    await waitForMail((m) => m.messageId === first.messageId);
    await new Promise((r) => setTimeout(r, 500));
    expect((await mailboxMessages()).filter((m) => m.messageId === first.messageId)).toHaveLength(1);
  });

  it('leaves a temporary SMTP refusal (4xx) pending and retryable, without flagging the contact', async () => {
    await importAgencies(stack.dataSource, [
      {
        code: 'xa-thu-nghiem-tam-hoan',
        name: 'Xã Thử Nghiệm Tạm Hoãn',
        kind: 'commune',
        subtype: 'xa',
        parentCode: null,
        validFrom: null,
        validTo: null,
        successorCode: null,
        focalEmail: 'greylist.xa-thu-nghiem@thanhhoa.example',
        headEmail: null,
        formedFrom: [],
        note: null,
      },
    ]);
    const activities = stack.app.get(AssignmentActivities);
    const workflowId = `assignment/v8-commune-radio/xa-thu-nghiem-tam-hoan/greylist-${Date.now()}`;
    const req: SendEmailRequest = {
      workflowId,
      key: 'assigned:0',
      planCode: PLAN,
      dutyCode: 'v8-commune-radio',
      agencyCode: 'xa-thu-nghiem-tam-hoan',
      periodKey: 'greylist',
      dueDate: '2026-12-03',
      mail: { kind: 'assigned' },
    };
    for (let attempt = 0; attempt < 2; attempt++) {
      await expect(activities.sendAssignmentEmail(req)).rejects.toMatchObject({
        type: 'TransientMailFailure',
        nonRetryable: false,
      });
    }
    const [outbox] = await stack.dataSource.query<Array<{ status: string; smtp_code: number; attempts: number }>>(
      'SELECT status, smtp_code, attempts FROM email_outbox WHERE workflow_id = $1',
      [workflowId],
    );
    expect(outbox).toEqual({ status: 'pending', smtp_code: 451, attempts: 2 });
    const [agency] = await stack.dataSource.query<Array<{ undeliverable_emails: string[] }>>(
      `SELECT undeliverable_emails FROM agencies WHERE code = 'xa-thu-nghiem-tam-hoan'`,
    );
    expect(agency.undeliverable_emails).toEqual([]);
  });

  it('records a permanent SMTP refusal (5xx) without retrying and flags the contact as undeliverable', async () => {
    await importAgencies(stack.dataSource, [
      {
        code: 'xa-thu-nghiem-tra-ve',
        name: 'Xã Thử Nghiệm Trả Về',
        kind: 'commune',
        subtype: 'xa',
        parentCode: null,
        validFrom: null,
        validTo: null,
        successorCode: null,
        focalEmail: 'bounce.xa-thu-nghiem@thanhhoa.example',
        headEmail: null,
        formedFrom: [],
        note: null,
      },
    ]);
    const activities = stack.app.get(AssignmentActivities);
    const workflowId = `assignment/v8-commune-radio/xa-thu-nghiem-tra-ve/bounce-${Date.now()}`;
    await expect(
      activities.sendAssignmentEmail({
        workflowId,
        key: 'assigned:0',
        planCode: PLAN,
        dutyCode: 'v8-commune-radio',
        agencyCode: 'xa-thu-nghiem-tra-ve',
        periodKey: 'bounce',
        dueDate: '2026-12-03',
        mail: { kind: 'assigned' },
      }),
    ).rejects.toMatchObject({ type: 'PermanentMailFailure', nonRetryable: true });
    const [outbox] = await stack.dataSource.query<Array<{ status: string; smtp_code: number; attempts: number }>>(
      'SELECT status, smtp_code, attempts FROM email_outbox WHERE workflow_id = $1',
      [workflowId],
    );
    expect(outbox).toEqual({ status: 'failed', smtp_code: 550, attempts: 1 });
    const [agency] = await stack.dataSource.query<Array<{ undeliverable_emails: string[] }>>(
      `SELECT undeliverable_emails FROM agencies WHERE code = 'xa-thu-nghiem-tra-ve'`,
    );
    expect(agency.undeliverable_emails).toEqual(['bounce.xa-thu-nghiem@thanhhoa.example']);
  });
});
