import { addDays, dayOfWeek, isLocalDate, type LocalDate } from '../local-date';
import type { LocalizedName } from './public-holidays';
import { vietnameseNewYear } from './vietnamese-lunar';

/**
 * The Government's yearly decisions on the working calendar of state agencies, as data
 * (`data/calendar/adjustments.json`): swapped days (a weekday off, a Saturday worked),
 * where the five Tết days fall, and which day accompanies National Day. Entered per year
 * from the official document; never guessed.
 */
export interface AdjustmentDay {
  date: LocalDate;
  name: LocalizedName;
}

export interface YearAdjustments {
  year: number;
  /** Weekdays off (hoán đổi: the weekday taken off). */
  daysOff: AdjustmentDay[];
  /** Weekend days worked (làm bù). */
  workingDays: AdjustmentDay[];
  /** The five Tết days decided for the year, when they differ from the default rule of `tetHolidays`. */
  tetDays?: LocalDate[];
  /** `YYYY-09-01` or `YYYY-09-03`, when decided (default 1 September). */
  nationalDayAdjacentDay?: LocalDate;
  /** The official document(s) the entries come from. */
  source: string;
  note?: string;
}

/** Shape of `data/calendar/adjustments.json`. */
export interface CalendarAdjustmentsFile {
  description?: string;
  years: YearAdjustments[];
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const YEAR_KEYS = new Set(['year', 'daysOff', 'workingDays', 'tetDays', 'nationalDayAdjacentDay', 'source', 'note']);
const FILE_KEYS = new Set(['description', 'years']);
const DAY_KEYS = new Set(['date', 'name']);
const NAME_KEYS = new Set(['vi', 'en']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim().length > 0;
}

function unknownKeys(
  value: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  path: string,
  errors: string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) {
      errors.push(`${path}.${key}: unknown field`);
    }
  }
}

function checkDate(value: unknown, year: number | null, path: string, errors: string[]): value is LocalDate {
  if (typeof value !== 'string' || !isLocalDate(value)) {
    errors.push(`${path}: must be a date YYYY-MM-DD, got ${JSON.stringify(value)}`);
    return false;
  }
  if (year !== null && Number(value.slice(0, 4)) !== year) {
    errors.push(`${path}: ${value} is not in ${year}`);
    return false;
  }
  return true;
}

function checkDays(
  value: unknown,
  year: number | null,
  path: string,
  expectWeekend: boolean,
  errors: string[],
): AdjustmentDay[] {
  if (!Array.isArray(value)) {
    errors.push(`${path}: must be an array`);
    return [];
  }
  const days: AdjustmentDay[] = [];
  const seen = new Set<string>();
  value.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isRecord(entry)) {
      errors.push(`${at}: must be an object { date, name: { vi, en } }`);
      return;
    }
    unknownKeys(entry, DAY_KEYS, at, errors);
    let ok = checkDate(entry.date, year, `${at}.date`, errors);
    if (ok && typeof entry.date === 'string') {
      const dow = dayOfWeek(entry.date);
      const weekend = dow === 0 || dow === 6;
      if (expectWeekend && !weekend) {
        errors.push(`${at}.date: ${entry.date} is a weekday; a worked day (làm bù) must be a Saturday or Sunday`);
        ok = false;
      } else if (!expectWeekend && weekend) {
        errors.push(`${at}.date: ${entry.date} is a weekend day; a swapped day off must be a weekday`);
        ok = false;
      }
      if (seen.has(entry.date)) {
        errors.push(`${at}.date: ${entry.date} is listed twice`);
        ok = false;
      }
      seen.add(entry.date);
    }
    const name = entry.name;
    if (!isRecord(name)) {
      errors.push(`${at}.name: must be an object { vi, en }`);
      ok = false;
    } else {
      unknownKeys(name, NAME_KEYS, `${at}.name`, errors);
      for (const lang of ['vi', 'en'] as const) {
        if (!isNonEmptyString(name[lang])) {
          errors.push(`${at}.name.${lang}: must be a non-empty string`);
          ok = false;
        }
      }
    }
    if (ok) {
      const n = name as { vi: string; en: string };
      days.push({ date: entry.date as LocalDate, name: { vi: n.vi, en: n.en } });
    }
  });
  return days;
}

function checkYear(value: unknown, path: string, errors: string[]): YearAdjustments | null {
  if (!isRecord(value)) {
    errors.push(`${path}: must be an object { year, daysOff, workingDays, source }`);
    return null;
  }
  const before = errors.length;
  unknownKeys(value, YEAR_KEYS, path, errors);
  const year = value.year;
  const yearOk = typeof year === 'number' && Number.isInteger(year) && year >= 1900 && year <= 2100;
  if (!yearOk) {
    errors.push(`${path}.year: must be an integer year between 1900 and 2100, got ${JSON.stringify(year)}`);
  }
  const y = yearOk ? year : null;
  const daysOff = checkDays(value.daysOff, y, `${path}.daysOff`, false, errors);
  const workingDays = checkDays(value.workingDays, y, `${path}.workingDays`, true, errors);
  if (!isNonEmptyString(value.source)) {
    errors.push(`${path}.source: must be a non-empty string naming the official document`);
  }
  if (value.note !== undefined && typeof value.note !== 'string') {
    errors.push(`${path}.note: must be a string`);
  }
  let tetDays: LocalDate[] | undefined;
  if (value.tetDays !== undefined) {
    if (!Array.isArray(value.tetDays)) {
      errors.push(`${path}.tetDays: must be an array of 5 dates`);
    } else {
      const dates = value.tetDays as unknown[];
      const valid = dates.filter((d, i): d is LocalDate => checkDate(d, y, `${path}.tetDays[${i}]`, errors));
      if (dates.length !== 5 || new Set(dates).size !== 5) {
        errors.push(`${path}.tetDays: must list 5 distinct dates (Labour Code 2019, art. 112), got ${dates.length}`);
      } else if (valid.length === 5 && y !== null) {
        // The five days surround lunar new year: none can be more than 5 days away from it.
        const newYear = vietnameseNewYear(y);
        for (const [i, d] of valid.entries()) {
          if (d < addDays(newYear, -5) || d > addDays(newYear, 5)) {
            errors.push(`${path}.tetDays[${i}]: ${d} is not within 5 days of Tết (${newYear})`);
          }
        }
        tetDays = valid;
      }
    }
  }
  const adjacent = value.nationalDayAdjacentDay;
  if (adjacent !== undefined && y !== null && adjacent !== `${y}-09-01` && adjacent !== `${y}-09-03`) {
    errors.push(`${path}.nationalDayAdjacentDay: must be ${y}-09-01 or ${y}-09-03, got ${JSON.stringify(adjacent)}`);
  }
  const offDates = new Set(daysOff.map((d) => d.date));
  for (const [i, d] of workingDays.entries()) {
    if (offDates.has(d.date)) {
      errors.push(`${path}.workingDays[${i}].date: ${d.date} is also a day off`);
    }
  }
  if (errors.length > before || y === null) {
    return null;
  }
  return {
    year: y,
    daysOff,
    workingDays,
    ...(tetDays ? { tetDays } : {}),
    ...(typeof adjacent === 'string' ? { nationalDayAdjacentDay: adjacent } : {}),
    source: value.source as string,
    ...(typeof value.note === 'string' ? { note: value.note } : {}),
  };
}

/**
 * Validates the content of `data/calendar/adjustments.json` (already parsed JSON). Errors name
 * the field: `years[1].workingDays[0].date: 2026-01-09 is a weekday; …`.
 */
export function validateCalendarAdjustments(input: unknown): ValidationResult<YearAdjustments[]> {
  const errors: string[] = [];
  if (!isRecord(input)) {
    return { ok: false, errors: ['(root): must be an object { years: [...] }'] };
  }
  unknownKeys(input, FILE_KEYS, '(root)', errors);
  if (input.description !== undefined && typeof input.description !== 'string') {
    errors.push('description: must be a string');
  }
  if (!Array.isArray(input.years)) {
    errors.push('years: must be an array');
    return { ok: false, errors };
  }
  const years: YearAdjustments[] = [];
  const seen = new Set<number>();
  (input.years as unknown[]).forEach((entry, i) => {
    const parsed = checkYear(entry, `years[${i}]`, errors);
    if (parsed) {
      if (seen.has(parsed.year)) {
        errors.push(`years[${i}].year: ${parsed.year} is listed twice`);
      }
      seen.add(parsed.year);
      years.push(parsed);
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: years.sort((a, b) => a.year - b.year) };
}

/** Like `validateCalendarAdjustments`, but throws a single error listing every problem. */
export function parseCalendarAdjustments(input: unknown): YearAdjustments[] {
  const result = validateCalendarAdjustments(input);
  if (!result.ok) {
    throw new Error(`invalid calendar adjustments:\n- ${result.errors.join('\n- ')}`);
  }
  return result.value;
}

/** The adjustments of `year`, if any. */
export function adjustmentsFor(adjustments: readonly YearAdjustments[], year: number): YearAdjustments | undefined {
  return adjustments.find((a) => a.year === year);
}
