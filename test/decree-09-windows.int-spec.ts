import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { periodByKey } from '../libs/domain/src/periods/duty-periods';
import { Decree09Windows1795855000000 } from '../libs/persistence/src/migrations/1795855000000-decree-09-windows';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository, CalendarRepository, CatalogRepository } from '../libs/persistence/src/repositories';
import { AssignmentStarter } from '../libs/temporal/src/assignment-starter';
import { http, signInNewStaff, startTestApi, waitForOperation } from './support/api';
import { waitForMail } from './support/mailbox';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
// A year no other test file opens, so the ids and rows seen here are this file's own.
const YEAR = 2034;
const H1 = `${YEAR}-H1`;
const H1_IN_WORDS = `6 tháng đầu năm ${YEAR} (số liệu từ 15/12/${YEAR - 1} đến 14/6/${YEAR})`;

interface PublishedPeriod {
  key: string;
  start: string;
  end: string;
  closingDate: string;
  deadlines: Record<string, string>;
}

/**
 * Decree 09/2019 windows on the real stack: the 6-month results report opened for H1 carries the
 * window and per-level deadline that GET /api/v1/periods publishes, and what people read (the
 * assignment email, the consolidated docx, xlsx and email) names the period in words with it.
 */
describe('Decree 09/2019 windows of results reports (PostgreSQL + Temporal + SMTP)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-decree-09');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('opens the 6-month results report on the published window and deadline, and names it in words with the window', async () => {
    process.env.TEMPORAL_TASK_QUEUE = stack.taskQueue;
    const api = await startTestApi();
    try {
      const { token } = await signInNewStaff(stack.dataSource, api.base, {
        displayName: 'windows',
        emailPrefix: 'windows',
      });
      const published = await http<PublishedPeriod[]>(api.base, 'GET', `/api/v1/periods?kind=half&year=${YEAR}`, {
        token,
      });
      expect(published.status).toBe(200);
      const h1 = published.body.find((p) => p.key === H1)!;
      expect(h1).toMatchObject({ start: `${YEAR - 1}-12-15`, end: `${YEAR}-06-14`, closingDate: `${YEAR}-06-14` });

      // What the half-year opener computes (the real starter over the real repositories), on the
      // first working days of the year: one department's 6-month report.
      const starter = new AssignmentStarter(
        stack.client,
        new CatalogRepository(stack.dataSource),
        new AgencyRepository(stack.dataSource),
        new CalendarRepository(stack.dataSource),
      );
      const { inputs } = await starter.targets({
        planCode: PLAN,
        onDate: `${YEAR}-01-05`,
        reminderLocalTime: '08:00',
        kinds: ['half'],
        dutyCodes: ['report-half-yearly'],
      });
      const department = inputs.find((i) => i.agencyCode === 'so-cong-thuong');
      expect(department).toMatchObject({
        dutyCode: 'report-half-yearly',
        periodKey: H1,
        periodStart: h1.start,
        periodEnd: h1.end,
        dueDate: h1.deadlines.department,
      });
      const started = await starter.start([department!], { taskQueue: stack.taskQueue });
      expect(started.started + started.alreadyRunning).toBe(1);

      // The assignment email names the period in words with its window, never by its key.
      const [assigned] = await waitForMail(
        (m) =>
          m.subject.startsWith('Giao nhiệm vụ') &&
          m.to.includes('so-cong-thuong@thanhhoa.example') &&
          m.text.includes(H1_IN_WORDS),
      );
      expect(assigned.text).toContain(`Kỳ: ${H1_IN_WORDS}`);
      expect(assigned.text).not.toContain(H1);

      // The read model holds the same window.
      for (let i = 0; i < 150; i++) {
        const rows = await stack.dataSource.query<Array<{ n: number }>>(
          `SELECT COUNT(*)::int AS n FROM assignments WHERE period_key = $1`,
          [H1],
        );
        if (rows[0].n >= 1) {
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      const [row] = await stack.dataSource.query<Array<{ start: string; end: string; due: string }>>(
        `SELECT to_char(a.period_start, 'YYYY-MM-DD') AS start, to_char(a.period_end, 'YYYY-MM-DD') AS "end",
                to_char(a.due_date, 'YYYY-MM-DD') AS due
         FROM assignments a JOIN agencies g ON g.id = a.agency_id WHERE a.period_key = $1 AND g.code = 'so-cong-thuong'`,
        [H1],
      );
      expect(row).toEqual({ start: h1.start, end: h1.end, due: h1.deadlines.department });

      // The consolidated report of the half-year: docx, xlsx and email name it with the window.
      const close = await http<{ progress: string }>(api.base, 'POST', '/api/v1/periods/close', {
        token,
        body: { planCode: PLAN, kind: 'half', onDate: `${YEAR}-01-05` },
      });
      expect(close.status).toBe(202);
      const operation = await waitForOperation(api.base, token, close.body.progress);
      expect(operation.status).toBe('completed');
      const { reportId } = operation.result as { reportId: string };

      const docx = await fetch(`${api.base}/api/v1/period-reports/${reportId}/docx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(docx.status).toBe(200);
      const xml = await (await JSZip.loadAsync(await docx.arrayBuffer())).file('word/document.xml')!.async('string');
      const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
        [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
      );
      expect(paragraphs.some((p) => p.startsWith(`Kỳ báo cáo: ${H1_IN_WORDS};`))).toBe(true);
      expect(xml).not.toContain(H1);

      const xlsx = await fetch(`${api.base}/api/v1/period-reports/${reportId}/xlsx`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(await xlsx.arrayBuffer());
      const summary = wb.getWorksheet('Tổng hợp')!;
      const periodCell: unknown[] = [];
      summary.eachRow((r) => {
        if (r.getCell(1).value === 'Kỳ báo cáo') {
          periodCell.push(r.getCell(2).value);
        }
      });
      expect(periodCell).toEqual([H1_IN_WORDS]);

      const [report] = await waitForMail(
        (m) => m.subject.startsWith(`Báo cáo tổng hợp kỳ 6 tháng đầu năm ${YEAR}`) && m.text.includes(H1_IN_WORDS),
      );
      expect(report.text).toContain(`kỳ ${H1_IN_WORDS}`);
    } finally {
      await api.close();
    }
  }, 300_000);

  it('migrates assignments opened under calendar windows to the one window of their key, and back', async () => {
    // Rows as the calendar rule wrote them before; 2036 is this test's own year. Everything runs
    // in one transaction that is rolled back, so no other test ever sees the migration's effect.
    const before: Array<[string, string, string]> = [
      ['2036-Q1', '2036-01-01', '2036-03-31'],
      ['2036-Q4', '2036-10-01', '2036-12-31'],
      ['2036-H1', '2036-01-01', '2036-06-30'],
      ['2036-H2', '2036-07-01', '2036-12-31'],
      ['2036', '2036-01-01', '2036-12-31'],
      // A calendar month of activity and an ad-hoc key keep their windows.
      ['2036-02', '2036-02-01', '2036-02-29'],
      ['dot-2036', '2036-03-02', '2036-03-20'],
    ];
    const runner = stack.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const [{ duty }] = (await runner.query(
        `SELECT d.id AS duty FROM duties d JOIN plans p ON p.id = d.plan_id WHERE p.code = $1 AND d.code = 'report-yearly'`,
        [PLAN],
      )) as Array<{ duty: string }>;
      const [{ agency }] = (await runner.query(
        `SELECT id AS agency FROM agencies WHERE code = 'so-cong-thuong'`,
      )) as Array<{
        agency: string;
      }>;
      for (const [key, start, end] of before) {
        await runner.query(
          `INSERT INTO assignments (workflow_id, duty_id, agency_id, period_key, period_start, period_end, status, category,
             due_date, original_due_date)
           VALUES ($1, $2, $3, $4, $5, $6, 'assigned', 'open-on-time', $6, $6)`,
          [`migration-test/${key}`, duty, agency, key, start, end],
        );
      }
      const order = (key: string): number => before.findIndex(([k]) => k === key);
      const windows = async (): Promise<Array<[string, string, string]>> =>
        (
          (await runner.query(
            `SELECT period_key AS key, to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS "end"
             FROM assignments WHERE workflow_id LIKE 'migration-test/%'`,
          )) as Array<{ key: string; start: string; end: string }>
        )
          .map((r): [string, string, string] => [r.key, r.start, r.end])
          .sort((a, b) => order(a[0]) - order(b[0]));
      const migration = new Decree09Windows1795855000000();
      await migration.up(runner);
      // Every period key now holds the one window periodByKey gives it.
      const migrated = await windows();
      expect(migrated).toEqual(
        before.map(([key, start, end]): [string, string, string] => {
          const period = periodByKey(key);
          return period ? [key, period.start, period.end] : [key, start, end];
        }),
      );
      expect(migrated.find(([key]) => key === '2036-H1')).toEqual(['2036-H1', '2035-12-15', '2036-06-14']);
      expect(migrated.find(([key]) => key === '2036-Q1')).toEqual(['2036-Q1', '2035-12-15', '2036-03-14']);
      expect(migrated.find(([key]) => key === '2036')).toEqual(['2036', '2035-12-15', '2036-12-14']);
      await migration.down(runner);
      expect(await windows()).toEqual(before);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
