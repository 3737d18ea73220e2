import adjustmentsFile from '../../../../data/calendar/adjustments.json';
import { StateAgencyCalendar } from '../calendar';
import { parseCalendarAdjustments, vietnamWorkingCalendar } from '../calendar/index';
import { addDays } from '../local-date';
import type { PeriodKind } from '../period';
import {
  DEFAULT_DEADLINE_OFFSETS,
  REPORTING_LEVELS,
  deadlineOffsetErrors,
  isReportingPeriodKey,
  periodOfDate,
  reportingDeadlines,
  reportingPeriodOfDate,
  reportingPeriods,
  reportingWindowByKey,
} from './reporting-periods';

const calendar = vietnamWorkingCalendar([2025, 2026, 2027], parseCalendarAdjustments(adjustmentsFile));
const KINDS: PeriodKind[] = ['month', 'quarter', 'half', 'year'];
const window = (p: { key: string; start: string; end: string; closingDate: string }) => [
  p.key,
  p.start,
  p.end,
  p.closingDate,
];

describe('Decree 09/2019 reporting periods', () => {
  it('closes monthly data on the 14th, January starting 15 December of the previous year', () => {
    const months = reportingPeriods('month', 2026, calendar);
    expect(months).toHaveLength(12);
    expect(window(months[0])).toEqual(['2026-R01', '2025-12-15', '2026-01-14', '2026-01-14']);
    expect(window(months[10])).toEqual(['2026-R11', '2026-10-15', '2026-11-14', '2026-11-14']);
    expect(window(months[11])).toEqual(['2026-R12', '2026-11-15', '2026-12-14', '2026-12-14']);
    expect(months[0].kind).toBe('month');
  });

  it('closes quarters on the 14th of their last month, Q1 starting the previous December', () => {
    expect(reportingPeriods('quarter', 2026, calendar).map(window)).toEqual([
      ['2026-Q1', '2025-12-15', '2026-03-14', '2026-03-14'],
      ['2026-Q2', '2026-03-15', '2026-06-14', '2026-06-14'],
      ['2026-Q3', '2026-06-15', '2026-09-14', '2026-09-14'],
      ['2026-Q4', '2026-09-15', '2026-12-14', '2026-12-14'],
    ]);
  });

  it('runs H1 from 15 December of the previous year to 14 June, H2 to 14 December', () => {
    expect(reportingPeriods('half', 2026, calendar).map(window)).toEqual([
      ['2026-H1', '2025-12-15', '2026-06-14', '2026-06-14'],
      ['2026-H2', '2026-06-15', '2026-12-14', '2026-12-14'],
    ]);
  });

  it('runs the year from 15 December of the previous year to 14 December', () => {
    expect(reportingPeriods('year', 2026, calendar).map(window)).toEqual([
      ['2026', '2025-12-15', '2026-12-14', '2026-12-14'],
    ]);
  });

  it('tiles time without gaps or overlaps, across year ends', () => {
    for (const kind of KINDS) {
      const periods = [2025, 2026, 2027].flatMap((year) => reportingPeriods(kind, year, calendar));
      for (let i = 1; i < periods.length; i += 1) {
        expect(periods[i].start).toBe(addDays(periods[i - 1].end, 1));
      }
      expect(periods[0].start).toBe('2024-12-15');
      expect(periods[periods.length - 1].end).toBe('2027-12-14');
    }
  });

  it('finds the period of a date on both sides of every boundary', () => {
    const keys = (date: string) => KINDS.map((kind) => periodOfDate(kind, date).key);
    expect(keys('2026-12-14')).toEqual(['2026-R12', '2026-Q4', '2026-H2', '2026']);
    expect(keys('2026-12-15')).toEqual(['2027-R01', '2027-Q1', '2027-H1', '2027']);
    expect(keys('2026-12-31')).toEqual(['2027-R01', '2027-Q1', '2027-H1', '2027']);
    expect(keys('2027-01-01')).toEqual(['2027-R01', '2027-Q1', '2027-H1', '2027']);
    expect(keys('2027-01-15')).toEqual(['2027-R02', '2027-Q1', '2027-H1', '2027']);
    expect(keys('2026-03-14')).toEqual(['2026-R03', '2026-Q1', '2026-H1', '2026']);
    expect(keys('2026-03-15')).toEqual(['2026-R04', '2026-Q2', '2026-H1', '2026']);
    expect(keys('2026-06-14')).toEqual(['2026-R06', '2026-Q2', '2026-H1', '2026']);
    expect(keys('2026-06-15')).toEqual(['2026-R07', '2026-Q3', '2026-H2', '2026']);
    // Every day of 2026 lies inside the window of its period.
    for (let date = '2026-01-01'; date <= '2026-12-31'; date = addDays(date, 1)) {
      for (const kind of KINDS) {
        const p = periodOfDate(kind, date);
        expect(p.start <= date && date <= p.end).toBe(true);
      }
    }
  });

  it('parses period keys', () => {
    expect(window(reportingWindowByKey('2026-R11'))).toEqual(['2026-R11', '2026-10-15', '2026-11-14', '2026-11-14']);
    // `2026-11` is a calendar month of activity (duty-periods.ts), never a reporting window.
    expect(() => reportingWindowByKey('2026-11')).toThrow(RangeError);
    expect(isReportingPeriodKey('2026-R11')).toBe(true);
    expect(isReportingPeriodKey('2026-11')).toBe(false);
    expect(isReportingPeriodKey('2026-R13')).toBe(false);
    expect(window(reportingWindowByKey('2026-Q4'))).toEqual(['2026-Q4', '2026-09-15', '2026-12-14', '2026-12-14']);
    expect(window(reportingWindowByKey('2026-H1'))).toEqual(['2026-H1', '2025-12-15', '2026-06-14', '2026-06-14']);
    expect(window(reportingWindowByKey('2026'))).toEqual(['2026', '2025-12-15', '2026-12-14', '2026-12-14']);
    expect(() => reportingWindowByKey('2026-R13')).toThrow(RangeError);
    expect(() => reportingWindowByKey('2026-Q5')).toThrow(RangeError);
    expect(() => reportingWindowByKey('26-11')).toThrow(RangeError);
  });

  it('sets per-level deadlines in working days after closing (defaults +1/+3/+3/+5/+7)', () => {
    // Wednesday 14 January 2026.
    expect(reportingPeriods('month', 2026, calendar)[0].deadlines).toEqual({
      commune: '2026-01-15',
      district: '2026-01-19',
      department: '2026-01-19',
      ictDepartment: '2026-01-21',
      ppc: '2026-01-23',
    });
  });

  it('skips weekends and Tết when counting deadlines', () => {
    // February 2026 closes on Saturday the 14th; 16–20 Feb is Tết.
    const february = reportingPeriods('month', 2026, calendar)[1];
    expect(february.closingDate).toBe('2026-02-14');
    expect(february.deadlines).toEqual({
      commune: '2026-02-23',
      district: '2026-02-25',
      department: '2026-02-25',
      ictDepartment: '2026-02-27',
      ppc: '2026-03-03',
    });
    // Weekends only, for comparison.
    expect(reportingDeadlines('2026-02-14', new StateAgencyCalendar()).commune).toBe('2026-02-16');
  });

  it('skips 30/4 – 1/5 and compensatory days when counting deadlines', () => {
    expect(reportingDeadlines('2026-04-29', calendar)).toEqual({
      commune: '2026-05-04',
      district: '2026-05-06',
      department: '2026-05-06',
      ictDepartment: '2026-05-08',
      ppc: '2026-05-12',
    });
    // Friday 24 April 2026: Sunday 26/4 is Hùng Kings, Monday 27/4 its compensatory day.
    expect(reportingDeadlines('2026-04-24', calendar).commune).toBe('2026-04-28');
  });

  it('keeps every level at least one working day after the levels below it', () => {
    for (const kind of KINDS) {
      for (const p of reportingPeriods(kind, 2026, calendar)) {
        const d = p.deadlines;
        expect(calendar.workingDaysBetween(p.closingDate, d.commune)).toBeGreaterThanOrEqual(1);
        expect(calendar.workingDaysBetween(d.commune, d.district)).toBeGreaterThanOrEqual(1);
        expect(calendar.workingDaysBetween(d.commune, d.department)).toBeGreaterThanOrEqual(1);
        expect(calendar.workingDaysBetween(d.district, d.ictDepartment)).toBeGreaterThanOrEqual(1);
        expect(calendar.workingDaysBetween(d.department, d.ictDepartment)).toBeGreaterThanOrEqual(1);
        expect(calendar.workingDaysBetween(d.ictDepartment, d.ppc)).toBeGreaterThanOrEqual(1);
        for (const level of REPORTING_LEVELS) {
          expect(calendar.isWorkingDay(d[level])).toBe(true);
        }
      }
    }
  });

  it('accepts custom offsets and rejects those breaking the order of levels', () => {
    expect(
      reportingDeadlines('2026-01-14', calendar, { commune: 2, district: 4, department: 5, ictDepartment: 8, ppc: 10 }),
    ).toEqual({
      commune: '2026-01-16',
      district: '2026-01-20',
      department: '2026-01-21',
      ictDepartment: '2026-01-26',
      ppc: '2026-01-28',
    });
    expect(deadlineOffsetErrors(DEFAULT_DEADLINE_OFFSETS)).toEqual([]);
    expect(deadlineOffsetErrors({ ...DEFAULT_DEADLINE_OFFSETS, commune: 0 })).toEqual([
      'commune: must be at least 1 working day after the closing date, got 0',
    ]);
    expect(deadlineOffsetErrors({ ...DEFAULT_DEADLINE_OFFSETS, department: 1 })).toEqual([
      'department: must be at least 1 working day after commune (1), got 1',
    ]);
    expect(deadlineOffsetErrors({ ...DEFAULT_DEADLINE_OFFSETS, ppc: 5 })).toEqual([
      'ppc: must be at least 1 working day after ictDepartment (5), got 5',
    ]);
    expect(deadlineOffsetErrors({ ...DEFAULT_DEADLINE_OFFSETS, district: 2.5 })).toEqual([
      'district: must be a whole number of working days, got 2.5',
    ]);
    expect(() => reportingPeriods('quarter', 2026, calendar, { ictDepartment: 3 })).toThrow(
      /ictDepartment: must be at least 1 working day after district \(3\), got 3/,
    );
  });

  it('gives the period of a date with its deadlines', () => {
    const p = reportingPeriodOfDate('quarter', '2026-12-20', calendar);
    expect(window(p)).toEqual(['2027-Q1', '2026-12-15', '2027-03-14', '2027-03-14']);
    // Sunday 14 March 2027.
    expect(p.deadlines.commune).toBe('2027-03-15');
    expect(p.deadlines.ppc).toBe('2027-03-23');
  });
});
