/**
 * One typed starter per workflow type. Every caller (API, worker activities,
 * scripts, tests) starts workflows through these functions, so the workflow's
 * arguments are checked against its signature (`typeof workflow`) and its id
 * is computed in one place.
 */
import {
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandle,
  type WorkflowIdReusePolicy,
  type WorkflowStartOptions,
} from '@temporalio/client';
import type * as workflows from '../../../workflows';
import { assignmentWorkflowId, type AssignmentInput } from '../../../workflows/assignment.messages';
import { periodCloseWorkflowId, type PeriodCloseInput } from '../../../workflows/period-close.messages';
import { periodOpenWorkflowId, type PeriodOpenInput } from '../../../workflows/period-open.messages';
import { reportRequestWorkflowId, type ReportRequestFanOutInput } from '../../../workflows/report-request.messages';
import { reorganisationWorkflowId, type ReorganisationInput } from '../../../workflows/reorganisation.messages';
import type { BulkSignalInput } from '../../../workflows/bulk-signal.messages';
import { vietnamDateOf } from '../../domain/src/local-date';

type Workflows = typeof workflows;
/** The registered workflow types: the names the worker exports from `workflows/index.ts`. */
export type WorkflowType = keyof Workflows;

/** Workflow type names, checked against the worker's exports (a rename is a compile error). */
export const WORKFLOW_TYPES = {
  assignment: 'assignmentWorkflow',
  periodOpen: 'periodOpenWorkflow',
  periodClose: 'periodCloseWorkflow',
  dailyDigest: 'dailyDigestWorkflow',
  reportRequest: 'reportRequestWorkflow',
  reorganisation: 'agencyReorganisationWorkflow',
  bulkSignal: 'bulkSignalWorkflow',
} as const satisfies Record<string, WorkflowType>;

export interface Started<T extends WorkflowType> {
  workflowId: string;
  /** false when a workflow with this id already ran or runs (nothing was started twice). */
  started: boolean;
  handle: WorkflowHandle<Workflows[T]>;
}

export interface StartOptions {
  taskQueue: string;
  /** Overrides the default id (tests, ad-hoc runs). */
  workflowId?: string;
}

/**
 * Starts `type` with typed arguments; an id already taken is not an error but
 * `started: false`, which is what makes every fan-out safe to repeat.
 */
export async function startWorkflowOnce<T extends WorkflowType>(
  client: Client,
  type: T,
  opts: { workflowId: string; taskQueue: string; args: Parameters<Workflows[T]>; reuse?: WorkflowIdReusePolicy },
): Promise<Started<T>> {
  let started = true;
  try {
    // The cast only restates what the signature checked: args are Parameters<Workflows[T]>.
    const options = {
      taskQueue: opts.taskQueue,
      workflowId: opts.workflowId,
      args: opts.args,
      ...(opts.reuse ? { workflowIdReusePolicy: opts.reuse } : {}),
    } as WorkflowStartOptions<Workflows[T]>;
    await client.workflow.start<Workflows[T]>(type, options);
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
      throw err;
    }
    started = false;
  }
  return {
    workflowId: opts.workflowId,
    started,
    handle: client.workflow.getHandle<Workflows[T]>(opts.workflowId),
  };
}

/**
 * One duty × agency × period. Its id is deterministic and never reused, even
 * after it closed: opening a period again, retrying a fan-out or re-running a
 * reorganisation never starts an assignment twice.
 */
export function startAssignment(
  client: Client,
  input: AssignmentInput,
  opts: StartOptions,
): Promise<Started<'assignmentWorkflow'>> {
  return startWorkflowOnce(client, WORKFLOW_TYPES.assignment, {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId ?? assignmentWorkflowId(input.dutyCode, input.agencyCode, input.periodKey),
    args: [input],
    reuse: 'REJECT_DUPLICATE',
  });
}

/**
 * Opens the periods of one kind containing `input.onDate` (default: today, Vietnam time).
 * One run per plan, kind and date; a finished opening may be run again (it starts nothing twice).
 */
export function startPeriodOpen(
  client: Client,
  input: PeriodOpenInput,
  opts: StartOptions,
): Promise<Started<'periodOpenWorkflow'>> {
  const onDate = input.onDate ?? vietnamDateOf(new Date());
  return startWorkflowOnce(client, WORKFLOW_TYPES.periodOpen, {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId ?? periodOpenWorkflowId(input.planCode, input.kind, onDate),
    args: [{ ...input, onDate }],
  });
}

/**
 * The consolidation of one period. By default its id is the plan and period, so every
 * opening of the period leaves exactly one planned close; a "close now" passes its own id.
 */
export function startPeriodClose(
  client: Client,
  input: PeriodCloseInput,
  opts: StartOptions,
): Promise<Started<'periodCloseWorkflow'>> {
  return startWorkflowOnce(client, WORKFLOW_TYPES.periodClose, {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId ?? periodCloseWorkflowId(input.planCode, input.periodKey),
    args: [input],
    reuse: 'REJECT_DUPLICATE',
  });
}

/**
 * Operations (202 + progress link) keep one id per request: asked again while it runs or
 * after it completed, the same operation answers; after a failure, asking again re-runs it,
 * and its idempotent steps resume where the failed run stopped.
 */
const OPERATION_REUSE: WorkflowIdReusePolicy = 'ALLOW_DUPLICATE_FAILED_ONLY';

/** The fan-out of an ad-hoc report request to its agencies (one per request key). */
export function startReportRequest(
  client: Client,
  input: ReportRequestFanOutInput,
  opts: StartOptions,
): Promise<Started<'reportRequestWorkflow'>> {
  return startWorkflowOnce(client, WORKFLOW_TYPES.reportRequest, {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId ?? reportRequestWorkflowId(input.requestKey),
    args: [input],
    reuse: OPERATION_REUSE,
  });
}

/** A merge or split (one per type, old agencies and effective date). */
export function startReorganisation(
  client: Client,
  input: ReorganisationInput,
  opts: StartOptions,
): Promise<Started<'agencyReorganisationWorkflow'>> {
  return startWorkflowOnce(client, WORKFLOW_TYPES.reorganisation, {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId ?? reorganisationWorkflowId(input.type, input.from, input.effectiveDate),
    args: [input],
    reuse: OPERATION_REUSE,
  });
}

/** A bulk prod or calendar change; the caller names it by its idempotency key. */
export function startBulkSignal(
  client: Client,
  input: BulkSignalInput,
  opts: Required<StartOptions>,
): Promise<Started<'bulkSignalWorkflow'>> {
  return startWorkflowOnce(client, WORKFLOW_TYPES.bulkSignal, {
    taskQueue: opts.taskQueue,
    workflowId: opts.workflowId,
    args: [input],
    reuse: OPERATION_REUSE,
  });
}
