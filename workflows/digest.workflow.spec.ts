import { Client } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type { AssignmentActivities, SendEmailResult } from './assignment.contracts';
import type { DigestActivities } from './digest.contracts';
import { maybeRecordHistory, useTimeSkippingServer } from '../test/support/time-skipping';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { addDays, dayOfWeek, vietnamInstant, type LocalDate } from '../libs/domain/src/local-date';
import { firesEveryDay } from '../libs/temporal/src/period-schedules';
import type { AssignmentContext, CalendarAdjustments } from './assignment.messages';
import { assignmentWorkflow } from './assignment.workflow';
import { dailyDigestWorkflow } from './digest.workflow';

/** The first date on or after `from` with day of week `dow` (0 = Sunday). */
function nextDow(from: LocalDate, dow: number): LocalDate {
  let d = from;
  while (dayOfWeek(d) !== dow) {
    d = addDays(d, 1);
  }
  return d;
}

const context: AssignmentContext = {
  agencyName: 'Xã Hoằng Hóa',
  dutyTitleVi: 'Chương trình phát thanh về chuyển đổi số',
  binding: true,
  reminderOffsetsWorkingDays: [1, 0],
  evidence: [],
  escalation: [{ level: 1, afterWorkingDays: 1, target: 'agency-head' }],
  calendar: { extraDaysOff: [], extraWorkingDays: [] },
};

/** Assignment activities for the sentinel workflow: they keep nothing. */
const sentinelActivities: Pick<
  AssignmentActivities,
  'loadAssignmentContext' | 'recordAssignmentState' | 'sendAssignmentEmail' | 'issueUrgingLetterNumber'
> = {
  loadAssignmentContext: () => Promise.resolve(context),
  recordAssignmentState: () => Promise.resolve(),
  sendAssignmentEmail: (): Promise<SendEmailResult> =>
    Promise.resolve({ outcome: 'sent', messageId: '<sentinel@test>', to: ['x@test'], cc: [] }),
  issueUrgingLetterNumber: () => Promise.resolve('1/STTTT-ĐĐ'),
};

describe('the daily digest on the time-skipping test server', () => {
  const ts = useTimeSkippingServer();
  const weekdays = new StateAgencyCalendar();

  const { today } = ts;

  const { advanceTo } = ts;

  it('is scheduled every day of the week (the workflow decides which days are working days)', () => {
    const all = { start: 'SUNDAY', end: 'SATURDAY', step: 1 } as const;
    expect(firesEveryDay([{ dayOfWeek: [all] }])).toBe(true);
    expect(firesEveryDay([{ dayOfWeek: [{ start: 'MONDAY', end: 'FRIDAY', step: 1 }] }])).toBe(false);
  });

  it('goes out on a worked Saturday and on weekdays, not on a Sunday nor on a declared day off', async () => {
    const saturday = nextDow(addDays(await today(), 1), 6);
    const sunday = addDays(saturday, 1);
    const monday = addDays(saturday, 2);
    const tuesday = addDays(saturday, 3);
    const calendar: CalendarAdjustments = { extraDaysOff: [monday], extraWorkingDays: [saturday] };
    const digestDates: LocalDate[] = [];
    const activities: DigestActivities = {
      sendDailyDigests: (req) => {
        digestDates.push(req.date);
        return Promise.resolve({ sent: 1, agencies: 1 });
      },
      workingCalendarData: () => Promise.resolve(calendar),
    };
    const worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue: 'digest-days',
      workflowBundle: ts.bundle,
      activities: { ...activities, ...sentinelActivities },
    });
    // The environment's own client lets the test server skip time while it waits for a result.
    const plain = new Client({ connection: ts.env.connection, namespace: ts.env.namespace });
    const results = await worker.runUntil(async () => {
      // A workflow with a timer pending keeps the test server's clock to the sleeps asked for.
      const sentinel = await ts.env.client.workflow.start(assignmentWorkflow, {
        taskQueue: 'digest-days',
        workflowId: 'assignment/v8-commune-radio/xa-hoang-hoa/digest-sentinel',
        args: [
          {
            planCode: 'plan-nq06-thanh-hoa',
            dutyCode: 'v8-commune-radio',
            agencyCode: 'xa-hoang-hoa',
            periodKey: 'digest-sentinel',
            periodStart: null,
            periodEnd: null,
            dueDate: weekdays.addWorkingDays(saturday, 30),
            reminderLocalTime: '08:00',
          },
        ],
      });
      const out: Array<[LocalDate, Awaited<ReturnType<typeof dailyDigestWorkflow>>]> = [];
      // What the schedule does at 08:00 each day.
      for (const day of [saturday, sunday, monday, tuesday]) {
        await advanceTo(vietnamInstant(day, '08:00'));
        const run = await plain.workflow.start(dailyDigestWorkflow, {
          taskQueue: 'digest-days',
          workflowId: `daily-digest/${day}`,
        });
        out.push([day, await run.result()]);
        if (day === saturday || day === sunday) {
          // digest-working-days-v1: a worked Saturday sends, a Sunday does not.
          await maybeRecordHistory(`digest-v1-${day === saturday ? 'worked-saturday' : 'sunday'}`, run);
        }
      }
      await sentinel.terminate('test done');
      return out;
    });
    expect(digestDates).toEqual([saturday, tuesday]);
    expect(results).toEqual([
      [saturday, { sent: 1, agencies: 1 }],
      [sunday, { sent: 0, agencies: 0, dayOff: true }],
      [monday, { sent: 0, agencies: 0, dayOff: true }],
      [tuesday, { sent: 1, agencies: 1 }],
    ]);
  });
});
