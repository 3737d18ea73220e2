/**
 * Contract of the agency-reorganisation workflow: a merge (several agencies into
 * one) or a split (one into several) on an effective date, and the move of the
 * open assignments of the old agencies to their successors.
 */
import type { LocalDate } from '../libs/domain/src/local-date';
import type { BatchOutcome, OperationProgress } from './operation.messages';

export interface SuccessorSpec {
  code: string;
  /** Required when the successor does not exist yet (it is then created). */
  name?: string;
  kind?: string;
  focalEmail?: string;
  headEmail?: string;
}

export interface ReorganisationInput {
  type: 'merge' | 'split';
  /** Vietnam date from which the successors hold the duties; the old agencies end the day before. */
  effectiveDate: LocalDate;
  from: string[];
  into: SuccessorSpec[];
  note?: string | null;
  /** Who asked for it (audit trail, cancellation reason). */
  actor: string;
  /** Task queue of the successors' assignment workflows (default: the worker's own). */
  assignmentTaskQueue?: string;
  /** Assignments moved per activity (default 25). */
  batchSize?: number;
}

/** The registry after the change: who ended and who took over. */
export interface RegistryChange {
  retired: string[];
  successors: string[];
  /** Bilingual reason written on every cancelled assignment. */
  reason: string;
}

export interface MoveRequest {
  /** Workflow ids of the old agencies' open assignments. */
  workflowIds: string[];
  successors: string[];
  reason: string;
  actor: string;
  taskQueue?: string;
}

export interface MovedAssignment {
  from: string;
  to: string;
  duty: string;
  period: string;
}

/** Implemented by the worker's ReorganisationActivities; every step may run again safely. */
export interface ReorganisationActivities {
  /** Creates the missing successors and ends the old agencies (unchanged when already done). */
  applyReorganisation(input: ReorganisationInput): Promise<RegistryChange>;
  /** The open assignments of the old agencies, in a stable order. */
  assignmentsToMove(req: { from: string[] }): Promise<string[]>;
  /** Reissues each assignment to every successor, then cancels it (successor first, so a retry never loses one). */
  moveAssignments(req: MoveRequest): Promise<BatchOutcome & { moved: MovedAssignment[] }>;
}

export interface ReorganisationResult extends OperationProgress, RegistryChange {
  type: 'merge' | 'split';
  effectiveDate: LocalDate;
  moved: MovedAssignment[];
}

/** The same reorganisation asked again (a retry after a failure) is the same operation. */
export const reorganisationWorkflowId = (type: 'merge' | 'split', from: string[], effectiveDate: LocalDate): string =>
  `reorganisation/${type}/${[...from].sort().join('+')}/${effectiveDate}`;
