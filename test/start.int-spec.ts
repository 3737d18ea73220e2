import { randomBytes } from 'node:crypto';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository, CatalogRepository } from '../libs/persistence/src/repositories';
import { resolveAddressees } from '../libs/domain/src/agency-lineage';
import { ONE_OFF_PERIOD_KEY } from '../libs/domain/src/period';
import { assignmentWorkflowId } from '../workflows/assignment.messages';
import { openCurrentPeriods } from '../libs/temporal/src/open-current-periods';
import { PERIOD_KINDS } from '../libs/temporal/src/period-schedules';
import { startTestWorker, type TestWorker } from './support/stack';

/** `npm start`'s main job: the current periods are opened by the workflow that also plans their close. */
describe('opening the current periods on start (PostgreSQL + Temporal)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-start');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function closeWorkflowsOf(ids: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    const query = `WorkflowType = 'periodCloseWorkflow' AND (${ids.map((id) => `WorkflowId = '${id}'`).join(' OR ')})`;
    for await (const wf of stack.client.workflow.list({ query })) {
      found.set(wf.workflowId, wf.status.name);
    }
    return found;
  }

  it('opens every kind of period through periodOpenWorkflow, each leaving one planned close, and the one-off duties with the year; a second start adds nothing', async () => {
    // A fixed date nobody else opens, so the closes found here were planned by this run.
    const onDate = '2039-05-15';
    // Assignments go to a queue nobody polls: this test is about the openings and their closes.
    const idleQueue = `idle-${randomBytes(4).toString('hex')}`;
    // The shipped plan: another file on the shared stack imports a test plan of its own
    // (test/moved-deadlines.int-spec.ts), which is not what npm start is tested on here.
    const plans = (await new CatalogRepository(stack.dataSource).listPlans())
      .map((p) => p.code)
      .filter((code) => code === 'plan-nq06-thanh-hoa');
    expect(plans).toEqual(['plan-nq06-thanh-hoa']);
    const opened = await openCurrentPeriods(stack.client, plans, {
      taskQueue: stack.taskQueue,
      onDate,
      assignmentTaskQueue: idleQueue,
    });

    expect(opened.map((o) => o.kind).sort()).toEqual([...PERIOD_KINDS].sort());
    expect(opened.map((o) => o.closeWorkflowId).sort()).toEqual(
      ['2039', '2039-05', '2039-H1', '2039-Q2'].map((key) => `period-close/${plans[0]}/${key}`),
    );
    const month = opened.find((o) => o.kind === 'month')!;
    expect(month.progress.total).toBeGreaterThan(0);
    // Every assignment of the month is open: started now, or already running when another test file
    // on the shared stack opened the same duty and period first.
    expect(month.progress.started + month.progress.alreadyRunning).toBe(month.progress.total);
    expect(month.progress.started).toBeGreaterThan(0);

    // The yearly opening activates the plan: each one-off duty (V.3 portal banner, V.7 website
    // posting) is opened once for every addressee in force on the date.
    const year = opened.find((o) => o.kind === 'year')!;
    const registry = await new AgencyRepository(stack.dataSource).registry();
    const oneOffIds: string[] = [];
    for (const duty of await new CatalogRepository(stack.dataSource).activeDuties(plans[0])) {
      if (duty.spec.recurrence.kind === 'once') {
        const { addressees } = resolveAddressees(duty.spec, registry, onDate);
        oneOffIds.push(...addressees.map((a) => assignmentWorkflowId(duty.code, a.code, ONE_OFF_PERIOD_KEY)));
      }
    }
    expect(oneOffIds).toContain('assignment/v3-portal-banner/van-phong-ubnd-tinh/mot-lan');
    expect(oneOffIds.filter((id) => id.startsWith('assignment/v7-website-post/')).length).toBeGreaterThan(10);
    for (const id of oneOffIds) {
      expect((await stack.client.workflow.getHandle(id).describe()).type).toBe('assignmentWorkflow');
    }
    expect(year.progress.total).toBeGreaterThan(oneOffIds.length);

    const ids = opened.map((o) => o.closeWorkflowId);
    let closes = new Map<string, string>();
    for (let i = 0; i < 100 && closes.size < ids.length; i++) {
      closes = await closeWorkflowsOf(ids);
      if (closes.size < ids.length) {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    // Each close waits, as a durable timer, for its consolidation deadline.
    expect(Object.fromEntries(closes)).toEqual(Object.fromEntries(ids.map((id) => [id, 'RUNNING'])));

    // Starting again the same day starts no assignment and no close twice.
    const again = await openCurrentPeriods(stack.client, plans, {
      taskQueue: stack.taskQueue,
      onDate,
      assignmentTaskQueue: idleQueue,
    });
    expect(again.reduce((n, o) => n + o.progress.started, 0)).toBe(0);
    expect(again.find((o) => o.kind === 'year')!.progress.alreadyRunning).toBe(year.progress.total);
    expect(again.find((o) => o.kind === 'month')!.progress.alreadyRunning).toBe(month.progress.total);
    const runs: string[] = [];
    for await (const wf of stack.client.workflow.list({ query: `WorkflowId = '${month.closeWorkflowId}'` })) {
      runs.push(wf.runId);
    }
    expect(runs).toHaveLength(1);
  }, 300_000);
});
