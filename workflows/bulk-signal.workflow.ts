import { proxyActivities, setHandler } from '@temporalio/workflow';
import { addOutcome, newProgress, operationProgressQuery, type OperationProgress } from './operation.messages';
import type { BulkSignalActivities, BulkSignalInput } from './bulk-signal.messages';

const { calendarChangeTargets } = proxyActivities<BulkSignalActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { signalAssignments } = proxyActivities<BulkSignalActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * Delivers one signal to many assignments (a bulk prod, a calendar change), in
 * batched activities that report how many succeeded and failed. Its id is the
 * operation's key, so the same bulk prod asked twice at once runs once.
 */
export async function bulkSignalWorkflow(input: BulkSignalInput): Promise<OperationProgress> {
  const progress = newProgress('listing');
  setHandler(operationProgressQuery, () => progress);
  const targets =
    input.targets ??
    (input.calendarYear !== undefined ? await calendarChangeTargets({ year: input.calendarYear }) : []);
  progress.total = targets.length;
  progress.phase = 'signalling';
  const batchSize = input.batchSize ?? 100;
  for (let offset = 0; offset < targets.length; offset += batchSize) {
    addOutcome(
      progress,
      await signalAssignments({
        kind: input.kind,
        workflowIds: targets.slice(offset, offset + batchSize),
        actor: input.actor,
        message: input.message,
      }),
    );
  }
  progress.phase = 'done';
  return progress;
}
