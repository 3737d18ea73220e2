/**
 * The anchors of the benchmark: the least a Temporal workflow can do for the
 * same job, run on the same server, so the product's figures read as a ratio.
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { AnchorActivities } from './anchor.activities';

const { anchorInsert, anchorSend } = proxyActivities<AnchorActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '10 seconds' },
});

/** One durable timer (the anchor of opening a period: a start and its first workflow task). */
export async function anchorTimerWorkflow(days: number): Promise<void> {
  await sleep(days * 86_400_000);
}

/** One database insert and one SMTP send (the anchor of the assignment pipeline). */
export async function anchorPipelineWorkflow(item: { key: string; to: string }): Promise<void> {
  await anchorInsert(item.key);
  await anchorSend(item);
}
