import type { Client } from '@temporalio/client';
import type { LocalDate } from '../../domain/src/local-date';
import type { PeriodKind } from '../../domain/src/period';
import type { PeriodOpenProgress } from '../../../workflows/period-open.messages';
import { periodCloseWorkflowId } from '../../../workflows/period-close.messages';
import { consolidationPeriod } from '../../domain/src/periods/duty-periods';
import { PERIOD_KINDS } from './period-schedules';
import { startPeriodOpen } from './workflow-starters';

export interface OpenedPeriod {
  planCode: string;
  kind: PeriodKind;
  workflowId: string;
  progress: PeriodOpenProgress;
  /** The workflow that consolidates the period at its deadline (planned by the opening). */
  closeWorkflowId: string;
}

/**
 * Opens, for each plan, the periods of every kind that contain `onDate`, through
 * `periodOpenWorkflow` (the same workflow the schedules run), so each period also
 * gets its planned close. Re-running it starts nothing twice: assignment and close
 * ids are deterministic. Resolves when every opening has finished.
 */
export async function openCurrentPeriods(
  client: Client,
  planCodes: string[],
  opts: {
    taskQueue: string;
    onDate: LocalDate;
    /** Task queue of the assignments (default: the openers' own). */
    assignmentTaskQueue?: string;
    onOpened?: (opened: OpenedPeriod) => void;
  },
): Promise<OpenedPeriod[]> {
  const out: OpenedPeriod[] = [];
  for (const planCode of planCodes) {
    for (const kind of PERIOD_KINDS) {
      const { workflowId, handle } = await startPeriodOpen(
        client,
        { planCode, kind, onDate: opts.onDate, assignmentTaskQueue: opts.assignmentTaskQueue },
        { taskQueue: opts.taskQueue },
      );
      const opened: OpenedPeriod = {
        planCode,
        kind,
        workflowId,
        progress: await handle.result(),
        closeWorkflowId: periodCloseWorkflowId(planCode, consolidationPeriod(kind, opts.onDate).key),
      };
      opts.onOpened?.(opened);
      out.push(opened);
    }
  }
  return out;
}
