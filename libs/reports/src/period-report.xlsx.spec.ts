import { Workbook, type Worksheet } from 'exceljs';
import { PERIOD_REPORT_SHEETS, buildPeriodReportXlsx } from './index';
import { headerWidth } from './period-report.xlsx';
import {
  HAC_THANH,
  HOANG_LOC,
  QUANG_PHU,
  SHORTFALL_LABEL,
  TTXVN,
  emptyReport,
  novemberReport,
} from './period-report.fixture';
import type { PeriodReportData } from './period-report.types';

async function load(data: PeriodReportData): Promise<Workbook> {
  const buffer = await buildPeriodReportXlsx(data);
  expect(Buffer.isBuffer(buffer)).toBe(true);
  expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
  const wb = new Workbook();
  await wb.xlsx.load(buffer as unknown as Parameters<typeof wb.xlsx.load>[0]);
  return wb;
}

/** Row values as a plain array, index 0 = column A. */
function values(ws: Worksheet, rowNumber: number): unknown[] {
  const v = ws.getRow(rowNumber).values as unknown[];
  return v.slice(1);
}

function rowWhere(ws: Worksheet, column: number, text: string): number {
  for (let r = 1; r <= ws.rowCount; r += 1) {
    if (ws.getCell(r, column).value === text) {
      return r;
    }
  }
  throw new Error(`no row with "${text}" in column ${column} of ${ws.name}`);
}

describe('buildPeriodReportXlsx', () => {
  let wb: Workbook;
  beforeAll(async () => {
    wb = await load(novemberReport());
  });

  it('has the six Vietnamese sheets', () => {
    expect(wb.worksheets.map((ws) => ws.name)).toEqual([
      'Tổng hợp',
      'Theo cơ quan',
      'Theo nhiệm vụ',
      'Quá hạn và chưa báo cáo',
      'Chưa đạt chỉ tiêu',
      'Minh chứng đã chấp nhận',
    ]);
    expect(Object.values(PERIOD_REPORT_SHEETS).every((n) => n.length <= 31)).toBe(true);
  });

  it('keeps the evidence of each accepted report: values, link, file, note, when and who', () => {
    const ws = wb.getWorksheet('Minh chứng đã chấp nhận')!;
    const rows: unknown[][] = [];
    ws.eachRow((row, n) => {
      if (n > 1) {
        rows.push((row.values as unknown[]).slice(1));
      }
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].slice(2, 12)).toEqual([
      HOANG_LOC.name,
      expect.any(String),
      expect.any(String),
      new Date(Date.UTC(2026, 11, 2)),
      'agency:xa-hoang-loc',
      `${SHORTFALL_LABEL}: 2; Số lần phát lại: 3`,
      'https://hoangloc.thanhhoa.gov.vn/chuyen-doi-so',
      'lich-phat-thanh-thang-11.pdf',
      'Tháng 11 mất điện 5 ngày',
      'Có',
    ]);
  });

  it('freezes bold header rows and sets column widths', () => {
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.getCell(1, 1).font?.bold).toBe(true);
      expect(ws.getColumn(1).width).toBeGreaterThan(0);
    }
    expect(wb.getWorksheet('Theo cơ quan')!.getColumn(3).width).toBe(40);
  });

  it('summarises the categories and rates', () => {
    const ws = wb.getWorksheet('Tổng hợp')!;
    expect(ws.getCell(1, 1).text).toContain('KỲ THÁNG 11/2026');
    expect(ws.getCell(1, 1).text).not.toContain('2026-11');
    // The period, then the Decree 09/2019 reporting month the monthly report also counts.
    const period = rowWhere(ws, 1, 'Kỳ báo cáo');
    expect(ws.getCell(period, 2).text).toBe('tháng 11/2026 (từ 1/11/2026 đến 30/11/2026)');
    expect(rowWhere(ws, 1, 'Số liệu báo cáo tháng')).toBe(period + 1);
    expect(ws.getCell(period + 1, 2).text).toBe('từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP)');
    expect(values(ws, rowWhere(ws, 1, 'Đang thực hiện, trong hạn')).slice(0, 3)).toEqual([
      'Đang thực hiện, trong hạn',
      1,
      0,
    ]);
    expect(values(ws, rowWhere(ws, 1, 'Đang thực hiện, quá hạn')).slice(0, 3)).toEqual([
      'Đang thực hiện, quá hạn',
      2,
      1,
    ]);
    expect(values(ws, rowWhere(ws, 1, 'Đã hoàn thành đúng hạn')).slice(1, 3)).toEqual([2, 1]);
    expect(values(ws, rowWhere(ws, 1, 'Đã hoàn thành quá hạn')).slice(1, 3)).toEqual([1, 0]);
    expect(ws.getCell(rowWhere(ws, 1, 'Tổng số'), 2).value).toBe(6);
    const rate = ws.getCell(rowWhere(ws, 1, 'Tỷ lệ hoàn thành'), 2);
    expect(rate.value).toBe(0.5);
    expect(rate.numFmt).toBe('0.0%');
    expect(ws.getCell(rowWhere(ws, 1, 'Tỷ lệ hoàn thành đúng hạn'), 2).value).toBeCloseTo(1 / 3, 10);

    const communes = rowWhere(ws, 1, 'UBND các xã, phường, thị trấn');
    expect(values(ws, communes)).toEqual(['UBND các xã, phường, thị trấn', 6, 1, 2, 2, 1, 6, 0.5, 1 / 3, 0]);
    const press = values(ws, rowWhere(ws, 1, 'Các cơ quan báo chí Trung ương thường trú'));
    expect(press[1]).toBe(2);
    expect(press[9]).toBe(2); // requested duties, no rate
    expect(press[7] ?? null).toBeNull();
    expect(values(ws, rowWhere(ws, 1, 'Tổng cộng')).slice(0, 7)).toEqual(['Tổng cộng', 8, 1, 2, 2, 1, 6]);
  });

  it('has one row per agency with counts and compliance rate', () => {
    const ws = wb.getWorksheet('Theo cơ quan')!;
    expect(values(ws, 1).slice(0, 9)).toEqual([
      'STT',
      'Mã cơ quan',
      'Tên cơ quan, đơn vị',
      'Nhóm cơ quan',
      'Đang thực hiện, trong hạn',
      'Đang thực hiện, quá hạn',
      'Đã hoàn thành đúng hạn',
      'Đã hoàn thành quá hạn',
      'Tổng số',
    ]);
    expect(ws.rowCount).toBe(1 + 8);
    const hoangLoc = values(ws, rowWhere(ws, 2, HOANG_LOC.code));
    expect(hoangLoc.slice(2, 11)).toEqual([HOANG_LOC.name, 'UBND các xã, phường, thị trấn', 0, 0, 1, 0, 1, 1, 1]);
    const quangPhuRow = rowWhere(ws, 2, QUANG_PHU.code);
    expect(ws.getCell(quangPhuRow, 6).value).toBe(1); // open overdue
    expect(ws.getCell(quangPhuRow, 10).value).toBe(0);
    expect(ws.getCell(quangPhuRow, 10).numFmt).toBe('0.0%');
    expect(ws.getCell(quangPhuRow, 14).value).toBe('Chưa báo cáo');
    const ttxvnRow = rowWhere(ws, 2, TTXVN.code);
    expect(ws.getCell(ttxvnRow, 10).value ?? null).toBeNull();
    expect(ws.getCell(ttxvnRow, 12).value).toBe(1); // requested duties
    expect(ws.getCell(ttxvnRow, 13).value).toBe(0); // of which done
    expect(ws.getCell(ttxvnRow, 14).value).toBe('Chưa báo cáo; Đề nghị (không tính tỷ lệ)');
  });

  it('has one row per duty with clause, title and counts', () => {
    const ws = wb.getWorksheet('Theo nhiệm vụ')!;
    expect(values(ws, 2)).toEqual([
      1,
      'v8-commune-radio',
      'V.8',
      'Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã',
      'Giao nhiệm vụ',
      6,
      1,
      2,
      2,
      1,
      6,
      0.5,
      1 / 3,
    ]);
    expect(values(ws, 3).slice(1, 5)).toEqual([
      'v10-central-press',
      'V.10',
      'Đưa tin, bài về chuyển đổi số của tỉnh trên báo chí Trung ương',
      'Đề nghị',
    ]);
  });

  it('lists overdue and silent agencies with escalation level and days, requested ones marked', () => {
    const ws = wb.getWorksheet('Quá hạn và chưa báo cáo')!;
    const rows = [2, 3, 4, 5, 6].map((r) => values(ws, r));
    expect(rows.map((r) => [r[1], r[2], r[3]])).toEqual([
      ['Quá hạn', 'Giao nhiệm vụ', QUANG_PHU.code],
      ['Quá hạn', 'Giao nhiệm vụ', HAC_THANH.code],
      ['Chưa báo cáo', 'Giao nhiệm vụ', QUANG_PHU.code],
      ['Quá hạn', 'Đề nghị', TTXVN.code],
      ['Chưa báo cáo', 'Đề nghị', TTXVN.code],
    ]);
    expect(ws.rowCount).toBe(6);
    const silent = values(ws, 4);
    expect(silent.slice(4, 11)).toEqual([
      QUANG_PHU.name,
      'UBND các xã, phường, thị trấn',
      'V.8',
      'Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã',
      new Date(Date.UTC(2026, 11, 3)),
      undefined,
      7,
    ]);
    expect(silent[11]).toBe(2);
    // Real date cells (sortable, filterable in Excel) shown dd/mm/yyyy.
    expect(ws.getCell(2, 9).value).toEqual(new Date(Date.UTC(2026, 11, 3)));
    expect(ws.getCell(2, 9).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell(2, 10).value).toEqual(new Date(Date.UTC(2026, 11, 3)));
    expect(ws.getCell(5, 11).value).toBe(5); // TTXVN: due 05/12, report on 10/12
  });

  it('lists the shortfall', () => {
    const ws = wb.getWorksheet('Chưa đạt chỉ tiêu')!;
    expect(ws.rowCount).toBe(2);
    expect(values(ws, 2)).toEqual([
      1,
      HOANG_LOC.code,
      HOANG_LOC.name,
      'V.8',
      'Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã',
      SHORTFALL_LABEL,
      4,
      2,
      2,
      0.5,
      'Giao nhiệm vụ',
    ]);
  });

  it('prints every sheet on A4 landscape, fitted to the width, header row repeated', () => {
    for (const ws of wb.worksheets) {
      expect(ws.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '1:1',
      });
    }
  });

  it('sizes header columns so that no header word is cut', () => {
    const ws = wb.getWorksheet('Quá hạn và chưa báo cáo')!;
    // "Mức đôn đốc" asked for 11 characters; its widest word needs less, so 11 stays.
    expect(ws.getColumn(12).width).toBe(11);
    expect(headerWidth('STT', 3)).toBeGreaterThan(3);
    expect(headerWidth('Đang thực hiện, trong hạn', 14)).toBe(14);
  });

  it('builds an empty period with zero rates', async () => {
    const empty = await load(emptyReport());
    const ws = empty.getWorksheet('Tổng hợp')!;
    expect(ws.getCell(rowWhere(ws, 1, 'Tổng số'), 2).value).toBe(0);
    expect(ws.getCell(rowWhere(ws, 1, 'Tỷ lệ hoàn thành'), 2).value).toBe(0);
    expect(ws.getCell(rowWhere(ws, 1, 'Tỷ lệ hoàn thành đúng hạn'), 2).value).toBe(0);
    // A quarter is itself a Decree 09 window: no separate reporting month.
    expect(() => rowWhere(ws, 1, 'Số liệu báo cáo tháng')).toThrow();
    expect(empty.getWorksheet('Theo cơ quan')!.rowCount).toBe(1);
    expect(empty.getWorksheet('Chưa đạt chỉ tiêu')!.rowCount).toBe(1);
  });
});
