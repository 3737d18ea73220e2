import { patched, proxyActivities } from '@temporalio/workflow';
import type { DigestActivities } from './digest.contracts';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { vietnamDateOf } from '../libs/domain/src/local-date';

const { sendDailyDigests, workingCalendarData } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

/** The digest runs every day by its schedule and goes out on working days only (worked Saturdays included). */
export const DIGEST_WORKING_DAYS_PATCH = 'digest-working-days-v1';

/**
 * Run every day at 08:00 Vietnam time by a schedule: the daily digest of due and overdue duties.
 * On a day off of the state agencies' working calendar (weekend, holiday, swapped day off) it
 * sends nothing (`dayOff: true`); on a worked Saturday it runs like any working day.
 */
export async function dailyDigestWorkflow(): Promise<{ sent: number; agencies: number; dayOff?: boolean }> {
  const date = vietnamDateOf(Date.now());
  if (patched(DIGEST_WORKING_DAYS_PATCH)) {
    const calendar = new StateAgencyCalendar(await workingCalendarData({ year: Number(date.slice(0, 4)) }));
    if (!calendar.isWorkingDay(date)) {
      return { sent: 0, agencies: 0, dayOff: true };
    }
  }
  return sendDailyDigests({ date });
}
