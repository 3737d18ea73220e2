import type { AssignmentStatus, ReportingCategory } from '../libs/domain/src/status';
import { AssignmentLifecycle, LifecycleError, type LifecycleEffect } from './assignment.lifecycle';
import type { AssignmentContext, AssignmentInput, EscalationStep } from './assignment.messages';

/**
 * Table tests of the lifecycle core: every status × every message, with the
 * state, category and effects expected afterwards. No Temporal server: the core
 * is a plain class driven by a hand-set clock.
 */

const input: AssignmentInput = {
  planCode: 'ke-hoach-nq06',
  dutyCode: 'v8-radio',
  agencyCode: 'xa-hoang-hoa',
  periodKey: '2026-11',
  periodStart: '2026-11-01',
  periodEnd: '2026-11-30',
  dueDate: '2026-12-03', // a Thursday
  reminderLocalTime: '08:00',
};

const context: AssignmentContext = {
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
  ],
  escalation: [
    { level: 1, afterWorkingDays: 1, target: 'agency-head' },
    { level: 2, afterWorkingDays: 3, target: 'ict-department' },
    { level: 3, afterWorkingDays: 7, target: 'ppc-office' },
  ],
  calendar: { extraDaysOff: [], extraWorkingDays: [] },
};

/** A clock the test moves by hand. */
function clock(iso: string) {
  let t = Date.parse(iso);
  return {
    now: () => t,
    set: (next: string) => {
      t = Date.parse(next);
    },
  };
}

const BEFORE_DEADLINE = '2026-11-20T03:00:00Z'; // Friday 20/11, 10:00 in Vietnam
const ACTOR = 'officer@sotttt.example';
const AGENCY = 'focal@hoanghoa.example';

function effectNames(effects: LifecycleEffect[]): string[] {
  return effects.map((e) => (e.kind === 'record' ? `record:${e.entry.type}` : `mail:${e.mail.kind}`));
}

let submissionSeq = 0;
const submission = (rebroadcasts = 3) => ({
  submissionId: `s${++submissionSeq}`,
  actor: AGENCY,
  values: { programmes: 1, rebroadcasts },
});

/** A lifecycle in `status`, with an extension request pending (made while it was the agency's turn). */
function lifecycleIn(status: AssignmentStatus) {
  const c = clock(BEFORE_DEADLINE);
  const core = new AssignmentLifecycle(input, 'assignment/v8-radio/xa-hoang-hoa/2026-11', c.now);
  core.contextLoaded(context);
  core.requestExtension({ requestId: 'x1', actor: AGENCY, newDueDate: '2026-12-10', reason: 'Bão lũ' });
  switch (status) {
    case 'assigned':
      break;
    case 'acknowledged':
      core.acknowledge({ actor: AGENCY });
      break;
    case 'submitted':
      core.submit(submission());
      break;
    case 'returned':
      core.submit(submission());
      core.review({ actor: ACTOR, decision: 'return', reason: 'Thiếu đường dẫn' });
      break;
    case 'accepted':
      core.submit(submission());
      core.review({ actor: ACTOR, decision: 'accept' });
      break;
    case 'waived':
    case 'cancelled':
      core.close(status, { actor: ACTOR, reason: 'Sáp nhập đơn vị' });
      break;
  }
  expect(core.status).toBe(status);
  core.effects.splice(0);
  return { core, clock: c };
}

type Message =
  | 'submit'
  | 'accept'
  | 'return'
  | 'acknowledge'
  | 'prod'
  | 'escalateNow'
  | 'waive'
  | 'cancel'
  | 'requestExtension'
  | 'decideExtension'
  | 'calendarChange';

function send(core: AssignmentLifecycle, message: Message): void {
  switch (message) {
    case 'submit':
      core.checkSubmit(submission());
      core.submit(submission());
      return;
    case 'accept':
      core.checkReview({ actor: ACTOR, decision: 'accept' });
      core.review({ actor: ACTOR, decision: 'accept' });
      return;
    case 'return':
      core.checkReview({ actor: ACTOR, decision: 'return', reason: 'Số liệu chưa khớp' });
      core.review({ actor: ACTOR, decision: 'return', reason: 'Số liệu chưa khớp' });
      return;
    case 'acknowledge':
      return core.acknowledge({ actor: AGENCY });
    case 'prod':
      return core.prod({ actor: ACTOR, message: 'Đề nghị gửi báo cáo' });
    case 'escalateNow':
      return core.escalateNow({ actor: ACTOR, reason: 'Chậm báo cáo' });
    case 'waive':
      return core.close('waived', { actor: ACTOR, reason: 'Không phát sinh' });
    case 'cancel':
      return core.close('cancelled', { actor: ACTOR, reason: 'Giao nhầm' });
    case 'requestExtension': {
      const req = { requestId: 'x2', actor: AGENCY, newDueDate: '2026-12-17', reason: 'Thiếu nhân lực' };
      core.checkRequestExtension(req);
      core.requestExtension(req);
      return;
    }
    case 'decideExtension': {
      const req = { requestId: 'x1', actor: ACTOR, approve: true };
      core.checkDecideExtension(req);
      core.decideExtension(req);
      return;
    }
    case 'calendarChange':
      return core.calendarChanged({ extraDaysOff: ['2026-12-02'], extraWorkingDays: [] });
  }
}

type Outcome = 'conflict' | 'validation' | { status: AssignmentStatus; category: ReportingCategory; effects: string[] };

const STATUSES: AssignmentStatus[] = [
  'assigned',
  'acknowledged',
  'submitted',
  'returned',
  'accepted',
  'waived',
  'cancelled',
];

/** What a message does in each status (same order as STATUSES). `same` = nothing changes, no effect. */
const same = 'same' as const;
const C = 'conflict' as const;
const onTime = (status: AssignmentStatus, ...effects: string[]) =>
  ({ status, category: 'open-on-time', effects }) as const;
const done = (status: AssignmentStatus, ...effects: string[]) =>
  ({ status, category: 'done-on-time', effects }) as const;

const TABLE: Record<Message, Array<Outcome | typeof same>> = {
  //                  assigned, acknowledged, submitted, returned, accepted, waived, cancelled
  submit: [
    onTime('submitted', 'record:submitted'),
    onTime('submitted', 'record:submitted'),
    C,
    onTime('submitted', 'record:resubmitted'),
    C,
    C,
    C,
  ],
  accept: [C, C, done('accepted', 'record:accepted', 'mail:accepted'), C, C, C, C],
  return: [C, C, onTime('returned', 'record:returned', 'mail:returned'), C, C, C, C],
  acknowledge: [onTime('acknowledged', 'record:acknowledged'), same, same, same, same, same, same],
  prod: [
    onTime('assigned', 'record:prodded', 'mail:prod'),
    onTime('acknowledged', 'record:prodded', 'mail:prod'),
    same,
    onTime('returned', 'record:prodded', 'mail:prod'),
    same,
    same,
    same,
  ],
  // Before the deadline an officer prods instead: escalating is refused in every status.
  escalateNow: [same, same, same, same, same, same, same],
  waive: [
    onTime('waived', 'record:waived'),
    onTime('waived', 'record:waived'),
    onTime('waived', 'record:waived'),
    onTime('waived', 'record:waived'),
    same,
    same,
    same,
  ],
  cancel: [
    onTime('cancelled', 'record:cancelled'),
    onTime('cancelled', 'record:cancelled'),
    onTime('cancelled', 'record:cancelled'),
    onTime('cancelled', 'record:cancelled'),
    same,
    same,
    same,
  ],
  // The table's lifecycles already carry a pending request x1, so a second one waits for its decision.
  requestExtension: [C, C, C, C, C, C, C],
  decideExtension: [
    onTime('assigned', 'record:extension-granted', 'mail:extension-decided'),
    onTime('acknowledged', 'record:extension-granted', 'mail:extension-decided'),
    onTime('submitted', 'record:extension-granted', 'mail:extension-decided'),
    onTime('returned', 'record:extension-granted', 'mail:extension-decided'),
    C,
    C,
    C,
  ],
  calendarChange: STATUSES.map((s) => ({
    status: s,
    category: s === 'accepted' ? 'done-on-time' : 'open-on-time',
    effects: ['record:calendar-changed'],
  })),
};

describe('AssignmentLifecycle: every status × every message', () => {
  const cases = (Object.keys(TABLE) as Message[]).flatMap((message) =>
    STATUSES.map((status, i) => ({ message, status, expected: TABLE[message][i] })),
  );

  it('covers all 7 statuses × 11 messages', () => {
    expect(cases).toHaveLength(77);
  });

  it.each(cases)('$message while $status', ({ message, status, expected }) => {
    const { core } = lifecycleIn(status);
    const before = JSON.stringify(core.state);
    if (expected === 'conflict' || expected === 'validation') {
      let error: unknown;
      try {
        send(core, message);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(LifecycleError);
      expect((error as LifecycleError).kind).toBe(expected);
      expect(JSON.stringify(core.state)).toBe(before);
      expect(core.effects).toEqual([]);
      return;
    }
    send(core, message);
    if (expected === same) {
      expect(JSON.stringify(core.state)).toBe(before);
      expect(core.effects).toEqual([]);
      expect(core.hasManualEscalation).toBe(false);
      return;
    }
    expect({ status: core.state.status, category: core.state.category, effects: effectNames(core.effects) }).toEqual(
      expected,
    );
    // Every transition bumps the version once per read-model write and says what it was before.
    const records = core.effects.filter((e) => e.kind === 'record');
    expect(core.state.version).toBe(JSON.parse(before).version + records.length);
  });
});

describe('AssignmentLifecycle: guards', () => {
  it('refuses bad input as a validation error, whatever the status', () => {
    const { core } = lifecycleIn('assigned');
    const bad: Array<[() => void, string]> = [
      [() => core.checkSubmit({ submissionId: '', actor: AGENCY, values: {} }), 'submissionId is required'],
      [
        () => core.checkSubmit({ submissionId: 'z', actor: AGENCY, values: { programmes: 1, rebroadcasts: -1 } }),
        'values.rebroadcasts',
      ],
      [() => core.checkSubmit({ submissionId: 'z', actor: AGENCY, values: { unknown: 1 } }), 'not an evidence field'],
      [() => core.checkReview({ actor: ACTOR, decision: 'maybe' as 'accept' }), 'decision must be'],
      [() => core.checkReview({ actor: ACTOR, decision: 'return' }), 'reason is required'],
      [
        () => core.checkRequestExtension({ requestId: 'y', actor: AGENCY, newDueDate: '2026-11-30', reason: 'r' }),
        'must be after the current deadline',
      ],
      [
        () => core.checkRequestExtension({ requestId: 'y', actor: AGENCY, newDueDate: '3/12/2026', reason: 'r' }),
        'YYYY-MM-DD',
      ],
      [() => core.checkDecideExtension({ requestId: 'nope', actor: ACTOR, approve: true }), 'no extension request'],
      [
        () => core.checkDecideExtension({ requestId: 'x1', actor: ACTOR, approve: 'yes' as unknown as boolean }),
        'approve must be',
      ],
    ];
    for (const [fn, message] of bad) {
      expect(fn).toThrow(expect.objectContaining({ kind: 'validation', message: expect.stringContaining(message) }));
    }
  });

  it('answers a repeated submission id with the first result and changes nothing', () => {
    const { core } = lifecycleIn('assigned');
    const first = core.submit({ submissionId: 'same', actor: AGENCY, values: { programmes: 1, rebroadcasts: 0 } });
    core.effects.splice(0);
    const version = core.state.version;
    expect(() => core.checkSubmit({ submissionId: 'same', actor: AGENCY, values: {} })).not.toThrow();
    const again = core.submit({ submissionId: 'same', actor: AGENCY, values: {} });
    expect(again.version).toBeUndefined();
    expect(again.result).toEqual({ ...first.result, duplicate: true });
    expect(core.state.version).toBe(version);
    expect(core.effects).toEqual([]);
  });

  it('records a shortfall with the submission and in the timeline', () => {
    const { core } = lifecycleIn('assigned');
    const { result } = core.submit(submission(0));
    expect(result.shortfalls).toEqual([
      { key: 'rebroadcasts', label: { vi: 'Số lần phát lại', en: 'Rebroadcasts' }, target: 3, actual: 0 },
    ]);
    expect(core.state.timeline.at(-1)?.note).toBe('shortfall: rebroadcasts 0/3');
  });

  it('an extension decided twice changes nothing the second time', () => {
    const { core } = lifecycleIn('assigned');
    expect(core.decideExtension({ requestId: 'x1', actor: ACTOR, approve: true })).toBe(core.state.version);
    expect(core.state.dueDate).toBe('2026-12-10');
    expect(core.state.originalDueDate).toBe('2026-12-03');
    core.effects.splice(0);
    expect(core.decideExtension({ requestId: 'x1', actor: ACTOR, approve: false })).toBeUndefined();
    expect(core.effects).toEqual([]);
  });
});

describe('AssignmentLifecycle: time', () => {
  it('plans reminders 7, 3, 1 and 0 working days before the deadline, then the deadline passing', () => {
    const { core, clock: c } = lifecycleIn('assigned');
    c.set('2026-11-01T00:00:00Z');
    core.calendarChanged({ extraDaysOff: [], extraWorkingDays: [] });
    expect(core.reminders.map((r) => new Date(r.at).toISOString())).toEqual([
      '2026-11-24T01:00:00.000Z',
      '2026-11-30T01:00:00.000Z',
      '2026-12-02T01:00:00.000Z',
      '2026-12-03T01:00:00.000Z',
    ]);
    core.effects.splice(0);
    const names: string[] = [];
    for (let next = core.nextTimed(); next && next.kind !== 'escalation'; next = core.nextTimed()) {
      c.set(new Date(next.at).toISOString());
      core.fire(next);
      names.push(next.kind);
    }
    expect(names).toEqual(['reminder', 'reminder', 'reminder', 'reminder', 'overdue']);
    expect(effectNames(core.effects)).toEqual([
      'record:reminder-sent',
      'mail:reminder',
      'record:reminder-sent',
      'mail:reminder',
      'record:reminder-sent',
      'mail:reminder',
      'record:due-today-sent',
      'mail:due-today',
      'record:overdue',
    ]);
    expect(core.state.category).toBe('open-overdue');
  });

  it('climbs the ladder one level at a time: head, ICT with a numbered letter, PPC citing that letter', () => {
    const { core, clock: c } = lifecycleIn('assigned');
    c.set('2026-12-04T00:00:00Z');
    core.dropStaleReminders();
    let next = core.nextTimed();
    expect(next?.kind).toBe('overdue');
    core.fire(next as { kind: 'overdue'; at: number });
    core.effects.splice(0);
    const seen: string[] = [];
    for (next = core.nextTimed(); next?.kind === 'escalation'; next = core.nextTimed()) {
      c.set(new Date(next.at).toISOString());
      const letter = core.letterFor(next.step);
      let number = letter.number;
      if (letter.issue) {
        number = `${next.step.level}/STTTT-ĐĐ`;
        core.letterIssued(next.step, number);
      }
      core.escalate(next.step, 'system', undefined, number);
      seen.push(`${next.step.level}@${new Date(next.at).toISOString()}:${number ?? '-'}`);
    }
    expect(seen).toEqual([
      '1@2026-12-04T01:00:00.000Z:-',
      '2@2026-12-08T01:00:00.000Z:2/STTTT-ĐĐ',
      '3@2026-12-14T01:00:00.000Z:2/STTTT-ĐĐ',
    ]);
    expect(effectNames(core.effects).filter((n) => n.startsWith('mail:'))).toEqual([
      'mail:overdue-notice',
      'mail:escalation-ict',
      'mail:escalation-ppc',
    ]);
  });

  it('takes an officer’s "escalate now" only once the deadline has passed', () => {
    const { core, clock: c } = lifecycleIn('acknowledged');
    c.set('2026-12-04T00:00:00Z');
    core.fire({ kind: 'overdue', at: c.now() });
    core.escalateNow({ actor: ACTOR, reason: 'Chậm' });
    expect(core.hasManualEscalation).toBe(true);
    const manual = core.takeManualEscalation();
    expect(manual).toMatchObject({ actor: ACTOR, reason: 'Chậm', step: { level: 1, target: 'agency-head' } });
  });

  it('escalates nobody when the report arrived while the letter was being numbered', () => {
    const { core, clock: c } = lifecycleIn('assigned');
    c.set('2026-12-08T02:00:00Z');
    core.fire({ kind: 'overdue', at: c.now() });
    const step = context.escalation![1];
    core.letterIssued(step, '9/STTTT-ĐĐ');
    core.submit(submission());
    core.effects.splice(0);
    core.escalate(step, 'system', undefined, '9/STTTT-ĐĐ');
    expect(core.state.escalationLevel).toBe(0);
    expect(core.effects).toEqual([]);
  });

  it('carries its state across continue-as-new', () => {
    const { core } = lifecycleIn('returned');
    const next = new AssignmentLifecycle(input, core.state.workflowId, () => Date.parse(BEFORE_DEADLINE), core.carry());
    expect(next.effects).toEqual([]); // no second "assigned"
    expect(next.state).toEqual(core.state);
    expect(next.reminders).toEqual(core.reminders);
  });
});

describe('AssignmentLifecycle: taken over by a successor (merge, split)', () => {
  const RECEIVED = '2026-12-10T03:00:00Z'; // Thursday 10/12, a week after the deadline
  const takenOver = (status: 'acknowledged' | 'submitted' | 'returned') =>
    ({
      ...input,
      agencyCode: 'xa-moi',
      takenOver: {
        fromWorkflowId: 'assignment/v8-radio/xa-hoang-hoa/2026-11',
        fromAgencyCode: 'xa-hoang-hoa',
        receivedOn: '2026-12-10',
        status,
        acknowledgedAt: '2026-11-21T02:00:00.000Z',
        submissions: [
          {
            submissionId: 'old-1',
            actor: AGENCY,
            values: { programmes: 1, rebroadcasts: 3 },
            at: '2026-11-25T02:00:00.000Z',
            shortfalls: [],
          },
        ],
      },
    }) satisfies AssignmentInput;

  it('starts in the predecessor’s status with its submissions, and only the assignment email is queued', () => {
    for (const status of ['acknowledged', 'submitted', 'returned'] as const) {
      const core = new AssignmentLifecycle(
        takenOver(status),
        'assignment/v8-radio/xa-moi/2026-11',
        clock(RECEIVED).now,
        undefined,
        {
          reviewDeadline: true,
          takeOver: true,
        },
      );
      core.contextLoaded(context);
      expect(core.state).toMatchObject({ status, acknowledgedAt: '2026-11-21T02:00:00.000Z', dueDate: '2026-12-03' });
      expect(core.state.submissions!.map((s) => s.submissionId)).toEqual(['old-1']);
      expect(effectNames(core.effects)).toEqual(['record:assigned', 'mail:assigned']);
      expect(core.state.timeline[0].note).toContain('xa-hoang-hoa');
    }
  });

  it('an overdue assignment taken over climbs its ladder from the day it was received, not from the deadline', () => {
    const c = clock(RECEIVED);
    const core = new AssignmentLifecycle(
      takenOver('acknowledged'),
      'assignment/v8-radio/xa-moi/2026-11',
      c.now,
      undefined,
      {
        reviewDeadline: true,
        takeOver: true,
      },
    );
    core.contextLoaded(context);
    core.dropStaleReminders();
    const next = core.nextTimed();
    expect(next?.kind).toBe('overdue'); // the deadline has passed: the category says so, no mail
    core.fire(next as { kind: 'overdue'; at: number });
    const seen: string[] = [];
    for (let step = core.nextTimed(); step?.kind === 'escalation'; step = core.nextTimed()) {
      c.set(new Date(step.at).toISOString());
      core.escalate(step.step, 'system', undefined, `${step.step.level}/STTTT-ĐĐ`);
      seen.push(`${step.step.level}@${new Date(step.at).toISOString()}`);
    }
    // 1, 3 and 7 working days after Thursday 10/12 (08:00 Vietnam time).
    expect(seen).toEqual(['1@2026-12-11T01:00:00.000Z', '2@2026-12-15T01:00:00.000Z', '3@2026-12-21T01:00:00.000Z']);
    expect(effectNames(core.effects).slice(0, 3)).toEqual(['record:assigned', 'mail:assigned', 'record:overdue']);
  });

  it('a second predecessor’s open work for the same period joins: submissions oldest first, furthest status, once', () => {
    const core = new AssignmentLifecycle(
      takenOver('acknowledged'),
      'assignment/v8-radio/xa-moi/2026-11',
      clock(RECEIVED).now,
      undefined,
      { reviewDeadline: true, takeOver: true, keepTakenOver: true, combineTakeOvers: true },
    );
    core.contextLoaded(context);
    expect(core.state.takenOverFrom).toEqual(['assignment/v8-radio/xa-hoang-hoa/2026-11']);
    core.effects.length = 0;
    const second = {
      fromWorkflowId: 'assignment/v8-radio/xa-hoang-son/2026-11',
      fromAgencyCode: 'xa-hoang-son',
      receivedOn: '2026-12-10',
      status: 'submitted' as const,
      acknowledgedAt: null,
      submissions: [
        // The same client-chosen id as the first body's report, sent earlier.
        {
          submissionId: 'old-1',
          actor: 'focal@hoangson.example',
          values: { programmes: 2, rebroadcasts: 4 },
          at: '2026-11-24T02:00:00.000Z',
          shortfalls: [],
        },
      ],
    };
    core.combineTakenOver(second);
    expect(core.state).toMatchObject({
      status: 'submitted',
      acknowledgedAt: '2026-11-21T02:00:00.000Z',
      dueDate: '2026-12-03',
    });
    expect(core.state.submissions!.map((s) => [s.submissionId, s.values.programmes])).toEqual([
      ['xa-hoang-son/old-1', 2],
      ['old-1', 1],
    ]);
    expect(core.state.takenOverFrom).toEqual([
      'assignment/v8-radio/xa-hoang-hoa/2026-11',
      'assignment/v8-radio/xa-hoang-son/2026-11',
    ]);
    // One record with every submission (the read model keeps both), no mail.
    expect(effectNames(core.effects)).toEqual(['record:taken-over']);
    const record = core.effects[0] as Extract<LifecycleEffect, { kind: 'record' }>;
    expect(record.snapshot.submissions).toHaveLength(2);
    // The same predecessor again (a retried move), the first one, or a malformed message: nothing changes.
    const version = core.state.version;
    core.combineTakenOver(second);
    core.combineTakenOver({ ...second, fromWorkflowId: 'assignment/v8-radio/xa-hoang-hoa/2026-11' });
    core.combineTakenOver({ ...second, fromWorkflowId: 'x', status: 'accepted' as never });
    core.combineTakenOver(undefined);
    expect(core.state.version).toBe(version);
    // Closed: nothing more joins.
    core.close('cancelled', { actor: ACTOR, reason: 'thử' });
    core.combineTakenOver({ ...second, fromWorkflowId: 'y' });
    expect(core.state.takenOverFrom).toHaveLength(2);
  });

  it('runs that do not combine take-overs (started before it existed) ignore a second predecessor', () => {
    const core = new AssignmentLifecycle(takenOver('acknowledged'), 'w', clock(RECEIVED).now, undefined, {
      takeOver: true,
    });
    const version = core.state.version;
    core.combineTakenOver({ ...takenOver('submitted').takenOver, fromWorkflowId: 'other' });
    expect(core.state).toMatchObject({ status: 'acknowledged', version });
  });

  it('runs that do not honour the takeover (started before it existed) keep the plain start', () => {
    const core = new AssignmentLifecycle(takenOver('submitted'), 'w', clock(RECEIVED).now);
    expect(core.state.status).toBe('assigned');
    expect(core.state.submissions).toEqual([]);
  });
});

describe('AssignmentLifecycle: categories as Vietnamese task tracking counts them', () => {
  const fresh = (at: string, options = { reviewDeadline: true }) => {
    const c = clock(at);
    const core = new AssignmentLifecycle(input, 'assignment/x', c.now, undefined, options);
    core.contextLoaded(context);
    return { core, clock: c };
  };

  it('a report awaiting review is "Chờ duyệt", open: on time until the deadline, overdue after it', () => {
    const { core, clock: c } = fresh('2026-12-02T03:00:00Z');
    const { result } = core.submit(submission(0));
    expect(result).toMatchObject({ status: 'submitted', category: 'open-on-time' });
    const next = core.nextTimed();
    expect(next).toEqual({ kind: 'overdue', at: Date.parse('2026-12-03T17:00:00Z') });
    c.set('2026-12-03T17:00:00Z');
    core.fire(next as { kind: 'overdue'; at: number });
    expect(core.state).toMatchObject({ status: 'submitted', category: 'open-overdue', escalationLevel: 0 });
    // The agency is not chased while its report awaits review.
    expect(core.nextTimed()).toBeUndefined();
    expect(core.isOverdueMarked).toBe(false);
  });

  it('accepted: done on time when the accepted report arrived by the deadline in force, even if reviewed later; a shortfall stays flagged', () => {
    const { core, clock: c } = fresh('2026-12-03T10:00:00Z'); // 17:00 on the deadline day
    core.submit(submission(1));
    c.set('2026-12-08T03:00:00Z');
    core.review({ actor: ACTOR, decision: 'accept' });
    expect(core.state).toMatchObject({ status: 'accepted', category: 'done-on-time', completedOn: '2026-12-03' });
    expect(core.state.submissions!.at(-1)!.shortfalls).toHaveLength(1);
    const mail = core.effects.find((e) => e.kind === 'mail' && e.mail.kind === 'accepted');
    expect(mail).toMatchObject({ mail: { doneOnTime: true, shortfalls: [{ target: 3, actual: 1 }] } });
  });

  it('accepted after a late report (or a late resubmission of a returned one): done late', () => {
    const { core, clock: c } = fresh('2026-12-01T03:00:00Z');
    core.submit(submission());
    core.review({ actor: ACTOR, decision: 'return', reason: 'Thiếu số liệu' });
    expect(core.state.category).toBe('open-on-time');
    c.set('2026-12-04T03:00:00Z');
    core.submit(submission());
    expect(core.state.category).toBe('open-overdue');
    core.review({ actor: ACTOR, decision: 'accept' });
    expect(core.state.category).toBe('done-late');
  });

  it('the deadline in force decides: a report sent after the original deadline but within a granted extension is on time', () => {
    const { core, clock: c } = fresh('2026-12-01T03:00:00Z');
    core.requestExtension({ requestId: 'e', actor: AGENCY, newDueDate: '2026-12-10', reason: 'Lũ' });
    core.decideExtension({ requestId: 'e', actor: ACTOR, approve: true });
    c.set('2026-12-09T03:00:00Z');
    core.submit(submission());
    core.review({ actor: ACTOR, decision: 'accept' });
    expect(core.state).toMatchObject({
      category: 'done-on-time',
      originalDueDate: '2026-12-03',
      dueDate: '2026-12-10',
    });
  });

  it('runs started before the review deadline existed keep no timer while a report awaits review', () => {
    const { core } = fresh('2026-12-02T03:00:00Z', { reviewDeadline: false });
    core.submit(submission());
    expect(core.nextTimed()).toBeUndefined();
  });
});

describe('AssignmentLifecycle: fair escalation', () => {
  const fair = (at: string, ctx: AssignmentContext = context, due = input.dueDate) => {
    const c = clock(at);
    const core = new AssignmentLifecycle({ ...input, dueDate: due }, 'assignment/fair', c.now, undefined, {
      reviewDeadline: true,
      fairEscalation: true,
    });
    core.contextLoaded(ctx);
    return { core, clock: c };
  };

  /** Lets time run: every reminder, the deadline and each escalation level as it comes due, numbering letters. */
  function run(core: AssignmentLifecycle, c: ReturnType<typeof clock>, until: string): string[] {
    const seen: string[] = [];
    for (let next = core.nextTimed(); next && next.at <= Date.parse(until); next = core.nextTimed()) {
      c.set(new Date(Math.max(next.at, c.now())).toISOString());
      if (next.kind !== 'escalation') {
        core.fire(next);
        continue;
      }
      const letter = core.letterFor(next.step);
      let number = letter.number;
      if (letter.issue) {
        number = `${next.step.level}/STTTT-ĐĐ`;
        core.letterIssued(next.step, number);
      }
      core.escalate(next.step, 'system', undefined, number);
      seen.push(`${next.step.level}@${new Date(c.now()).toISOString()}`);
    }
    return seen;
  }

  const mails = (core: AssignmentLifecycle) =>
    core.effects.flatMap((e) => (e.kind === 'mail' && e.key.startsWith('escalation:') ? [e.mail.kind] : []));

  it('a report returned after the deadline gets 3 working days before the overdue notice, then one level per interval', () => {
    const { core, clock: c } = fair('2026-12-02T03:00:00Z');
    core.submit(submission());
    c.set('2026-12-10T03:00:00Z'); // Thursday, a week after the deadline
    core.review({ actor: ACTOR, decision: 'return', reason: 'Thiếu minh chứng' });
    expect(core.ladderStart()).toBe('2026-12-15'); // Fri 11, Mon 14, Tue 15
    const seen = run(core, c, '2027-01-31T00:00:00Z');
    expect(seen).toEqual([
      '1@2026-12-16T01:00:00.000Z', // the day after the new window, 08:00 in Vietnam
      '2@2026-12-18T01:00:00.000Z',
      '3@2026-12-24T01:00:00.000Z',
    ]);
    expect(mails(core)).toEqual(['overdue-notice', 'escalation-ict', 'escalation-ppc']);
  });

  /** A report sent before the deadline (02/12) and returned a week after it (10/12): new window to 15/12. */
  function lateReturn(options: { escalateNowGuard?: boolean }) {
    const c = clock('2026-12-02T03:00:00Z');
    const core = new AssignmentLifecycle(input, 'assignment/late-return', c.now, undefined, {
      reviewDeadline: true,
      fairEscalation: true,
      ...options,
    });
    core.contextLoaded(context);
    core.submit(submission());
    c.set('2026-12-10T03:00:00Z');
    core.review({ actor: ACTOR, decision: 'return', reason: 'Thiếu minh chứng' });
    expect(run(core, c, '2026-12-10T03:00:00Z')).toEqual([]); // the deadline's passing, no escalation
    expect(core.isOverdueMarked).toBe(true);
    core.effects.splice(0);
    return { core, clock: c };
  }

  it('"escalate now" inside the new window of a late return is refused by the one guard and changes nothing; after the window it goes ahead', () => {
    const { core, clock: c } = lateReturn({ escalateNowGuard: true });
    expect(core.returnWindowEnd).toBe('2026-12-15');
    expect(core.escalationRefusal()).toBe('return-window');
    core.escalateNow({ actor: ACTOR, reason: 'Chỉ đạo' });
    expect(core.hasManualEscalation).toBe(false);
    expect(core.takeManualEscalation()).toBeUndefined();
    expect(core.state.escalationLevel).toBe(0);
    expect(core.effects).toEqual([]);
    c.set('2026-12-15T10:00:00Z'); // Tue 15/12, 17:00 in Vietnam: the window's last day
    expect(core.escalationRefusal()).toBe('return-window');
    core.escalateNow({ actor: ACTOR });
    expect(core.hasManualEscalation).toBe(false);
    c.set('2026-12-16T00:30:00Z'); // Wed 16/12, 07:30 in Vietnam: the window is over
    expect(core.escalationRefusal()).toBeNull();
    core.escalateNow({ actor: ACTOR, reason: 'Chỉ đạo' });
    expect(core.takeManualEscalation()).toMatchObject({ actor: ACTOR, step: { level: 1 } });
  });

  it('the guard refuses before the deadline and at the top of a requested ladder', () => {
    expect(fair('2026-11-20T03:00:00Z').core.escalationRefusal()).toBe('not-overdue');
    const { core, clock: c } = fair('2026-12-04T03:00:00Z', { ...context, binding: false });
    expect(core.escalationRefusal()).toBeNull(); // overdue, below its one level
    core.dropStaleReminders();
    expect(run(core, c, '2026-12-04T03:00:00Z')).toEqual(['1@2026-12-04T03:00:00.000Z']);
    expect(core.escalationRefusal()).toBe('top-level');
  });

  it('each read-model write carries the extensions and urging letters (kept records); older runs leave them out', () => {
    const snapshots = (keptRecords: boolean) => {
      const c = clock('2026-11-20T03:00:00Z');
      const core = new AssignmentLifecycle(input, 'assignment/kept', c.now, undefined, {
        reviewDeadline: true,
        fairEscalation: true,
        keptRecords,
      });
      core.contextLoaded(context);
      core.requestExtension({ requestId: 'x', actor: AGENCY, newDueDate: '2026-12-10', reason: 'Bão lũ' });
      core.decideExtension({ requestId: 'x', actor: ACTOR, approve: true });
      core.submit(submission());
      core.review({ actor: ACTOR, decision: 'accept' });
      return core.effects.flatMap((e) => (e.kind === 'record' ? [e.snapshot] : []));
    };
    const kept = snapshots(true).at(-1)!;
    expect(kept.status).toBe('accepted');
    expect(kept.extensions).toEqual([
      expect.objectContaining({ requestId: 'x', decision: expect.objectContaining({ approve: true }) }),
    ]);
    expect(kept.urgingLetters).toEqual([]);
    const old = snapshots(false).at(-1)!;
    expect(old.extensions).toBeUndefined();
    expect(old.urgingLetters).toBeUndefined();
  });

  it('runs started before the guard queue "escalate now" inside the window as they did (replay)', () => {
    const { core } = lateReturn({});
    expect(core.escalationRefusal()).toBe('return-window');
    core.escalateNow({ actor: ACTOR });
    expect(core.hasManualEscalation).toBe(true);
  });

  it('runs started before fair escalation keep their ladder from the deadline (replay)', () => {
    const c = clock('2026-12-02T03:00:00Z');
    const core = new AssignmentLifecycle(input, 'assignment/old', c.now, undefined, { reviewDeadline: true });
    core.contextLoaded(context);
    core.submit(submission());
    c.set('2026-12-10T03:00:00Z');
    core.review({ actor: ACTOR, decision: 'return', reason: 'Thiếu minh chứng' });
    expect(core.ladderStart()).toBe('2026-12-03');
  });

  it('a ladder that is behind (a deadline already past) climbs one level per interval, never several at once', () => {
    const { core, clock: c } = fair('2026-12-04T03:00:00Z', context, '2026-11-02');
    core.dropStaleReminders();
    const seen = run(core, c, '2027-01-31T00:00:00Z');
    expect(seen).toEqual([
      '1@2026-12-04T03:00:00.000Z', // due long ago: the notice now
      '2@2026-12-08T01:00:00.000Z', // two working days later (the interval between levels 1 and 2)
      '3@2026-12-14T01:00:00.000Z', // four working days after that
    ]);
  });

  it('a requested ("Đề nghị") assignment stops at the level-1 notice, whatever ladder its duty has', () => {
    const { core, clock: c } = fair('2026-12-04T03:00:00Z', { ...context, binding: false });
    core.dropStaleReminders();
    expect(run(core, c, '2027-03-31T00:00:00Z')).toEqual(['1@2026-12-04T03:00:00.000Z']);
    expect(mails(core)).toEqual(['overdue-notice']);
    expect(core.escalationStillDue(context.escalation![1])).toBe(false);
    core.escalateNow({ actor: ACTOR });
    expect(core.takeManualEscalation()?.step).toBeUndefined();
  });

  it('an extension granted while a letter is numbered cancels it: nobody is chased, the number is not used', () => {
    const { core, clock: c } = fair('2026-11-20T03:00:00Z');
    core.requestExtension({ requestId: 'late', actor: AGENCY, newDueDate: '2026-12-18', reason: 'Bão lũ' });
    run(core, c, '2026-12-07T00:00:00Z'); // overdue notice (level 1) sent on 04/12
    expect(core.state.escalationLevel).toBe(1);
    const next = core.nextTimed();
    expect(next).toMatchObject({ kind: 'escalation', step: { level: 2 } });
    const step = (next as { step: EscalationStep }).step;
    c.set(new Date(next!.at).toISOString());
    expect(core.letterFor(step)).toEqual({ number: undefined, issue: true });
    expect(core.escalationStillDue(step)).toBe(true);
    // While the number is being issued, the officer grants the extension asked for earlier.
    core.escalateNow({ actor: ACTOR, reason: 'Chỉ đạo' });
    core.decideExtension({ requestId: 'late', actor: ACTOR, approve: true });
    expect(core.escalationStillDue(step)).toBe(false);
    expect(core.hasManualEscalation).toBe(false);
    core.effects.splice(0);
    core.escalate(step, 'system', undefined, '2/STTTT-ĐĐ');
    expect(core.state).toMatchObject({ escalationLevel: 1, dueDate: '2026-12-18', urgingLetters: [] });
    expect(core.effects).toEqual([]);
    expect(core.nextTimed()).toMatchObject({ kind: 'reminder' });
  });
});

describe('AssignmentLifecycle: a calendar change that makes the open deadline a day off', () => {
  it.each([
    [true, ['record:calendar-changed', 'record:deadline-moved', 'mail:deadline-moved']],
    [false, ['record:calendar-changed', 'record:deadline-moved']],
  ])(
    'moves it to the next working day; the agency is emailed the new one (deadline-moved-mail-v1: %s)',
    (mail, effects) => {
      const c = clock(BEFORE_DEADLINE);
      const core = new AssignmentLifecycle(input, 'assignment/v8-radio/xa-hoang-hoa/2026-11', c.now, undefined, {
        lawfulDeadlines: true,
        deadlineMovedMail: mail,
      });
      core.contextLoaded(context);
      core.effects.splice(0);
      // Thursday 3/12/2026 declared a day off: the deadline moves to Friday 4/12.
      core.calendarChanged({ extraDaysOff: ['2026-12-03'], extraWorkingDays: [] });
      expect(core.state).toMatchObject({ dueDate: '2026-12-04', deadlineMovedFrom: '2026-12-03' });
      expect(effectNames(core.effects)).toEqual(effects);
      const sent = core.effects.flatMap((e) => (e.kind === 'mail' ? [e] : []));
      expect(sent).toEqual(
        mail
          ? [
              {
                kind: 'mail',
                key: 'deadline-moved:2026-12-03:2026-12-04',
                mail: { kind: 'deadline-moved', from: '2026-12-03', to: '2026-12-04' },
              },
            ]
          : [],
      );
      // The same calendar again moves nothing and sends nothing more.
      core.effects.splice(0);
      core.calendarChanged({ extraDaysOff: ['2026-12-03'], extraWorkingDays: [] });
      expect(effectNames(core.effects)).toEqual(['record:calendar-changed']);
    },
  );
});
