import type { CalendarSpecDescription } from '@temporalio/client';
import { StateAgencyCalendar } from '../../domain/src/calendar';
import { addDays } from '../../domain/src/local-date';
import type { PeriodKind } from '../../domain/src/period';
import {
  KINDS_OF_BASIS,
  PERIOD_BASES,
  activityMonth,
  dutyPeriod,
  periodByKey,
  planDeadline,
  planYearOf,
  type PeriodBasis,
} from '../../domain/src/periods/duty-periods';
import { periodOfDate, reportingPeriods } from '../../domain/src/periods/reporting-periods';
import { PERIOD_KINDS, calendarFirings, periodScheduleCalendars } from './period-schedules';

const YEARS = [2026, 2027, 2028];
const basesOf = (kind: PeriodKind): PeriodBasis[] =>
  PERIOD_BASES.filter((b) => KINDS_OF_BASIS[b]?.includes(kind) ?? true);

/** Every day of `year` on which a schedule with these firings opens periods (Vietnam dates). */
function firingDates(kind: PeriodKind, year: number): string[] {
  const firings = calendarFirings(periodScheduleCalendars(kind));
  const dates: string[] = [];
  for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) {
    if (firings.includes(`${date.slice(5)} 00:05`)) {
      dates.push(date);
    }
  }
  return dates;
}

/** The first days of every window a duty of `kind` can have that starts in `year`, from the domain's definitions. */
function windowStarts(kind: PeriodKind, year: number): string[] {
  const starts = new Set<string>();
  for (const y of [year, year + 1]) {
    // Decree 09/2019 windows reporting on y (the first of them starts on 15 December of y − 1).
    reportingPeriods(kind, y, new StateAgencyCalendar()).forEach((p) => starts.add(p.start));
  }
  if (kind === 'month') {
    for (let m = 1; m <= 12; m++) {
      starts.add(activityMonth(`${year}-${String(m).padStart(2, '0')}-01`).start);
    }
  }
  return [...starts].filter((d) => d.startsWith(`${year}-`)).sort();
}

describe('the schedules that open periods (Decree 09/2019 windows)', () => {
  it.each(PERIOD_KINDS)('fire for %s on the first day of each window, at 00:05, and on no other day', (kind) => {
    for (const year of YEARS) {
      expect({ kind, year, dates: firingDates(kind, year) }).toEqual({ kind, year, dates: windowStarts(kind, year) });
    }
    expect(new Set(calendarFirings(periodScheduleCalendars(kind)).map((f) => f.slice(6)))).toEqual(new Set(['00:05']));
  });

  it('fire on the 15th for results windows: Q1 on 15/12, H1 on 15/12 and 15/6, the year on 15/12', () => {
    expect(firingDates('quarter', 2026)).toEqual(['2026-03-15', '2026-06-15', '2026-09-15', '2026-12-15']);
    expect(firingDates('half', 2026)).toEqual(['2026-06-15', '2026-12-15']);
    expect(firingDates('year', 2026)).toEqual(['2026-12-15']);
    expect(firingDates('month', 2026).slice(0, 4)).toEqual(['2026-01-01', '2026-01-15', '2026-02-01', '2026-02-15']);
  });

  it.each(PERIOD_KINDS)(
    'open, for %s, the periods whose window starts that day, under the keys GET /api/v1/periods publishes',
    (kind) => {
      for (const year of YEARS) {
        for (const date of firingDates(kind, year)) {
          const starting = basesOf(kind)
            .filter((b) => b !== 'plan')
            .map((basis) => dutyPeriod(basis, kind, date))
            .filter((p) => p.start === date);
          // At least one period of the kind starts on each firing day.
          expect({ date, starting: starting.length > 0 }).toEqual({ date, starting: true });
          for (const period of starting) {
            // The key names exactly this window (one key, one window) …
            expect(periodByKey(period.key)).toEqual(period);
          }
          const results = dutyPeriod('results', kind, date);
          // … and a results period is the one /api/v1/periods lists for its year, with the same window.
          const published = reportingPeriods(kind, Number(results.key.slice(0, 4)), new StateAgencyCalendar()).find(
            (p) => p.key === results.key,
          );
          expect(published).toMatchObject({ key: results.key, start: results.start, end: results.end });
        }
      }
    },
  );

  it('open the plan for the year after the reporting year that starts on 15/12, due before that year starts', () => {
    const calendar = new StateAgencyCalendar();
    for (const date of ['2025-12-15', '2026-12-15', '2027-12-15']) {
      const reportingYear = Number(periodOfDate('year', date).key);
      expect(Number(periodOfDate('year', date).start.slice(0, 4))).toBe(Number(date.slice(0, 4)));
      const plan = dutyPeriod('plan', 'year', date);
      expect(plan.key).toBe(String(reportingYear + 1));
      expect(planYearOf(date)).toBe(reportingYear + 1);
      // The plan is due before its year starts, a year after it is opened.
      const due = planDeadline(reportingYear + 1, 5, calendar);
      expect(due < `${reportingYear + 1}-01-01`).toBe(true);
      expect(due > addDays(date, 300)).toBe(true);
    }
  });

  it('compare a schedule as the server describes it: the calendars of older code (the 1st) differ', () => {
    const described = (months: number[], day: number): CalendarSpecDescription => ({
      second: [{ start: 0, end: 0, step: 0 }],
      minute: [{ start: 5, end: 5, step: 1 }],
      hour: [{ start: 0, end: 0, step: 1 }],
      dayOfMonth: [{ start: day, end: day, step: 1 }],
      month: months.map((m) => ({
        start: (['MARCH', 'JUNE', 'SEPTEMBER', 'DECEMBER'] as const)[m],
        end: (['MARCH', 'JUNE', 'SEPTEMBER', 'DECEMBER'] as const)[m],
        step: 1,
      })),
      year: [],
      dayOfWeek: [{ start: 'SUNDAY', end: 'SATURDAY', step: 1 }],
    });
    expect(calendarFirings([described([0, 1, 2, 3], 15)])).toEqual(calendarFirings(periodScheduleCalendars('quarter')));
    const older = { month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 0, minute: 5 } as const;
    expect(calendarFirings([{ ...older, month: [...older.month] }])).toEqual([
      '01-01 00:05',
      '04-01 00:05',
      '07-01 00:05',
      '10-01 00:05',
    ]);
    expect(calendarFirings([{ dayOfMonth: 1, hour: 0, minute: 5 }])).not.toEqual(
      calendarFirings(periodScheduleCalendars('month')),
    );
    expect(() => calendarFirings([{ dayOfWeek: 'MONDAY', hour: 8 }])).toThrow(RangeError);
  });
});
