import { WorkflowUpdateFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import type {
  AssignmentActivities,
  RecordStateRequest,
  SendEmailRequest,
  SendEmailResult,
  UrgingLetterRequest,
} from './assignment.contracts';
import { maybeRecordHistory, useTimeSkippingServer } from '../test/support/time-skipping';
import { eventually } from '../test/support/eventually';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { countsInTotals } from '../libs/domain/src/status';
import { addDays, vietnamDateOf, vietnamInstant } from '../libs/domain/src/local-date';
import {
  CONFLICT_ERROR,
  VALIDATION_ERROR,
  acknowledgeSignal,
  cancelSignal,
  decideExtensionUpdate,
  escalateNowSignal,
  prodSignal,
  requestExtensionUpdate,
  reviewUpdate,
  stateQuery,
  submitUpdate,
  takeOverSignal,
  waiveSignal,
  type AssignmentContext,
  type AssignmentInput,
  type AssignmentState,
  type TakenOver,
} from './assignment.messages';
import { assignmentWorkflow } from './assignment.workflow';

type Activities = Pick<
  AssignmentActivities,
  | 'loadAssignmentContext'
  | 'recordAssignmentState'
  | 'sendAssignmentEmail'
  | 'issueUrgingLetterNumber'
  | 'releaseUrgingLetterNumber'
>;

/** Typed fake activities that keep what the workflow asked for. */
function fakeActivities(context: AssignmentContext) {
  const records: RecordStateRequest[] = [];
  const mails: SendEmailRequest[] = [];
  const letters: UrgingLetterRequest[] = [];
  const released: UrgingLetterRequest[] = [];
  /** When set, letter numbering waits for it (to act while a letter is being numbered). */
  const gate: { numbering?: Promise<void>; started?: () => void } = {};
  const activities: Activities = {
    loadAssignmentContext: () => Promise.resolve(context),
    recordAssignmentState: (r) => {
      records.push(r);
      return Promise.resolve();
    },
    sendAssignmentEmail: (r): Promise<SendEmailResult> => {
      mails.push(r);
      return Promise.resolve({
        outcome: 'sent',
        messageId: `<${mails.length}@test>`,
        to: ['x@thanhhoa.example'],
        cc: [],
      });
    },
    issueUrgingLetterNumber: async (r) => {
      letters.push(r);
      const number = `${letters.length}/STTTT-ĐĐ`;
      gate.started?.();
      await gate.numbering;
      return number;
    },
    releaseUrgingLetterNumber: (r) => {
      released.push(r);
      return Promise.resolve();
    },
  };
  return { activities, records, mails, letters, released, gate, kinds: () => mails.map((m) => m.mail.kind) };
}

const radioContext: AssignmentContext = {
  agencyName: 'Xã Hoằng Hóa',
  dutyTitleVi: 'Chương trình phát thanh về chuyển đổi số',
  binding: true,
  reminderOffsetsWorkingDays: [7, 3, 1, 0],
  evidence: [
    { key: 'programmes', label: { vi: 'Số chương trình', en: 'Programmes' }, type: 'number', required: true, min: 1 },
    {
      key: 'rebroadcasts',
      label: { vi: 'Số lần phát lại', en: 'Rebroadcasts' },
      type: 'number',
      required: true,
      min: 3,
    },
    { key: 'summary', label: { vi: 'Tóm tắt', en: 'Summary' }, type: 'text', required: false },
  ],
  escalation: [
    { level: 1, afterWorkingDays: 1, target: 'agency-head' },
    { level: 2, afterWorkingDays: 3, target: 'ict-department' },
    { level: 3, afterWorkingDays: 7, target: 'ppc-office' },
  ],
  calendar: { extraDaysOff: [], extraWorkingDays: [] },
};

const requestedContext: AssignmentContext = {
  ...radioContext,
  agencyName: 'Hội Nông dân tỉnh Thanh Hóa',
  binding: false,
  escalation: [{ level: 1, afterWorkingDays: 1, target: 'agency-head' }],
};

const DAY = 86_400_000;

describe('assignmentWorkflow on the time-skipping test server', () => {
  const ts = useTimeSkippingServer();
  const calendar = new StateAgencyCalendar();
  let seq = 0;

  const { today } = ts;

  function input(dueDate: string, periodKey: string, extra: Partial<AssignmentInput> = {}): AssignmentInput {
    return {
      planCode: 'plan-nq06-thanh-hoa',
      dutyCode: 'v8-commune-radio',
      agencyCode: 'xa-hoang-hoa',
      periodKey,
      periodStart: null,
      periodEnd: null,
      dueDate,
      reminderLocalTime: '08:00',
      ...extra,
    };
  }

  /** Runs `fn` with a worker and a started assignment whose deadline is `workingDays` working days ahead. */
  async function scenario<T>(
    context: AssignmentContext,
    workingDays: number,
    fn: (
      h: WorkflowHandleWithFirstExecutionRunId<typeof assignmentWorkflow>,
      due: string,
      fake: ReturnType<typeof fakeActivities>,
    ) => Promise<T>,
    extra: Partial<AssignmentInput> = {},
  ): Promise<{ result: T; fake: ReturnType<typeof fakeActivities>; due: string }> {
    seq += 1;
    const taskQueue = `lifecycle-${seq}`;
    const due = calendar.addWorkingDays(await today(), workingDays);
    const fake = fakeActivities(context);
    const worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue,
      workflowBundle: ts.bundle,
      activities: fake.activities,
    });
    const result = await worker.runUntil(async () => {
      const handle = await ts.env.client.workflow.start(assignmentWorkflow, {
        taskQueue,
        workflowId: `assignment/v8-commune-radio/xa-hoang-hoa/s${seq}`,
        args: [input(due, `s${seq}`, extra)],
      });
      return fn(handle, due, fake);
    });
    return { result, fake, due };
  }

  const { advanceTo } = ts;

  const submission = (id: string, values: Record<string, string | number>) => ({
    args: [{ submissionId: id, actor: 'agency:xa-hoang-hoa', values }] as [
      { submissionId: string; actor: string; values: Record<string, string | number> },
    ],
  });

  async function failureType(p: Promise<unknown>): Promise<string | undefined> {
    try {
      await p;
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        return (err.cause as { type?: string } | undefined)?.type;
      }
      throw err;
    }
    return undefined;
  }

  it('announces the assignment, reminds 7, 3, 1 and 0 working days before the deadline at 08:00, then marks it overdue', async () => {
    const {
      result: state,
      fake,
      due,
    } = await scenario(radioContext, 10, async (h, due) => {
      await advanceTo(vietnamInstant(addDays(due, 1)));
      const s = await h.query(stateQuery);
      await h.terminate('test done');
      return s;
    });
    expect(fake.kinds()).toEqual(['assigned', 'reminder', 'reminder', 'reminder', 'due-today']);
    expect(fake.mails.slice(1, 4).map((m) => (m.mail.kind === 'reminder' ? m.mail.workingDaysLeft : -1))).toEqual([
      7, 3, 1,
    ]);
    const times = state.timeline
      .filter((e) => e.type === 'reminder-sent' || e.type === 'due-today-sent')
      .map((e) => Date.parse(e.at));
    const expected = [7, 3, 1, 0].map((n) => vietnamInstant(calendar.addWorkingDays(due, -n), '08:00').getTime());
    times.forEach((at, i) => {
      expect(at - expected[i]).toBeGreaterThanOrEqual(0);
      expect(at - expected[i]).toBeLessThan(2_000);
    });
    expect(state.category).toBe('open-overdue');
    expect(state.remindersSent).toBe(4);
    const versions = fake.records.map((r) => r.state.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(fake.records.at(-1)!.state.category).toBe('open-overdue');
  });

  it('an agency on the daily digest gets no separate reminders, but still the notice and the overdue ladder', async () => {
    const { fake } = await scenario({ ...radioContext, digest: true }, 10, async (h, due) => {
      await advanceTo(vietnamInstant(calendar.addWorkingDays(due, 1), '09:00'));
      await h.terminate('test done');
    });
    expect(fake.kinds()).toEqual(['assigned', 'overdue-notice']);
  });

  it('on-time submission and acceptance: done on time, reminders stop', async () => {
    const { result, fake } = await scenario(radioContext, 10, async (h) => {
      const submitted = await h.executeUpdate(submitUpdate, submission('sub-1', { programmes: 1, rebroadcasts: 3 }));
      const reviewed = await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      return { submitted, reviewed, final: await h.result() };
    });
    expect(result.submitted).toMatchObject({
      status: 'submitted',
      shortfalls: [],
      duplicate: false,
      // Awaiting review ("Chờ duyệt") is open, never done before the reviewer accepts it.
      category: 'open-on-time',
    });
    expect(result.reviewed).toMatchObject({ status: 'accepted', category: 'done-on-time' });
    expect(result.final.completedOn).toBe(vietnamDateOf(Date.parse(result.final.submissions![0].at)));
    expect(fake.kinds()).toEqual(['assigned', 'report-arrived', 'accepted']);
    expect(fake.records.map((r) => r.event.type)).toEqual(['assigned', 'submitted', 'accepted']);
  });

  it('late submission: overdue, then done late once accepted', async () => {
    const { result, fake } = await scenario(radioContext, 2, async (h, due) => {
      await advanceTo(new Date(vietnamInstant(addDays(due, 1)).getTime() + DAY));
      const overdue = await h.query(stateQuery);
      await h.executeUpdate(submitUpdate, submission('late-1', { programmes: 1, rebroadcasts: 4 }));
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      return { overdue, final: await h.result() };
    });
    expect(result.overdue.category).toBe('open-overdue');
    expect(result.final.category).toBe('done-late');
    expect(result.final.status).toBe('accepted');
    expect(fake.records.at(-1)!.state.category).toBe('done-late');
  });

  it('return and resubmission: a returned report counts as not completed until accepted', async () => {
    const { result, fake } = await scenario(radioContext, 10, async (h) => {
      await h.executeUpdate(submitUpdate, submission('r-1', { programmes: 1, rebroadcasts: 3 }));
      const returned = await h.executeUpdate(reviewUpdate, {
        args: [{ actor: 'officer:lan', decision: 'return', reason: 'Thiếu bằng chứng phát lại' }],
      });
      await h.executeUpdate(submitUpdate, submission('r-2', { programmes: 1, rebroadcasts: 3, summary: 'Đã bổ sung' }));
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      const final = await h.result();
      // Recorded with every assignment patch of its time (review-notice-v1: the report-arrived notices).
      await maybeRecordHistory('assignment-v2-returned-resubmitted-accepted', h);
      return { returned, final };
    });
    expect(result.returned).toMatchObject({ status: 'returned', category: 'open-on-time' });
    expect(result.final.submissions!.map((s) => s.submissionId)).toEqual(['r-1', 'r-2']);
    expect(result.final.timeline.map((e) => e.type)).toEqual([
      'assigned',
      'submitted',
      'returned',
      'resubmitted',
      'accepted',
    ]);
    expect(fake.kinds()).toEqual(['assigned', 'report-arrived', 'returned', 'report-arrived', 'accepted']);
    // The ICT department hears of each report: the first, then the resubmission.
    expect(fake.mails.filter((m) => m.mail.kind === 'report-arrived').map((m) => [m.key, m.mail])).toEqual([
      ['review:r-1', { kind: 'report-arrived', resubmission: false, shortfalls: [] }],
      ['review:r-2', { kind: 'report-arrived', resubmission: true, shortfalls: [] }],
    ]);
    const returnedMail = fake.mails.find((m) => m.mail.kind === 'returned')!;
    expect(returnedMail.mail).toEqual({ kind: 'returned', reason: 'Thiếu bằng chứng phát lại' });
  });

  it('extension granted moves the deadline and reminders, keeping the original deadline', async () => {
    const { result, fake, due } = await scenario(radioContext, 2, async (h, due) => {
      const newDue = calendar.addWorkingDays(due, 5);
      await h.executeUpdate(requestExtensionUpdate, {
        args: [
          {
            requestId: 'ext-1',
            actor: 'agency:xa-hoang-hoa',
            newDueDate: newDue,
            reason: 'Đài truyền thanh đang sửa chữa',
          },
        ],
      });
      const decided = await h.executeUpdate(decideExtensionUpdate, {
        args: [{ requestId: 'ext-1', actor: 'officer:lan', approve: true }],
      });
      // Past the old deadline: no longer overdue, and reminders for the new deadline arrive.
      await advanceTo(vietnamInstant(calendar.addWorkingDays(newDue, -1), '08:00'));
      const afterOld = await h.query(stateQuery);
      await h.terminate('test done');
      return { newDue, decided, afterOld };
    });
    expect(result.decided).toMatchObject({ dueDate: result.newDue, originalDueDate: due, category: 'open-on-time' });
    expect(result.afterOld.category).toBe('open-on-time');
    expect(result.afterOld.extensions![0].decision).toMatchObject({ approve: true, newDueDate: result.newDue });
    const decidedMail = fake.mails.find((m) => m.mail.kind === 'extension-decided')!;
    expect(decidedMail.mail).toEqual({
      kind: 'extension-decided',
      approved: true,
      newDueDate: result.newDue,
      note: null,
    });
    expect(fake.mails.some((m) => m.key.startsWith(`reminder:${result.newDue}:`))).toBe(true);
  });

  it('extension denied keeps the deadline; the assignment goes overdue on time', async () => {
    const { result, fake, due } = await scenario(radioContext, 2, async (h, due) => {
      await h.executeUpdate(requestExtensionUpdate, {
        args: [
          { requestId: 'ext-2', actor: 'agency:xa-hoang-hoa', newDueDate: addDays(due, 14), reason: 'Thiếu nhân lực' },
        ],
      });
      await h.executeUpdate(decideExtensionUpdate, {
        args: [{ requestId: 'ext-2', actor: 'officer:lan', approve: false, note: 'Đề nghị hoàn thành đúng hạn' }],
      });
      await advanceTo(vietnamInstant(addDays(due, 1)));
      const s = await h.query(stateQuery);
      await h.terminate('test done');
      return s;
    });
    expect(result).toMatchObject({ dueDate: due, originalDueDate: due, category: 'open-overdue' });
    expect(fake.mails.find((m) => m.mail.kind === 'extension-decided')!.mail).toEqual({
      kind: 'extension-decided',
      approved: false,
      newDueDate: null,
      note: 'Đề nghị hoàn thành đúng hạn',
    });
  });

  it('full escalation ladder: head, then the ICT department with a numbered letter, then the PPC office; stops on submission', async () => {
    const { result, fake } = await scenario(radioContext, 1, async (h, due) => {
      await advanceTo(vietnamInstant(calendar.addWorkingDays(due, 7), '08:00'));
      const escalated = await h.query(stateQuery);
      await h.executeUpdate(submitUpdate, submission('esc-1', { programmes: 1, rebroadcasts: 3 }));
      await ts.env.sleep(10 * DAY);
      const after = await h.query(stateQuery);
      await h.terminate('test done');
      await maybeRecordHistory('assignment-v2-escalation-ladder', h);
      return { escalated, after };
    });
    expect(result.escalated.escalationLevel).toBe(3);
    expect(result.escalated.urgingLetters!.map((l) => [l.level, l.number])).toEqual([[2, '1/STTTT-ĐĐ']]);
    const escalationMails = fake.mails.filter((m) => m.key.startsWith('escalation:')).map((m) => m.mail);
    expect(escalationMails.map((m) => m.kind)).toEqual(['overdue-notice', 'escalation-ict', 'escalation-ppc']);
    expect(escalationMails[1]).toMatchObject({ letterNumber: '1/STTTT-ĐĐ' });
    // The report to the PPC cites the urging letter.
    expect(escalationMails[2]).toMatchObject({ letterNumber: '1/STTTT-ĐĐ' });
    expect(result.after.escalationLevel).toBe(3);
    expect(fake.mails.filter((m) => m.key.startsWith('escalation:'))).toHaveLength(3);
  });

  it('requested ("Đề nghị") duty: reminders and a level-1 notice only, never escalated further', async () => {
    const { result, fake } = await scenario(requestedContext, 1, async (h, due) => {
      await advanceTo(vietnamInstant(calendar.addWorkingDays(due, 15), '08:00'));
      h.signal(escalateNowSignal, { actor: 'officer:lan' }).catch(() => undefined);
      await ts.env.sleep(DAY);
      const s = await h.query(stateQuery);
      await h.terminate('test done');
      return s;
    });
    expect(result.escalationLevel).toBe(1);
    expect(fake.letters).toHaveLength(0);
    expect(fake.mails.filter((m) => m.key.startsWith('escalation:')).map((m) => m.mail.kind)).toEqual([
      'overdue-notice',
    ]);
  });

  it('manual prod sends an urging email with the officer message; escalateNow raises one level at once once overdue', async () => {
    const { result, fake } = await scenario(radioContext, 2, async (h, due) => {
      await h.signal(prodSignal, { actor: 'officer:lan', message: 'Đề nghị xã báo cáo sớm.' });
      // Before the deadline escalation is refused (an officer prods instead).
      await h.signal(escalateNowSignal, { actor: 'officer:lan', reason: 'quá sớm' });
      await ts.env.sleep(60_000);
      const early = await h.query(stateQuery);
      // Just after midnight following the deadline: overdue, level 1 not yet due by the clock.
      await advanceTo(vietnamInstant(addDays(due, 1)));
      await h.signal(escalateNowSignal, { actor: 'officer:lan', reason: 'Chỉ đạo của lãnh đạo Sở' });
      await ts.env.sleep(60_000);
      const s = await h.query(stateQuery);
      await h.terminate('test done');
      return { early, s };
    });
    expect(fake.mails.find((m) => m.mail.kind === 'prod')!.mail).toEqual({
      kind: 'prod',
      message: 'Đề nghị xã báo cáo sớm.',
    });
    expect(result.early.escalationLevel).toBe(0);
    expect(result.s.escalationLevel).toBe(1);
    const escalated = result.s.timeline.find((e) => e.type === 'escalated')!;
    expect(escalated).toMatchObject({ actor: 'officer:lan' });
    expect(escalated.note).toContain('Chỉ đạo của lãnh đạo Sở');
    expect(result.s.timeline.find((e) => e.type === 'prodded')!.actor).toBe('officer:lan');
  });

  it('a report returned after the deadline gets no burst of stale reminders', async () => {
    const { result, fake } = await scenario(radioContext, 10, async (h, due) => {
      await h.executeUpdate(submitUpdate, submission('early-1', { programmes: 1, rebroadcasts: 3 }));
      await advanceTo(new Date(vietnamInstant(addDays(due, 1)).getTime() + 2 * DAY));
      await h.executeUpdate(reviewUpdate, {
        args: [{ actor: 'officer:lan', decision: 'return', reason: 'Thiếu minh chứng' }],
      });
      await ts.env.sleep(60_000);
      const s = await h.query(stateQuery);
      await h.terminate('test done');
      return s;
    });
    expect(fake.kinds().filter((k) => k === 'reminder' || k === 'due-today')).toEqual([]);
    expect(result.category).toBe('open-overdue');
    expect(result.status).toBe('returned');
  });

  it('fair escalation: a report returned after the deadline gets 3 working days, then one level at a time', async () => {
    const { result, fake } = await scenario(radioContext, 2, async (h, due, f) => {
      await h.executeUpdate(submitUpdate, submission('fair-1', { programmes: 1, rebroadcasts: 3 }));
      const returnedOn = calendar.addWorkingDays(due, 3);
      await advanceTo(vietnamInstant(returnedOn, '09:00'));
      await h.executeUpdate(reviewUpdate, {
        args: [{ actor: 'officer:lan', decision: 'return', reason: 'Thiếu minh chứng' }],
      });
      // The whole new window (3 working days) passes with no notice, letter or report to the PPC.
      await advanceTo(vietnamInstant(calendar.addWorkingDays(returnedOn, 4), '07:00'));
      const inWindow = f.kinds().filter((k) => k.startsWith('overdue') || k.startsWith('escalation'));
      // The day after the window: the overdue notice, and only it.
      await advanceTo(vietnamInstant(calendar.addWorkingDays(returnedOn, 4), '09:00'));
      const s = await h.query(stateQuery);
      await maybeRecordHistory('assignment-v2-fair-escalation-late-return', h);
      await h.terminate('test done');
      return { inWindow, s };
    });
    expect(result.inWindow).toEqual([]);
    expect(result.s).toMatchObject({ status: 'returned', category: 'open-overdue', escalationLevel: 1 });
    expect(fake.mails.filter((m) => m.key.startsWith('escalation:')).map((m) => m.mail.kind)).toEqual([
      'overdue-notice',
    ]);
    expect(fake.letters).toEqual([]);
  });

  it('fair escalation: an ad-hoc request to a requested body stops at the level-1 notice', async () => {
    // The worker gives an ad-hoc request to a requested body the binding duty's ladder, marked requested.
    const { result, fake } = await scenario(
      { ...radioContext, binding: false },
      1,
      async (h, due) => {
        await advanceTo(vietnamInstant(calendar.addWorkingDays(due, 15), '08:00'));
        await h.signal(escalateNowSignal, { actor: 'officer:lan', reason: 'Chưa trả lời' });
        await ts.env.sleep(DAY);
        const s = await h.query(stateQuery);
        await h.terminate('test done');
        return s;
      },
      { requestKey: 'yc-test-requested' },
    );
    expect(result.escalationLevel).toBe(1);
    expect(fake.letters).toEqual([]);
    expect(fake.mails.filter((m) => m.key.startsWith('escalation:')).map((m) => m.mail.kind)).toEqual([
      'overdue-notice',
    ]);
  });

  it('fair escalation: an extension granted while the urging letter is numbered cancels it and gives the number back', async () => {
    const { result, fake } = await scenario(radioContext, 1, async (h, due, f) => {
      const newDue = calendar.addWorkingDays(due, 10);
      await h.executeUpdate(requestExtensionUpdate, {
        args: [{ requestId: 'ext-n', actor: 'agency:xa-hoang-hoa', newDueDate: newDue, reason: 'Mất điện kéo dài' }],
      });
      await advanceTo(vietnamInstant(calendar.addWorkingDays(due, 2), '09:00'));
      expect(f.kinds()).toContain('overdue-notice');
      // Hold the numbering of the level-2 letter until the extension is granted.
      let release!: () => void;
      f.gate.numbering = new Promise<void>((resolve) => (release = resolve));
      const started = new Promise<void>((resolve) => (f.gate.started = resolve));
      const delta = vietnamInstant(calendar.addWorkingDays(due, 3), '08:00').getTime() - (await ts.env.currentTimeMs());
      await ts.env.sleep(delta);
      await started;
      const decided = h.executeUpdate(decideExtensionUpdate, {
        args: [{ requestId: 'ext-n', actor: 'officer:lan', approve: true }],
      });
      // The grant is taken at once; its read-model write waits behind the numbering.
      await eventually(
        () => h.query(stateQuery),
        (st) => expect(st.dueDate).toBe(newDue),
      );
      release();
      await decided;
      await eventually(
        () => Promise.resolve(f.released.length),
        (n) => expect(n).toBe(1),
      );
      const s = await h.query(stateQuery);
      await maybeRecordHistory('assignment-v2-extension-while-numbering', h);
      await h.terminate('test done');
      return { s, newDue };
    });
    expect(result.s).toMatchObject({ dueDate: result.newDue, escalationLevel: 1, urgingLetters: [] });
    expect(fake.letters.map((l) => l.level)).toEqual([2]);
    expect(fake.released.map((l) => l.level)).toEqual([2]);
    expect(fake.kinds()).not.toContain('escalation-ict');
  });

  it('waive closes the assignment with a reason and it never counts against the agency', async () => {
    const { result, fake } = await scenario(radioContext, 10, async (h) => {
      await h.signal(waiveSignal, { actor: 'officer:lan', reason: 'Xã đã sáp nhập' });
      return h.result();
    });
    // It keeps the category it had and leaves every total (countsInTotals); never "done on time".
    expect(result).toMatchObject({ status: 'waived', closedReason: 'Xã đã sáp nhập', category: 'open-on-time' });
    expect(fake.records.at(-1)!.event).toMatchObject({ type: 'waived', actor: 'officer:lan', note: 'Xã đã sáp nhập' });
  });

  it('a cancelled assignment keeps its category, counted nowhere', async () => {
    const { result, fake } = await scenario(radioContext, 2, async (h, due) => {
      await advanceTo(new Date(vietnamInstant(addDays(due, 1)).getTime() + 60_000));
      await h.signal(cancelSignal, { actor: 'officer:lan', reason: 'Giao nhầm đơn vị' });
      return h.result();
    });
    expect(result).toMatchObject({ status: 'cancelled', category: 'open-overdue' });
    expect(countsInTotals(result.status)).toBe(false);
    expect(fake.records.at(-1)!.state).toMatchObject({ status: 'cancelled', category: 'open-overdue' });
  });

  it('a shortfall awaiting review past the deadline: open overdue, not chased; accepted, done on time and flagged', async () => {
    const { result, fake } = await scenario(radioContext, 2, async (h, due) => {
      const submitted = await h.executeUpdate(submitUpdate, submission('sr-1', { programmes: 1, rebroadcasts: 0 }));
      await advanceTo(new Date(vietnamInstant(calendar.addWorkingDays(due, 8), '09:00').getTime()));
      const waiting = await h.query(stateQuery);
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      return { submitted, waiting, final: await h.result() };
    });
    expect(result.submitted).toMatchObject({ status: 'submitted', category: 'open-on-time' });
    expect(result.waiting).toMatchObject({ status: 'submitted', category: 'open-overdue', escalationLevel: 0 });
    expect(result.final).toMatchObject({ status: 'accepted', category: 'done-on-time' });
    expect(result.final.submissions!.at(-1)!.shortfalls).toHaveLength(1);
    // No reminder, overdue notice or letter while the ICT department had the report.
    expect(fake.kinds()).toEqual(['assigned', 'report-arrived', 'accepted']);
    expect(fake.letters).toEqual([]);
    expect(fake.records.map((r) => r.event.type)).toEqual(['assigned', 'submitted', 'overdue', 'accepted']);
  });

  it('a repeated submission id is a no-op', async () => {
    const { result, fake } = await scenario(radioContext, 10, async (h) => {
      const first = await h.executeUpdate(submitUpdate, submission('dup-1', { programmes: 2, rebroadcasts: 5 }));
      const again = await h.executeUpdate(submitUpdate, submission('dup-1', { programmes: 2, rebroadcasts: 5 }));
      const s = await h.query(stateQuery);
      await h.terminate('test done');
      return { first, again, s };
    });
    expect(result.first.duplicate).toBe(false);
    expect(result.again).toMatchObject({ duplicate: true, submissionId: 'dup-1', status: 'submitted' });
    expect(result.s.submissions).toHaveLength(1);
    expect(fake.records.filter((r) => r.event.type === 'submitted')).toHaveLength(1);
  });

  it('a shortfall against a numeric target is recorded and completes only when the reviewer accepts it anyway', async () => {
    const { result, fake } = await scenario(radioContext, 10, async (h) => {
      const submitted = await h.executeUpdate(submitUpdate, submission('short-1', { programmes: 1, rebroadcasts: 2 }));
      const pending = await h.query(stateQuery);
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      return { submitted, pending, final: await h.result() };
    });
    expect(result.submitted.shortfalls).toEqual([
      { key: 'rebroadcasts', label: { vi: 'Số lần phát lại', en: 'Rebroadcasts' }, target: 3, actual: 2 },
    ]);
    expect(result.pending).toMatchObject({ status: 'submitted', category: 'open-on-time' });
    expect(result.final).toMatchObject({ status: 'accepted', category: 'done-on-time' });
    expect(result.final.timeline.at(-1)).toMatchObject({ type: 'accepted', note: 'accepted despite shortfall' });
    expect(fake.mails.find((m) => m.mail.kind === 'accepted')!.mail).toMatchObject({
      shortfalls: [{ label: { vi: 'Số lần phát lại', en: 'Rebroadcasts' }, target: 3, actual: 2 }],
    });
  });

  it('rejects a submission on a closed assignment as a conflict, and bad input as a validation error', async () => {
    const { result } = await scenario(radioContext, 10, async (h) => {
      const missing = await failureType(h.executeUpdate(submitUpdate, submission('bad-1', { programmes: 1 })));
      const wrongType = await failureType(
        h.executeUpdate(submitUpdate, submission('bad-2', { programmes: 'một', rebroadcasts: 3 })),
      );
      const unknown = await failureType(
        h.executeUpdate(submitUpdate, submission('bad-3', { programmes: 1, rebroadcasts: 3, likes: 9 })),
      );
      const nothingToReview = await failureType(
        h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] }),
      );
      await h.executeUpdate(submitUpdate, submission('ok-1', { programmes: 1, rebroadcasts: 3 }));
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      // Accepted is final: the run completes and a later call is refused.
      await h.result();
      const afterClose = await h
        .executeUpdate(submitUpdate, submission('late-2', { programmes: 1, rebroadcasts: 3 }))
        .then(() => 'accepted')
        .catch((err: Error) => err.name);
      return { missing, wrongType, unknown, nothingToReview, afterClose };
    });
    expect(result).toEqual({
      missing: VALIDATION_ERROR,
      wrongType: VALIDATION_ERROR,
      unknown: VALIDATION_ERROR,
      nothingToReview: CONFLICT_ERROR,
      afterClose: 'WorkflowNotFoundError',
    });
  });

  it('rejects a second submission while one awaits review as a conflict', async () => {
    const { result } = await scenario(radioContext, 10, async (h) => {
      await h.executeUpdate(submitUpdate, submission('c-1', { programmes: 1, rebroadcasts: 3 }));
      const second = await failureType(
        h.executeUpdate(submitUpdate, submission('c-2', { programmes: 1, rebroadcasts: 3 })),
      );
      await h.terminate('test done');
      return second;
    });
    expect(result).toBe(CONFLICT_ERROR);
  });

  it('continues as new when its history grows, keeping state, and goes on working', async () => {
    const { result } = await scenario(
      radioContext,
      10,
      async (h) => {
        for (let i = 0; i < 12; i++) {
          await h.signal(prodSignal, { actor: 'officer:lan', message: `Lần ${i + 1}` });
        }
        await ts.env.sleep(60_000);
        const submitted = await h.executeUpdate(submitUpdate, submission('can-1', { programmes: 1, rebroadcasts: 3 }));
        const s: AssignmentState = await h.query(stateQuery);
        const runs = await ts.env.client.workflow.getHandle(h.workflowId).describe();
        await h.terminate('test done');
        return { submitted, s, runId: runs.runId, firstRunId: h.firstExecutionRunId };
      },
      { continueAsNewAfterEvents: 40 },
    );
    expect(result.runId).not.toBe(result.firstRunId);
    expect(result.s.timeline.filter((e) => e.type === 'prodded')).toHaveLength(12);
    expect(result.submitted.status).toBe('submitted');
  });

  it('records an acknowledgement and reports it through the state query', async () => {
    const { result, fake } = await scenario(radioContext, 15, async (h, _due, f) => {
      await h.signal(acknowledgeSignal, { actor: 'agency:xa-hoang-hoa' });
      // The read-model write is an activity: wait until it has run, not for a fixed time.
      await eventually(
        () => Promise.resolve(f.records.map((r) => r.event.type)),
        (types) => expect(types).toContain('acknowledged'),
      );
      const s = await h.query(stateQuery);
      await maybeRecordHistory('assignment-v2-acknowledged', h);
      await h.terminate('test done');
      return s;
    });
    expect(result.status).toBe('acknowledged');
    expect(result.timeline.map((e) => e.type)).toContain('acknowledged');
    expect(fake.records.some((r) => r.event.type === 'acknowledged' && r.event.actor === 'agency:xa-hoang-hoa')).toBe(
      true,
    );
  });

  /** A predecessor's open work for the period, as the reorganisation hands it over (a report awaiting review). */
  async function predecessorWork(fromAgencyCode: string): Promise<TakenOver> {
    const now = await ts.env.currentTimeMs();
    const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
    return {
      fromWorkflowId: `assignment/v8-commune-radio/${fromAgencyCode}/merged`,
      fromAgencyCode,
      receivedOn: await today(),
      status: 'submitted',
      acknowledgedAt: at(6),
      submissions: [
        {
          submissionId: 'old-1',
          actor: `agency:${fromAgencyCode}`,
          values: { programmes: 1, rebroadcasts: 2 },
          at: at(5),
          shortfalls: [],
        },
        {
          submissionId: 'old-2',
          actor: `agency:${fromAgencyCode}`,
          values: { programmes: 2, rebroadcasts: 4 },
          at: at(2),
          shortfalls: [],
        },
      ],
    };
  }

  it('a run taken over after a merge starts awaiting review with every submission taken over, kept in its first write', async () => {
    const takenOver = await predecessorWork('xa-hoang-son');
    const { result, fake } = await scenario(
      radioContext,
      5,
      async (h) => {
        const started = await h.query(stateQuery);
        // The reviewer decides on the report the predecessor sent.
        await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
        const final = await h.result();
        // Covers take-over-v1 and take-over-kept-v1 (see assignment.replay.spec.ts).
        await maybeRecordHistory('assignment-v3-taken-over-kept-submissions', h);
        return { started, final };
      },
      { takenOver },
    );
    expect(result.started).toMatchObject({ status: 'submitted', acknowledgedAt: takenOver.acknowledgedAt });
    expect(result.started.takenOverFrom).toEqual([takenOver.fromWorkflowId]);
    const first = fake.records[0];
    expect(first.event).toMatchObject({ type: 'assigned', actor: 'system' });
    expect(first.event.note).toContain(`taken over from xa-hoang-son (${takenOver.fromWorkflowId})`);
    // take-over-kept-v1: the first read-model write carries both submissions, not only the latest.
    expect(first.state.submissions!.map((s) => s.submissionId)).toEqual(['old-1', 'old-2']);
    expect(first.state.status).toBe('submitted');
    expect(result.final).toMatchObject({ status: 'accepted', category: 'done-on-time' });
    expect(result.final.submissions!.map((s) => s.submissionId)).toEqual(['old-1', 'old-2']);
    expect(fake.records.map((r) => r.event.type)).toEqual(['assigned', 'accepted']);
    expect(fake.kinds()).toEqual(['assigned', 'accepted']);
  });

  it('a successor’s own run combines a merged predecessor’s open work sent to it, then is reviewed', async () => {
    const { result, fake } = await scenario(radioContext, 5, async (h, _due, f) => {
      const from = await predecessorWork('xa-hoang-son');
      await h.signal(takeOverSignal, from);
      await eventually(
        () => Promise.resolve(f.records.map((r) => r.event.type)),
        (types) => expect(types).toContain('taken-over'),
      );
      const combined = await h.query(stateQuery);
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      const final = await h.result();
      // Covers take-over-combine-v1, decided inside the signal handler (see assignment.replay.spec.ts).
      await maybeRecordHistory('assignment-v3-take-over-combined', h);
      return { from, combined, final };
    });
    expect(result.combined).toMatchObject({ status: 'submitted', acknowledgedAt: result.from.acknowledgedAt });
    expect(result.combined.takenOverFrom).toEqual([result.from.fromWorkflowId]);
    const taken = fake.records.find((r) => r.event.type === 'taken-over')!;
    expect(taken.event.note).toContain('combined with the work taken over from xa-hoang-son');
    expect(taken.state.submissions!.map((s) => s.submissionId)).toEqual(['old-1', 'old-2']);
    expect(result.final).toMatchObject({ status: 'accepted', category: 'done-on-time' });
    expect(fake.records.map((r) => r.event.type)).toEqual(['assigned', 'taken-over', 'accepted']);
  });

  it('three bodies merged: a run taken over from one combines the second’s work, renaming ids it already holds', async () => {
    const takenOver = await predecessorWork('xa-hoang-son');
    const { result, fake } = await scenario(
      radioContext,
      5,
      async (h, _due, f) => {
        const second = await predecessorWork('xa-hoang-truong');
        await h.signal(takeOverSignal, second);
        await eventually(
          () => Promise.resolve(f.records.map((r) => r.event.type)),
          (types) => expect(types).toContain('taken-over'),
        );
        await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
        const final = await h.result();
        // Covers take-over-combine-v1 on a run taken over at its start (see assignment.replay.spec.ts).
        await maybeRecordHistory('assignment-v3-taken-over-then-combined', h);
        return { second, final };
      },
      { takenOver },
    );
    const ids = ['old-1', 'xa-hoang-truong/old-1', 'old-2', 'xa-hoang-truong/old-2'];
    const taken = fake.records.find((r) => r.event.type === 'taken-over')!;
    expect(taken.state.submissions!.map((s) => s.submissionId)).toEqual(ids);
    expect(result.final).toMatchObject({ status: 'accepted', category: 'done-on-time' });
    expect(result.final.takenOverFrom).toEqual([takenOver.fromWorkflowId, result.second.fromWorkflowId]);
    expect(result.final.submissions!.map((s) => s.submissionId)).toEqual(ids);
    expect(fake.records.map((r) => r.event.type)).toEqual(['assigned', 'taken-over', 'accepted']);
  });

  it('"escalate now" inside a late return’s new window is ignored, and the state query says why', async () => {
    const { result, fake } = await scenario(radioContext, 2, async (h, due, f) => {
      await h.executeUpdate(submitUpdate, submission('guard-1', { programmes: 1, rebroadcasts: 3 }));
      const returnedOn = calendar.addWorkingDays(due, 3);
      await advanceTo(vietnamInstant(returnedOn, '09:00'));
      await h.executeUpdate(reviewUpdate, {
        args: [{ actor: 'officer:lan', decision: 'return', reason: 'Thiếu minh chứng' }],
      });
      await eventually(
        () => Promise.resolve(f.records.map((r) => r.event.type)),
        (types) => expect(types.at(-1)).toBe('overdue'),
      );
      const before = await h.query(stateQuery);
      await h.signal(escalateNowSignal, { actor: 'officer:lan', reason: 'Chỉ đạo của lãnh đạo Sở' });
      // Signals are handled in order: once the prod is recorded, "escalate now" has been handled.
      await h.signal(prodSignal, { actor: 'officer:lan', message: 'Đề nghị xã bổ sung minh chứng.' });
      await eventually(
        () => Promise.resolve(f.records.map((r) => r.event.type)),
        (types) => expect(types).toContain('prodded'),
      );
      await ts.env.sleep(60_000);
      const after = await h.query(stateQuery);
      // Covers escalate-now-guard-v1 (see assignment.replay.spec.ts).
      await maybeRecordHistory('assignment-v3-escalate-now-in-return-window', h);
      await h.terminate('test done');
      return { before, after, returnedOn };
    });
    const windowEnd = calendar.addWorkingDays(result.returnedOn, 3);
    expect(result.before).toMatchObject({
      status: 'returned',
      category: 'open-overdue',
      escalationLevel: 0,
      escalationRefusal: 'return-window',
      returnWindowEnd: windowEnd,
    });
    expect(result.after).toMatchObject({ escalationLevel: 0, escalationRefusal: 'return-window' });
    expect(result.after.timeline.map((e) => e.type)).not.toContain('escalated');
    expect(fake.mails.filter((m) => m.key.startsWith('escalation:'))).toEqual([]);
    expect(fake.letters).toEqual([]);
  });

  it('a closed run’s read-model writes keep its extension and urging letter', async () => {
    const { result, fake } = await scenario(radioContext, 1, async (h, due) => {
      // Level 1 the working day after the deadline, level 2 (a numbered letter) two working days later.
      await advanceTo(vietnamInstant(calendar.addWorkingDays(due, 3), '09:00'));
      const escalated = await h.query(stateQuery);
      const newDue = calendar.addWorkingDays(await today(), 5);
      await h.executeUpdate(requestExtensionUpdate, {
        args: [{ requestId: 'ext-k', actor: 'agency:xa-hoang-hoa', newDueDate: newDue, reason: 'Mất điện kéo dài' }],
      });
      await h.executeUpdate(decideExtensionUpdate, {
        args: [{ requestId: 'ext-k', actor: 'officer:lan', approve: true }],
      });
      await h.executeUpdate(submitUpdate, submission('kept-1', { programmes: 1, rebroadcasts: 3 }));
      await h.executeUpdate(reviewUpdate, { args: [{ actor: 'officer:lan', decision: 'accept' }] });
      const final = await h.result();
      // Covers kept-extensions-letters-v1 (see assignment.replay.spec.ts).
      await maybeRecordHistory('assignment-v3-closed-keeps-extension-and-letter', h);
      return { escalated, newDue, final };
    });
    expect(result.escalated.escalationLevel).toBe(2);
    expect(result.final).toMatchObject({ status: 'accepted', dueDate: result.newDue });
    const last = fake.records.at(-1)!;
    expect(last.event.type).toBe('accepted');
    // kept-extensions-letters-v1: the closing write carries both, so the detail reads them once closed.
    expect(last.state.extensions).toEqual([
      expect.objectContaining({
        requestId: 'ext-k',
        newDueDate: result.newDue,
        decision: expect.objectContaining({ approve: true, newDueDate: result.newDue }) as unknown,
      }),
    ]);
    expect(last.state.urgingLetters!.map((l) => [l.level, l.number])).toEqual([[2, '1/STTTT-ĐĐ']]);
    expect(fake.records.every((r) => Array.isArray(r.state.extensions) && Array.isArray(r.state.urgingLetters))).toBe(
      true,
    );
  });
});
