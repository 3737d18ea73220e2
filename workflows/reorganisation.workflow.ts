import { proxyActivities, setHandler } from '@temporalio/workflow';
import { addOutcome, newProgress, operationProgressQuery } from './operation.messages';
import type {
  MovedAssignment,
  ReorganisationActivities,
  ReorganisationInput,
  ReorganisationResult,
} from './reorganisation.messages';

const { applyReorganisation, assignmentsToMove } = proxyActivities<ReorganisationActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const { moveAssignments } = proxyActivities<ReorganisationActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});

/**
 * Merges or splits agencies: updates the registry, then moves every open
 * assignment of the old agencies to the successors, in batches. Each step is
 * idempotent, so a run interrupted half-way (worker killed, Temporal down) resumes
 * where it stopped, and running the same reorganisation again completes it.
 */
export async function agencyReorganisationWorkflow(input: ReorganisationInput): Promise<ReorganisationResult> {
  const progress = newProgress('registry');
  setHandler(operationProgressQuery, () => progress);
  const change = await applyReorganisation(input);
  progress.phase = 'listing';
  const workflowIds = await assignmentsToMove({ from: change.retired });
  progress.total = workflowIds.length;
  progress.phase = 'moving';
  const moved: MovedAssignment[] = [];
  const batchSize = input.batchSize ?? 25;
  for (let offset = 0; offset < workflowIds.length; offset += batchSize) {
    const outcome = await moveAssignments({
      workflowIds: workflowIds.slice(offset, offset + batchSize),
      successors: change.successors,
      reason: change.reason,
      actor: input.actor,
      taskQueue: input.assignmentTaskQueue,
    });
    addOutcome(progress, outcome);
    moved.push(...outcome.moved);
  }
  progress.phase = 'done';
  return { ...progress, ...change, type: input.type, effectiveDate: input.effectiveDate, moved };
}
