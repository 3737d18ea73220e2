import { proxyActivities } from '@temporalio/workflow';
import type { DigestActivities } from './digest.contracts';
import { vietnamDateOf } from '../libs/domain/src/local-date';

const { sendDailyDigests } = proxyActivities<DigestActivities>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '10 seconds', maximumInterval: '10 minutes' },
});

/** Run each weekday at 08:00 Vietnam time by a schedule: the daily digest of due and overdue duties. */
export async function dailyDigestWorkflow(): Promise<{ sent: number; agencies: number }> {
  return sendDailyDigests({ date: vietnamDateOf(Date.now()) });
}
