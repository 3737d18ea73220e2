import {
  StateAgencyCalendar,
  formatVietnameseDate,
  isLocalDate,
  consolidationPeriod,
  reminderSchedule,
  reportingCategory,
  reviewFlaggedBefore,
  reviewWait,
  vietnamDateOf,
  vietnamInstant,
} from './index';
import { isRecoveredSubmission, RECOVERED_SUBMISSION_PREFIX } from './evidence';
import { assignmentBinding } from './agency';
import { categoryTally, combinedOpenStatus, countCategoriesByBinding, escalationRefusal } from './status';

describe('local dates in Vietnam time', () => {
  it('validates calendar dates', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate('1/2/2025')).toBe(false);
  });

  it('maps instants to UTC+7 dates and back', () => {
    expect(vietnamDateOf(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
    expect(vietnamDateOf(new Date('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
    expect(vietnamInstant('2026-11-26', '08:00').toISOString()).toBe('2026-11-26T01:00:00.000Z');
    expect(() => vietnamInstant('2026-11-26', '8h')).toThrow(RangeError);
  });

  it('formats dates as dd/MM/yyyy', () => {
    expect(formatVietnameseDate('2026-01-05')).toBe('05/01/2026');
  });
});

describe('StateAgencyCalendar', () => {
  const cal = new StateAgencyCalendar();

  it('treats Saturday and Sunday as days off', () => {
    expect(cal.isWorkingDay('2026-11-27')).toBe(true); // Friday
    expect(cal.isWorkingDay('2026-11-28')).toBe(false);
    expect(cal.isWorkingDay('2026-11-29')).toBe(false);
  });

  it('adds working days across a weekend, forwards and backwards', () => {
    expect(cal.addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    expect(cal.addWorkingDays('2026-11-30', -1)).toBe('2026-11-27');
    expect(cal.addWorkingDays('2026-11-30', 0)).toBe('2026-11-30');
    expect(cal.addWorkingDays('2026-11-27', 5)).toBe('2026-12-04');
  });

  it('counts working days in a half-open range', () => {
    expect(cal.workingDaysBetween('2026-11-27', '2026-12-04')).toBe(5);
    expect(cal.workingDaysBetween('2026-12-04', '2026-11-27')).toBe(0);
  });

  it('honours extra days off and swapped working Saturdays', () => {
    const adjusted = new StateAgencyCalendar({ extraDaysOff: ['2026-11-30'], extraWorkingDays: ['2026-11-28'] });
    expect(adjusted.isWorkingDay('2026-11-28')).toBe(true);
    expect(adjusted.isWorkingDay('2026-11-30')).toBe(false);
    expect(adjusted.addWorkingDays('2026-11-27', 2)).toBe('2026-12-01');
  });
});

describe('consolidationPeriod', () => {
  it('consolidates calendar months of activity, including December and February of a leap year', () => {
    expect(consolidationPeriod('month', '2026-12-31')).toEqual({
      key: '2026-12',
      kind: 'month',
      start: '2026-12-01',
      end: '2026-12-31',
    });
    expect(consolidationPeriod('month', '2028-02-10').end).toBe('2028-02-29');
  });

  it('consolidates quarters, halves and years on their Decree 09/2019 windows', () => {
    expect(consolidationPeriod('quarter', '2026-11-26')).toEqual({
      key: '2026-Q4',
      kind: 'quarter',
      start: '2026-09-15',
      end: '2026-12-14',
    });
    expect(consolidationPeriod('half', '2026-06-14')).toEqual({
      key: '2026-H1',
      kind: 'half',
      start: '2025-12-15',
      end: '2026-06-14',
    });
    expect(consolidationPeriod('half', '2026-07-01')).toMatchObject({ key: '2026-H2', end: '2026-12-14' });
    expect(consolidationPeriod('year', '2026-03-03')).toMatchObject({
      key: '2026',
      start: '2025-12-15',
      end: '2026-12-14',
    });
  });
});

describe('reportingCategory', () => {
  it('puts every assignment in one of the four buckets', () => {
    expect(reportingCategory('2026-12-03', '2026-12-03')).toBe('open-on-time');
    expect(reportingCategory('2026-12-03', '2026-12-04')).toBe('open-overdue');
    expect(reportingCategory('2026-12-03', '2026-12-10', '2026-12-03')).toBe('done-on-time');
    expect(reportingCategory('2026-12-03', '2026-12-10', '2026-12-04')).toBe('done-late');
  });
});

describe('combinedOpenStatus (one assignment holding the open work of two merged bodies)', () => {
  it.each([
    ['assigned', 'assigned', 'assigned'],
    ['assigned', 'acknowledged', 'acknowledged'],
    ['acknowledged', 'returned', 'returned'],
    ['returned', 'submitted', 'submitted'],
    ['submitted', 'assigned', 'submitted'],
    ['acknowledged', 'assigned', 'acknowledged'],
  ] as const)('%s with %s is %s', (a, b, expected) => {
    expect(combinedOpenStatus(a, b)).toBe(expected);
    expect(combinedOpenStatus(b, a)).toBe(expected);
  });

  it('refuses closed statuses', () => {
    expect(() => combinedOpenStatus('accepted', 'assigned')).toThrow('only open statuses combine');
    expect(() => combinedOpenStatus('assigned', 'cancelled')).toThrow('only open statuses combine');
  });
});

describe('reminderSchedule', () => {
  const cal = new StateAgencyCalendar();

  it('places reminders N working days before the deadline at 08:00 Vietnam time', () => {
    const slots = reminderSchedule('2026-12-03', [7, 3, 1, 0], '08:00', cal, new Date('2026-11-01T00:00:00Z'));
    expect(slots.map((s) => s.date)).toEqual(['2026-11-24', '2026-11-30', '2026-12-02', '2026-12-03']);
    expect(slots[0].at.toISOString()).toBe('2026-11-24T01:00:00.000Z');
  });

  it('drops reminders already in the past', () => {
    const slots = reminderSchedule('2026-12-03', [7, 3, 1, 0], '08:00', cal, new Date('2026-12-02T02:00:00Z'));
    expect(slots.map((s) => s.offset)).toEqual([0]);
  });
});

describe('fair escalation rules', () => {
  it('refuses "escalate now" unless it is the agency’s turn, past the deadline and below the top of the ladder', () => {
    const today = '2026-12-04';
    const open = { status: 'assigned' as const, dueDate: '2026-12-03', escalationLevel: 0 };
    expect(escalationRefusal(open, today, 3)).toBeNull();
    expect(escalationRefusal({ ...open, dueDate: '2026-12-04' }, today, 3)).toBe('not-overdue');
    expect(escalationRefusal({ ...open, status: 'submitted' }, today, 3)).toBe('not-agency-turn');
    expect(escalationRefusal({ ...open, status: 'accepted' }, today, 3)).toBe('not-agency-turn');
    expect(escalationRefusal({ ...open, escalationLevel: 1 }, today, 1)).toBe('top-level');
    expect(escalationRefusal({ ...open, status: 'returned', escalationLevel: 2 }, today, 3)).toBeNull();
    // A report returned after the deadline: its new window (to 07/12 inclusive) is not overdue.
    const returned = { ...open, status: 'returned' as const, returnWindowEnd: '2026-12-07' };
    expect(escalationRefusal(returned, today, 3)).toBe('return-window');
    expect(escalationRefusal(returned, '2026-12-07', 3)).toBe('return-window');
    expect(escalationRefusal(returned, '2026-12-08', 3)).toBeNull();
    expect(escalationRefusal({ ...returned, returnWindowEnd: null }, today, 3)).toBeNull();
  });

  it('an ad-hoc request to a requested body is requested, never binding', () => {
    expect(assignmentBinding(true, 'commune', true)).toBe(true);
    expect(assignmentBinding(true, 'front-mass-org', true)).toBe(false);
    expect(assignmentBinding(true, 'central-press', true)).toBe(false);
    // Section V names its own requested duties; a binding duty of the catalog stays binding.
    expect(assignmentBinding(true, 'party', false)).toBe(true);
    expect(assignmentBinding(false, 'department', true)).toBe(false);
  });
});

describe('review waits', () => {
  const calendar = new StateAgencyCalendar({ extraDaysOff: ['2026-12-08'] });
  it('counts the working days a report has waited and flags it past the limit', () => {
    // Arrived Friday 04/12 at 16:00 Vietnam time.
    const at = '2026-12-04T09:00:00Z';
    expect(reviewWait(at, new Date('2026-12-04T10:00:00Z'), calendar)).toEqual({
      submittedOn: '2026-12-04',
      workingDaysWaiting: 0,
      flagged: false,
    });
    // Monday 07/12: one working day (the weekend does not count).
    expect(reviewWait(at, new Date('2026-12-07T03:00:00Z'), calendar).workingDaysWaiting).toBe(1);
    // Wednesday 09/12: Tuesday 08/12 is a day off, so two working days: not yet flagged.
    expect(reviewWait(at, new Date('2026-12-09T03:00:00Z'), calendar)).toMatchObject({
      workingDaysWaiting: 2,
      flagged: false,
    });
    expect(reviewWait(at, new Date('2026-12-10T03:00:00Z'), calendar)).toMatchObject({
      workingDaysWaiting: 3,
      flagged: true,
    });
    expect(reviewWait(at, new Date('2026-12-10T03:00:00Z'), calendar, 3).flagged).toBe(false);
  });
});

describe('binding and requested tallies', () => {
  it('rates count binding assignments only; requested ones are tallied apart; lifted ones in neither', () => {
    const split = countCategoriesByBinding([
      { binding: true, status: 'accepted', category: 'done-on-time', count: 1 },
      { binding: true, status: 'accepted', category: 'done-late', count: 1 },
      { binding: true, status: 'submitted', category: 'open-overdue', count: 1 },
      { binding: true, status: 'assigned', category: 'open-on-time', count: 1 },
      { binding: true, status: 'waived', category: 'open-on-time', count: 2 },
      { binding: false, status: 'accepted', category: 'done-on-time', count: 3 },
      { binding: false, status: 'submitted', category: 'open-on-time', count: 1 },
      { binding: false, status: 'cancelled', category: 'open-overdue', count: 1 },
    ]);
    expect(split.binding).toEqual({
      counts: { 'open-on-time': 1, 'open-overdue': 1, 'done-on-time': 1, 'done-late': 1 },
      total: 4,
      done: 2,
      complianceRate: 0.5,
      onTimeRate: 0.25,
      awaitingReview: 1,
    });
    expect(split.requested).toEqual({
      counts: { 'open-on-time': 1, 'open-overdue': 0, 'done-on-time': 3, 'done-late': 0 },
      total: 4,
      done: 3,
      complianceRate: 0.75,
      onTimeRate: 0.75,
      awaitingReview: 1,
    });
    expect(split.lifted).toEqual({ waived: 2, cancelled: 1 });
  });

  it('an empty tally has rates 0, not NaN', () => {
    expect(categoryTally({ 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 })).toEqual({
      counts: { 'open-on-time': 0, 'open-overdue': 0, 'done-on-time': 0, 'done-late': 0 },
      total: 0,
      done: 0,
      complianceRate: 0,
      onTimeRate: 0,
    });
  });
});

describe('review flag cutoff', () => {
  const calendar = new StateAgencyCalendar({ extraDaysOff: ['2026-12-08'] });
  it('is the instant before which a report is flagged, as reviewWait says, over weekends and days off', () => {
    for (const now of [
      '2026-12-10T03:00:00Z',
      '2026-12-09T16:59:00Z',
      '2026-12-14T01:00:00Z',
      '2026-12-07T03:00:00Z',
    ]) {
      const at = new Date(now);
      for (const limit of [0, 1, 2, 3]) {
        const cutoff = reviewFlaggedBefore(at, calendar, limit);
        expect(reviewWait(new Date(cutoff.getTime() - 1), at, calendar, limit).flagged).toBe(true);
        expect(reviewWait(cutoff, at, calendar, limit).flagged).toBe(false);
      }
    }
    // Thursday 10/12, limit 2: Mon 07, Wed 09, Thu 10 count (Tue 08 is a day off): arrived by Sunday 06/12, flagged.
    expect(reviewFlaggedBefore(new Date('2026-12-10T03:00:00Z'), calendar, 2).toISOString()).toBe(
      '2026-12-06T17:00:00.000Z',
    );
  });
});

describe('isRecoveredSubmission', () => {
  it('tells a submission recovered from older records from one the agency sent', () => {
    expect(isRecoveredSubmission(`${RECOVERED_SUBMISSION_PREFIX}0`)).toBe(true);
    expect(isRecoveredSubmission('khoi-phuc-12345')).toBe(true);
    expect(isRecoveredSubmission('s1')).toBe(false);
    expect(isRecoveredSubmission('0b6c6a3e-khoi-phuc-')).toBe(false);
  });
});
