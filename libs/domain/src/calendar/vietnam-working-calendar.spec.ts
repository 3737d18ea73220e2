import adjustmentsFile from '../../../../data/calendar/adjustments.json';
import { parseCalendarAdjustments, type YearAdjustments } from './adjustments';
import {
  calendarYearSummary,
  vietnamCalendarData,
  vietnamHolidays,
  vietnamWorkingCalendar,
} from './vietnam-working-calendar';

const adjustments = parseCalendarAdjustments(adjustmentsFile);
const calendar = vietnamWorkingCalendar([2024, 2025, 2026, 2027], adjustments);
const plain = vietnamWorkingCalendar([2024, 2025, 2026, 2027]);

describe('Vietnamese working calendar', () => {
  it('skips 30/4, 1/5 and the weekend', () => {
    // Wednesday 29 April 2026 + 1 working day: Thu 30/4, Fri 1/5, Sat, Sun are off.
    expect(calendar.addWorkingDays('2026-04-29', 1)).toBe('2026-05-04');
    expect(calendar.addWorkingDays('2026-05-04', -1)).toBe('2026-04-29');
    expect(calendar.workingDaysBetween('2026-04-29', '2026-05-04')).toBe(1);
  });

  it('skips Tết', () => {
    // Friday 13 Feb 2026, then 14–22 Feb off (weekend, 29 tháng Chạp – mùng 4, weekend).
    expect(calendar.addWorkingDays('2026-02-13', 1)).toBe('2026-02-23');
    expect(calendar.addWorkingDays('2026-02-23', -1)).toBe('2026-02-13');
    for (let d = 14; d <= 22; d += 1) {
      expect(calendar.isWorkingDay(`2026-02-${d}`)).toBe(false);
    }
    expect(calendar.workingDaysBetween('2026-02-01', '2026-02-28')).toBe(15);
  });

  it('gives the next working day off when a holiday falls on a weekend', () => {
    // Hùng Kings 2026 is Sunday 26 April: Monday 27 April is off.
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false);
    expect(calendar.addWorkingDays('2026-04-24', 1)).toBe('2026-04-28');
    // 1 May 2027 is a Saturday: Monday 3 May is off.
    expect(calendar.isWorkingDay('2027-05-03')).toBe(false);
    // Tết 2027: mùng 1–2 on Saturday–Sunday push two days past mùng 4 (Tuesday 9 Feb).
    expect(vietnamHolidays(2027).filter((h) => h.kind === 'compensatory')).toEqual([
      {
        date: '2027-02-10',
        name: {
          vi: 'Nghỉ bù Tết Nguyên đán (mùng 1 tháng Giêng) (ước tính)',
          en: 'Compensatory day off for Lunar New Year (day 1 of the 1st lunar month) (estimate)',
        },
        kind: 'compensatory',
        // No decision recorded for 2027: the default Tết days are an estimate.
        estimate: true,
        compensates: '2027-02-06',
      },
      {
        date: '2027-02-11',
        name: {
          vi: 'Nghỉ bù Tết Nguyên đán (mùng 2 tháng Giêng) (ước tính)',
          en: 'Compensatory day off for Lunar New Year (day 2 of the 1st lunar month) (estimate)',
        },
        kind: 'compensatory',
        // No decision recorded for 2027: the default Tết days are an estimate.
        estimate: true,
        compensates: '2027-02-07',
      },
      {
        date: '2027-05-03',
        name: {
          vi: 'Nghỉ bù Ngày Quốc tế Lao động (1/5)',
          en: "Compensatory day off for International Workers' Day (1 May)",
        },
        kind: 'compensatory',
        compensates: '2027-05-01',
        estimate: false,
      },
    ]);
    expect(calendar.addWorkingDays('2027-02-04', 1)).toBe('2027-02-12');
    // National Day 2024: 1/9 (the adjacent day) is a Sunday, so Tuesday 3/9 is off.
    expect(calendar.isWorkingDay('2024-09-03')).toBe(false);
    expect(calendar.isWorkingDay('2024-09-04')).toBe(true);
  });

  it('skips a swapped day off when placing a compensatory day', () => {
    const swapped: YearAdjustments[] = [
      {
        year: 2026,
        daysOff: [{ date: '2026-04-27', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' } }],
        workingDays: [],
        source: 'test',
      },
    ];
    const hung = vietnamHolidays(2026, swapped).find((h) => h.compensates === '2026-04-26');
    expect(hung?.date).toBe('2026-04-28');
  });

  it("applies the Government's yearly adjustments", () => {
    // 2026: Friday 2 January off, Saturday 10 January worked.
    expect(plain.isWorkingDay('2026-01-02')).toBe(true);
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    expect(plain.isWorkingDay('2026-01-10')).toBe(false);
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(calendar.addWorkingDays('2026-01-09', 1)).toBe('2026-01-10');
    // 2025: Friday 2 May off, Saturday 26 April worked.
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
    expect(calendar.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
  });

  it('uses the Tết days decided for 2025 (25/1 – 2/2 off, back on Monday 3/2)', () => {
    for (let d = 25; d <= 31; d += 1) {
      expect(calendar.isWorkingDay(`2025-01-${d}`)).toBe(false);
    }
    expect(calendar.isWorkingDay('2025-01-24')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-03')).toBe(true);
    // Without the data, the default rule puts mùng 4 on Saturday 1/2 and Monday 3/2 off.
    expect(plain.isWorkingDay('2025-02-03')).toBe(false);
    expect(plain.isWorkingDay('2025-01-27')).toBe(true);
  });

  it('exposes serialisable calendar data for workflows', () => {
    const data = vietnamCalendarData([2026], adjustments);
    expect(data.extraWorkingDays).toEqual(['2026-01-10', '2026-08-22']);
    expect(data.extraDaysOff).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-27',
      '2026-04-30',
      '2026-05-01',
      '2026-08-31',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('summarises a year for GET /api/v1/calendar/{year}', () => {
    const summary = calendarYearSummary(2026, adjustments);
    expect(summary.year).toBe(2026);
    // 261 weekdays − 13 weekdays off (1/1, 2/1, 16–20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9) + Saturdays 10/1 and 22/8.
    expect(summary.workingDays).toBe(250);
    expect(summary.holidays.map((h) => [h.date, h.kind])).toEqual([
      ['2026-01-01', 'fixed'],
      ['2026-02-16', 'lunar'],
      ['2026-02-17', 'lunar'],
      ['2026-02-18', 'lunar'],
      ['2026-02-19', 'lunar'],
      ['2026-02-20', 'lunar'],
      ['2026-04-26', 'lunar'],
      ['2026-04-27', 'compensatory'],
      ['2026-04-30', 'fixed'],
      ['2026-05-01', 'fixed'],
      ['2026-09-01', 'fixed'],
      ['2026-09-02', 'fixed'],
    ]);
    expect(summary.holidays[7].name.vi).toBe('Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)');
    expect(summary.adjustments.map((a) => [a.date, a.type])).toEqual([
      ['2026-01-02', 'dayOff'],
      ['2026-01-10', 'workingDay'],
      ['2026-08-22', 'workingDay'],
      ['2026-08-31', 'dayOff'],
    ]);
    expect(summary.source).toMatch(/12729\/VPCP-KGVX/);
    expect(summary.decisionsRecorded).toBe(true);
    // A year without recorded adjustments.
    const bare = calendarYearSummary(2027, adjustments);
    expect(bare.adjustments).toEqual([]);
    expect(bare.source).toBeNull();
    expect(bare.note).toBeNull();
    expect(bare.decisionsRecorded).toBe(false);
    // 2027: 261 weekdays − (1/1, 5/2, 8–11/2, 16/4, 30/4, 3/5, 1/9, 2/9) = 250.
    expect(bare.workingDays).toBe(250);
  });
});
