import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { classifyDbError, sqlStateOf } from '../../../libs/persistence/src/db-errors';
import type { AppConfig } from '../../../libs/config/src/config';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import { AssignmentActivities } from './assignment.activities';
import { PeriodActivities } from './period.activities';
import { DigestActivities } from './digest.activities';
import { ReportRequestActivities } from './report-request.activities';
import { ReorganisationActivities } from './reorganisation.activities';
import { BulkSignalActivities } from './bulk-signal.activities';
import type { AssignmentActivities as AssignmentActivitiesContract } from '../../../workflows/assignment.contracts';
import type { PeriodActivities as PeriodActivitiesContract } from '../../../workflows/period.contracts';
import type { DigestActivities as DigestActivitiesContract } from '../../../workflows/digest.contracts';
import type { ReportRequestActivities as ReportRequestActivitiesContract } from '../../../workflows/report-request.messages';
import type { ReorganisationActivities as ReorganisationActivitiesContract } from '../../../workflows/reorganisation.messages';
import type { BulkSignalActivities as BulkSignalActivitiesContract } from '../../../workflows/bulk-signal.messages';
import type { OutboxActivities as OutboxActivitiesContract } from '../../../workflows/email-resend.workflow';
import { OutboxActivities } from './outbox.activities';

/** Every activity a workflow may call: the union of the workflows' activity contracts. */
export type WorkerActivities = AssignmentActivitiesContract &
  PeriodActivitiesContract &
  DigestActivitiesContract &
  ReportRequestActivitiesContract &
  ReorganisationActivitiesContract &
  BulkSignalActivitiesContract &
  OutboxActivitiesContract;

/** Binds each activity method explicitly, so a rename or a missing activity is a compile error, not a runtime one. */
export function activitiesOf(app: INestApplicationContext): WorkerActivities {
  const assignment = app.get(AssignmentActivities);
  const period = app.get(PeriodActivities);
  const digest = app.get(DigestActivities);
  const requests = app.get(ReportRequestActivities);
  const reorganisation = app.get(ReorganisationActivities);
  const bulk = app.get(BulkSignalActivities);
  const outbox = app.get(OutboxActivities);
  return nonRetryableWhenRejected({
    sendDailyDigests: digest.sendDailyDigests.bind(digest),
    workingCalendarData: digest.workingCalendarData.bind(digest),
    countPeriodTargets: period.countPeriodTargets.bind(period),
    startPeriodBatch: period.startPeriodBatch.bind(period),
    movedPeriodDeadlines: period.movedPeriodDeadlines.bind(period),
    buildPeriodReport: period.buildPeriodReport.bind(period),
    planPeriodClose: period.planPeriodClose.bind(period),
    startPeriodClose: period.startPeriodClose.bind(period),
    emailPeriodReport: period.emailPeriodReport.bind(period),
    loadAssignmentContext: assignment.loadAssignmentContext.bind(assignment),
    recordAssignmentState: assignment.recordAssignmentState.bind(assignment),
    sendAssignmentEmail: assignment.sendAssignmentEmail.bind(assignment),
    issueUrgingLetterNumber: assignment.issueUrgingLetterNumber.bind(assignment),
    releaseUrgingLetterNumber: assignment.releaseUrgingLetterNumber.bind(assignment),
    countRequestTargets: requests.countRequestTargets.bind(requests),
    startRequestAssignments: requests.startRequestAssignments.bind(requests),
    applyReorganisation: reorganisation.applyReorganisation.bind(reorganisation),
    assignmentsToMove: reorganisation.assignmentsToMove.bind(reorganisation),
    moveAssignments: reorganisation.moveAssignments.bind(reorganisation),
    calendarChangeTargets: bulk.calendarChangeTargets.bind(bulk),
    signalAssignments: bulk.signalAssignments.bind(bulk),
    resendOutboxEmail: outbox.resendOutboxEmail.bind(outbox),
  });
}

/**
 * Wraps activities so that a write PostgreSQL rejects for its values (SQLSTATE
 * class 22, 23 or 42: the same attempt would fail forever) fails at once as a
 * non-retryable `RejectedByDatabase` failure, which reaches the caller, instead
 * of retrying without end and holding up what is queued behind it.
 */
export function nonRetryableWhenRejected<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        if (!(err instanceof ApplicationFailure) && classifyDbError(err) === 'rejected') {
          throw ApplicationFailure.create({
            type: 'RejectedByDatabase',
            nonRetryable: true,
            message: `${name}: PostgreSQL rejected the data (${sqlStateOf(err) ?? '?'}): ${(err as Error).message}`,
          });
        }
        throw err;
      }
    };
  }
  return wrapped as T;
}

/** True when a compiled workflow file is newer than the bundle (`nest start worker --watch` recompiled it). */
function bundleIsStale(bundle: string): boolean {
  const compiled = join(__dirname, '..', '..', '..', 'workflows');
  if (!existsSync(compiled)) {
    return false;
  }
  const built = statSync(bundle).mtimeMs;
  return readdirSync(compiled).some((f) => f.endsWith('.js') && statSync(join(compiled, f)).mtimeMs > built);
}

/**
 * The bundle at `explicit` (WORKFLOW_BUNDLE_PATH), else the one made at build time (production), or the sources bundled on start
 * (development, also when a watch build recompiled the workflows after the bundle).
 */
export function workflowCodeOption(
  explicit: string | undefined,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  const bundle = explicit ?? join(__dirname, '..', '..', '..', 'workflow-bundle.js');
  if (existsSync(bundle) && (explicit || !bundleIsStale(bundle))) {
    return { workflowBundle: { codePath: bundle } };
  }
  return { workflowsPath: require.resolve('../../../workflows') };
}

export async function createWorker(
  app: INestApplicationContext,
  overrides: Partial<WorkerOptions> = {},
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const config = app.get<AppConfig>(APP_CONFIG);
  const connection = await NativeConnection.connect({ address: config.temporal.address });
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    activities: activitiesOf(app),
    // Only the sizes set in the configuration; the SDK's defaults otherwise.
    ...Object.fromEntries(Object.entries(config.worker).filter(([, v]) => v !== undefined)),
    ...workflowCodeOption(config.workflows.bundlePath),
    ...overrides,
  });
  return { worker, connection };
}
