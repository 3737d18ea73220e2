import {
  ParentClosePolicy,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { periodCloseWorkflowId } from './period-close.messages';
import { periodCloseWorkflow } from './period-close.workflow';
import type { PeriodActivities } from './period.contracts';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { periodOpenProgressQuery, type PeriodOpenInput, type PeriodOpenProgress } from './period-open.messages';

const { countPeriodTargets, movedPeriodDeadlines, planPeriodClose, startPeriodClose } =
  proxyActivities<PeriodActivities>({
    startToCloseTimeout: '2 minutes',
    retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
  });

const { startPeriodBatch } = proxyActivities<PeriodActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * Opens a reporting period: starts one assignment workflow per duty × agency,
 * a batch per activity with bounded concurrency. Assignment ids are
 * deterministic, so a retried batch or a re-run starts nothing twice. The run
 * continues as new every few batches, so its history stays short for any size.
 */
export async function periodOpenWorkflow(
  input: PeriodOpenInput,
  carried?: PeriodOpenProgress,
): Promise<PeriodOpenProgress> {
  const onDate = input.onDate ?? carried?.onDate ?? vietnamDateOf(Date.now());
  const batchSize = input.batchSize ?? 200;
  const batchesPerRun = input.batchesPerRun ?? 20;
  const progress: PeriodOpenProgress = carried ?? { onDate, total: 0, done: 0, started: 0, alreadyRunning: 0, runs: 0 };
  progress.runs += 1;
  setHandler(periodOpenProgressQuery, () => progress);

  if (!carried) {
    progress.total = await countPeriodTargets({ planCode: input.planCode, kind: input.kind, onDate });
    if (patched('period-open-moved-deadlines-v1')) {
      // Carried through continue-as-new with the rest of the progress.
      progress.movedDeadlines = await movedPeriodDeadlines({ planCode: input.planCode, kind: input.kind, onDate });
    }
  }
  for (let batch = 0; progress.done < progress.total; batch++) {
    if (batch >= batchesPerRun || workflowInfo().continueAsNewSuggested) {
      return continueAsNew<typeof periodOpenWorkflow>({ ...input, onDate }, progress);
    }
    const result = await startPeriodBatch({
      planCode: input.planCode,
      kind: input.kind,
      onDate,
      offset: progress.done,
      limit: batchSize,
      taskQueue: input.assignmentTaskQueue,
    });
    progress.started += result.started;
    progress.alreadyRunning += result.alreadyRunning;
    progress.done += result.count;
    if (result.count === 0) {
      break; // the target list shrank (an agency ended): nothing more to start
    }
  }
  // The period closes by itself at its consolidation deadline (a durable timer in its own workflow).
  const close = await planPeriodClose({ planCode: input.planCode, kind: input.kind, onDate });
  if (patched('close-started-by-activity')) {
    // A workflow of its own rather than an abandoned child: nothing ties its timer to this run.
    await startPeriodClose(close);
  } else {
    // Runs recorded before the change replay the child start they made then.
    try {
      await startChild(periodCloseWorkflow, {
        workflowId: periodCloseWorkflowId(input.planCode, close.periodKey),
        args: [close],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        throw err;
      }
    }
  }
  return progress;
}
