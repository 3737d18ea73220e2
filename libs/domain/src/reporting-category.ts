import type { LocalDate } from './local-date';

/**
 * The four buckets of Vietnamese task tracking (Decision 42/2014/QĐ-TTg):
 * every assignment is in exactly one of them.
 */
export const REPORTING_CATEGORIES = ['open-on-time', 'open-overdue', 'done-on-time', 'done-late'] as const;
export type ReportingCategory = (typeof REPORTING_CATEGORIES)[number];

export const REPORTING_CATEGORY_LABELS: Record<ReportingCategory, { vi: string; en: string }> = {
  'open-on-time': { vi: 'Đang thực hiện, trong hạn', en: 'Open, on time' },
  'open-overdue': { vi: 'Đang thực hiện, quá hạn', en: 'Open, overdue' },
  'done-on-time': { vi: 'Đã hoàn thành đúng hạn', en: 'Done on time' },
  'done-late': { vi: 'Đã hoàn thành quá hạn', en: 'Done late' },
};

/**
 * Category of an assignment on `today` (Vietnam date) against the deadline in force.
 * `doneOn` is the Vietnam date of completion, if completed; a deadline day itself is on time.
 */
export function reportingCategory(dueDate: LocalDate, today: LocalDate, doneOn?: LocalDate | null): ReportingCategory {
  if (doneOn) {
    return doneOn <= dueDate ? 'done-on-time' : 'done-late';
  }
  return today <= dueDate ? 'open-on-time' : 'open-overdue';
}
