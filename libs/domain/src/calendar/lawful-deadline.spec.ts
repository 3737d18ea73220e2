import adjustmentsFile from '../../../../data/calendar/adjustments.json';
import { reminderSchedule } from '../reminders';
import { vietnamInstant } from '../local-date';
import { parseCalendarAdjustments, type YearAdjustments } from './adjustments';
import { lawfulDeadline, nextWorkingDay, previousWorkingDay, reminderDay } from './lawful-deadline';
import {
  calendarYearSummary,
  comingYearWithoutDecisions,
  vietnamHolidays,
  vietnamWorkingCalendar,
} from './vietnam-working-calendar';

const adjustments = parseCalendarAdjustments(adjustmentsFile);
const calendar = vietnamWorkingCalendar([2026, 2027], adjustments);

describe('the 2026 National Day break (Ministry of Home Affairs, October 2025)', () => {
  it('works Saturday 22/8/2026 and takes Saturday 29/8 to Wednesday 2/9/2026 off, Monday 31/8 swapped', () => {
    expect(calendar.isWorkingDay('2026-08-22')).toBe(true);
    for (const day of ['2026-08-29', '2026-08-30', '2026-08-31', '2026-09-01', '2026-09-02']) {
      expect(calendar.isWorkingDay(day)).toBe(false);
    }
    expect(calendar.isWorkingDay('2026-08-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-09-03')).toBe(true);
    // Friday 21/8 + 1 working day is the worked Saturday; Friday 28/8 + 1 is Thursday 3/9.
    expect(calendar.addWorkingDays('2026-08-21', 1)).toBe('2026-08-22');
    expect(calendar.addWorkingDays('2026-08-28', 1)).toBe('2026-09-03');
  });

  it('is recorded with its source and the day adjacent to National Day', () => {
    const summary = calendarYearSummary(2026, adjustments);
    expect(summary.decisionsRecorded).toBe(true);
    expect(summary.warning).toBeNull();
    expect(summary.source).toMatch(/Bộ Nội vụ/);
    expect(summary.source).toMatch(/Ministry of Home Affairs in October 2025/);
    expect(summary.adjustments.map((a) => [a.date, a.type])).toEqual([
      ['2026-01-02', 'dayOff'],
      ['2026-01-10', 'workingDay'],
      ['2026-08-22', 'workingDay'],
      ['2026-08-31', 'dayOff'],
    ]);
    expect(summary.holidays.filter((h) => h.date.startsWith('2026-09')).map((h) => h.date)).toEqual([
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(summary.holidays.every((h) => !h.estimate)).toBe(true);
  });
});

describe('lawful deadlines (Civil Code 2015, art. 148(5))', () => {
  it('keeps a deadline on a working day, worked Saturdays included', () => {
    expect(lawfulDeadline(calendar, '2026-08-28')).toEqual({
      dueDate: '2026-08-28',
      deadlineMovedFrom: null,
      deadlineMovedMessage: null,
    });
    expect(lawfulDeadline(calendar, '2026-08-22').dueDate).toBe('2026-08-22');
  });

  it('moves an extension granted to a Sunday to the Monday, and says so in Vietnamese and English', () => {
    const moved = lawfulDeadline(calendar, '2026-12-13');
    expect(moved.dueDate).toBe('2026-12-14');
    expect(moved.deadlineMovedFrom).toBe('2026-12-13');
    expect(moved.deadlineMovedMessage!.vi).toBe(
      'Ngày 13/12/2026 là ngày nghỉ nên hạn được chuyển sang ngày làm việc tiếp theo: 14/12/2026 (Bộ luật Dân sự 2015, Điều 148, khoản 5).',
    );
    expect(moved.deadlineMovedMessage!.en).toContain('moves to the next working day: 14/12/2026');
  });

  it('moves a deadline that a declared day off lands on to the next working day', () => {
    const year: YearAdjustments = {
      year: 2027,
      daysOff: [{ date: '2027-03-15', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' } }],
      workingDays: [{ date: '2027-03-20', name: { vi: 'Làm bù', en: 'Worked Saturday' } }],
      source: 'test',
    };
    const before = vietnamWorkingCalendar([2027], adjustments);
    const after = vietnamWorkingCalendar([2027], [...adjustments, year]);
    expect(lawfulDeadline(before, '2027-03-15').deadlineMovedFrom).toBeNull();
    expect(lawfulDeadline(after, '2027-03-15')).toMatchObject({
      dueDate: '2027-03-16',
      deadlineMovedFrom: '2027-03-15',
    });
    // A deadline inside the National Day break moves past all of it.
    expect(lawfulDeadline(calendar, '2026-08-31').dueDate).toBe('2026-09-03');
  });

  it('finds the next and previous working day across Tết 2027', () => {
    // Tết Đinh Mùi: 5–9/2/2027 plus compensatory 10–11/2 (estimate: no decision recorded yet).
    expect(nextWorkingDay(calendar, '2027-02-06')).toBe('2027-02-12');
    expect(previousWorkingDay(calendar, '2027-02-11')).toBe('2027-02-04');
    expect(previousWorkingDay(calendar, '2027-02-04')).toBe('2027-02-04');
  });

  it('never puts a reminder on a day off: counted back over working days, "due today" before a day-off deadline', () => {
    expect(reminderDay(calendar, '2026-09-03', 1)).toBe('2026-08-28');
    expect(reminderDay(calendar, '2026-08-24', 1)).toBe('2026-08-22');
    expect(reminderDay(calendar, '2026-08-31', 0)).toBe('2026-08-28');
    const slots = reminderSchedule('2026-09-03', [3, 1, 0], '08:00', calendar, new Date('2026-08-01T00:00:00Z'), {
      workingDaysOnly: true,
    });
    expect(slots.map((s) => s.date)).toEqual(['2026-08-26', '2026-08-28', '2026-09-03']);
    expect(slots[0].at).toEqual(vietnamInstant('2026-08-26', '08:00'));
    const dayOff = reminderSchedule('2026-08-31', [1, 0], '08:00', calendar, new Date('2026-08-01T00:00:00Z'), {
      workingDaysOnly: true,
    });
    // Two offsets on one day: one reminder.
    expect(dayOff.map((s) => [s.offset, s.date])).toEqual([[1, '2026-08-28']]);
  });
});

describe('years without recorded decisions', () => {
  it('flags the coming year (from the Vietnam date today) when it has no decision', () => {
    expect(comingYearWithoutDecisions('2025-12-31', adjustments)).toBeNull();
    const missing = comingYearWithoutDecisions('2026-11-30', adjustments);
    expect(missing).toMatchObject({ year: 2027 });
    expect(missing!.warning.vi).toMatch(/^Chưa ghi nhận quyết định của Chính phủ về lịch nghỉ Tết và lễ năm 2027/);
    expect(missing!.warning.vi).toContain('ước tính');
    expect(missing!.warning.en).toContain('estimates');
  });

  it('labels the default Tết and 2 September days of such a year as estimates', () => {
    const summary = calendarYearSummary(2027, adjustments);
    expect(summary.decisionsRecorded).toBe(false);
    expect(summary.warning!.vi).toContain('năm 2027');
    const estimates = summary.holidays.filter((h) => h.estimate);
    expect(estimates.map((h) => h.date)).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
      '2027-09-01',
    ]);
    expect(estimates.every((h) => h.name.vi.endsWith('(ước tính)') && h.name.en.endsWith('(estimate)'))).toBe(true);
    // Fixed-date holidays are not estimates.
    expect(vietnamHolidays(2027, adjustments).find((h) => h.date === '2027-09-02')).toMatchObject({
      estimate: false,
      name: { vi: 'Quốc khánh (2/9)' },
    });
  });
});
