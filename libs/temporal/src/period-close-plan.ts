import type { DutySpec } from '../../catalog/src/catalog.schema';
import type { WorkingCalendar } from '../../domain/src/calendar';
import { vietnamInstant, type LocalDate } from '../../domain/src/local-date';
import { periodContaining, type PeriodKind } from '../../domain/src/period';
import type { PeriodCloseInput } from '../../../workflows/period-close.messages';
import { PERIOD_OF_RECURRENCE } from './assignment-starter';

/** Coarser periods contain finer ones that end on the same day (June ends with H1, December with the year). */
const RANK: Record<PeriodKind, number> = { month: 1, quarter: 2, half: 3, year: 4 };

/** Working days between the last deadline of a period and its consolidation. */
export const CLOSE_AFTER_LAST_DEADLINE_WORKING_DAYS = 2;
export const CLOSE_LOCAL_TIME = '17:00';

/**
 * When the period of `kind` containing `onDate` is consolidated: two working days after the
 * latest deadline of any duty reported in it, at 17:00 Vietnam time. A half-year or a year also
 * waits for the duties of the months and quarters that end with it, so its report judges June's
 * or December's monthly reports after their deadline, not before.
 */
export function planPeriodCloseFor(
  planCode: string,
  kind: PeriodKind,
  onDate: LocalDate,
  duties: Array<Pick<DutySpec, 'recurrence' | 'deadline'>>,
  calendar: WorkingCalendar,
): PeriodCloseInput {
  const period = periodContaining(kind, onDate);
  const inside = duties.filter((d) => {
    const k = PERIOD_OF_RECURRENCE[d.recurrence.kind];
    return k !== undefined && RANK[k] <= RANK[kind];
  });
  const after = Math.max(0, ...inside.map((d) => (d.deadline.rule === 'period-end' ? d.deadline.workingDaysAfter : 0)));
  const closeDate = calendar.addWorkingDays(period.end, after + CLOSE_AFTER_LAST_DEADLINE_WORKING_DAYS);
  return {
    planCode,
    kind,
    periodKey: period.key,
    periodStart: period.start,
    periodEnd: period.end,
    closeAt: vietnamInstant(closeDate, CLOSE_LOCAL_TIME).toISOString(),
  };
}
