import adjustmentsFile from '../../../../data/calendar/adjustments.json';
import { parseCalendarAdjustments, vietnamWorkingCalendar } from '../calendar/index';
import {
  activityMonth,
  consolidationCounts,
  consolidationPeriod,
  consolidationSelection,
  dutyPeriod,
  isActivityMonthKey,
  periodByKey,
  planDeadline,
  periodOpenings,
  planYearOf,
  reportingLevelOf,
  resultsDeadline,
} from './duty-periods';
import { reportingPeriods } from './reporting-periods';

const calendar = vietnamWorkingCalendar([2025, 2026, 2027], parseCalendarAdjustments(adjustmentsFile));

describe('the windows of duties (Decree 09/2019 for results, calendar months for activities)', () => {
  it('gives a results duty the Decree 09 window: monthly 15/10 → 14/11/2026', () => {
    expect(dutyPeriod('results', 'month', '2026-11-01')).toEqual({
      key: '2026-R11',
      kind: 'month',
      start: '2026-10-15',
      end: '2026-11-14',
    });
    // The 15th opens the next month's window.
    expect(dutyPeriod('results', 'month', '2026-11-15').key).toBe('2026-R12');
  });

  it('gives the 6-month results report 15/12 of the previous year → 14/6, and H2 15/6 → 14/12', () => {
    expect(dutyPeriod('results', 'half', '2026-01-01')).toEqual({
      key: '2026-H1',
      kind: 'half',
      start: '2025-12-15',
      end: '2026-06-14',
    });
    expect(dutyPeriod('results', 'half', '2026-07-01')).toEqual({
      key: '2026-H2',
      kind: 'half',
      start: '2026-06-15',
      end: '2026-12-14',
    });
  });

  it('gives the yearly results report 15/12 of the previous year → 14/12, across the year boundary', () => {
    expect(dutyPeriod('results', 'year', '2026-01-01')).toEqual({
      key: '2026',
      kind: 'year',
      start: '2025-12-15',
      end: '2026-12-14',
    });
    expect(dutyPeriod('results', 'year', '2026-12-14').key).toBe('2026');
    // From 15 December the data belong to the next year's windows.
    expect(dutyPeriod('results', 'year', '2026-12-15')).toMatchObject({ key: '2027', start: '2026-12-15' });
    expect(dutyPeriod('results', 'half', '2026-12-31')).toMatchObject({ key: '2027-H1', end: '2027-06-14' });
  });

  it('keeps calendar months for activity duties (a monthly radio programme): 1/11 → 30/11/2026', () => {
    expect(dutyPeriod('activity', 'month', '2026-11-15')).toEqual({
      key: '2026-11',
      kind: 'month',
      start: '2026-11-01',
      end: '2026-11-30',
    });
    expect(activityMonth('2028-02-10')).toMatchObject({ key: '2028-02', end: '2028-02-29' });
    expect(activityMonth('2026-12-31')).toMatchObject({ key: '2026-12', start: '2026-12-01', end: '2026-12-31' });
    expect(() => dutyPeriod('activity', 'year', '2026-11-15')).toThrow(/activity duty recurs by month, not by year/);
  });

  it('opens the plan for year Y with reporting year Y−1 (from 15/12 of Y−2), as year Y’s period', () => {
    expect(planYearOf('2026-01-01')).toBe(2027);
    expect(planYearOf('2026-12-14')).toBe(2027);
    expect(planYearOf('2025-12-15')).toBe(2027);
    expect(planYearOf('2026-12-15')).toBe(2028);
    expect(planYearOf('2026-12-31')).toBe(2028);
    expect(() => planYearOf('2026-13-01')).toThrow(RangeError);
    expect(dutyPeriod('plan', 'year', '2026-01-01')).toEqual({
      key: '2027',
      kind: 'year',
      start: '2026-12-15',
      end: '2027-12-14',
    });
    expect(() => dutyPeriod('plan', 'half', '2026-01-01')).toThrow(RangeError);
  });

  it('never gives one key two windows', () => {
    // Every window a duty or a close can get, over two years, is the window its key names.
    for (let month = 1; month <= 24; month += 1) {
      const date = `${2026 + Math.floor((month - 1) / 12)}-${String(((month - 1) % 12) + 1).padStart(2, '0')}-15`;
      const periods = [
        dutyPeriod('results', 'month', date),
        dutyPeriod('results', 'quarter', date),
        dutyPeriod('results', 'half', date),
        dutyPeriod('results', 'year', date),
        dutyPeriod('activity', 'month', date),
        dutyPeriod('plan', 'year', date),
        consolidationPeriod('month', date),
        consolidationPeriod('half', date),
      ];
      for (const p of periods) {
        expect(periodByKey(p.key)).toEqual(p);
      }
    }
    // The API's monthly windows and the activity months do not share a key.
    const published = reportingPeriods('month', 2026, calendar).map((p) => p.key);
    expect(published.filter(isActivityMonthKey)).toEqual([]);
    expect(periodByKey('2026-11')).toMatchObject({ start: '2026-11-01', end: '2026-11-30' });
    expect(periodByKey('2026-R11')).toMatchObject({ start: '2026-10-15', end: '2026-11-14' });
    expect(periodByKey('dot-kiem-tra')).toBeNull();
    expect(periodByKey('2026-13')).toBeNull();
  });
});

describe('deadlines of duties in working days (UTC+7 dates)', () => {
  it('puts each level of a results report on the Decree 09 per-level deadline /api/v1/periods publishes', () => {
    const november = dutyPeriod('results', 'month', '2026-11-01');
    // Closing Saturday 14/11/2026: commune +1, district and department +3, ICT department +5, PPC +7.
    expect(resultsDeadline(november, 'commune', calendar)).toBe('2026-11-16');
    expect(resultsDeadline(november, 'department', calendar)).toBe('2026-11-18');
    expect(resultsDeadline(november, 'district', calendar)).toBe('2026-11-18');
    expect(resultsDeadline(november, 'ictDepartment', calendar)).toBe('2026-11-20');
    expect(resultsDeadline(november, 'ppc', calendar)).toBe('2026-11-24');
    const published = reportingPeriods('month', 2026, calendar).find((p) => p.key === november.key)!;
    expect(published.deadlines.department).toBe('2026-11-18');
  });

  it('counts H1 2026 and year 2026 deadlines from their closing dates, skipping weekends', () => {
    const h1 = dutyPeriod('results', 'half', '2026-03-01');
    // Sunday 14/6/2026.
    expect(resultsDeadline(h1, 'commune', calendar)).toBe('2026-06-15');
    expect(resultsDeadline(h1, 'department', calendar)).toBe('2026-06-17');
    expect(resultsDeadline(h1, 'ictDepartment', calendar)).toBe('2026-06-19');
    const year = dutyPeriod('results', 'year', '2026-03-01');
    // Monday 14/12/2026.
    expect(resultsDeadline(year, 'department', calendar)).toBe('2026-12-17');
    expect(resultsDeadline(year, 'ictDepartment', calendar)).toBe('2026-12-21');
  });

  it('skips Tết: February 2026 closes on Saturday 14/2, 16–20/2 are days off', () => {
    const february = dutyPeriod('results', 'month', '2026-02-01');
    expect(february.end).toBe('2026-02-14');
    expect(resultsDeadline(february, 'commune', calendar)).toBe('2026-02-23');
    expect(resultsDeadline(february, 'department', calendar)).toBe('2026-02-25');
  });

  it('makes the plan for 2027 due before 2027 starts (5 working days before Friday 1/1/2027, a holiday)', () => {
    expect(planDeadline(2027, 5, calendar)).toBe('2026-12-25');
    expect(planDeadline(2027, 1, calendar)).toBe('2026-12-31');
    expect(planDeadline(2027, 5, calendar) < '2027-01-01').toBe(true);
    expect(() => planDeadline(2027, 0, calendar)).toThrow(/at least 1 working day/);
  });

  it('reports at the level of the agency, the ICT department’s for a report to the PPC', () => {
    expect(reportingLevelOf('commune', false)).toBe('commune');
    expect(reportingLevelOf('district', false)).toBe('district');
    expect(reportingLevelOf('department', false)).toBe('department');
    expect(reportingLevelOf('front-mass-org', false)).toBe('department');
    expect(reportingLevelOf('press', false)).toBe('department');
    expect(reportingLevelOf('department', true)).toBe('ictDepartment');
  });

  it('opens periods on the first day of their windows: the 1st and the 15th for months, the 15th otherwise', () => {
    expect(periodOpenings('month')).toEqual([
      { bases: ['activity'], months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], dayOfMonth: 1 },
      { bases: ['results'], months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], dayOfMonth: 15 },
    ]);
    expect(periodOpenings('quarter')).toEqual([{ bases: ['results'], months: [3, 6, 9, 12], dayOfMonth: 15 }]);
    expect(periodOpenings('half')).toEqual([{ bases: ['results'], months: [6, 12], dayOfMonth: 15 }]);
    expect(periodOpenings('year')).toEqual([{ bases: ['results', 'plan'], months: [12], dayOfMonth: 15 }]);
  });

  it('consolidates a calendar month with its reporting month: 2026-11 counts 2026-R11, each R month in one monthly close', () => {
    const november = activityMonth('2026-11-10');
    expect(consolidationSelection(november)).toEqual({
      keys: ['2026-11', '2026-R11'],
      from: '2026-11-01',
      to: '2026-11-30',
    });
    const r11 = periodByKey('2026-R11')!;
    expect(consolidationCounts(november, r11)).toBe(true);
    expect(consolidationCounts(activityMonth('2026-10-10'), r11)).toBe(false);
    expect(consolidationCounts(activityMonth('2026-12-10'), r11)).toBe(false);
    // Over two years, every reporting month is counted by exactly one monthly close: its own month's.
    for (let i = 0; i < 24; i++) {
      const date = `${2026 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}-01`;
      const rMonth = periodByKey(dutyPeriod('results', 'month', date).key)!;
      const counting = Array.from({ length: 26 }, (_, j) =>
        activityMonth(`${2025 + Math.floor((j + 11) / 12)}-${String(((j + 11) % 12) + 1).padStart(2, '0')}-01`),
      ).filter((m) => consolidationCounts(m, rMonth));
      expect({ r: rMonth.key, closes: counting.map((m) => m.key) }).toEqual({
        r: rMonth.key,
        closes: [date.slice(0, 7)],
      });
    }
    // A quarter counts its reporting months and the activity months ending inside it, by window.
    const q4 = periodByKey('2026-Q4')!;
    expect(consolidationSelection(q4)).toEqual({ keys: ['2026-Q4'], from: '2026-09-01', to: '2026-12-14' });
    expect(
      ['2026-R10', '2026-R11', '2026-R12', '2026-09', '2026-10', '2026-11'].map((k) =>
        consolidationCounts(q4, periodByKey(k)!),
      ),
    ).toEqual([true, true, true, true, true, true]);
    expect(['2026-R09', '2026-12', '2027-R01'].map((k) => consolidationCounts(q4, periodByKey(k)!))).toEqual([
      false,
      false,
      false,
    ]);
    // An ad-hoc request's own key counts by key only.
    expect(consolidationCounts(q4, { key: 'dot-2026', start: null, end: null })).toBe(false);
  });
});
