import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { vietnamDateOf } from '../../libs/domain/src/local-date';
import { createDataSource } from '../../libs/persistence/src/data-source';
import { importReferenceData } from '../../libs/persistence/src/reference-data';
import { CalendarRepository } from '../../libs/persistence/src/repositories';
import { assignmentWorkflowId, type AssignmentInput } from '../../workflows/assignment.messages';
import { startFaultStack, type FaultStack, type WorkerProcess } from '../support/fault-stack';

const PLAN = 'plan-nq06-thanh-hoa';
const DUTY = 'v8-commune-radio';
const AGENCIES = 8;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** HH:mm in Vietnam (UTC+7) of an instant. */
const vietnamTime = (at: Date): string => new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(11, 16);

/**
 * The Temporal dev server SIGKILLed and restarted on the same SQLite file while
 * assignments are open, with a durable timer of each (the due-today reminder)
 * falling due during the outage. Counted after recovery: every timer fired once,
 * every reminder email reached the relay once, nothing fired twice.
 */
describe('faults: Temporal dev server SIGKILL with timers due during the outage (own stack)', () => {
  let stack: FaultStack;
  let worker: WorkerProcess;
  let ds: DataSource;
  const period = `fault-temporal-${Date.now().toString(36)}`;

  async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined) {
        return v;
      }
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await sleep(250);
    }
  }

  async function sentRows(kind: string, workflowIds: string[]) {
    return ds.query<Array<{ workflow_id: string; message_id: string; status: string; sent_at: Date | null }>>(
      `SELECT workflow_id, message_id, status, sent_at FROM email_outbox WHERE kind = $1 AND workflow_id = ANY($2)`,
      [kind, workflowIds],
    );
  }

  beforeAll(async () => {
    stack = await startFaultStack('temporal');
    ds = await createDataSource(stack.databaseUrl).initialize();
    await importReferenceData(ds);
    worker = await stack.startWorker();
  }, 600_000);

  afterAll(async () => {
    await ds?.destroy();
    await stack?.close();
  });

  it('every timer due during the outage fires once after the restart; each reminder mailed once', async () => {
    // The timers fall due at the next whole minute at least three minutes ahead (reminders are set in HH:mm):
    // room for a loaded machine to start the workflows and send their first emails before the kill.
    const dueAt = new Date(Math.ceil((Date.now() + 180_000) / 60_000) * 60_000);
    const dueDate = vietnamDateOf(dueAt);
    // The due-today reminder goes out on working days only: make that day one in this stack's calendar.
    const calendars = new CalendarRepository(ds);
    const year = Number(dueDate.slice(0, 4));
    if (!(await calendars.workingCalendar([year])).isWorkingDay(dueDate)) {
      const current = (await calendars.all()).find((y) => y.year === year) ?? {
        year,
        daysOff: [],
        workingDays: [],
        source: 'fault test',
      };
      await calendars.put(
        {
          ...current,
          daysOff: current.daysOff.filter((d) => d.date !== dueDate),
          workingDays: [...current.workingDays, { date: dueDate, name: { vi: 'Ngày làm bù', en: 'Worked day' } }],
        },
        'fault-test',
      );
    }
    const communes = (
      await ds.query<Array<{ code: string }>>(
        `SELECT code FROM agencies WHERE kind = 'commune' AND active AND valid_to IS NULL AND focal_email IS NOT NULL
           AND NOT prefers_digest ORDER BY code LIMIT $1`,
        [AGENCIES],
      )
    ).map((a) => a.code);
    let connection = await Connection.connect({ address: stack.temporalAddress });
    const client = new Client({ connection });
    const workflowIds: string[] = [];
    for (const agencyCode of communes) {
      const input: AssignmentInput = {
        planCode: PLAN,
        dutyCode: DUTY,
        agencyCode,
        periodKey: period,
        periodStart: null,
        periodEnd: null,
        dueDate,
        reminderLocalTime: vietnamTime(dueAt),
      };
      const workflowId = assignmentWorkflowId(DUTY, agencyCode, period);
      workflowIds.push(workflowId);
      await client.workflow.start('assignmentWorkflow', { taskQueue: stack.taskQueue, workflowId, args: [input] });
    }
    await until('every assignment email sent', async () =>
      (await sentRows('assigned', workflowIds)).filter((r) => r.status === 'sent').length === AGENCIES
        ? true
        : undefined,
    );
    await connection.close();
    expect(Date.now()).toBeLessThan(dueAt.getTime() - 15_000); // the kill comes before the timers are due

    // Down from 15 s before the timers are due until 20 s after.
    await sleep(dueAt.getTime() - 15_000 - Date.now());
    await stack.killTemporal();
    const downAt = Date.now();
    await sleep(dueAt.getTime() + 20_000 - Date.now());
    expect(await sentRows('due-today', workflowIds)).toEqual([]);
    // The server may fire timers before restartTemporal() sees it healthy: "after the restart" counts
    // from the moment the server is started again, not from the moment the probe answers.
    const restartAt = Date.now();
    await stack.restartTemporal();
    const upAt = Date.now();
    // A worker that gives up while the server was away (now or while the timers catch up) is started
    // again, as `npm start` does.
    let workerExit = null as string | null;
    let watching = true;
    const watched = worker;
    const restarted = watched.exited.then(async (how) => {
      if (watching) {
        workerExit = how;
        worker = await stack.startWorker();
      }
    });

    let fired: Awaited<ReturnType<typeof sentRows>>;
    try {
      fired = await until('every due-today reminder sent', async () => {
        const rows = await sentRows('due-today', workflowIds);
        return rows.filter((r) => r.status === 'sent').length === AGENCIES ? rows : undefined;
      });
    } finally {
      watching = false;
    }
    if (workerExit !== null) {
      await restarted;
    }
    connection = await Connection.connect({ address: stack.temporalAddress });
    try {
      // Each workflow's history holds the reminder once, and the workflow is still open (waiting for the report).
      for (const id of workflowIds) {
        const desc = await new Client({ connection }).workflow.getHandle(id).describe();
        expect(desc.status.name).toBe('RUNNING');
      }
    } finally {
      await connection.close();
    }
    const atServer = fired.map((r) => stack.smtp.count(r.message_id));
    const delays = fired.map((r) => Math.round((r.sent_at!.getTime() - restartAt) / 1000));
    process.stdout.write(
      `[faults] Temporal SIGKILL: down ${Math.round((upAt - downAt) / 1000)} s (restart took ${Math.round((upAt - restartAt) / 1000)} s) across ${AGENCIES} due timers; ` +
        `fired ${fired.length}, at the relay ${atServer.join(',')}, sent ${Math.min(...delays)}–${Math.max(...delays)} s after the restart; ` +
        `worker ${workerExit === null ? 'rode it out' : `exited (${workerExit}) and was restarted`}\n`,
    );
    expect(fired.map((r) => r.workflow_id).sort()).toEqual([...workflowIds].sort());
    expect(fired.every((r) => r.sent_at!.getTime() >= restartAt)).toBe(true);
    expect(atServer).toEqual(workflowIds.map(() => 1));
    const timeline = await ds.query<Array<{ n: number }>>(
      `SELECT COUNT(*)::int AS n FROM audit_events WHERE type = 'due-today-sent' AND workflow_id = ANY($1)`,
      [workflowIds],
    );
    expect(timeline[0].n).toBe(AGENCIES);
    // Every message at the relay is known to the outbox, once: nothing was sent twice.
    const ids = stack.smtp.received.map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
