import { addDays, isLocalDate, type LocalDate } from '../local-date';

/**
 * The Vietnamese lunisolar calendar (âm lịch), computed for UTC+7.
 *
 * Astronomical algorithm after Jean Meeus ("Astronomical Algorithms", 1998) as
 * popularised by Hồ Ngọc Đức ("Thuật toán tính âm lịch"): a lunar month starts on
 * the day (in local time) of the new moon; month 11 is the month that contains the
 * winter solstice; in a year with 13 months, the leap month is the first month after
 * month 11 that contains no major solar term (trung khí).
 *
 * Vietnam has computed its calendar for UTC+7 since 1968 (before, UTC+8 like China),
 * which is why Tết differs from the Chinese New Year in some years (1985, 2007, …).
 * Pure arithmetic: no time-zone database, no I/O, deterministic in workflows.
 */

export interface LunarDate {
  /** The lunar year, named after the Gregorian year in which it mostly falls (Tết 2026 starts year 2026). */
  year: number;
  /** 1–12; a leap month repeats the number of the month before it. */
  month: number;
  /** 1–30. */
  day: number;
  /** True in the leap month (tháng nhuận). */
  leap: boolean;
}

/** Hours east of UTC used for the Vietnamese calendar. */
export const VIETNAM_LUNAR_TIME_ZONE = 7;

/**
 * Years accepted by the conversions (Gregorian year for `solarToLunar`, lunar year for
 * `lunarToSolar`). The tests cover 1900–2100; the algorithm's accuracy degrades slowly
 * outside that span. Before 1968 Vietnam actually used UTC+8 tables: dates computed
 * here for earlier years are the UTC+7 calendar, not necessarily the one then in use.
 */
export const LUNAR_MIN_YEAR = 1800;
export const LUNAR_MAX_YEAR = 2199;

const PI = Math.PI;
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 (epoch of `newMoon`, k = 0). */
const NEW_MOON_EPOCH = 2415021.076998695;

const INT = Math.floor;

/** Julian day number of a Gregorian date. */
function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = INT((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  return dd + INT((153 * m + 2) / 5) + 365 * y + INT(y / 4) - INT(y / 100) + INT(y / 400) - 32045;
}

/** Gregorian [day, month, year] of a Julian day number. */
function jdToDate(jd: number): [number, number, number] {
  const a = jd + 32044;
  const b = INT((4 * a + 3) / 146097);
  const c = a - INT((b * 146097) / 4);
  const d = INT((4 * c + 3) / 1461);
  const e = c - INT((1461 * d) / 4);
  const m = INT((5 * e + 2) / 153);
  const day = e - INT((153 * m + 2) / 5) + 1;
  const month = m + 3 - 12 * INT(m / 10);
  const year = b * 100 + d - 4800 + INT(m / 10);
  return [day, month, year];
}

/** Julian day (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  const dr = PI / 180;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * dr);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * dr) + 0.0021 * Math.sin(2 * dr * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * dr) + 0.0161 * Math.sin(dr * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(dr * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(dr * 2 * F) - 0.0051 * Math.sin(dr * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(dr * (M - Mpr)) + 0.0004 * Math.sin(dr * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(dr * (2 * F - M)) - 0.0006 * Math.sin(dr * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(dr * (2 * F - Mpr)) + 0.0005 * Math.sin(dr * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Sun's apparent longitude, in radians [0, 2π), at Julian day `jdn` (Meeus, ch. 25, abridged). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const dr = PI / 180;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(dr * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(dr * 2 * M) + 0.00029 * Math.sin(dr * 3 * M);
  let L = (L0 + DL) * dr;
  L -= PI * 2 * INT(L / (PI * 2));
  return L;
}

/** Sector (0–11, 30° each; 9 = winter solstice onwards) of the sun at the start of local day `dayNumber`. */
function sunLongitudeSector(dayNumber: number, timeZone: number): number {
  return INT((sunLongitude(dayNumber - 0.5 - timeZone / 24) / PI) * 6);
}

/** Julian day number of the local day on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return INT(newMoon(k) + 0.5 + timeZone / 24);
}

/** Julian day number of the first day of lunar month 11 containing the winter solstice of Gregorian year `yy`. */
function lunarMonth11(yy: number, timeZone: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = INT(off / SYNODIC_MONTH);
  let nm = newMoonDay(k, timeZone);
  if (sunLongitudeSector(nm, timeZone) >= 9) {
    nm = newMoonDay(k - 1, timeZone);
  }
  return nm;
}

/** Offset (in months after month 11 starting at `a11`) of the leap month of a 13-month year. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = INT((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i += 1;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

function parseDate(date: LocalDate): [number, number, number] {
  if (!isLocalDate(date)) {
    throw new RangeError(`not a date (YYYY-MM-DD): ${date}`);
  }
  const [y, m, d] = date.split('-').map(Number);
  return [d, m, y];
}

function assertYearInRange(year: number, what: string): void {
  if (!Number.isInteger(year) || year < LUNAR_MIN_YEAR || year > LUNAR_MAX_YEAR) {
    throw new RangeError(`${what} ${year} is outside the supported range ${LUNAR_MIN_YEAR}–${LUNAR_MAX_YEAR}`);
  }
}

function formatDate(day: number, month: number, year: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The Vietnamese lunar date of a Gregorian date. */
export function solarToLunar(date: LocalDate): LunarDate {
  const [dd, mm, yy] = parseDate(date);
  assertYearInRange(yy, 'year');
  return solarToLunarUnchecked(dd, mm, yy);
}

function solarToLunarUnchecked(dd: number, mm: number, yy: number): LunarDate {
  const tz = VIETNAM_LUNAR_TIME_ZONE;
  const dayNumber = jdFromDate(dd, mm, yy);
  // The month starts on the last new-moon day on or before `dayNumber`. The mean-motion
  // estimate can be off by one lunation when the true new moon strays far from the mean
  // one (the original algorithm then yields day 0, e.g. for 2054-05-08 and 2062-04-10), so walk to it.
  let k = INT((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k, tz) > dayNumber) {
    k -= 1;
  }
  while (newMoonDay(k + 1, tz) <= dayNumber) {
    k += 1;
  }
  const monthStart = newMoonDay(k, tz);
  let a11 = lunarMonth11(yy, tz);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = yy;
    a11 = lunarMonth11(yy - 1, tz);
  } else {
    lunarYear = yy + 1;
    b11 = lunarMonth11(yy + 1, tz);
  }
  const day = dayNumber - monthStart + 1;
  const diff = INT((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, tz);
    if (diff >= leapDiff) {
      month = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (month > 12) {
    month -= 12;
  }
  if (month >= 11 && diff < 4) {
    lunarYear -= 1;
  }
  return { year: lunarYear, month, day, leap };
}

/**
 * The Gregorian date of a Vietnamese lunar date. Throws a RangeError for a date that
 * does not exist (a leap flag on a month that is not leap that year, day 30 of a
 * 29-day month, …).
 */
export function lunarToSolar(lunar: LunarDate): LocalDate {
  const { year, month, day, leap } = lunar;
  const label = `${day}/${month}${leap ? ' (nhuận)' : ''}/${year}`;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1 || day > 30) {
    throw new RangeError(`not a lunar date: ${label}`);
  }
  assertYearInRange(year, 'lunar year');
  const tz = VIETNAM_LUNAR_TIME_ZONE;
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, tz);
    b11 = lunarMonth11(year, tz);
  } else {
    a11 = lunarMonth11(year, tz);
    b11 = lunarMonth11(year + 1, tz);
  }
  let off = month - 11;
  if (off < 0) {
    off += 12;
  }
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, tz);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) {
      leapMonth += 12;
    }
    if (leap && month !== leapMonth) {
      throw new RangeError(`not a lunar date: ${label} (month ${month} is not leap in ${year})`);
    }
    if (leap || off >= leapOff) {
      off += 1;
    }
  } else if (leap) {
    throw new RangeError(`not a lunar date: ${label} (${year} has no leap month)`);
  }
  const k = INT(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  const monthStart = newMoonDay(k + off, tz);
  const [d, m, y] = jdToDate(monthStart + day - 1);
  // A 29-day month has no day 30: the arithmetic above would land on day 1 of the next month.
  if (day === 30 && solarToLunarUnchecked(d, m, y).day !== 30) {
    throw new RangeError(`not a lunar date: ${label} (the month has 29 days)`);
  }
  return formatDate(d, m, y);
}

/** Tết Nguyên Đán: the Gregorian date of the 1st day of the 1st lunar month of `year`. */
export function vietnameseNewYear(year: number): LocalDate {
  return lunarToSolar({ year, month: 1, day: 1, leap: false });
}

/** The last day of lunar year `year - 1` (29 or 30 Tết): the eve of Tết of `year`. */
export function lunarNewYearEve(year: number): LocalDate {
  return addDays(vietnameseNewYear(year), -1);
}

/** Number of days (29 or 30) of a lunar month. */
export function lunarMonthLength(year: number, month: number, leap = false): 29 | 30 {
  const first = lunarToSolar({ year, month, day: 1, leap });
  return solarToLunar(addDays(first, 29)).day === 30 ? 30 : 29;
}

/** The leap month (1–12) of lunar year `year`, or null when the year has 12 months. */
export function leapMonthOf(year: number): number | null {
  const nextNewYear = vietnameseNewYear(year + 1);
  let monthStart = vietnameseNewYear(year);
  while (monthStart < nextNewYear) {
    const lunar = solarToLunar(monthStart);
    if (lunar.leap) {
      return lunar.month;
    }
    monthStart = addDays(monthStart, 29);
    if (solarToLunar(monthStart).day !== 1) {
      monthStart = addDays(monthStart, 1);
    }
  }
  return null;
}
