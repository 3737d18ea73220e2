import { randomBytes } from 'node:crypto';
import { Client, Connection, type CalendarSpec } from '@temporalio/client';
import { VIETNAM_TIME_ZONE, vietnamDateOf } from '../libs/domain/src/local-date';
import type { PeriodKind } from '../libs/domain/src/period';
import { KINDS_OF_BASIS, PERIOD_BASES, dutyPeriod } from '../libs/domain/src/periods/duty-periods';
import {
  PERIOD_KINDS,
  calendarFirings,
  ensurePeriodSchedules,
  periodScheduleId,
} from '../libs/temporal/src/period-schedules';
import { WORKFLOW_TYPES } from '../libs/temporal/src/workflow-starters';

/** What the schedules of older code fired on: 00:05 on the 1st of the month, quarter, half and year. */
const OLDER: Record<PeriodKind, CalendarSpec> = {
  month: { dayOfMonth: 1, hour: 0, minute: 5 },
  quarter: { month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'], dayOfMonth: 1, hour: 0, minute: 5 },
  half: { month: ['JANUARY', 'JULY'], dayOfMonth: 1, hour: 0, minute: 5 },
  year: { month: 'JANUARY', dayOfMonth: 1, hour: 0, minute: 5 },
};

/** The Decree 09/2019 windows and activity months, as the real server describes the schedules after the update. */
const EXPECTED: Record<PeriodKind, string[]> = {
  month: Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0')).flatMap((m) => [
    `${m}-01 00:05`,
    `${m}-15 00:05`,
  ]),
  quarter: ['03-15 00:05', '06-15 00:05', '09-15 00:05', '12-15 00:05'],
  half: ['06-15 00:05', '12-15 00:05'],
  year: ['12-15 00:05'],
};

/**
 * The schedules that open periods on the real Temporal server: those of older code (the 1st) are
 * brought to the first day of the windows on start, once, and the next runs the server computes
 * are days on which a period of the kind starts (domain definitions, libs/domain).
 */
describe('period schedules on the real Temporal server', () => {
  let connection: Connection;
  let client: Client;
  const plan = `it-schedules-${randomBytes(4).toString('hex')}`;
  const idleQueue = `idle-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  });

  afterAll(async () => {
    for (const kind of PERIOD_KINDS) {
      await client.schedule
        .getHandle(periodScheduleId(plan, kind))
        .delete()
        .catch(() => undefined);
    }
    await connection?.close();
  });

  it('updates the schedules of older code to the windows once, keeps them paused, and creates a missing one', async () => {
    for (const kind of PERIOD_KINDS) {
      const scheduleId = periodScheduleId(plan, kind);
      await client.schedule.create({
        scheduleId,
        spec: { calendars: [OLDER[kind]], timezone: VIETNAM_TIME_ZONE },
        action: {
          type: 'startWorkflow',
          workflowType: WORKFLOW_TYPES.periodOpen,
          taskQueue: idleQueue,
          args: [{ planCode: plan, kind }],
          workflowId: scheduleId,
        },
        policies: { overlap: 'BUFFER_ONE', catchupWindow: '7 days', pauseOnFailure: false },
        // Paused by an officer: the update must not resume them (and nothing fires during the test).
        state: { paused: true, note: 'tạm dừng để kiểm thử' },
      });
    }

    expect((await ensurePeriodSchedules(client, plan, idleQueue)).sort()).toEqual(
      PERIOD_KINDS.map((k) => periodScheduleId(plan, k)).sort(),
    );
    for (const kind of PERIOD_KINDS) {
      const described = await client.schedule.getHandle(periodScheduleId(plan, kind)).describe();
      expect({ kind, firings: calendarFirings(described.spec.calendars ?? []) }).toEqual({
        kind,
        firings: EXPECTED[kind],
      });
      expect(described.spec.timezone).toBe(VIETNAM_TIME_ZONE);
      expect(described.state.paused).toBe(true);
      expect(described.action.type === 'startWorkflow' && described.action.args).toEqual([{ planCode: plan, kind }]);
      // The server's own next runs: 00:05 Vietnam time (17:05 UTC the day before) on a day some
      // period of the kind starts, with the key and window the domain gives it.
      const next = described.info.nextActionTimes;
      expect(next.length).toBeGreaterThan(0);
      for (const at of next) {
        expect(at.toISOString()).toMatch(/T17:05:00\.000Z$/);
        const date = vietnamDateOf(at);
        const starting = PERIOD_BASES.filter((b) => b !== 'plan' && (KINDS_OF_BASIS[b]?.includes(kind) ?? true))
          .map((b) => dutyPeriod(b, kind, date))
          .filter((p) => p.start === date);
        expect({ kind, date, opens: starting.length > 0 }).toEqual({ kind, date, opens: true });
      }
    }

    // Idempotent: a second start changes nothing.
    expect(await ensurePeriodSchedules(client, plan, idleQueue)).toEqual([]);

    // A missing schedule is created with the windows' calendars, the others left alone.
    await client.schedule.getHandle(periodScheduleId(plan, 'half')).delete();
    expect(await ensurePeriodSchedules(client, plan, idleQueue)).toEqual([periodScheduleId(plan, 'half')]);
    const half = await client.schedule.getHandle(periodScheduleId(plan, 'half')).describe();
    expect(calendarFirings(half.spec.calendars ?? [])).toEqual(EXPECTED.half);
    expect(half.state.paused).toBe(false);
    expect(half.info.nextActionTimes.map((t) => vietnamDateOf(t).slice(5))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^(06|12)-15$/)]),
    );
  }, 120_000);
});
