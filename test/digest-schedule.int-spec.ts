import { randomBytes } from 'node:crypto';
import { Client, Connection, type CalendarSpec } from '@temporalio/client';
import { VIETNAM_TIME_ZONE } from '../libs/domain/src/local-date';
import {
  DIGEST_SCHEDULE_SPEC,
  calendarFirings,
  ensureDigestSchedule,
  firesEveryDay,
} from '../libs/temporal/src/period-schedules';
import { WORKFLOW_TYPES } from '../libs/temporal/src/workflow-starters';
import { eventually } from './support/eventually';

/**
 * The daily digest's schedule on the real Temporal server: an existing schedule with another
 * time, other days or another time zone is brought to the digest's spec (every day, 08:00
 * Vietnam time) in place, keeping its id and its paused state, and a second start changes nothing.
 */
describe('daily digest schedule on the real Temporal server', () => {
  let connection: Connection;
  let client: Client;
  const tag = randomBytes(4).toString('hex');
  const idleQueue = `idle-${tag}`;
  const ids: string[] = [];

  beforeAll(async () => {
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
    client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  });

  afterAll(async () => {
    for (const id of ids) {
      await client.schedule
        .getHandle(id)
        .delete()
        .catch(() => undefined);
    }
    await connection?.close();
  });

  /** A digest schedule as older code (or another deployment) left it, paused so that it never fires here. */
  async function existing(suffix: string, calendars: CalendarSpec[], timezone: string): Promise<string> {
    const scheduleId = `daily-digest/it-${tag}/${suffix}`;
    ids.push(scheduleId);
    await client.schedule.create({
      scheduleId,
      spec: { calendars, timezone },
      action: {
        type: 'startWorkflow',
        workflowType: WORKFLOW_TYPES.dailyDigest,
        taskQueue: idleQueue,
        args: [],
        workflowId: scheduleId,
      },
      policies: { overlap: 'SKIP', catchupWindow: '2 hours' },
      state: { paused: true, note: 'tạm dừng để kiểm thử' },
    });
    return scheduleId;
  }

  /**
   * The server's list of schedules holds `id` exactly once (a duplicate would show twice). The
   * list is read from visibility, which follows a create shortly after: wait for it to settle.
   */
  async function listedOnce(id: string): Promise<void> {
    await eventually(
      async () => {
        let n = 0;
        for await (const s of client.schedule.list()) {
          if (s.scheduleId === id) {
            n += 1;
          }
        }
        return n;
      },
      (n) => expect(n).toBe(1),
    );
  }

  const wanted = calendarFirings([DIGEST_SCHEDULE_SPEC]);

  it.each([
    ['another-time', [{ dayOfWeek: '*', hour: 7, minute: 30 }] as CalendarSpec[], VIETNAM_TIME_ZONE],
    [
      'weekdays-only',
      [{ dayOfWeek: { start: 'MONDAY', end: 'FRIDAY' }, hour: 8, minute: 0 }] as CalendarSpec[],
      VIETNAM_TIME_ZONE,
    ],
    ['utc', [{ dayOfWeek: '*', hour: 8, minute: 0 }] as CalendarSpec[], 'UTC'],
  ])(
    'brings an existing schedule (%s) to every day at 08:00 Vietnam time, in place and once',
    async (suffix, calendars, timezone) => {
      const id = await existing(suffix, calendars, timezone);
      const before = await client.schedule.getHandle(id).describe();
      expect(before.spec.timezone).toBe(timezone);

      expect(await ensureDigestSchedule(client, idleQueue, id)).toBe(true);

      const after = await client.schedule.getHandle(id).describe();
      expect(after.spec.timezone).toBe(VIETNAM_TIME_ZONE);
      expect(firesEveryDay(after.spec.calendars ?? [])).toBe(true);
      expect(calendarFirings(after.spec.calendars ?? [])).toEqual(wanted);
      expect(calendarFirings(after.spec.calendars ?? [])[0]).toBe('01-01 08:00');
      expect(after.spec.intervals ?? []).toEqual([]);
      // The officer's pause and the action are kept; the schedule is the same one, not a second.
      expect(after.state.paused).toBe(true);
      expect(after.state.note).toBe('tạm dừng để kiểm thử');
      expect(after.action).toMatchObject({ workflowType: WORKFLOW_TYPES.dailyDigest, taskQueue: idleQueue });
      await listedOnce(id);

      // A second start finds it current and changes nothing.
      expect(await ensureDigestSchedule(client, idleQueue, id)).toBe(false);
      const again = await client.schedule.getHandle(id).describe();
      expect(calendarFirings(again.spec.calendars ?? [])).toEqual(wanted);
      await listedOnce(id);
    },
  );

  it('creates a missing schedule once: every day at 08:00 Vietnam time', async () => {
    const id = `daily-digest/it-${tag}/missing`;
    ids.push(id);
    expect(await ensureDigestSchedule(client, idleQueue, id)).toBe(true);
    expect(await ensureDigestSchedule(client, idleQueue, id)).toBe(false);
    const created = await client.schedule.getHandle(id).describe();
    expect(created.spec.timezone).toBe(VIETNAM_TIME_ZONE);
    expect(calendarFirings(created.spec.calendars ?? [])).toEqual(wanted);
    await listedOnce(id);
  });
});
