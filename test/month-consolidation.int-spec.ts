import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { consolidationPeriod } from '../libs/domain/src/periods/duty-periods';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { PeriodReportRepository } from '../libs/persistence/src/repositories';
import { startAssignment, startPeriodClose } from '../libs/temporal/src/workflow-starters';
import type { AssignmentInput } from '../workflows/assignment.messages';
import { startTestWorker, type TestWorker } from './support/stack';

const PLAN = 'plan-nq06-thanh-hoa';
// A year no other test file mentions: the period keys and closes below are this file's own.
const YEAR = 2041;
const ICT = 'so-thong-tin-va-truyen-thong';

/**
 * The monthly close on the real stack counts the calendar month of activity and the Decree
 * 09/2019 reporting month reported on with it (YYYY-RMM), each reporting month in one close only
 * (consolidationSelection, libs/domain).
 */
describe('monthly consolidation of reporting months (PostgreSQL + Temporal)', () => {
  let stack: TestWorker;

  beforeAll(async () => {
    stack = await startTestWorker('it-month-consolidation');
    await importReferenceData(stack.dataSource);
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it(`counts ${YEAR}-R11 in the close of ${YEAR}-11, and ${YEAR}-R10 in October's, not November's`, async () => {
    // The catalog has no monthly results duty yet: a results duty of the ICT department stands in
    // for one under the reporting-month keys.
    const inputs: AssignmentInput[] = [
      ['v1-social-channels', `${YEAR}-11`, `${YEAR}-11-01`, `${YEAR}-11-30`, `${YEAR}-12-05`],
      ['v1-direct-press-grassroots', `${YEAR}-R11`, `${YEAR}-10-15`, `${YEAR}-11-14`, `${YEAR}-11-19`],
      ['v1-training-workshops', `${YEAR}-R10`, `${YEAR}-09-15`, `${YEAR}-10-14`, `${YEAR}-10-17`],
    ].map(([dutyCode, periodKey, periodStart, periodEnd, dueDate]) => ({
      planCode: PLAN,
      dutyCode,
      agencyCode: ICT,
      periodKey,
      periodStart,
      periodEnd,
      dueDate,
      reminderLocalTime: '08:00',
    }));
    for (const input of inputs) {
      await startAssignment(stack.client, input, { taskQueue: stack.taskQueue });
    }
    const keys = inputs.map((i) => i.periodKey);
    for (let i = 0; i < 300; i++) {
      const [{ n }] = await stack.dataSource.query<Array<{ n: number }>>(
        'SELECT COUNT(*)::int AS n FROM assignments WHERE period_key = ANY($1::text[])',
        [keys],
      );
      if (n === inputs.length) {
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }

    const reports = new PeriodReportRepository(stack.dataSource);
    const rowsOf = async (onDate: string): Promise<string[]> => {
      const period = consolidationPeriod('month', onDate);
      return (await reports.rows(PLAN, period.key, period.start, period.end)).map((r) => r.duty.code).sort();
    };
    expect(await rowsOf(`${YEAR}-11-20`)).toEqual(['v1-direct-press-grassroots', 'v1-social-channels']);
    expect(await rowsOf(`${YEAR}-10-20`)).toEqual(['v1-training-workshops']);
    expect(await rowsOf(`${YEAR}-12-20`)).toEqual([]);

    // The close itself (the workflow the schedules plan) reports both of November's rows.
    const november = consolidationPeriod('month', `${YEAR}-11-20`);
    const { handle } = await startPeriodClose(
      stack.client,
      { planCode: PLAN, kind: 'month', periodKey: november.key, periodStart: november.start, periodEnd: november.end },
      { taskQueue: stack.taskQueue, workflowId: `period-close/${PLAN}/${november.key}/month-consolidation` },
    );
    const result = await handle.result();
    expect(result.total).toBe(2);
    expect(Object.values(result.counts).reduce((a, b) => a + b, 0)).toBe(2);

    // The stored documents name the calendar month and state the reporting month they also count.
    const [stored] = await stack.dataSource.query<Array<{ xlsx: Buffer; docx: Buffer }>>(
      'SELECT xlsx, docx FROM period_reports WHERE id = $1',
      [result.reportId],
    );
    const window = `từ 15/10/${YEAR} đến 14/11/${YEAR} (Nghị định 09/2019/NĐ-CP)`;
    const xml = await (await JSZip.loadAsync(stored.docx)).file('word/document.xml')!.async('string');
    const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
      [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    );
    const named = paragraphs.findIndex((p) =>
      p.startsWith(`Kỳ báo cáo: tháng 11/${YEAR} (từ 1/11/${YEAR} đến 30/11/${YEAR});`),
    );
    expect(named).toBeGreaterThan(-1);
    expect(paragraphs[named + 1]).toBe(`Số liệu báo cáo tháng: ${window}.`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(stored.xlsx as unknown as ExcelJS.Buffer);
    const info = new Map<unknown, string>();
    wb.getWorksheet('Tổng hợp')!.eachRow((row) => info.set(row.getCell(1).value, row.getCell(2).text));
    expect(info.get('Kỳ báo cáo')).toBe(`tháng 11/${YEAR} (từ 1/11/${YEAR} đến 30/11/${YEAR})`);
    expect(info.get('Số liệu báo cáo tháng')).toBe(window);
  }, 300_000);
});
