import { vietnamWorkingCalendar } from '../../domain/src/calendar/vietnam-working-calendar';
import { planPeriodCloseFor } from './period-close-plan';

const calendar = vietnamWorkingCalendar([2026, 2027, 2028]);
/** A monthly activity (the radio programme): calendar months, month end + 3 working days. */
const monthly = {
  recurrence: { kind: 'monthly' as const, basis: 'activity' as const },
  deadline: { rule: 'period-end' as const, workingDaysAfter: 3 },
};
/** A monthly results report: the Decree 09 reporting month (2027-R11 = 15/10 → 14/11), per-level deadline. */
const monthlyResults = {
  recurrence: { kind: 'monthly' as const, basis: 'results' as const },
  deadline: { rule: 'reporting-level' as const },
};
/** A half-yearly results report of departments and districts: the Decree 09 per-level deadline. */
const halfYearly = {
  recurrence: { kind: 'half-yearly' as const, basis: 'results' as const },
  deadline: { rule: 'reporting-level' as const },
};
/** The ICT department's yearly report to the PPC: its own, later, level. */
const yearlyToPpc = {
  recurrence: { kind: 'yearly' as const, basis: 'results' as const },
  deadline: { rule: 'reporting-level' as const },
  reportTo: 'van-phong-ubnd-tinh',
};
/** A yearly plan: due before its year, never holds a close back. */
const plan = {
  recurrence: { kind: 'yearly' as const, basis: 'plan' as const },
  deadline: { rule: 'before-year' as const, workingDaysBefore: 5 },
};

describe('planPeriodCloseFor', () => {
  it('closes a calendar month two working days after its duties’ deadline, at 17:00 Vietnam time', () => {
    // November 2027 ends on Tuesday 30/11: deadline Friday 03/12, close Tuesday 07/12.
    expect(planPeriodCloseFor('p', 'month', '2027-11-15', [monthly], calendar)).toEqual({
      planCode: 'p',
      kind: 'month',
      periodKey: '2027-11',
      periodStart: '2027-11-01',
      periodEnd: '2027-11-30',
      closeAt: '2027-12-07T10:00:00.000Z',
    });
  });

  it('closes H1 on its Decree 09 window, after the per-level deadline of its results duties', () => {
    // H1 2027 = 15/12/2026 → Monday 14/6/2027; department / district level +3 → Thursday 17/6,
    // close Monday 21/6. May's programmes (due 03/6) are settled long before.
    const h1 = planPeriodCloseFor('p', 'half', '2027-03-01', [monthly, halfYearly], calendar);
    expect(h1).toEqual({
      planCode: 'p',
      kind: 'half',
      periodKey: '2027-H1',
      periodStart: '2026-12-15',
      periodEnd: '2027-06-14',
      closeAt: '2027-06-21T10:00:00.000Z',
    });
    // Only activity months: two working days after the window's end (Wednesday 16/6).
    expect(planPeriodCloseFor('p', 'half', '2027-03-01', [monthly], calendar).closeAt).toBe('2027-06-16T10:00:00.000Z');
    // A month never waits for coarser duties: June 2027 ends Wednesday 30/6, close Friday 02/7.
    expect(planPeriodCloseFor('p', 'month', '2027-06-10', [halfYearly], calendar).closeAt).toBe(
      '2027-07-02T10:00:00.000Z',
    );
  });

  it('closes the year after the ICT department’s report to the PPC; plans do not hold it back', () => {
    // Year 2027 = 15/12/2026 → Tuesday 14/12/2027; ICT department level +5 → Tuesday 21/12, close Thursday 23/12.
    expect(planPeriodCloseFor('p', 'year', '2027-05-05', [monthly, yearlyToPpc, plan], calendar)).toMatchObject({
      periodKey: '2027',
      periodStart: '2026-12-15',
      periodEnd: '2027-12-14',
      closeAt: '2027-12-23T10:00:00.000Z',
    });
    expect(planPeriodCloseFor('p', 'year', '2027-05-05', [monthly, plan], calendar).closeAt).toBe(
      '2027-12-16T10:00:00.000Z',
    );
  });

  it('closes a month with its reporting month: the results of 2027-R11 are due by the R11 window, not the calendar month', () => {
    // R11 2027 closes Sunday 14/11, department level +3 → Wednesday 17/11: settled before November
    // ends (Tuesday 30/11), so the close is two working days after the month, Thursday 02/12.
    expect(planPeriodCloseFor('p', 'month', '2027-11-15', [monthlyResults], calendar).closeAt).toBe(
      '2027-12-02T10:00:00.000Z',
    );
    // With the activity month too, its deadline (Friday 03/12) decides: Tuesday 07/12.
    expect(planPeriodCloseFor('p', 'month', '2027-11-15', [monthlyResults, monthly], calendar).closeAt).toBe(
      '2027-12-07T10:00:00.000Z',
    );
  });
});
