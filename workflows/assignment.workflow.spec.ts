import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  makeTelemetryFilterString,
  Runtime,
  Worker,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import type {
  AssignmentActivities,
  RecordStateRequest,
  SendEmailRequest,
  SendEmailResult,
} from '../apps/worker/src/assignment.activities';
import { temporalBinaries } from '../libs/devstack/src/tools';
import { StateAgencyCalendar } from '../libs/domain/src/calendar';
import { addDays, vietnamDateOf, vietnamInstant } from '../libs/domain/src/local-date';
import { acknowledgeSignal, stateQuery, type AssignmentContext, type AssignmentInput } from './assignment.messages';
import { assignmentWorkflow } from './assignment.workflow';

/**
 * With DONDOC_RECORD_HISTORIES=1, saves a workflow's history (as the Temporal CLI
 * exports it) for the replay tests; without it, does nothing.
 */
function maybeRecordHistory(name: string, workflowId: string, address: string): void {
  if (process.env.DONDOC_RECORD_HISTORIES !== '1') {
    return;
  }
  const out = execFileSync(
    temporalBinaries().temporalCli,
    ['workflow', 'show', '--workflow-id', workflowId, '--address', address, '--output', 'json'],
    { encoding: 'utf8' },
  );
  writeFileSync(join(__dirname, 'histories', `${name}.json`), out);
}

type Activities = Pick<AssignmentActivities, 'loadAssignmentContext' | 'recordAssignmentState' | 'sendAssignmentEmail'>;

/** Typed fake activities that keep what the workflow asked for. */
function fakeActivities(context: AssignmentContext) {
  const records: RecordStateRequest[] = [];
  const mails: SendEmailRequest[] = [];
  const activities: Activities = {
    loadAssignmentContext: () => Promise.resolve(context),
    recordAssignmentState: (r) => {
      records.push(r);
      return Promise.resolve();
    },
    sendAssignmentEmail: (r): Promise<SendEmailResult> => {
      mails.push(r);
      return Promise.resolve({ outcome: 'sent', messageId: `<${mails.length}@test>`, to: ['x@thanhhoa.example'] });
    },
  };
  return { activities, records, mails };
}

const context: AssignmentContext = {
  agencyName: 'Xã Hoằng Hóa',
  dutyTitleVi: 'Chương trình phát thanh về chuyển đổi số',
  binding: true,
  reminderOffsetsWorkingDays: [7, 3, 1, 0],
  calendar: { extraDaysOff: [], extraWorkingDays: [] },
};

describe('assignmentWorkflow on the time-skipping test server', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;
  const calendar = new StateAgencyCalendar();

  beforeAll(async () => {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalBinaries().temporalTestServer } },
    });
    bundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./index'), logger: new DefaultLogger('WARN') });
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  function input(dueDate: string, periodKey: string): AssignmentInput {
    return {
      planCode: 'plan-nq06-thanh-hoa',
      dutyCode: 'v8-commune-radio',
      agencyCode: 'xa-hoang-hoa',
      periodKey,
      periodStart: null,
      periodEnd: null,
      dueDate,
      reminderLocalTime: '08:00',
    };
  }

  async function withWorker<T>(activities: Activities, taskQueue: string, fn: () => Promise<T>): Promise<T> {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: bundle,
      activities,
    });
    return worker.runUntil(fn());
  }

  it('announces the assignment, reminds 7, 3, 1 and 0 working days before the deadline at 08:00, then marks it overdue', async () => {
    const today = vietnamDateOf(new Date(await env.currentTimeMs()));
    const due = calendar.addWorkingDays(today, 10);
    const fake = fakeActivities(context);
    const taskQueue = 'lifecycle-1';
    const final = await withWorker(fake.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(assignmentWorkflow, {
        taskQueue,
        workflowId: 'assignment/v8-commune-radio/xa-hoang-hoa/t1',
        args: [input(due, 't1')],
      });
      const result = await handle.result();
      maybeRecordHistory('assignment-v0-reminders-overdue', handle.workflowId, env.address);
      return result;
    });

    expect(fake.mails.map((m) => [m.kind, m.sequence])).toEqual([
      ['assigned', 0],
      ['reminder', 7],
      ['reminder', 3],
      ['reminder', 1],
      ['due-today', 0],
    ]);
    const reminderTimes = final.timeline
      .filter((e) => e.type === 'reminder-sent' || e.type === 'due-today-sent')
      .map((e) => e.at);
    const expected = [7, 3, 1, 0].map((n) => vietnamInstant(calendar.addWorkingDays(due, -n), '08:00').getTime());
    reminderTimes.forEach((at, i) => {
      // Timers fire at (or within a second after) the scheduled instant of workflow time.
      expect(new Date(at).getTime() - expected[i]).toBeGreaterThanOrEqual(0);
      expect(new Date(at).getTime() - expected[i]).toBeLessThan(2_000);
    });
    const overdue = final.timeline.find((e) => e.type === 'overdue');
    expect(overdue).toBeDefined();
    expect(new Date(overdue!.at).getTime()).toBeGreaterThanOrEqual(vietnamInstant(addDays(due, 1)).getTime());
    expect(final.category).toBe('open-overdue');
    expect(final.remindersSent).toBe(4);
    expect(final.originalDueDate).toBe(due);

    // Every transition reached the read model with a strictly increasing version.
    const versions = fake.records.map((r) => r.state.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    expect(fake.records[0].event.type).toBe('assigned');
    expect(fake.records.at(-1)!.state.category).toBe('open-overdue');
  });

  it('skips reminders whose time has already passed when the period opens late', async () => {
    const today = vietnamDateOf(new Date(await env.currentTimeMs()));
    const due = calendar.addWorkingDays(today, 2);
    const fake = fakeActivities(context);
    const taskQueue = 'lifecycle-2';
    await withWorker(fake.activities, taskQueue, () =>
      env.client.workflow.execute(assignmentWorkflow, {
        taskQueue,
        workflowId: 'assignment/v8-commune-radio/xa-hoang-hoa/t2',
        args: [input(due, 't2')],
      }),
    );
    const kinds = fake.mails.map((m) => `${m.kind}:${m.sequence}`);
    expect(kinds[0]).toBe('assigned:0');
    expect(kinds).not.toContain('reminder:7');
    expect(kinds).not.toContain('reminder:3');
    expect(kinds.at(-1)).toBe('due-today:0');
  });

  it('records an acknowledgement and reports it through the state query', async () => {
    const today = vietnamDateOf(new Date(await env.currentTimeMs()));
    const due = calendar.addWorkingDays(today, 15);
    const fake = fakeActivities(context);
    const taskQueue = 'lifecycle-3';
    await withWorker(fake.activities, taskQueue, async () => {
      const handle = await env.client.workflow.start(assignmentWorkflow, {
        taskQueue,
        workflowId: 'assignment/v8-commune-radio/xa-hoang-hoa/t3',
        args: [input(due, 't3')],
      });
      await handle.signal(acknowledgeSignal, { actor: 'agency:xa-hoang-hoa' });
      let state = await handle.query(stateQuery);
      for (let i = 0; i < 50 && state.status !== 'acknowledged'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await handle.query(stateQuery);
      }
      expect(state.status).toBe('acknowledged');
      expect(state.timeline.map((e) => e.type)).toContain('acknowledged');
      expect(state.dueDate).toBe(due);
      await handle.terminate('test done');
      maybeRecordHistory('assignment-v0-acknowledged', handle.workflowId, env.address);
    });
    expect(fake.records.some((r) => r.event.type === 'acknowledged' && r.event.actor === 'agency:xa-hoang-hoa')).toBe(
      true,
    );
  });
});
