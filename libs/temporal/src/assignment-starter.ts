import type { Client } from '@temporalio/client';
import { StateAgencyCalendar } from '../../domain/src/calendar';
import { lawfulDeadline, noteMovedDeadline, type MovedDeadline } from '../../domain/src/calendar/lawful-deadline';
import { predecessorsOf, resolveAddressees, type RegistryAgency } from '../../domain/src/agency-lineage';
import { ONE_OFF_PERIOD_KEY, type Period, type PeriodKind } from '../../domain/src/period';
import { dutyPeriod, planDeadline, reportingLevelOf, resultsDeadline } from '../../domain/src/periods/duty-periods';
import { PPC_OFFICE_CODE } from '../../domain/src/agency';
import type { LocalDate } from '../../domain/src/local-date';
import { periodBasisOf, type DutySpec } from '../../catalog/src/catalog.schema';
import type { AgencyRepository } from '../../persistence/src/repositories/agency.repository';
import type { CatalogRepository } from '../../persistence/src/repositories/catalog.repository';
import type { CalendarRepository } from '../../persistence/src/repositories/calendar.repository';
import type { AssignmentRepository } from '../../persistence/src/repositories/assignment.repository';
import type { WorkingCalendar } from '../../domain/src/calendar';
import { assignmentWorkflowId, type AssignmentInput } from '../../../workflows/assignment.messages';
import { startAssignment } from './workflow-starters';

export const PERIOD_OF_RECURRENCE: Partial<Record<DutySpec['recurrence']['kind'], PeriodKind>> = {
  monthly: 'month',
  quarterly: 'quarter',
  'half-yearly': 'half',
  yearly: 'year',
};

export interface OpenPeriodResult {
  started: number;
  alreadyRunning: number;
  duties: number;
  total: number;
}

/** The assignments an opening starts, and the catalog deadlines it moved off days off. */
export interface OpeningTargets {
  inputs: AssignmentInput[];
  duties: number;
  /** Distinct duty and original date pairs moved to the next working day (Civil Code 2015, art. 148(5)). */
  moved: MovedDeadline[];
}

export interface TargetOptions {
  planCode: string;
  /** The date whose periods are opened (Vietnam date). */
  onDate: LocalDate;
  reminderLocalTime: string;
  /** Only duties recurring with these period kinds (default: every periodic duty). */
  kinds?: PeriodKind[];
  /** Restrict to these duty codes (default: every periodic duty). */
  dutyCodes?: string[];
  /**
   * Also open the one-off duties (recurrence "once") of the plan, after the periodic ones:
   * the plan's yearly opening does, which is how a plan is activated (see `oneOffTargets`).
   */
  oneOff?: boolean;
}

export interface StartOptions {
  taskQueue: string;
  /** How many starts run at once. */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Computes and starts the assignments of a period: one workflow per (periodic
 * duty × agency that owes it on the date, see resolveAddressees). Each duty's period
 * and deadline follow its window basis (libs/domain periods/duty-periods.ts): results
 * duties the Decree 09/2019 window and the agency's per-level deadline, activity duties
 * the calendar month, plans the next year, due before it starts. Workflow ids are
 * deterministic and duplicates are rejected, so running it twice starts nothing twice.
 */
export class AssignmentStarter {
  constructor(
    private readonly client: Client,
    private readonly catalog: CatalogRepository,
    private readonly agencies: AgencyRepository,
    /** The working calendar (holidays, swapped days); weekends only without it. */
    private readonly calendars?: CalendarRepository,
    /** Needed for one-off duties: who has already done them. */
    private readonly assignments?: AssignmentRepository,
  ) {}

  /** Every assignment of the periods containing the date, in a stable order. */
  async targets(opts: TargetOptions): Promise<OpeningTargets> {
    const duties = (await this.catalog.activeDuties(opts.planCode)).filter((d) => {
      const kind = PERIOD_OF_RECURRENCE[d.spec.recurrence.kind];
      return kind && (!opts.kinds || opts.kinds.includes(kind)) && (!opts.dutyCodes || opts.dutyCodes.includes(d.code));
    });
    const inputs: AssignmentInput[] = [];
    const moved: MovedDeadline[] = [];
    const year = Number(opts.onDate.slice(0, 4));
    // A reporting window opened in late December, or a plan, has its deadline in the next year.
    const calendar = this.calendars
      ? await this.calendars.workingCalendar([year, year + 1])
      : new StateAgencyCalendar();
    const registry = await this.agencies.registry();
    const kindOf = new Map(registry.map((a) => [a.code, a.kind]));
    for (const duty of duties) {
      const period = dutyPeriod(
        periodBasisOf(duty.spec.recurrence),
        PERIOD_OF_RECURRENCE[duty.spec.recurrence.kind]!,
        opts.onDate,
      );
      if (!this.opensIn(duty.spec, period)) {
        continue;
      }
      // The period's reference date decides who owes the duty (successors, abolished kinds).
      for (const agency of resolveAddressees(duty.spec, registry, opts.onDate).addressees) {
        const dueDate = this.lawful(
          duty.spec,
          this.dueDate(duty.spec, period, kindOf.get(agency.code) ?? '', calendar),
          calendar,
          moved,
        );
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
    if (!opts.oneOff) {
      return { inputs, duties: duties.length, moved };
    }
    const oneOff = await this.oneOffTargets(opts, registry);
    for (const m of oneOff.moved) {
      noteMovedDeadline(moved, m);
    }
    return { inputs: [...inputs, ...oneOff.inputs], duties: duties.length + oneOff.duties, moved };
  }

  /**
   * The one-off duties (V.3 portal banner, V.7 website posting): one assignment per
   * addressee on `onDate`, period key {@link ONE_OFF_PERIOD_KEY}, due by the catalog rule
   * (`after-activation`: that many working days after `onDate`). The workflow id is the
   * duty, agency and that key, so an agency is never asked twice, whatever the date of a
   * later opening. An agency that took over from a body that had already done it
   * (accepted or waived) is not asked again; one whose predecessor had not, is.
   */
  private async oneOffTargets(opts: TargetOptions, registry: RegistryAgency[]): Promise<OpeningTargets> {
    const duties = (await this.catalog.activeDuties(opts.planCode)).filter(
      (d) => d.spec.recurrence.kind === 'once' && (!opts.dutyCodes || opts.dutyCodes.includes(d.code)),
    );
    if (duties.length > 0 && !this.assignments) {
      throw new Error('opening one-off duties needs the assignment repository (who has done them)');
    }
    const year = Number(opts.onDate.slice(0, 4));
    // A deadline after the activation may fall in the next year.
    const calendar = this.calendars
      ? await this.calendars.workingCalendar([year, year + 1])
      : new StateAgencyCalendar();
    const inputs: AssignmentInput[] = [];
    const moved: MovedDeadline[] = [];
    for (const duty of duties) {
      const rule = duty.spec.deadline;
      if (rule.rule !== 'after-activation' && rule.rule !== 'fixed') {
        continue; // the catalog schema refuses other rules for a one-off duty
      }
      const dueDate = this.lawful(
        duty.spec,
        rule.rule === 'fixed' ? rule.date : calendar.addWorkingDays(opts.onDate, rule.workingDaysAfter),
        calendar,
        moved,
      );
      const done = new Set(await this.assignments!.agenciesDone(opts.planCode, duty.code, ONE_OFF_PERIOD_KEY));
      for (const agency of resolveAddressees(duty.spec, registry, opts.onDate).addressees) {
        if (done.has(agency.code) || predecessorsOf(agency.code, registry).some((p) => done.has(p))) {
          continue;
        }
        inputs.push({
          planCode: opts.planCode,
          dutyCode: duty.code,
          agencyCode: agency.code,
          periodKey: ONE_OFF_PERIOD_KEY,
          periodStart: opts.onDate,
          periodEnd: dueDate,
          dueDate,
          reminderLocalTime: duty.spec.reminders.localTime ?? opts.reminderLocalTime,
        });
      }
    }
    return { inputs, duties: duties.length, moved };
  }

  /**
   * The deadline in force for a computed date: the next working day when it is a day off
   * (Civil Code 2015, art. 148(5)), noted in `moved` once per duty and date.
   */
  private lawful(spec: DutySpec, date: LocalDate, calendar: WorkingCalendar, moved: MovedDeadline[]): LocalDate {
    const lawful = lawfulDeadline(calendar, date);
    if (lawful.deadlineMovedFrom && lawful.deadlineMovedMessage) {
      noteMovedDeadline(moved, {
        dutyCode: spec.code,
        dutyTitle: { vi: spec.title.vi, en: spec.title.en },
        from: lawful.deadlineMovedFrom,
        to: lawful.dueDate,
        reason: lawful.deadlineMovedMessage,
      });
    }
    return lawful.dueDate;
  }

  /**
   * Starts the workflows with bounded concurrency; an id already taken counts as already running,
   * and so does one the assignments table already holds (with the repository): a period opened
   * again (the monthly schedule fires on the 1st and the 15th, both opening the months in
   * progress) never restarts an assignment whose closed run Temporal no longer keeps.
   */
  async start(inputs: AssignmentInput[], opts: StartOptions): Promise<{ started: number; alreadyRunning: number }> {
    let started = 0;
    let alreadyRunning = 0;
    let next = 0;
    const known = this.assignments
      ? await this.assignments.existingWorkflowIds(
          inputs.map((i) => assignmentWorkflowId(i.dutyCode, i.agencyCode, i.periodKey)),
        )
      : new Set<string>();
    const worker = async (): Promise<void> => {
      while (next < inputs.length) {
        const input = inputs[next++];
        if (known.has(assignmentWorkflowId(input.dutyCode, input.agencyCode, input.periodKey))) {
          alreadyRunning += 1;
          opts.onProgress?.(started + alreadyRunning, inputs.length);
          continue;
        }
        if ((await startAssignment(this.client, input, { taskQueue: opts.taskQueue })).started) {
          started += 1;
        } else {
          alreadyRunning += 1;
        }
        opts.onProgress?.(started + alreadyRunning, inputs.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 16, inputs.length) }, worker));
    return { started, alreadyRunning };
  }

  async openPeriods(opts: TargetOptions & StartOptions): Promise<OpenPeriodResult> {
    const { inputs, duties } = await this.targets(opts);
    const result = await this.start(inputs, opts);
    return { ...result, duties, total: inputs.length };
  }

  private opensIn(spec: DutySpec, period: Period): boolean {
    const halves = spec.recurrence.halves;
    return !halves || period.kind !== 'half' || halves.includes(period.key.endsWith('H1') ? 1 : 2);
  }

  /** The date the catalog rule gives, before the lawful-deadline rule (see `lawful`). */
  private dueDate(spec: DutySpec, period: Period, agencyKind: string, calendar: WorkingCalendar): LocalDate {
    switch (spec.deadline.rule) {
      case 'period-end':
        return calendar.addWorkingDays(period.end, spec.deadline.workingDaysAfter);
      case 'reporting-level':
        return resultsDeadline(period, reportingLevelOf(agencyKind, spec.reportTo === PPC_OFFICE_CODE), calendar);
      case 'before-year':
        return planDeadline(Number(period.key), spec.deadline.workingDaysBefore, calendar);
      case 'fixed':
        // A fixed date on a day off moves to the next working day (`lawful`).
        return spec.deadline.date;
      case 'requester':
        throw new Error(`duty ${spec.code} takes its deadline from a request`);
      case 'after-activation':
        throw new Error(`duty ${spec.code} is one-off: its deadline counts from the plan's activation`);
    }
  }
}
