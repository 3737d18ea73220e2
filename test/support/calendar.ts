import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StateAgencyCalendar } from '../../libs/domain/src/calendar';
import { parseCalendarAdjustments, vietnamWorkingCalendar } from '../../libs/domain/src/calendar/index';
import { vietnamDateOf } from '../../libs/domain/src/local-date';

/**
 * The working calendar the stack itself counts with: weekends, public holidays (Labour Code
 * 2019, art. 112), compensatory days and the Government's recorded swaps
 * (data/calendar/adjustments.json, which the test stack imports), for the year of `around`
 * (a Vietnam date, default today in UTC+7) and the years on either side.
 *
 * Tests compute due dates and expected windows with it. A bare `stackCalendar()`
 * knows weekends only, so "three working days ago" computed with it disagrees with the stack
 * around New Year, Tết or 2 September (found running the suite at 31/12 23:30 with
 * `npm run test:at`).
 */
export function stackCalendar(around: string = vietnamDateOf(new Date())): StateAgencyCalendar {
  const year = Number(around.slice(0, 4));
  const file = join(__dirname, '..', '..', 'data', 'calendar', 'adjustments.json');
  const adjustments = parseCalendarAdjustments(JSON.parse(readFileSync(file, 'utf8')));
  return vietnamWorkingCalendar([year - 1, year, year + 1], adjustments);
}
