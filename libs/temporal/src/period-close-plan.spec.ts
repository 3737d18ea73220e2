import { vietnamWorkingCalendar } from '../../domain/src/calendar/vietnam-working-calendar';
import { planPeriodCloseFor } from './period-close-plan';

const calendar = vietnamWorkingCalendar([2026, 2027, 2028]);
const monthly = {
  recurrence: { kind: 'monthly' as const },
  deadline: { rule: 'period-end' as const, workingDaysAfter: 3 },
};
const halfYearly = {
  recurrence: { kind: 'half-yearly' as const },
  deadline: { rule: 'period-end' as const, workingDaysAfter: 1 },
};

describe('planPeriodCloseFor', () => {
  it('closes a month two working days after its duties’ deadline, at 17:00 Vietnam time', () => {
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

  it('makes a half-year wait for the deadline of the months that end with it', () => {
    // 30/06/2027 is a Wednesday: June's deadline is Monday 05/07, so H1 closes Wednesday 07/07,
    // not two working days after the half-yearly duty's own deadline (+1 → 01/07, close 05/07).
    const h1 = planPeriodCloseFor('p', 'half', '2027-03-01', [monthly, halfYearly], calendar);
    expect(h1).toMatchObject({ periodKey: '2027-H1', closeAt: '2027-07-07T10:00:00.000Z' });
    const onlyHalf = planPeriodCloseFor('p', 'half', '2027-03-01', [halfYearly], calendar);
    expect(onlyHalf.closeAt).toBe('2027-07-05T10:00:00.000Z');
    // A month never waits for coarser duties.
    expect(planPeriodCloseFor('p', 'month', '2027-06-10', [halfYearly], calendar).closeAt).toBe(
      '2027-07-02T10:00:00.000Z',
    );
  });

  it('closes a year after December’s deadline, across the New Year holiday', () => {
    // 31/12/2027 Friday; 01/01/2028 is a Saturday (holiday moved to Monday 03/01):
    // December's deadline is Thursday 06/01, the year closes Monday 10/01/2028.
    expect(planPeriodCloseFor('p', 'year', '2027-05-05', [monthly], calendar)).toMatchObject({
      periodKey: '2027',
      closeAt: '2028-01-10T10:00:00.000Z',
    });
  });
});
