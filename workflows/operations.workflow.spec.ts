import { Worker } from '@temporalio/worker';
import { deadlineMovedMessage } from '../libs/domain/src/calendar/lawful-deadline';
import { maybeRecordHistory, useTimeSkippingServer } from '../test/support/time-skipping';
import type { BulkSignalActivities, SignalBatch } from './bulk-signal.messages';
import type { PeriodCloseInput } from './period-close.messages';
import type { PeriodActivities, PeriodBatchRequest } from './period.contracts';
import type { MoveRequest, ReorganisationActivities, ReorganisationInput } from './reorganisation.messages';
import type { ReportRequestActivities, RequestBatch } from './report-request.messages';
import { agencyReorganisationWorkflow } from './reorganisation.workflow';
import { bulkSignalWorkflow } from './bulk-signal.workflow';
import { periodOpenWorkflow } from './period-open.workflow';
import { reportRequestWorkflow } from './report-request.workflow';

/**
 * The operation workflows (period opening, report-request fan-out, reorganisation, bulk
 * signal) on the time-skipping test server with typed fake activities: what each asks its
 * activities for and what it answers. Their histories are the saved ones in
 * workflows/histories that assignment.replay.spec.ts replays; re-record them with
 * `npm run record:histories` (DONDOC_RECORD_HISTORIES=1).
 */

describe('operation workflows on the time-skipping test server', () => {
  const ts = useTimeSkippingServer();
  let seq = 0;

  async function withWorker<T>(activities: object, fn: (taskQueue: string) => Promise<T>): Promise<T> {
    seq += 1;
    const taskQueue = `operations-${seq}`;
    const worker = await Worker.create({
      connection: ts.env.nativeConnection,
      taskQueue,
      workflowBundle: ts.bundle,
      activities,
    });
    return worker.runUntil(fn(taskQueue));
  }

  it('periodOpenWorkflow starts the period in batches, lists the deadlines it moved off days off, then starts its close through an activity', async () => {
    const batches: PeriodBatchRequest[] = [];
    const closes: PeriodCloseInput[] = [];
    const close: PeriodCloseInput = {
      planCode: 'plan-nq06-thanh-hoa',
      kind: 'month',
      periodKey: '2026-03',
      periodStart: '2026-02-15',
      periodEnd: '2026-03-14',
      closeAt: '2026-03-30T10:00:00.000Z',
    };
    // 15/03/2026 is a Sunday: the opening's activity moved it to Monday 16/03.
    const moved = {
      dutyCode: 'report-monthly',
      dutyTitle: { vi: 'Báo cáo tháng', en: 'Monthly report' },
      from: '2026-03-15',
      to: '2026-03-16',
      reason: deadlineMovedMessage('2026-03-15', '2026-03-16'),
    };
    const activities: Pick<
      PeriodActivities,
      'countPeriodTargets' | 'movedPeriodDeadlines' | 'startPeriodBatch' | 'planPeriodClose' | 'startPeriodClose'
    > = {
      countPeriodTargets: () => Promise.resolve(5),
      movedPeriodDeadlines: () => Promise.resolve([moved]),
      startPeriodBatch: (req) => {
        batches.push(req);
        const count = Math.min(req.limit, 5 - req.offset);
        // The first batch finds one assignment already running (a retried opening).
        return Promise.resolve({
          count,
          started: req.offset === 0 ? count - 1 : count,
          alreadyRunning: req.offset === 0 ? 1 : 0,
        });
      },
      planPeriodClose: () => Promise.resolve(close),
      startPeriodClose: (c) => {
        closes.push(c);
        return Promise.resolve({ workflowId: `period-close/${c.planCode}/${c.periodKey}`, started: true });
      },
    };
    const result = await withWorker(activities, async (taskQueue) => {
      const handle = await ts.env.client.workflow.start(periodOpenWorkflow, {
        taskQueue,
        workflowId: `period-open/plan-nq06-thanh-hoa/month/2026-03-02/${seq}`,
        args: [{ planCode: 'plan-nq06-thanh-hoa', kind: 'month', onDate: '2026-03-02', batchSize: 2 }],
      });
      const out = await handle.result();
      await maybeRecordHistory('period-open-v2-moved-deadlines', handle);
      return out;
    });
    expect(result).toEqual({
      onDate: '2026-03-02',
      total: 5,
      done: 5,
      started: 4,
      alreadyRunning: 1,
      runs: 1,
      movedDeadlines: [moved],
    });
    expect(batches.map((b) => [b.offset, b.limit])).toEqual([
      [0, 2],
      [2, 2],
      [4, 2],
    ]);
    expect(closes).toEqual([close]);
  });

  it('reportRequestWorkflow starts the assignments of every agency in batches and counts the outcomes', async () => {
    const batches: RequestBatch[] = [];
    const activities: ReportRequestActivities = {
      countRequestTargets: () => Promise.resolve(3),
      startRequestAssignments: (req) => {
        batches.push(req);
        const count = Math.min(req.limit, 3 - req.offset);
        return Promise.resolve({
          count,
          succeeded: count,
          alreadyDone: req.offset === 0 ? 1 : 0,
          failed: 0,
          failures: [],
        });
      },
    };
    const result = await withWorker(activities, async (taskQueue) => {
      const handle = await ts.env.client.workflow.start(reportRequestWorkflow, {
        taskQueue,
        workflowId: `report-request/yc-test-${seq}`,
        args: [{ requestKey: 'yc-test', planCode: 'plan-nq06-thanh-hoa', dutyCode: 'report-on-demand', batchSize: 2 }],
      });
      const out = await handle.result();
      await maybeRecordHistory('report-request-v1', handle);
      return out;
    });
    expect(result).toEqual({ phase: 'done', total: 3, done: 3, succeeded: 3, alreadyDone: 1, failed: 0, failures: [] });
    expect(batches.map((b) => [b.offset, b.limit])).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });

  it('agencyReorganisationWorkflow updates the registry, then moves the open assignments in batches', async () => {
    const moves: MoveRequest[] = [];
    const input: ReorganisationInput = {
      type: 'merge',
      effectiveDate: '2026-07-01',
      from: ['xa-hoang-giang', 'xa-hoang-phu'],
      into: [{ code: 'xa-hop-nhat', name: 'Xã Hợp Nhất', kind: 'commune' }],
      actor: 'officer:test',
      batchSize: 2,
    };
    const ids = [
      'assignment/a/xa-hoang-giang/2026-07',
      'assignment/a/xa-hoang-phu/2026-07',
      'assignment/b/xa-hoang-phu/2026-07',
    ];
    const activities: ReorganisationActivities = {
      applyReorganisation: (req) =>
        Promise.resolve({ retired: req.from, successors: req.into.map((s) => s.code), reason: 'Sáp nhập / Merged' }),
      assignmentsToMove: () => Promise.resolve(ids),
      moveAssignments: (req) => {
        moves.push(req);
        const moved = req.workflowIds.map((id) => ({
          from: id.split('/')[2],
          to: 'xa-hop-nhat',
          duty: id.split('/')[1],
          period: '2026-07',
        }));
        // The last assignment had closed meanwhile: it counts as failed, with its reason.
        const failures = req.workflowIds
          .filter((id) => id.startsWith('assignment/b/'))
          .map((target) => ({ target, reason: 'closed' }));
        return Promise.resolve({
          count: req.workflowIds.length,
          succeeded: req.workflowIds.length - failures.length,
          alreadyDone: 0,
          failed: failures.length,
          failures,
          moved: moved.filter((m) => !failures.some((f) => f.target.includes(`/${m.duty}/${m.from}/`))),
        });
      },
    };
    const result = await withWorker(activities, async (taskQueue) => {
      const handle = await ts.env.client.workflow.start(agencyReorganisationWorkflow, {
        taskQueue,
        workflowId: `reorganisation/merge/test-${seq}`,
        args: [input],
      });
      const out = await handle.result();
      await maybeRecordHistory('reorganisation-v1-merge', handle);
      return out;
    });
    expect(result).toMatchObject({
      phase: 'done',
      total: 3,
      done: 3,
      succeeded: 2,
      failed: 1,
      retired: ['xa-hoang-giang', 'xa-hoang-phu'],
      successors: ['xa-hop-nhat'],
      type: 'merge',
      effectiveDate: '2026-07-01',
    });
    expect(result.moved).toHaveLength(2);
    expect(moves.map((m) => m.workflowIds.length)).toEqual([2, 1]);
  });

  it('bulkSignalWorkflow finds the assignments a calendar change affects and signals them in batches', async () => {
    const batches: SignalBatch[] = [];
    const targets = ['assignment/a/x1/2026-05', 'assignment/a/x2/2026-05', 'assignment/a/x3/2026-05'];
    const activities: BulkSignalActivities = {
      calendarChangeTargets: () => Promise.resolve(targets),
      signalAssignments: (req) => {
        batches.push(req);
        return Promise.resolve({
          count: req.workflowIds.length,
          succeeded: req.workflowIds.length,
          alreadyDone: 0,
          failed: 0,
          failures: [],
        });
      },
    };
    const result = await withWorker(activities, async (taskQueue) => {
      const handle = await ts.env.client.workflow.start(bulkSignalWorkflow, {
        taskQueue,
        workflowId: `calendar-change/2026/test-${seq}`,
        args: [{ kind: 'calendarChanged', actor: 'admin:test', calendarYear: 2026, batchSize: 2 }],
      });
      const out = await handle.result();
      await maybeRecordHistory('bulk-signal-v1-calendar-change', handle);
      return out;
    });
    expect(result).toEqual({ phase: 'done', total: 3, done: 3, succeeded: 3, alreadyDone: 0, failed: 0, failures: [] });
    expect(batches.map((b) => b.workflowIds)).toEqual([targets.slice(0, 2), targets.slice(2)]);
    expect(batches.every((b) => b.kind === 'calendarChanged' && b.actor === 'admin:test')).toBe(true);
  });
});
