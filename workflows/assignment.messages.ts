/**
 * Contract of the assignment workflow: its input, the messages it accepts and
 * the state it reports. Imported by the workflow, the worker and the API.
 */
import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { ReportingCategory } from '../libs/domain/src/reporting-category';
import type { LocalDate } from '../libs/domain/src/local-date';

export const DEFAULT_TASK_QUEUE = 'dondoc';

/** One duty × agency × period. Ids and dates only: the workflow loads the rest through an activity. */
export interface AssignmentInput {
  planCode: string;
  dutyCode: string;
  agencyCode: string;
  periodKey: string;
  periodStart: LocalDate | null;
  periodEnd: LocalDate | null;
  dueDate: LocalDate;
  /** Local time (HH:mm, Vietnam) at which reminders go out. */
  reminderLocalTime: string;
}

/** What the workflow needs to know about its duty and agency, loaded once at start. */
export interface AssignmentContext {
  agencyName: string;
  dutyTitleVi: string;
  binding: boolean;
  reminderOffsetsWorkingDays: number[];
  /** Extra days off and worked weekend days in force (the working calendar). */
  calendar: { extraDaysOff: LocalDate[]; extraWorkingDays: LocalDate[] };
}

export type AssignmentStatus = 'assigned' | 'acknowledged';

export interface TimelineEntry {
  at: string;
  type: string;
  actor: string;
  note?: string;
}

export interface AssignmentState {
  workflowId: string;
  status: AssignmentStatus;
  category: ReportingCategory;
  dueDate: LocalDate;
  originalDueDate: LocalDate;
  remindersSent: number;
  escalationLevel: number;
  /** Increases with every transition; the read model keeps the highest. */
  version: number;
  timeline: TimelineEntry[];
}

export const acknowledgeSignal = defineSignal<[{ actor: string }]>('acknowledge');
export const stateQuery = defineQuery<AssignmentState>('state');

/** Deterministic id: opening a period twice starts nothing twice. */
export function assignmentWorkflowId(dutyCode: string, agencyCode: string, periodKey: string): string {
  return `assignment/${dutyCode}/${agencyCode}/${periodKey}`;
}
