import { periodBasisOf, type DutySpec } from '../../catalog/src/catalog.schema';
import type { WorkingCalendar } from '../../domain/src/calendar';
import { PPC_OFFICE_CODE } from '../../domain/src/agency';
import { addDays, vietnamInstant, type LocalDate } from '../../domain/src/local-date';
import type { Period, PeriodKind } from '../../domain/src/period';
import {
  consolidationPeriod,
  consolidationSelection,
  periodByKey,
  resultsDeadline,
} from '../../domain/src/periods/duty-periods';
import { isReportingPeriodKey, type ReportingLevel } from '../../domain/src/periods/reporting-periods';
import type { PeriodCloseInput } from '../../../workflows/period-close.messages';
import { PERIOD_OF_RECURRENCE } from './assignment-starter';

/** Coarser periods contain finer ones that end on the same day (R06 and Q2 end with H1, Q4 with the year). */
const RANK: Record<PeriodKind, number> = { month: 1, quarter: 2, half: 3, year: 4 };

/** Working days between the last deadline of a period and its consolidation. */
export const CLOSE_AFTER_LAST_DEADLINE_WORKING_DAYS = 2;
export const CLOSE_LOCAL_TIME = '17:00';

/** The last day of the last calendar month that ends on or before `date`. */
function lastMonthEndBy(date: LocalDate): LocalDate {
  const nextDay = addDays(date, 1);
  return nextDay.endsWith('-01') ? date : addDays(`${date.slice(0, 7)}-01`, -1);
}

type CloseDuty = Pick<DutySpec, 'recurrence' | 'deadline'> & Partial<Pick<DutySpec, 'reportTo'>>;

/**
 * When the period of `kind` containing `onDate` (consolidationPeriod: the calendar month for
 * `month`, the Decree 09/2019 window otherwise) is consolidated: two working days after the
 * latest deadline of any assignment its report counts, at 17:00 Vietnam time. A quarter,
 * half-year or year waits for the results duties of the finer periods that close with it
 * (their per-level deadline, the ICT department's for a report to the PPC; a month waits for its
 * reporting month, 2026-11 for 2026-R11, see consolidationSelection) and for the last
 * activity month that ends inside its window; plans for the year fall due before it starts.
 */
export function planPeriodCloseFor(
  planCode: string,
  kind: PeriodKind,
  onDate: LocalDate,
  duties: CloseDuty[],
  calendar: WorkingCalendar,
): PeriodCloseInput {
  const period = consolidationPeriod(kind, onDate);
  // The reporting periods the close counts by key: its own window, or a month's reporting month.
  const reporting = consolidationSelection(period)
    .keys.filter(isReportingPeriodKey)
    .map((key) => periodByKey(key))
    .filter((p): p is Period => p !== null);
  let last = period.end;
  for (const d of duties) {
    const k = PERIOD_OF_RECURRENCE[d.recurrence.kind];
    if (k === undefined || RANK[k] > RANK[kind]) {
      continue;
    }
    let due: LocalDate | null = null;
    switch (d.deadline.rule) {
      case 'reporting-level': {
        const levels: ReportingLevel[] =
          d.reportTo === PPC_OFFICE_CODE ? ['ictDepartment'] : ['commune', 'district', 'department'];
        due = levels
          .flatMap((l) => reporting.map((window) => resultsDeadline(window, l, calendar)))
          .sort()
          .at(-1)!;
        break;
      }
      case 'period-end': {
        // An activity month counts in the period whose window holds its last day.
        const end = periodBasisOf(d.recurrence) === 'activity' ? lastMonthEndBy(period.end) : period.end;
        due = calendar.addWorkingDays(end, d.deadline.workingDaysAfter);
        break;
      }
      case 'before-year':
      case 'fixed':
      case 'requester':
      case 'after-activation': // one-off duties belong to no period
        break;
    }
    if (due !== null && due > last) {
      last = due;
    }
  }
  const closeDate = calendar.addWorkingDays(last, CLOSE_AFTER_LAST_DEADLINE_WORKING_DAYS);
  return {
    planCode,
    kind,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    closeAt: vietnamInstant(closeDate, CLOSE_LOCAL_TIME).toISOString(),
  };
}
