/** Contract of the period-open workflow, started by a Temporal Schedule or an operator. */
import { defineQuery } from '@temporalio/workflow';
import type { LocalDate } from '../libs/domain/src/local-date';
import type { PeriodKind } from '../libs/domain/src/period';
import type { MovedDeadline } from '../libs/domain/src/calendar/lawful-deadline';

export interface PeriodOpenInput {
  planCode: string;
  /** Which recurring duties to open: those of this period kind. */
  kind: PeriodKind;
  /** The date whose periods are opened; default: the day the run starts (Vietnam time). */
  onDate?: LocalDate;
  /** Task queue of the assignment workflows (default: the worker's own). */
  assignmentTaskQueue?: string;
  /** Assignments started per activity (default 200). */
  batchSize?: number;
  /** Continue as new after this many batches (default 20), to keep history short. */
  batchesPerRun?: number;
}

export interface PeriodOpenProgress {
  onDate: LocalDate;
  total: number;
  done: number;
  started: number;
  alreadyRunning: number;
  runs: number;
  /**
   * Catalog deadlines this opening moved off a day off to the next working day (Civil Code 2015,
   * art. 148(5)), one per duty and original date; absent from runs started before this was listed.
   */
  movedDeadlines?: MovedDeadline[];
}

export const periodOpenProgressQuery = defineQuery<PeriodOpenProgress>('progress');

/** One opening per plan, kind and date (a schedule's runs use the schedule id instead). */
export const periodOpenWorkflowId = (planCode: string, kind: PeriodKind, onDate: LocalDate): string =>
  `period-open/${planCode}/${kind}/${onDate}`;
