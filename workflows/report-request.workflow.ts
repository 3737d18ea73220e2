import { proxyActivities, setHandler } from '@temporalio/workflow';
import { addOutcome, newProgress, operationProgressQuery, type OperationProgress } from './operation.messages';
import type { ReportRequestActivities, ReportRequestFanOutInput } from './report-request.messages';

const { countRequestTargets } = proxyActivities<ReportRequestActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { startRequestAssignments } = proxyActivities<ReportRequestActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * Fans an ad-hoc report request out to its agencies: one assignment workflow each,
 * started in batches. Assignment ids are deterministic, so a retried batch, a
 * restarted worker or a repeated request starts (and mails) nothing twice.
 */
export async function reportRequestWorkflow(input: ReportRequestFanOutInput): Promise<OperationProgress> {
  const progress = newProgress('counting');
  setHandler(operationProgressQuery, () => progress);
  progress.total = await countRequestTargets({ requestKey: input.requestKey });
  progress.phase = 'assigning';
  while (progress.done < progress.total) {
    const outcome = await startRequestAssignments({
      requestKey: input.requestKey,
      planCode: input.planCode,
      dutyCode: input.dutyCode,
      offset: progress.done,
      limit: input.batchSize ?? 20,
      taskQueue: input.assignmentTaskQueue,
    });
    addOutcome(progress, outcome);
    if (outcome.count === 0) {
      break;
    }
  }
  progress.phase = 'done';
  return progress;
}
