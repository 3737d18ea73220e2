import { randomBytes } from 'node:crypto';
import { hash } from '@node-rs/argon2';
import { vietnamDateOf } from '../libs/domain/src/local-date';
import { importAgencies, importReferenceData } from '../libs/persistence/src/reference-data';
import { UserRepository } from '../libs/persistence/src/repositories';
import type { AgencyRecord } from '../libs/registry/src/agency-csv';
import { ensurePeriodSchedules, periodScheduleId } from '../libs/temporal/src/period-schedules';
import type { PeriodOpenProgress } from '../workflows/period-open.messages';
import { http, startTestApi } from './support/api';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';

/** Periods that open by themselves: schedules, and a fan-out that stays small in history at any size. */
describe('period opening (PostgreSQL + Temporal)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-periods');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack.dataSource.query(`UPDATE agencies SET active = false WHERE code LIKE 'xa-tai-thu-%'`);
    await stack?.close();
  });

  it('opens a month for 5,000+ communes in batches, each run of the opener far below 10,000 history events', async () => {
    const synthetic: AgencyRecord[] = Array.from({ length: 5000 }, (_, i) => ({
      code: `xa-tai-thu-${String(i).padStart(4, '0')}`,
      name: `Xã Tải Thử ${i}`,
      kind: 'commune',
      subtype: 'xa',
      parentCode: null,
      validFrom: null,
      validTo: null,
      successorCode: null,
      focalEmail: `xa-tai-thu-${i}@thanhhoa.example`,
      headEmail: null,
      formedFrom: [],
      note: null,
    }));
    await importAgencies(stack.dataSource, synthetic);
    // Assignments go to a queue nobody polls: this test is about the opener, not 5,000 lifecycles.
    const idleQueue = `idle-${randomBytes(4).toString('hex')}`;
    const workflowId = `period-open/test/${idleQueue}`;
    const handle = await stack.client.workflow.start('periodOpenWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId,
      args: [
        {
          planCode: PLAN,
          kind: 'month',
          onDate: vietnamDateOf(new Date()),
          assignmentTaskQueue: idleQueue,
          batchSize: 500,
          batchesPerRun: 4,
        },
      ],
    });
    const result = (await handle.result()) as PeriodOpenProgress;
    expect(result.total).toBeGreaterThanOrEqual(5166);
    expect(result.done).toBe(result.total);
    expect(result.started).toBe(result.total);
    expect(result.runs).toBeGreaterThanOrEqual(3);

    const runs: string[] = [];
    for await (const wf of stack.client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
      runs.push(wf.runId);
    }
    expect(runs.length).toBe(result.runs);
    for (const runId of runs) {
      const history = await stack.client.workflow.getHandle(workflowId, runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(10_000);
      expect(history.events!.length).toBeLessThan(200);
    }
    const { count } = await stack.client.workflow.count(
      `WorkflowType = 'assignmentWorkflow' AND TaskQueue = '${idleQueue}'`,
    );
    expect(count).toBe(result.total);

    // Running it again starts nothing twice.
    const again = await stack.client.workflow.execute('periodOpenWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `${workflowId}/again`,
      args: [
        {
          planCode: PLAN,
          kind: 'month',
          onDate: vietnamDateOf(new Date()),
          assignmentTaskQueue: idleQueue,
          batchSize: 1000,
          batchesPerRun: 10,
        },
      ],
    });
    expect(again).toMatchObject({ started: 0, alreadyRunning: result.total });
  }, 300_000);

  it('keeps one schedule per period kind in Vietnam time, which an officer can pause, resume and trigger', async () => {
    const idleQueue = `idle-${randomBytes(4).toString('hex')}`;
    const plan = `${PLAN}`;
    await stack.client.schedule
      .getHandle(periodScheduleId(plan, 'month'))
      .delete()
      .catch(() => undefined);
    for (const kind of ['quarter', 'half', 'year'] as const) {
      await stack.client.schedule
        .getHandle(periodScheduleId(plan, kind))
        .delete()
        .catch(() => undefined);
    }
    const created = await ensurePeriodSchedules(stack.client, plan, idleQueue);
    expect(created).toHaveLength(4);
    expect(await ensurePeriodSchedules(stack.client, plan, idleQueue)).toEqual([]);
    const described = await stack.client.schedule.getHandle(periodScheduleId(plan, 'month')).describe();
    expect(described.spec.timezone).toBe('Asia/Ho_Chi_Minh');
    expect(described.policies.overlap).toBe('BUFFER_ONE');
    const next = described.info.nextActionTimes[0];
    // 00:05 on the 1st, Vietnam time = 17:05 UTC on the last day of the month before.
    expect(next.toISOString()).toMatch(/T17:05:00\.000Z$/);

    const users = new UserRepository(stack.dataSource);
    await users.create({
      email: `ops-${idleQueue}@thanhhoa.example`,
      displayName: 'ops',
      role: 'officer',
      agencyId: null,
      passwordHash: await hash('mat-khau-du-dai-123'),
    });
    process.env.TEMPORAL_TASK_QUEUE = idleQueue;
    const api = await startTestApi();
    try {
      const login = await http<{ accessToken: string }>(api.base, 'POST', '/api/v1/auth/login', {
        body: { email: `ops-${idleQueue}@thanhhoa.example`, password: 'mat-khau-du-dai-123' },
      });
      const token = login.body.accessToken;
      const list = await http<{ items: Array<{ kind: string; exists: boolean; paused: boolean }> }>(
        api.base,
        'GET',
        '/api/v1/schedules',
        { token },
      );
      expect(
        list.body.items
          .filter((i) => i.exists)
          .map((i) => i.kind)
          .sort(),
      ).toEqual(['half', 'month', 'quarter', 'year']);
      const paused = await http<{ paused: boolean }>(api.base, 'POST', `/api/v1/schedules/${plan}/month/pause`, {
        token,
      });
      expect(paused).toMatchObject({ status: 200, body: { paused: true } });
      const resumed = await http<{ paused: boolean }>(api.base, 'POST', `/api/v1/schedules/${plan}/month/resume`, {
        token,
      });
      expect(resumed).toMatchObject({ status: 200, body: { paused: false } });
      await http(api.base, 'POST', `/api/v1/schedules/${plan}/year/trigger`, { token });
      let runs: unknown[] = [];
      for (let i = 0; i < 50 && runs.length === 0; i++) {
        runs = (await stack.client.schedule.getHandle(periodScheduleId(plan, 'year')).describe()).info.recentActions;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(runs).toHaveLength(1);
      const bad = await http(api.base, 'POST', `/api/v1/schedules/${plan}/week/pause`, { token });
      expect(bad.status).toBe(400);
    } finally {
      await api.close();
      for (const kind of ['month', 'quarter', 'half', 'year'] as const) {
        await stack.client.schedule.getHandle(periodScheduleId(plan, kind)).delete();
      }
    }
  }, 120_000);
});
