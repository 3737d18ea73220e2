import { addDays } from '../local-date';
import {
  leapMonthOf,
  lunarMonthLength,
  lunarNewYearEve,
  lunarToSolar,
  solarToLunar,
  vietnameseNewYear,
  type LunarDate,
} from './vietnamese-lunar';

describe('Vietnamese lunar calendar (UTC+7)', () => {
  // Published dates of mùng 1 Tết.
  const TET: Record<number, string> = {
    1900: '1900-01-31',
    1968: '1968-01-29',
    1975: '1975-02-11',
    2000: '2000-02-05',
    2008: '2008-02-07',
    2010: '2010-02-14',
    2012: '2012-01-23',
    2015: '2015-02-19',
    2017: '2017-01-28',
    2018: '2018-02-16',
    2019: '2019-02-05',
    2020: '2020-01-25',
    2021: '2021-02-12',
    2022: '2022-02-01',
    2023: '2023-01-22',
    2024: '2024-02-10',
    2025: '2025-01-29',
    2026: '2026-02-17',
    2027: '2027-02-06',
    2028: '2028-01-26',
    2029: '2029-02-13',
    2031: '2031-01-23',
    2100: '2100-02-09',
  };

  it.each(Object.entries(TET))('Tết %s is on %s', (year, date) => {
    expect(vietnameseNewYear(Number(year))).toBe(date);
    expect(solarToLunar(date)).toEqual({ year: Number(year), month: 1, day: 1, leap: false });
  });

  it('follows UTC+7, not the Chinese (UTC+8) calendar, where the two differ', () => {
    // 1985: the Chinese New Year was 1985-02-20, a whole month later.
    expect(vietnameseNewYear(1985)).toBe('1985-01-21');
    // 2007: the new moon of 17 Feb fell at about 23:15 in Hà Nội, 00:15 on the 18th in Beijing.
    expect(vietnameseNewYear(2007)).toBe('2007-02-17');
    expect(solarToLunar('2007-02-18')).toEqual({ year: 2007, month: 1, day: 2, leap: false });
    // 1968: Tết Mậu Thân, a day before the Chinese New Year (1968-01-30).
    expect(vietnameseNewYear(1968)).toBe('1968-01-29');
    // 2030: new moon at ~16:09 UTC on 2 Feb, i.e. 23:09 in Hà Nội but 00:09 on 3 Feb in Beijing.
    // 2030-02-03 is the Chinese New Year; Vietnam celebrates a day earlier (as in 2053).
    expect(vietnameseNewYear(2030)).toBe('2030-02-02');
    expect(vietnameseNewYear(2053)).toBe('2053-02-18');
  });

  it.each([
    [2020, '2020-04-02'],
    [2021, '2021-04-21'],
    [2022, '2022-04-10'],
    [2023, '2023-04-29'],
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])("Hùng Kings' day (10/3 lunar) %i is on %s", (year, date) => {
    expect(lunarToSolar({ year, month: 3, day: 10, leap: false })).toBe(date);
    expect(solarToLunar(date)).toEqual({ year, month: 3, day: 10, leap: false });
  });

  it('places leap months (tháng nhuận)', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2024)).toBeNull();
    expect(leapMonthOf(2026)).toBeNull();
    expect(solarToLunar('2020-05-23')).toEqual({ year: 2020, month: 4, day: 1, leap: true });
    expect(solarToLunar('2020-05-22')).toEqual({ year: 2020, month: 4, day: 30, leap: false });
    expect(lunarToSolar({ year: 2023, month: 2, day: 1, leap: true })).toBe('2023-03-22');
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: true })).toBe('2025-07-25');
    expect(lunarToSolar({ year: 2025, month: 6, day: 1, leap: false })).toBe('2025-06-25');
  });

  it('knows month lengths and the eve of Tết (29 or 30 tháng Chạp)', () => {
    expect(lunarMonthLength(2023, 12)).toBe(30);
    expect(lunarNewYearEve(2024)).toBe('2024-02-09');
    expect(solarToLunar('2024-02-09')).toEqual({ year: 2023, month: 12, day: 30, leap: false });
    expect(lunarMonthLength(2025, 12)).toBe(29);
    expect(lunarNewYearEve(2026)).toBe('2026-02-16');
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    // 25/01/2025 was announced as 26 tháng Chạp Giáp Thìn, 14/02/2026 as 27 tháng Chạp Ất Tỵ.
    expect(solarToLunar('2025-01-25')).toEqual({ year: 2024, month: 12, day: 26, leap: false });
    expect(solarToLunar('2026-02-14')).toEqual({ year: 2025, month: 12, day: 27, leap: false });
  });

  it('finds the month start when the true new moon strays from the mean one', () => {
    // The original algorithm yields day 0 here.
    expect(solarToLunar('2054-05-08')).toEqual({ year: 2054, month: 4, day: 1, leap: false });
    expect(solarToLunar('2062-04-10')).toEqual({ year: 2062, month: 3, day: 1, leap: false });
  });

  it('rejects dates that do not exist', () => {
    expect(() => lunarToSolar({ year: 2025, month: 12, day: 30, leap: false })).toThrow(/29 days/);
    expect(() => lunarToSolar({ year: 2025, month: 5, day: 1, leap: true })).toThrow(/not leap/);
    expect(() => lunarToSolar({ year: 2026, month: 6, day: 1, leap: true })).toThrow(/no leap month/);
    expect(() => lunarToSolar({ year: 2026, month: 13, day: 1, leap: false })).toThrow(RangeError);
    expect(() => lunarToSolar({ year: 2026, month: 1, day: 0, leap: false })).toThrow(RangeError);
    expect(() => solarToLunar('2026-02-30')).toThrow(RangeError);
    expect(() => solarToLunar('1700-01-01')).toThrow(/outside the supported range/);
  });

  it('round-trips every day of 2000–2050 and stays consistent from day to day over 1900–2100', () => {
    // Problems are collected and asserted once: an expect() per day would take seconds.
    const problems: string[] = [];
    let previous: LunarDate | null = null;
    let roundTrips = 0;
    for (let date = '1900-01-01'; date <= '2100-12-31'; date = addDays(date, 1)) {
      const lunar = solarToLunar(date);
      if (date >= '2000-01-01' && date <= '2050-12-31') {
        const back = lunarToSolar(lunar);
        if (back !== date) {
          problems.push(`${date} → ${JSON.stringify(lunar)} → ${back}`);
        }
        roundTrips += 1;
      }
      if (previous) {
        let ok: boolean;
        if (lunar.day === 1) {
          // A new month after day 29 or 30: the next month, or the leap repeat of the same one.
          const leapRepeat = lunar.leap && !previous.leap && lunar.month === previous.month;
          const next = !lunar.leap && lunar.month === (previous.month % 12) + 1;
          const year = lunar.month === 1 && !lunar.leap ? previous.year + 1 : previous.year;
          ok = (previous.day === 29 || previous.day === 30) && (leapRepeat || next) && lunar.year === year;
        } else {
          ok =
            lunar.day === previous.day + 1 &&
            lunar.day <= 30 &&
            lunar.month === previous.month &&
            lunar.leap === previous.leap &&
            lunar.year === previous.year;
        }
        if (!ok) {
          problems.push(`${date}: ${JSON.stringify(previous)} then ${JSON.stringify(lunar)}`);
        }
      }
      previous = lunar;
    }
    expect(problems).toEqual([]);
    expect(roundTrips).toBe(18_628);
  });

  it('round-trips every lunar month start of 1900–2100', () => {
    for (let year = 1900; year <= 2100; year += 1) {
      const leap = leapMonthOf(year);
      for (let month = 1; month <= 12; month += 1) {
        for (const isLeap of leap === month ? [false, true] : [false]) {
          const first = lunarToSolar({ year, month, day: 1, leap: isLeap });
          expect(solarToLunar(first)).toEqual({ year, month, day: 1, leap: isLeap });
        }
      }
    }
  });
});
