import type { WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type {
  AssignmentActivities,
  RecordStateRequest,
  SendEmailRequest,
  SendEmailResult,
} from './assignment.contracts';
import { maybeRecordHistory, useTimeSkippingServer } from '../test/support/time-skipping';
import { eventually } from '../test/support/eventually';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { addDays, dayOfWeek, vietnamDateOf, vietnamInstant, type LocalDate } from '../libs/domain/src/local-date';
import {
  calendarChangedSignal,
  decideExtensionUpdate,
  requestExtensionUpdate,
  stateQuery,
  type AssignmentContext,
  type AssignmentInput,
  type CalendarAdjustments,
} from './assignment.messages';
import { assignmentWorkflow } from './assignment.workflow';

type Activities = Pick<
  AssignmentActivities,
  'loadAssignmentContext' | 'recordAssignmentState' | 'sendAssignmentEmail' | 'issueUrgingLetterNumber'
>;

const NO_DAYS_OFF: CalendarAdjustments = { extraDaysOff: [], extraWorkingDays: [] };

/** Typed fake activities that keep what the workflow asked for. */
function fakeActivities(context: AssignmentContext) {
  const records: RecordStateRequest[] = [];
  const mails: SendEmailRequest[] = [];
  const activities: Activities = {
    loadAssignmentContext: () => Promise.resolve(context),
    recordAssignmentState: (r) => {
      records.push(r);
      return Promise.resolve();
    },
    sendAssignmentEmail: (r): Promise<SendEmailResult> => {
      mails.push(r);
      return Promise.resolve({ outcome: 'sent', messageId: `<${mails.length}@test>`, to: ['x@test'], cc: [] });
    },
    issueUrgingLetterNumber: () => Promise.resolve('1/STTTT-ĐĐ'),
  };
  return { activities, records, mails };
}

const context: AssignmentContext = {
  agencyName: 'Xã Hoằng Hóa',
  dutyTitleVi: 'Chương trình phát thanh về chuyển đổi số',
  binding: true,
  reminderOffsetsWorkingDays: [1, 0],
  evidence: [
    { key: 'programmes', label: { vi: 'Số chương trình', en: 'Programmes' }, type: 'number', required: true, min: 1 },
  ],
  escalation: [{ level: 1, afterWorkingDays: 1, target: 'agency-head' }],
  calendar: NO_DAYS_OFF,
};

/** The first date on or after `from` with day of week `dow` (0 = Sunday). */
function nextDow(from: LocalDate, dow: number): LocalDate {
  let d = from;
  while (dayOfWeek(d) !== dow) {
    d = addDays(d, 1);
  }
  return d;
}

describe('lawful deadlines on the time-skipping test server', () => {
  const ts = useTimeSkippingServer();
  const weekdays = new StateAgencyCalendar();
  let seq = 0;

  const { today } = ts;

  const { advanceTo } = ts;

  async function scenario<T>(
    dueDate: LocalDate,
    fn: (h: WorkflowHandleWithFirstExecutionRunId<typeof assignmentWorkflow>) => Promise<T>,
  ): Promise<{ result: T; fake: ReturnType<typeof fakeActivities> }> {
    seq += 1;
    const taskQueue = `lawful-${seq}`;
    const fake = fakeActivities(context);
    const worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue,
      workflowBundle: ts.bundle,
      activities: fake.activities,
    });
    const input: AssignmentInput = {
      planCode: 'plan-nq06-thanh-hoa',
      dutyCode: 'v8-commune-radio',
      agencyCode: 'xa-hoang-hoa',
      periodKey: `lawful-${seq}`,
      periodStart: null,
      periodEnd: null,
      dueDate,
      reminderLocalTime: '08:00',
    };
    const result = await worker.runUntil(async () => {
      const handle = await ts.env.client.workflow.start(assignmentWorkflow, {
        taskQueue,
        workflowId: `assignment/v8-commune-radio/xa-hoang-hoa/lawful-${seq}`,
        args: [input],
      });
      return fn(handle);
    });
    return { result, fake };
  }

  /** Vietnam dates on which reminder or "due today" entries were recorded. */
  const reminderDays = (records: RecordStateRequest[]): Array<[string, LocalDate]> =>
    records
      .filter((r) => r.event.type === 'reminder-sent' || r.event.type === 'due-today-sent')
      .map((r) => [r.event.type, vietnamDateOf(Date.parse(r.event.at))]);

  it('an extension granted to a Sunday moves to the Monday, the response says so, and "due today" goes out on the Monday', async () => {
    const due = weekdays.addWorkingDays(await today(), 2);
    const sunday = nextDow(addDays(due, 3), 0);
    const monday = addDays(sunday, 1);
    const { result, fake } = await scenario(due, async (h) => {
      await h.executeUpdate(requestExtensionUpdate, {
        args: [{ requestId: 'ext-sun', actor: 'agency:xa-hoang-hoa', newDueDate: sunday, reason: 'Mất điện' }],
      });
      const decided = await h.executeUpdate(decideExtensionUpdate, {
        args: [{ requestId: 'ext-sun', actor: 'officer:lan', approve: true }],
      });
      await advanceTo(vietnamInstant(addDays(monday, 1)));
      const state = await h.query(stateQuery);
      await maybeRecordHistory('assignment-v2-lawful-deadline-extension-to-sunday', h);
      await h.terminate('test done');
      return { decided, state };
    });
    expect(result.decided).toMatchObject({
      dueDate: monday,
      originalDueDate: due,
      deadlineMovedFrom: sunday,
      category: 'open-on-time',
    });
    expect(result.decided.deadlineMovedMessage!.vi).toContain('là ngày nghỉ nên hạn được chuyển sang ngày làm việc');
    expect(result.decided.deadlineMovedMessage!.en).toContain('is not a working day');
    expect(result.state.extensions![0].decision).toMatchObject({ newDueDate: monday, deadlineMovedFrom: sunday });
    expect(fake.mails.find((m) => m.mail.kind === 'extension-decided')!.mail).toMatchObject({ newDueDate: monday });
    expect(reminderDays(fake.records)).toEqual([
      ['reminder-sent', weekdays.addWorkingDays(monday, -1)],
      ['due-today-sent', monday],
    ]);
    expect(fake.mails.some((m) => m.key === `reminder:${monday}:0`)).toBe(true);
    expect(fake.records.some((r) => vietnamDateOf(Date.parse(r.event.at)) === sunday)).toBe(false);
  });

  it('a day off declared on an open deadline moves it to the next working day: no "due today" on the day off', async () => {
    const due = weekdays.addWorkingDays(await today(), 3);
    const moved = weekdays.addWorkingDays(due, 1);
    const { result, fake } = await scenario(due, async (h) => {
      await h.signal(calendarChangedSignal, { extraDaysOff: [due], extraWorkingDays: [] });
      await advanceTo(vietnamInstant(addDays(due, 1), '09:00'));
      const dayAfterDayOff = await h.query(stateQuery);
      await advanceTo(vietnamInstant(addDays(moved, 1)));
      const after = await h.query(stateQuery);
      await h.terminate('test done');
      return { dayAfterDayOff, after };
    });
    expect(result.dayAfterDayOff).toMatchObject({ dueDate: moved, deadlineMovedFrom: due, category: 'open-on-time' });
    expect(result.after.timeline.map((e) => e.type)).toEqual(
      expect.arrayContaining(['calendar-changed', 'deadline-moved', 'due-today-sent']),
    );
    const movedEntry = fake.records.find((r) => r.event.type === 'deadline-moved')!;
    expect(movedEntry.event.note).toContain('Bộ luật Dân sự 2015');
    expect(movedEntry.state.dueDate).toBe(moved);
    const sent = reminderDays(fake.records);
    expect(sent.map(([, d]) => d)).not.toContain(due);
    expect(sent.at(-1)).toEqual(['due-today-sent', moved]);
    expect(fake.mails.filter((m) => m.mail.kind === 'due-today').map((m) => m.dueDate)).toEqual([moved]);
    // The agency is emailed the new deadline once (deadline-moved-mail-v1).
    expect(fake.mails.filter((m) => m.mail.kind === 'deadline-moved').map((m) => m.mail)).toEqual([
      { kind: 'deadline-moved', from: due, to: moved },
    ]);
  });

  it('a deadline assigned on a day off starts on the next working day', async () => {
    const saturday = nextDow(addDays(await today(), 3), 6);
    const { result, fake } = await scenario(saturday, async (h) => {
      // The move happens once the duty's context (with its calendar) has loaded.
      const s = await eventually(
        () => h.query(stateQuery),
        (state) => expect(state.timeline.map((e) => e.type)).toContain('deadline-moved'),
      );
      await h.terminate('test done');
      return s;
    });
    expect(result).toMatchObject({
      dueDate: addDays(saturday, 2),
      originalDueDate: addDays(saturday, 2),
      deadlineMovedFrom: saturday,
    });
    // Assigned so: the assignment email gives the deadline; no separate "deadline moved" email.
    expect(fake.mails.some((m) => m.mail.kind === 'deadline-moved')).toBe(false);
  });
});
