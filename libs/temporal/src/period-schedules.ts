import {
  DAYS_OF_WEEK,
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type CalendarSpec,
  type CalendarSpecDescription,
  type Client,
  type DayOfWeek,
  type LooseRange,
  type Month,
  type Range,
} from '@temporalio/client';
import type { PeriodKind } from '../../domain/src/period';
import { periodOpenings } from '../../domain/src/periods/duty-periods';
import { VIETNAM_TIME_ZONE } from '../../domain/src/local-date';
import type { periodOpenWorkflow } from '../../../workflows/period-open.workflow';
import { WORKFLOW_TYPES } from './workflow-starters';

/** The local time at which a period opens on its first day (Vietnam time). */
export const PERIOD_OPEN_LOCAL_TIME = { hour: 0, minute: 5 } as const;

export const PERIOD_KINDS: PeriodKind[] = ['month', 'quarter', 'half', 'year'];

/**
 * The calendars of the schedule that opens the periods of `kind`: 00:05 Vietnam time on the
 * first day of each window, as periodOpenings (libs/domain) defines them from the windows:
 * month on the 1st (activity months) and the 15th (Decree 09/2019 reporting months),
 * quarter on 15/12, 15/3, 15/6 and 15/9, half on 15/12 and 15/6, year on 15/12 (Decree
 * 09/2019/NĐ-CP art. 12: data from the 15th of the month before; the year also opens the plans
 * for the year after it).
 */
export function periodScheduleCalendars(kind: PeriodKind): CalendarSpec[] {
  return periodOpenings(kind).map((o) => ({
    month: o.months.map((m) => MONTHS[m - 1]),
    dayOfMonth: o.dayOfMonth,
    ...PERIOD_OPEN_LOCAL_TIME,
    comment: `${o.bases.join(', ')} windows start`,
  }));
}

type AnyCalendar = CalendarSpec | CalendarSpecDescription;
type Field<T> = LooseRange<T> | Array<LooseRange<T>> | '*' | undefined;

/** The values a calendar field matches (Temporal's defaults: 0 for time fields, every value otherwise). */
function fieldValues<T extends number | string>(
  field: Field<T>,
  all: number[],
  index: (v: T) => number,
  byDefault: number[],
): number[] {
  if (field === undefined) {
    return byDefault;
  }
  if (field === '*') {
    return all;
  }
  const ranges = Array.isArray(field) ? field : [field];
  if (ranges.length === 0) {
    return byDefault;
  }
  const out = new Set<number>();
  for (const r of ranges) {
    if (typeof r === 'object') {
      const start = index(r.start);
      const end = r.end === undefined ? start : Math.max(index(r.end), start);
      const step = 'step' in r && r.step ? r.step : 1;
      for (let v = start; v <= end; v += step) {
        out.add(v);
      }
    } else {
      out.add(index(r));
    }
  }
  return [...out].sort((a, b) => a - b);
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const same = (v: number): number => v;

/**
 * When calendars fire within any year, as sorted `MM-DD HH:mm` strings (Vietnam time; days of
 * week and years must match every value, which the period schedules always do). Used to compare
 * a schedule on the server with the calendars it should have.
 */
export function calendarFirings(calendars: readonly AnyCalendar[]): string[] {
  const out = new Set<string>();
  const pad = (n: number): string => String(n).padStart(2, '0');
  for (const c of calendars) {
    const dow = fieldValues<DayOfWeek>(c.dayOfWeek, range(0, 6), (d) => DAYS_OF_WEEK.indexOf(d), range(0, 6));
    const years = c.year as Field<number>;
    if (dow.length !== 7 || (years !== undefined && years !== '*' && !(Array.isArray(years) && years.length === 0))) {
      throw new RangeError('calendarFirings compares calendars that fire on every day of the week and every year');
    }
    const months = fieldValues<Month>(c.month, range(1, 12), (m) => MONTHS.indexOf(m) + 1, range(1, 12));
    const days = fieldValues<number>(c.dayOfMonth, range(1, 31), same, range(1, 31));
    const hours = fieldValues<number>(c.hour, range(0, 23), same, [0]);
    const minutes = fieldValues<number>(c.minute, range(0, 59), same, [0]);
    for (const m of months) {
      for (const d of days) {
        for (const h of hours) {
          for (const min of minutes) {
            out.add(`${pad(m)}-${pad(d)} ${pad(h)}:${pad(min)}`);
          }
        }
      }
    }
  }
  return [...out].sort();
}

export const periodScheduleId = (planCode: string, kind: PeriodKind): string => `period-open/${planCode}/${kind}`;

/**
 * One Temporal Schedule per plan and period kind, in the Vietnam time zone, firing when the
 * kind's windows start (periodScheduleCalendars). A schedule that already exists with other
 * calendars (created by older code on the 1st of the month, quarter, half and year) is brought
 * to them; one that has them is left as it is (paused or not). Returns the ids of the schedules
 * created or changed, so a second call returns [].
 * Overlap BUFFER_ONE: a slow open is never run twice at once, and none is lost.
 * Catch-up window of a week: after an outage, a missed opening still happens.
 */
export async function ensurePeriodSchedules(client: Client, planCode: string, taskQueue: string): Promise<string[]> {
  const changed: string[] = [];
  for (const kind of PERIOD_KINDS) {
    const scheduleId = periodScheduleId(planCode, kind);
    const args: Parameters<typeof periodOpenWorkflow> = [{ planCode, kind }];
    const calendars = periodScheduleCalendars(kind);
    try {
      await client.schedule.create({
        scheduleId,
        spec: { calendars, timezone: VIETNAM_TIME_ZONE },
        action: {
          type: 'startWorkflow',
          workflowType: WORKFLOW_TYPES.periodOpen,
          taskQueue,
          args,
          workflowId: scheduleId,
        },
        policies: { overlap: 'BUFFER_ONE', catchupWindow: '7 days', pauseOnFailure: false },
        memo: { planCode, kind },
      });
      changed.push(scheduleId);
      continue;
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) {
        throw err;
      }
    }
    const handle = client.schedule.getHandle(scheduleId);
    const current = await handle.describe();
    const wanted = calendarFirings(calendars).join();
    if (
      current.spec.timezone === VIETNAM_TIME_ZONE &&
      !current.spec.intervals?.length &&
      calendarFirings(current.spec.calendars ?? []).join() === wanted
    ) {
      continue;
    }
    await handle.update((previous) => ({
      ...previous,
      spec: { ...previous.spec, calendars, intervals: [], timezone: VIETNAM_TIME_ZONE },
    }));
    changed.push(scheduleId);
  }
  return changed;
}

export interface ScheduleView {
  id: string;
  paused: boolean;
  note: string | null;
  nextRuns: string[];
  recentRuns: Array<{ scheduledAt: string; workflowId: string }>;
}

export async function describePeriodSchedule(client: Client, id: string): Promise<ScheduleView | null> {
  try {
    const d = await client.schedule.getHandle(id).describe();
    return {
      id,
      paused: d.state.paused,
      note: d.state.note ?? null,
      nextRuns: d.info.nextActionTimes.slice(0, 3).map((t) => t.toISOString()),
      recentRuns: d.info.recentActions.map((a) => ({
        scheduledAt: a.scheduledAt.toISOString(),
        workflowId: a.action.type === 'startWorkflow' ? a.action.workflow.workflowId : '',
      })),
    };
  } catch (err) {
    if (err instanceof ScheduleNotFoundError) {
      return null;
    }
    throw err;
  }
}

export const DIGEST_SCHEDULE_ID = 'daily-digest';

/**
 * The daily digest at 08:00 Vietnam time, every day of the week: the workflow sends it on the
 * working days of the state agencies' calendar only (worked Saturdays included, holidays and
 * swapped days off skipped), so the schedule itself must not leave weekends out.
 */
export const DIGEST_SCHEDULE_SPEC: CalendarSpec = { dayOfWeek: '*', hour: 8, minute: 0 };

/** True when the schedule's calendars fire on all seven days of the week. */
export function firesEveryDay(calendars: ReadonlyArray<{ dayOfWeek: Array<Range<DayOfWeek>> }>): boolean {
  const days = new Set<number>();
  for (const c of calendars) {
    for (const r of c.dayOfWeek) {
      const start = DAYS_OF_WEEK.indexOf(r.start);
      const end = DAYS_OF_WEEK.indexOf(r.end ?? r.start);
      for (let d = start; d <= end; d += Math.max(r.step ?? 1, 1)) {
        days.add(d);
      }
    }
  }
  return days.size === 7;
}

/**
 * True when the calendars fire exactly when the digest should: every day of the week at
 * DIGEST_SCHEDULE_SPEC's time (Vietnam time), and at no other time.
 */
function digestCalendarsCurrent(calendars: ReadonlyArray<CalendarSpecDescription>): boolean {
  if (!firesEveryDay(calendars)) {
    return false;
  }
  try {
    return calendarFirings(calendars).join() === calendarFirings([DIGEST_SCHEDULE_SPEC]).join();
  } catch (err) {
    if (err instanceof RangeError) {
      return false; // days split over several calendars, or a year: not the digest's one calendar
    }
    throw err;
  }
}

/**
 * Creates the digest schedule, or brings an existing one to DIGEST_SCHEDULE_SPEC in the Vietnam
 * time zone: one from older code (Monday–Friday, before worked Saturdays were honoured), one at
 * another time of day, in another time zone or with intervals. The schedule keeps its id (never
 * a second one) and its state (a paused schedule stays paused). Returns true when it created or
 * changed it. `scheduleId` defaults to DIGEST_SCHEDULE_ID (tests use their own).
 */
export async function ensureDigestSchedule(
  client: Client,
  taskQueue: string,
  scheduleId: string = DIGEST_SCHEDULE_ID,
): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId,
      spec: { calendars: [DIGEST_SCHEDULE_SPEC], timezone: VIETNAM_TIME_ZONE },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPES.dailyDigest,
        taskQueue,
        args: [],
        workflowId: scheduleId,
      },
      policies: { overlap: 'SKIP', catchupWindow: '2 hours' },
    });
    return true;
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) {
      throw err;
    }
  }
  const handle = client.schedule.getHandle(scheduleId);
  const current = await handle.describe();
  if (
    current.spec.timezone === VIETNAM_TIME_ZONE &&
    !current.spec.intervals?.length &&
    digestCalendarsCurrent(current.spec.calendars ?? [])
  ) {
    return false;
  }
  await handle.update((previous) => ({
    ...previous,
    spec: { ...previous.spec, calendars: [DIGEST_SCHEDULE_SPEC], intervals: [], timezone: VIETNAM_TIME_ZONE },
  }));
  return true;
}
