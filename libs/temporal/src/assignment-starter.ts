import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { StateAgencyCalendar } from '../../domain/src/calendar';
import { periodContaining, type Period, type PeriodKind } from '../../domain/src/period';
import type { LocalDate } from '../../domain/src/local-date';
import type { DutySpec } from '../../catalog/src/catalog.schema';
import type { AgencyRepository } from '../../persistence/src/repositories/agency.repository';
import type { CatalogRepository } from '../../persistence/src/repositories/catalog.repository';
import { assignmentWorkflowId, type AssignmentInput } from '../../../workflows/assignment.messages';

const PERIOD_OF_RECURRENCE: Partial<Record<DutySpec['recurrence']['kind'], PeriodKind>> = {
  monthly: 'month',
  quarterly: 'quarter',
  'half-yearly': 'half',
  yearly: 'year',
};

export interface OpenPeriodResult {
  started: number;
  alreadyRunning: number;
  duties: number;
  assignments: Array<{ workflowId: string; started: boolean }>;
}

export interface OpenPeriodOptions {
  planCode: string;
  /** The date whose periods are opened (Vietnam date). */
  onDate: LocalDate;
  taskQueue: string;
  reminderLocalTime: string;
  /** Restrict to these duty codes (default: every periodic duty). */
  dutyCodes?: string[];
  onProgress?: (done: number, total: number) => void;
}

/**
 * Starts one assignment workflow per (periodic duty × addressed agency valid on
 * the date) for the period containing the date. Workflow ids are deterministic,
 * so running it twice starts nothing twice.
 */
export class AssignmentStarter {
  private readonly calendar = new StateAgencyCalendar();

  constructor(
    private readonly client: Client,
    private readonly catalog: CatalogRepository,
    private readonly agencies: AgencyRepository,
  ) {}

  async openPeriods(opts: OpenPeriodOptions): Promise<OpenPeriodResult> {
    const duties = (await this.catalog.activeDuties(opts.planCode)).filter(
      (d) => PERIOD_OF_RECURRENCE[d.spec.recurrence.kind] && (!opts.dutyCodes || opts.dutyCodes.includes(d.code)),
    );
    const inputs: AssignmentInput[] = [];
    for (const duty of duties) {
      const period = periodContaining(PERIOD_OF_RECURRENCE[duty.spec.recurrence.kind]!, opts.onDate);
      if (!this.opensIn(duty.spec, period)) {
        continue;
      }
      const dueDate = this.dueDate(duty.spec, period);
      for (const agency of await this.agencies.findAddressees(duty.spec.addressees, opts.onDate)) {
        inputs.push({
          planCode: opts.planCode,
          dutyCode: duty.code,
          agencyCode: agency.code,
          periodKey: period.key,
          periodStart: period.start,
          periodEnd: period.end,
          dueDate,
          reminderLocalTime: duty.spec.reminders.localTime ?? opts.reminderLocalTime,
        });
      }
    }
    const result: OpenPeriodResult = { started: 0, alreadyRunning: 0, duties: duties.length, assignments: [] };
    for (const input of inputs) {
      const workflowId = assignmentWorkflowId(input.dutyCode, input.agencyCode, input.periodKey);
      let started = true;
      try {
        await this.client.workflow.start('assignmentWorkflow', {
          taskQueue: opts.taskQueue,
          workflowId,
          args: [input],
          // A closed assignment keeps its id: opening the period again must not restart it.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        });
        result.started += 1;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
          throw err;
        }
        started = false;
        result.alreadyRunning += 1;
      }
      result.assignments.push({ workflowId, started });
      opts.onProgress?.(result.assignments.length, inputs.length);
    }
    return result;
  }

  private opensIn(spec: DutySpec, period: Period): boolean {
    const halves = spec.recurrence.halves;
    return !halves || period.kind !== 'half' || halves.includes(period.key.endsWith('H1') ? 1 : 2);
  }

  private dueDate(spec: DutySpec, period: Period): LocalDate {
    switch (spec.deadline.rule) {
      case 'period-end':
        return this.calendar.addWorkingDays(period.end, spec.deadline.workingDaysAfter);
      case 'fixed':
        return spec.deadline.date;
      case 'requester':
        throw new Error(`duty ${spec.code} takes its deadline from a request`);
    }
  }
}
