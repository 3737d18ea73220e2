import { AGENCY_KINDS } from '../../domain/src/agency';
import { formatVietnameseDate } from '../../domain/src/local-date';
import {
  isPeriodKey,
  periodName,
  reportingMonthWindow,
  type ReportingMonthWindow,
} from '../../domain/src/periods/period-name';
import { REPORTING_CATEGORIES, REPORTING_CATEGORY_LABELS, type ReportingCategory } from '../../domain/src/status';
import { compareVietnamese } from '../../domain/src/text';
import type { PeriodReportData } from './period-report.types';

/** Report order of the categories: open on time, open overdue, done on time, done late. */
export const CATEGORY_ORDER: readonly ReportingCategory[] = REPORTING_CATEGORIES;

/** Vietnamese labels of the four categories of Decision 42/2014/QĐ-TTg, as the report prints them. */
export const CATEGORY_LABELS_VI = Object.fromEntries(
  REPORTING_CATEGORIES.map((c) => [c, REPORTING_CATEGORY_LABELS[c].vi]),
) as Record<ReportingCategory, string>;

/** Vietnamese names of the groups of agencies (plan section V). */
export const AGENCY_KIND_LABELS_VI: Record<string, string> = {
  department: 'Các sở, ban, ngành cấp tỉnh',
  office: 'Văn phòng UBND tỉnh',
  district: 'UBND các huyện, thị xã, thành phố',
  commune: 'UBND các xã, phường, thị trấn',
  party: 'Các ban của Tỉnh ủy',
  'front-mass-org': 'Mặt trận Tổ quốc và các tổ chức chính trị - xã hội',
  association: 'Các hiệp hội',
  press: 'Các cơ quan báo chí của tỉnh',
  'central-press': 'Các cơ quan báo chí Trung ương thường trú',
};

export function agencyKindLabel(kind: string): string {
  return AGENCY_KIND_LABELS_VI[kind] ?? kind;
}

/** Sort rank of an agency kind: the plan's order, unknown kinds last. */
export function agencyKindRank(kind: string): number {
  const i = (AGENCY_KINDS as readonly string[]).indexOf(kind);
  return i < 0 ? AGENCY_KINDS.length : i;
}

export const BINDING_LABEL_VI = 'Giao nhiệm vụ';
export const REQUESTED_LABEL_VI = 'Đề nghị';

export function bindingLabel(binding: boolean): string {
  return binding ? BINDING_LABEL_VI : REQUESTED_LABEL_VI;
}

/**
 * The period in words inside a sentence, with its window: "tháng 11/2026 (từ 1/11/2026 đến
 * 30/11/2026)", "6 tháng đầu năm 2026 (số liệu từ 15/12/2025 đến 14/6/2026)" (periodName). A key
 * that is no period is followed by the window the report was given.
 */
export function periodLabelVi(period: PeriodReportData['period']): string {
  if (isPeriodKey(period.key)) {
    return periodName(period.key, 'vi', { inSentence: true });
  }
  const d = (date: string) => date.split('-').reverse().map(Number).join('/');
  return `${period.key} (từ ${d(period.start)} đến ${d(period.end)})`;
}

/** The reporting month a monthly report also counts, as the documents state it beside the period. */
export type { ReportingMonthWindow };

/**
 * For the report of an activity month (`2026-11`, 1–30/11), the Decree 09/2019/NĐ-CP reporting
 * month its close also counts, so that the documents state both windows: "Số liệu báo cáo tháng:
 * từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP)". The one definition is
 * reportingMonthWindow in libs/domain (also stated by the emails and the dashboard). Null for any
 * other period (a quarter, half or year is itself a Decree 09 window, named with it by periodLabelVi).
 */
export function reportingMonthWindowVi(period: PeriodReportData['period']): ReportingMonthWindow | null {
  return reportingMonthWindow(period.key, 'vi');
}

/** dd/MM/yyyy for a YYYY-MM-DD date; an empty string for an empty value. */
export function viDate(date: string | null | undefined): string {
  return date ? formatVietnameseDate(date.slice(0, 10)) : '';
}

/** A rate as Vietnamese text, one decimal with a decimal comma: 0.8333 → "83,3%". */
export function viPercent(rate: number): string {
  const value = Number.isFinite(rate) ? rate : 0;
  return `${(Math.round(value * 1000) / 10).toFixed(1).replace('.', ',')}%`;
}

/** Vietnamese string comparison for names: the one order of API, dashboard and documents. */
export const compareVi = compareVietnamese;

/** Plan clauses in reading order: V.2 before V.10. */
export function compareClauses(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
