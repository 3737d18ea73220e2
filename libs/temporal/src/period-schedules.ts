import {
  DAYS_OF_WEEK,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  type CalendarSpec,
  type Client,
  type DayOfWeek,
  type Range,
} from '@temporalio/client';
import type { PeriodKind } from '../../domain/src/period';
import { VIETNAM_TIME_ZONE } from '../../domain/src/local-date';
import type { periodOpenWorkflow } from '../../../workflows/period-open.workflow';
import { WORKFLOW_TYPES } from './workflow-starters';

/** When each kind of period opens: 00:05 Vietnam time on its first day. */
const OPENS: Record<PeriodKind, CalendarSpec> = {
  month: { dayOfMonth: 1, hour: 0, minute: 5 },
  quarter: { month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 0, minute: 5 },
  half: { month: ['JANUARY', 'JULY'], dayOfMonth: 1, hour: 0, minute: 5 },
  year: { month: 'JANUARY', dayOfMonth: 1, hour: 0, minute: 5 },
};

export const PERIOD_KINDS = Object.keys(OPENS) as PeriodKind[];

export const periodScheduleId = (planCode: string, kind: PeriodKind): string => `period-open/${planCode}/${kind}`;

/**
 * One Temporal Schedule per plan and period kind, in the Vietnam time zone.
 * Overlap BUFFER_ONE: a slow open is never run twice at once, and none is lost.
 * Catch-up window of a week: after an outage, a missed opening still happens.
 */
export async function ensurePeriodSchedules(client: Client, planCode: string, taskQueue: string): Promise<string[]> {
  const created: string[] = [];
  for (const kind of PERIOD_KINDS) {
    const scheduleId = periodScheduleId(planCode, kind);
    const args: Parameters<typeof periodOpenWorkflow> = [{ planCode, kind }];
    try {
      await client.schedule.create({
        scheduleId,
        spec: { calendars: [OPENS[kind]], timezone: VIETNAM_TIME_ZONE },
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
      created.push(scheduleId);
    } catch (err) {
      if (!(err instanceof ScheduleAlreadyRunning)) {
        throw err;
      }
    }
  }
  return created;
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
 * Creates the digest schedule, or brings an existing one (Monday–Friday before worked Saturdays
 * were honoured) to every day. Returns true when it created or changed it.
 */
export async function ensureDigestSchedule(client: Client, taskQueue: string): Promise<boolean> {
  try {
    await client.schedule.create({
      scheduleId: DIGEST_SCHEDULE_ID,
      spec: { calendars: [DIGEST_SCHEDULE_SPEC], timezone: VIETNAM_TIME_ZONE },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPES.dailyDigest,
        taskQueue,
        args: [],
        workflowId: DIGEST_SCHEDULE_ID,
      },
      policies: { overlap: 'SKIP', catchupWindow: '2 hours' },
    });
    return true;
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) {
      throw err;
    }
  }
  const handle = client.schedule.getHandle(DIGEST_SCHEDULE_ID);
  const current = await handle.describe();
  if (firesEveryDay(current.spec.calendars ?? [])) {
    return false;
  }
  await handle.update((previous) => ({
    ...previous,
    spec: { ...previous.spec, calendars: [DIGEST_SCHEDULE_SPEC], timezone: VIETNAM_TIME_ZONE },
  }));
  return true;
}
