import { addDays, isLocalDate, type LocalDate } from '../local-date';
import { lunarToSolar, solarToLunar, vietnameseNewYear } from './vietnamese-lunar';

export interface LocalizedName {
  vi: string;
  en: string;
}

/** `fixed`: a Gregorian date; `lunar`: a date of the Vietnamese lunar calendar. */
export type PublicHolidayKind = 'fixed' | 'lunar';

export interface PublicHoliday {
  date: LocalDate;
  name: LocalizedName;
  kind: PublicHolidayKind;
}

/** Choices the Government makes each year within the Labour Code (data, see adjustments.ts). */
export interface PublicHolidayOptions {
  /**
   * The day adjacent to National Day, `YYYY-09-01` or `YYYY-09-03` (Decree 145/2020/NĐ-CP,
   * art. 66: decided yearly by the Prime Minister). Default: 1 September.
   */
  nationalDayAdjacentDay?: LocalDate;
  /** The five Tết days decided for the year, replacing the default rule (see `tetHolidays`). */
  tetDays?: readonly LocalDate[];
}

/** Year from which the Labour Code 2019 (and its second National Day holiday) applies. */
export const LABOUR_CODE_2019_FROM_YEAR = 2021;

/** Vietnamese label of a lunar day around Tết: "mùng 2 tháng Giêng", "29 tháng Chạp". */
function tetDayLabel(date: LocalDate): LocalizedName {
  const { month, day } = solarToLunar(date);
  if (month === 1) {
    return {
      vi: `Tết Nguyên đán (mùng ${day} tháng Giêng)`,
      en: `Lunar New Year (day ${day} of the 1st lunar month)`,
    };
  }
  if (month === 12) {
    return {
      vi: `Tết Nguyên đán (${day} tháng Chạp)`,
      en: `Lunar New Year (day ${day} of the 12th lunar month)`,
    };
  }
  return { vi: 'Tết Nguyên đán', en: 'Lunar New Year' };
}

/**
 * The five Tết Nguyên Đán days of Gregorian year `year`.
 *
 * Labour Code 2019, art. 112(1)(b), grants five days of Tết and leaves the exact days to the
 * Prime Minister each year. Default rule modelled here: the last day of the previous lunar
 * year (29 or 30 tháng Chạp, the eve of Tết) plus the 1st to 4th days of the 1st lunar month.
 * When the yearly decision places the five days differently, pass them as `tetDays`
 * (the calendar adjustments data does so per year).
 */
export function tetHolidays(year: number, tetDays?: readonly LocalDate[]): PublicHoliday[] {
  const newYear = vietnameseNewYear(year);
  const dates =
    tetDays && tetDays.length > 0 ? [...tetDays].sort() : [0, 1, 2, 3, 4].map((i) => addDays(newYear, i - 1));
  return dates.map((date) => ({ date, name: tetDayLabel(date), kind: 'lunar' as const }));
}

/**
 * Public holidays (ngày nghỉ lễ, tết) of Gregorian year `year` under the Labour Code 2019,
 * art. 112(1), sorted by date. These are the statutory days only: compensatory days for
 * holidays falling on a weekend and the Government's yearly swaps are added by
 * `vietnamWorkingCalendar`. Before 2021 (Labour Code 2012) there was no second National Day
 * holiday, and it is omitted.
 */
export function publicHolidays(year: number, options: PublicHolidayOptions = {}): PublicHoliday[] {
  if (!Number.isInteger(year)) {
    throw new RangeError(`not a year: ${year}`);
  }
  const holidays: PublicHoliday[] = [
    { date: `${year}-01-01`, name: { vi: 'Tết Dương lịch', en: "New Year's Day" }, kind: 'fixed' },
    ...tetHolidays(year, options.tetDays),
    {
      date: lunarToSolar({ year, month: 3, day: 10, leap: false }),
      name: {
        vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
        en: "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)",
      },
      kind: 'lunar',
    },
    {
      date: `${year}-04-30`,
      name: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' },
      kind: 'fixed',
    },
    {
      date: `${year}-05-01`,
      name: { vi: 'Ngày Quốc tế Lao động (1/5)', en: "International Workers' Day (1 May)" },
      kind: 'fixed',
    },
    { date: `${year}-09-02`, name: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' }, kind: 'fixed' },
  ];
  if (year >= LABOUR_CODE_2019_FROM_YEAR) {
    const adjacent = options.nationalDayAdjacentDay ?? `${year}-09-01`;
    if (!isLocalDate(adjacent) || (adjacent !== `${year}-09-01` && adjacent !== `${year}-09-03`)) {
      throw new RangeError(
        `the day adjacent to National Day ${year} must be ${year}-09-01 or ${year}-09-03: ${adjacent}`,
      );
    }
    holidays.push({
      date: adjacent,
      name: {
        vi: `Quốc khánh (ngày liền kề, ${Number(adjacent.slice(8))}/9)`,
        en: `National Day (adjacent day, ${Number(adjacent.slice(8))} September)`,
      },
      kind: 'fixed',
    });
  }
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
