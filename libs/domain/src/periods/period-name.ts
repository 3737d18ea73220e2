import { formatVietnameseDate, type LocalDate } from '../local-date';
import { consolidationSelection, isActivityMonthKey, periodByKey } from './duty-periods';
import { ONE_OFF_PERIOD_KEY } from '../period';

/**
 * The one way a period is named where a person reads it (dashboard, emails, xlsx, docx):
 * in words with its window, never as its key.
 *
 * | key       | vi                                                          | en                                                             |
 * |-----------|-------------------------------------------------------------|----------------------------------------------------------------|
 * | 2026-11   | Tháng 11/2026 (từ 1/11/2026 đến 30/11/2026)                 | November 2026 (1 November 2026 to 30 November 2026)            |
 * | 2026-R11  | Tháng 11/2026 (số liệu từ 15/10/2026 đến 14/11/2026)        | November 2026 (data from 15 October 2026 to 14 November 2026)  |
 * | 2026-Q4   | Quý IV/2026 (số liệu từ 15/9/2026 đến 14/12/2026)           | Q4 2026 (data from …)                                          |
 * | 2026-H1   | 6 tháng đầu năm 2026 (số liệu từ 15/12/2025 đến 14/6/2026)  | First half of 2026 (data from 15 December 2025 to 14 June 2026)|
 * | 2026-H2   | 6 tháng cuối năm 2026 (số liệu từ 15/6/2026 đến 14/12/2026) | Second half of 2026 (data from …)                              |
 * | 2026      | Năm 2026 (số liệu từ 15/12/2025 đến 14/12/2026)             | Year 2026 (data from …)                                        |
 *
 * `2026-11` is a calendar month of activity, the others Decree 09/2019/NĐ-CP reporting
 * periods whose data window closes on the 14th (see duty-periods.ts): "số liệu từ … đến …"
 * is how administrative reports state the data window. Vietnamese names follow the usage of
 * those reports ("báo cáo 6 tháng đầu năm", "quý IV/2026"); dates are d/m/yyyy (UTC+7 dates).
 * A key that is no period (an ad-hoc request's own key) is returned as given: it is the name
 * the officer typed.
 */

export type PeriodNameLang = 'vi' | 'en';

const ROMAN = ['I', 'II', 'III', 'IV'];
const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const KEY_RE = /^(\d{4})(?:-(?:R?(\d{2})|Q([1-4])|H([12])))?$/;

export interface PeriodNameOptions {
  /** Inside a Vietnamese sentence: lower-case first letter ("kỳ tháng 11/2026 (…)"). */
  inSentence?: boolean;
  /** Followed by its window (default true); false only where the window is stated beside it. */
  window?: boolean;
}

/** Is `key` the key of a period (2026-11, 2026-R11, 2026-Q4, 2026-H1, 2026)? */
export function isPeriodKey(key: string): boolean {
  return periodByKey(key) !== null;
}

/** A date the way the name writes it: `15/12/2025` (vi), `15 December 2025` (en). */
function dateInWords(date: LocalDate, lang: PeriodNameLang): string {
  const [y, m, d] = date.split('-').map(Number);
  return lang === 'vi' ? `${d}/${m}/${y}` : `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** The window in words: "(số liệu từ 15/12/2025 đến 14/6/2026)", "(từ 1/11/2026 đến 30/11/2026)". */
export function periodWindowInWords(key: string, lang: PeriodNameLang = 'vi'): string | null {
  const period = periodByKey(key);
  if (!period) {
    return null;
  }
  const from = dateInWords(period.start, lang);
  const to = dateInWords(period.end, lang);
  if (isActivityMonthKey(key)) {
    return lang === 'vi' ? `(từ ${from} đến ${to})` : `(${from} to ${to})`;
  }
  return lang === 'vi' ? `(số liệu từ ${from} đến ${to})` : `(data from ${from} to ${to})`;
}

/** A period in words with its window: see the table above. */
export function periodName(key: string, lang: PeriodNameLang = 'vi', opts: PeriodNameOptions = {}): string {
  if (key === ONE_OFF_PERIOD_KEY) {
    const once = lang === 'vi' ? 'Một lần (từ khi triển khai Kế hoạch)' : 'Once (from the plan’s activation)';
    return lang === 'vi' && opts.inSentence ? once.charAt(0).toLocaleLowerCase('vi') + once.slice(1) : once;
  }
  const m = KEY_RE.exec(key);
  const window = periodWindowInWords(key, lang);
  if (!m || window === null) {
    return key;
  }
  const year = m[1];
  let name: string;
  if (m[2] !== undefined) {
    const month = Number(m[2]);
    name = lang === 'vi' ? `Tháng ${month}/${year}` : `${MONTHS_EN[month - 1]} ${year}`;
  } else if (m[3] !== undefined) {
    const q = Number(m[3]);
    name = lang === 'vi' ? `Quý ${ROMAN[q - 1]}/${year}` : `Q${q} ${year}`;
  } else if (m[4] !== undefined) {
    const first = m[4] === '1';
    name =
      lang === 'vi' ? `6 tháng ${first ? 'đầu' : 'cuối'} năm ${year}` : `${first ? 'First' : 'Second'} half of ${year}`;
  } else {
    name = lang === 'vi' ? `Năm ${year}` : `Year ${year}`;
  }
  if (opts.window !== false) {
    name = `${name} ${window}`;
  }
  return lang === 'vi' && opts.inSentence ? name.charAt(0).toLocaleLowerCase('vi') + name.slice(1) : name;
}

/** The Decree 09/2019 reporting month a monthly duty also reports, as a person reads it. */
export interface ReportingMonthWindow {
  /** "Số liệu báo cáo tháng" / "Reporting-month data" */
  label: string;
  /**
   * "từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP)" (dd/mm/yyyy) / "15 October 2026 to
   * 14 November 2026 (Decree 09/2019/ND-CP)"; Vietnam (UTC+7) dates.
   */
  window: string;
}

/**
 * For an activity month (`2026-11`, 1–30/11), the Decree 09/2019/NĐ-CP reporting month it is
 * counted with (consolidationSelection: `2026-R11`, data from the 15th of the month before to the
 * 14th, art. 12): "Số liệu báo cáo tháng: từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP)".
 * The one definition that the period documents (docx, xlsx), the emails and the dashboard state
 * beside the period's name wherever a monthly duty is read. Null for any other key: a reporting
 * month, quarter, half or year is itself a Decree 09 window, named with it by periodName, and an
 * ad-hoc key has no window.
 */
export function reportingMonthWindow(key: string, lang: PeriodNameLang = 'vi'): ReportingMonthWindow | null {
  const period = isActivityMonthKey(key) ? periodByKey(key) : null;
  if (!period) {
    return null;
  }
  const reporting = consolidationSelection(period)
    .keys.filter((k) => k !== key)
    .map((k) => periodByKey(k))
    .find((p) => p !== null);
  if (!reporting) {
    return null;
  }
  return lang === 'vi'
    ? {
        label: 'Số liệu báo cáo tháng',
        window: `từ ${formatVietnameseDate(reporting.start)} đến ${formatVietnameseDate(reporting.end)} (Nghị định 09/2019/NĐ-CP)`,
      }
    : {
        label: 'Reporting-month data',
        window: `${dateInWords(reporting.start, 'en')} to ${dateInWords(reporting.end, 'en')} (Decree 09/2019/ND-CP)`,
      };
}
