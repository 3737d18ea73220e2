/**
 * The one way a period is named where a person reads it (dashboard, emails, xlsx, docx):
 * in words, never as its key.
 *
 * | key       | vi                      | en                      |
 * |-----------|-------------------------|-------------------------|
 * | 2026-11   | Tháng 11/2026           | November 2026           |
 * | 2026-Q4   | Quý IV/2026             | Q4 2026                 |
 * | 2026-H1   | 6 tháng đầu năm 2026    | First half of 2026      |
 * | 2026-H2   | 6 tháng cuối năm 2026   | Second half of 2026     |
 * | 2026      | Năm 2026                | Year 2026               |
 *
 * Vietnamese names follow the usage of administrative reports ("báo cáo 6 tháng đầu năm",
 * "quý IV/2026"). A key that is not a reporting period (an ad-hoc request's own key) is
 * returned as given: it is the name the officer typed.
 */

export type PeriodNameLang = 'vi' | 'en';

const KEY_RE = /^(\d{4})(?:-(?:(0[1-9]|1[0-2])|Q([1-4])|H([12])))?$/;
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

export interface PeriodNameOptions {
  /** Inside a Vietnamese sentence: lower-case first letter ("kỳ tháng 11/2026"). */
  inSentence?: boolean;
}

/** Is `key` the key of a reporting period (2026-11, 2026-Q4, 2026-H1, 2026)? */
export function isPeriodKey(key: string): boolean {
  return KEY_RE.test(key);
}

/** A period in words: see the table above. */
export function periodName(key: string, lang: PeriodNameLang = 'vi', opts: PeriodNameOptions = {}): string {
  const m = KEY_RE.exec(key);
  if (!m) {
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
  return lang === 'vi' && opts.inSentence ? name.charAt(0).toLocaleLowerCase('vi') + name.slice(1) : name;
}
