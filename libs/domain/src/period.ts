import { addDays, type LocalDate } from './local-date';

export type PeriodKind = 'month' | 'quarter' | 'half' | 'year';

/** A reporting period (kỳ báo cáo) of the duty's activity, identified by a stable key. */
export interface Period {
  key: string;
  kind: PeriodKind;
  start: LocalDate;
  end: LocalDate;
}

const pad = (n: number): string => String(n).padStart(2, '0');

function lastDayOfMonth(year: number, month: number): LocalDate {
  const firstOfNext = month === 12 ? `${year + 1}-01-01` : `${year}-${pad(month + 1)}-01`;
  return addDays(firstOfNext, -1);
}

/** The calendar period of `kind` that contains `date`. Keys: 2026-11, 2026-Q4, 2026-H2, 2026. */
export function periodContaining(kind: PeriodKind, date: LocalDate): Period {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  switch (kind) {
    case 'month':
      return {
        key: `${year}-${pad(month)}`,
        kind,
        start: `${year}-${pad(month)}-01`,
        end: lastDayOfMonth(year, month),
      };
    case 'quarter': {
      const q = Math.ceil(month / 3);
      return { key: `${year}-Q${q}`, kind, start: `${year}-${pad(q * 3 - 2)}-01`, end: lastDayOfMonth(year, q * 3) };
    }
    case 'half': {
      const h = month <= 6 ? 1 : 2;
      return {
        key: `${year}-H${h}`,
        kind,
        start: `${year}-${h === 1 ? '01' : '07'}-01`,
        end: h === 1 ? `${year}-06-30` : `${year}-12-31`,
      };
    }
    case 'year':
      return { key: String(year), kind, start: `${year}-01-01`, end: `${year}-12-31` };
  }
}
