import { Workbook, type Borders, type Cell, type Fill, type Worksheet } from 'exceljs';
import { CATEGORY_LABELS_VI, CATEGORY_ORDER, REQUESTED_LABEL_VI, bindingLabel } from './labels';
import type { CategoryTally, PeriodReportData, PeriodSummary } from './period-report.types';
import { summarise } from './period-summary';
import { textWidthPt, widestWordPt } from './text-metrics';
import { ASSIGNMENT_STATUS_LABELS } from '../../domain/src/status';
import { vietnamDateOf } from '../../domain/src/local-date';

/** Sheet names (Excel allows at most 31 characters). */
export const PERIOD_REPORT_SHEETS = {
  summary: 'Tổng hợp',
  byAgency: 'Theo cơ quan',
  byDuty: 'Theo nhiệm vụ',
  overdue: 'Quá hạn và chưa báo cáo',
  shortfalls: 'Chưa đạt chỉ tiêu',
  lifted: 'Miễn, hủy (không tính)',
  evidence: 'Minh chứng đã chấp nhận',
} as const;

const PERCENT_FORMAT = '0.0%';
const INTEGER_FORMAT = '#,##0';
const TEXT_FORMAT = '@';
/** Dates are real date cells (sortable, filterable), shown the Vietnamese way. */
export const DATE_FORMAT = 'dd/mm/yyyy';
const FONT_SIZE = 12;

const HEADER_FILL: Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const THIN_BORDER: Partial<Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};
const FONT_NAME = 'Times New Roman';

type CellInput = string | number | Date | null;
type ColumnFormat = 'text' | 'integer' | 'number' | 'percent' | 'date';

interface Column {
  header: string;
  width: number;
  format: ColumnFormat;
}

const col = (header: string, width: number, format: ColumnFormat = 'text'): Column => ({ header, width, format });

function numFmtOf(format: ColumnFormat): string | undefined {
  switch (format) {
    case 'text':
      return TEXT_FORMAT;
    case 'integer':
      return INTEGER_FORMAT;
    case 'percent':
      return PERCENT_FORMAT;
    case 'date':
      return DATE_FORMAT;
    case 'number':
      return undefined;
  }
}

/** A YYYY-MM-DD date as a date cell value (midnight UTC, which Excel stores as that day); null when empty. */
export function dateValue(date: string | null | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date ?? '');
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

// Column widths are in characters of the workbook's default font (Calibri 11: 7 px a
// character plus 5 px of padding); 1 px = 0.75 pt.
const pointsOfWidth = (width: number): number => (width * 7 + 5) * 0.75;
const widthOfPoints = (pt: number): number => Math.ceil(((pt / 0.75 - 5) / 7) * 10) / 10;
/** Cell padding and renderer slack, in points. */
const CELL_SLACK_PT = 8;

/** Width (characters) at which the widest word of a header fits on a line, with slack for the renderer. */
export function headerWidth(header: string, width: number): number {
  return Math.max(width, widthOfPoints(widestWordPt(header, FONT_SIZE, { bold: true }) * 1.1 + CELL_SLACK_PT));
}

/** Lines a text takes when wrapped at spaces into a column `width` characters wide. */
function wrappedLines(text: string, width: number, bold: boolean): number {
  const room = pointsOfWidth(width) - CELL_SLACK_PT;
  let lines = 1;
  let used = 0;
  for (const word of text.split(/\s+/)) {
    const w = textWidthPt(word, FONT_SIZE, { bold });
    const next = used === 0 ? w : used + textWidthPt(' ', FONT_SIZE, { bold }) + w;
    if (next > room && used > 0) {
      lines += 1;
      used = w;
    } else {
      used = next;
    }
  }
  return lines;
}

/** Row height (points) that shows every wrapped header in full. */
function headerHeight(headers: Array<{ text: string; width: number }>): number {
  const lines = Math.max(1, ...headers.map((h) => wrappedLines(h.text, h.width, true)));
  return Math.max(20, lines * 15.5 + 4);
}

/**
 * Every sheet prints on A4 landscape, scaled to the page width, its header rows repeated on
 * every page and its pages numbered in the footer.
 */
function printOnA4(ws: Worksheet, titleRows: string): void {
  ws.pageSetup = {
    paperSize: 9, // A4
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0, // as many pages tall as needed
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    printTitlesRow: titleRows,
  };
  ws.headerFooter.oddFooter = '&C&"Times New Roman"&10Trang &P/&N';
}

function styleHeaderCell(cell: Cell): void {
  cell.font = { name: FONT_NAME, size: FONT_SIZE, bold: true };
  cell.fill = HEADER_FILL;
  cell.border = THIN_BORDER;
  cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
}

function styleDataCell(cell: Cell, format: ColumnFormat): void {
  cell.font = { name: FONT_NAME, size: FONT_SIZE };
  cell.border = THIN_BORDER;
  const fmt = numFmtOf(format);
  if (fmt) {
    cell.numFmt = fmt;
  }
  cell.alignment =
    format === 'text'
      ? { vertical: 'top', wrapText: true }
      : { vertical: 'top', horizontal: format === 'date' ? 'center' : 'right', wrapText: false };
}

/** A sheet holding one table: bold frozen header row, set column widths, typed cells. */
function addTableSheet(wb: Workbook, name: string, columns: Column[], rows: CellInput[][]): Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  const widths = columns.map((c) => headerWidth(c.header, c.width));
  ws.columns = widths.map((width) => ({ width }));
  const header = ws.getRow(1);
  columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    styleHeaderCell(cell);
  });
  header.height = headerHeight(columns.map((c, i) => ({ text: c.header, width: widths[i] })));
  header.commit();
  rows.forEach((values, r) => {
    const row = ws.getRow(r + 2);
    columns.forEach((c, i) => {
      const cell = row.getCell(i + 1);
      const value = values[i] ?? null;
      cell.value = value;
      styleDataCell(cell, c.format);
    });
    row.commit();
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  printOnA4(ws, '1:1');
  return ws;
}

const categoryColumns = (width = 14): Column[] =>
  CATEGORY_ORDER.map((c) => col(CATEGORY_LABELS_VI[c], width, 'integer'));
const categoryValues = (t: CategoryTally): number[] => CATEGORY_ORDER.map((c) => t.counts[c]);

function addSummarySheet(wb: Workbook, s: PeriodSummary): void {
  const ws = wb.addWorksheet(PERIOD_REPORT_SHEETS.summary, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  ws.columns = [
    { width: 52 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
    { width: 16 },
  ];
  const lastCol = 10;
  let r = 1;

  const title = ws.getCell(r, 1);
  title.value = `TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH KỲ ${s.periodLabel.toLocaleUpperCase('vi')}`;
  title.font = { name: FONT_NAME, size: 14, bold: true };
  title.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  ws.mergeCells(r, 1, r, lastCol);
  ws.getRow(r).height = 30;
  r += 1;

  const info: Array<[string, string | Date | null]> = [
    ['Kế hoạch', s.plan.title.vi],
    ['Mã kế hoạch', s.plan.code],
    ['Kỳ báo cáo', s.periodLabel],
    ...(s.reportingMonth ? [[s.reportingMonth.label, s.reportingMonth.window] as [string, string]] : []),
    ['Số liệu tính đến ngày', dateValue(s.asOf)],
    ['Số cơ quan, đơn vị', String(s.agencyCount)],
  ];
  for (const [label, value] of info) {
    const l = ws.getCell(r, 1);
    l.value = label;
    l.font = { name: FONT_NAME, size: 12, bold: true };
    l.alignment = { vertical: 'top' };
    const v = ws.getCell(r, 2);
    v.value = value;
    v.numFmt = value instanceof Date ? DATE_FORMAT : TEXT_FORMAT;
    v.font = { name: FONT_NAME, size: 12 };
    v.alignment = { wrapText: true, vertical: 'top', horizontal: 'left' };
    ws.mergeCells(r, 2, r, lastCol);
    // Merged cells are not fitted by the spreadsheet: size the row for the wrapped text.
    const mergedWidth = [...Array(lastCol - 1).keys()].reduce((w, i) => w + (ws.getColumn(i + 2).width ?? 10), 0);
    if (typeof value === 'string') {
      ws.getRow(r).height = Math.max(16, wrappedLines(value, mergedWidth, false) * 15.5 + 2);
    }
    r += 1;
  }
  r += 1;

  // Table 1: categories × binding / requested.
  const writeRow = (values: CellInput[], formats: ColumnFormat[], header = false): void => {
    if (header) {
      ws.getRow(r).height = headerHeight(
        values.map((v, i) => ({ text: String(v ?? ''), width: ws.getColumn(i + 1).width ?? 10 })),
      );
    }
    values.forEach((value, i) => {
      const cell = ws.getCell(r, i + 1);
      cell.value = value;
      if (header) {
        styleHeaderCell(cell);
      } else {
        styleDataCell(cell, formats[i] ?? 'text');
      }
    });
    r += 1;
  };
  writeRow(['Phân loại', 'Nhiệm vụ được giao', 'Nhiệm vụ đề nghị'], [], true);
  for (const c of CATEGORY_ORDER) {
    writeRow([CATEGORY_LABELS_VI[c], s.totals.counts[c], s.requested.counts[c]], ['text', 'integer', 'integer']);
  }
  writeRow(['Tổng số', s.totals.total, s.requested.total], ['text', 'integer', 'integer']);
  writeRow(['Tỷ lệ hoàn thành', s.totals.complianceRate, s.requested.complianceRate], ['text', 'percent', 'percent']);
  writeRow(['Tỷ lệ hoàn thành đúng hạn', s.totals.onTimeRate, s.requested.onTimeRate], ['text', 'percent', 'percent']);
  r += 1;

  // Table 2: per agency kind (binding duties), with the requested duties apart.
  writeRow(
    [
      'Nhóm cơ quan',
      'Số cơ quan',
      ...CATEGORY_ORDER.map((c) => CATEGORY_LABELS_VI[c]),
      'Tổng số',
      'Tỷ lệ hoàn thành',
      'Tỷ lệ đúng hạn',
      'Nhiệm vụ đề nghị',
    ],
    [],
    true,
  );
  const kindFormats: ColumnFormat[] = [
    'text',
    'integer',
    ...CATEGORY_ORDER.map((): ColumnFormat => 'integer'),
    'integer',
    'percent',
    'percent',
    'integer',
  ];
  for (const k of s.byAgencyKind) {
    const hasBinding = k.binding.total > 0;
    writeRow(
      [
        k.label,
        k.agencies,
        ...categoryValues(k.binding),
        k.binding.total,
        hasBinding ? k.binding.complianceRate : null,
        hasBinding ? k.binding.onTimeRate : null,
        k.requested.total,
      ],
      kindFormats,
    );
  }
  writeRow(
    [
      'Tổng cộng',
      s.agencyCount,
      ...categoryValues(s.totals),
      s.totals.total,
      s.totals.complianceRate,
      s.totals.onTimeRate,
      s.requested.total,
    ],
    kindFormats,
  );
  for (let c = 1; c <= lastCol; c += 1) {
    ws.getCell(r - 1, c).font = { name: FONT_NAME, size: 12, bold: true };
  }
  r += 1;

  const note = ws.getCell(r, 1);
  note.value =
    'Ghi chú: Nhiệm vụ đề nghị là nhiệm vụ Kế hoạch đề nghị các cơ quan, tổ chức phối hợp thực hiện; ' +
    'được theo dõi, tổng hợp riêng và không tính vào tỷ lệ hoàn thành.';
  note.font = { name: FONT_NAME, size: 12, italic: true };
  note.alignment = { wrapText: true, vertical: 'top' };
  ws.mergeCells(r, 1, r, lastCol);
  ws.getRow(r).height = 32;
  printOnA4(ws, '1:1');
}

function addAgencySheet(wb: Workbook, s: PeriodSummary): void {
  const columns = [
    col('STT', 6, 'integer'),
    col('Mã cơ quan', 24),
    col('Tên cơ quan, đơn vị', 40),
    col('Nhóm cơ quan', 30),
    ...categoryColumns(),
    col('Tổng số', 10, 'integer'),
    col('Tỷ lệ hoàn thành', 13, 'percent'),
    col('Tỷ lệ đúng hạn', 13, 'percent'),
    col('Nhiệm vụ đề nghị', 12, 'integer'),
    col('Đề nghị đã hoàn thành', 12, 'integer'),
    col('Ghi chú', 30),
  ];
  const rows = s.byAgency.map((a, i): CellInput[] => {
    const hasBinding = a.binding.total > 0;
    const notes = [
      a.silent ? 'Chưa báo cáo' : null,
      hasBinding ? null : `${REQUESTED_LABEL_VI} (không tính tỷ lệ)`,
    ].filter((n): n is string => n !== null);
    return [
      i + 1,
      a.agency.code,
      a.agency.name,
      a.kindLabel,
      ...categoryValues(a.binding),
      a.binding.total,
      hasBinding ? a.binding.complianceRate : null,
      hasBinding ? a.binding.onTimeRate : null,
      a.requested.total,
      a.requested.done,
      notes.join('; '),
    ];
  });
  addTableSheet(wb, PERIOD_REPORT_SHEETS.byAgency, columns, rows);
}

function addDutySheet(wb: Workbook, s: PeriodSummary): void {
  const columns = [
    col('STT', 6, 'integer'),
    col('Mã nhiệm vụ', 28),
    col('Điều khoản', 11),
    col('Nội dung nhiệm vụ', 60),
    col('Tính chất', 15),
    col('Số cơ quan', 10, 'integer'),
    ...categoryColumns(),
    col('Tổng số', 10, 'integer'),
    col('Tỷ lệ hoàn thành', 13, 'percent'),
    col('Tỷ lệ đúng hạn', 13, 'percent'),
  ];
  const rows = s.byDuty.map((d, i): CellInput[] => [
    i + 1,
    d.duty.code,
    d.duty.clause,
    d.duty.title,
    bindingLabel(d.duty.binding),
    d.agencies,
    ...categoryValues(d.tally),
    d.tally.total,
    d.tally.complianceRate,
    d.tally.onTimeRate,
  ]);
  addTableSheet(wb, PERIOD_REPORT_SHEETS.byDuty, columns, rows);
}

function addOverdueSheet(wb: Workbook, s: PeriodSummary): void {
  const columns = [
    col('STT', 6, 'integer'),
    col('Tình trạng', 16),
    col('Tính chất', 15),
    col('Mã cơ quan', 24),
    col('Tên cơ quan, đơn vị', 40),
    col('Nhóm cơ quan', 30),
    col('Điều khoản', 11),
    col('Nhiệm vụ', 60),
    col('Hạn hiện hành', 14, 'date'),
    col('Hạn ban đầu', 14, 'date'),
    col('Số ngày quá hạn', 11, 'integer'),
    col('Mức đôn đốc', 11, 'integer'),
  ];
  const rows: CellInput[][] = [];
  const push = (values: CellInput[]): void => {
    rows.push([rows.length + 1, ...values]);
  };
  for (const binding of [true, false]) {
    const overdue = binding ? s.overdue.binding : s.overdue.requested;
    const silent = binding ? s.silent.binding : s.silent.requested;
    for (const o of overdue) {
      push([
        'Quá hạn',
        bindingLabel(o.duty.binding),
        o.agency.code,
        o.agency.name,
        s.byAgency.find((a) => a.agency.code === o.agency.code)?.kindLabel ?? o.agency.kind,
        o.duty.clause,
        o.duty.title,
        dateValue(o.dueDate),
        dateValue(o.originalDueDate),
        o.daysOverdue,
        o.escalationLevel,
      ]);
    }
    for (const a of silent) {
      push([
        'Chưa báo cáo',
        bindingLabel(binding),
        a.agency.code,
        a.agency.name,
        s.byAgency.find((x) => x.agency.code === a.agency.code)?.kindLabel ?? a.agency.kind,
        [...new Set(a.duties.map((d) => d.clause))].join(', '),
        a.duties.map((d) => d.title).join('; '),
        dateValue(a.earliestDueDate),
        null,
        a.daysOverdue,
        a.escalationLevel,
      ]);
    }
  }
  addTableSheet(wb, PERIOD_REPORT_SHEETS.overdue, columns, rows);
}

function addShortfallSheet(wb: Workbook, s: PeriodSummary): void {
  const columns = [
    col('STT', 6, 'integer'),
    col('Mã cơ quan', 24),
    col('Tên cơ quan, đơn vị', 40),
    col('Điều khoản', 11),
    col('Nhiệm vụ', 50),
    col('Chỉ tiêu', 40),
    col('Kế hoạch', 12, 'number'),
    col('Thực hiện', 12, 'number'),
    col('Còn thiếu', 12, 'number'),
    col('Tỷ lệ đạt', 12, 'percent'),
    col('Tính chất', 15),
  ];
  const rows = s.shortfalls.map((f, i): CellInput[] => [
    i + 1,
    f.agency.code,
    f.agency.name,
    f.duty.clause,
    f.duty.title,
    f.label,
    f.target,
    f.actual,
    f.gap,
    f.achievementRate,
    bindingLabel(f.duty.binding),
  ]);
  addTableSheet(wb, PERIOD_REPORT_SHEETS.shortfalls, columns, rows);
}

/** Waived and cancelled assignments, apart from every total (the sheet exists only when there are some). */
function addLiftedSheet(wb: Workbook, s: PeriodSummary): void {
  const columns = [
    col('STT', 6, 'integer'),
    col('Mã cơ quan', 24),
    col('Tên cơ quan, đơn vị', 40),
    col('Điều khoản', 11),
    col('Nhiệm vụ', 50),
    col('Tình trạng', 15),
    col('Tính chất', 15),
  ];
  const rows = s.lifted.map((l, i): CellInput[] => [
    i + 1,
    l.agency.code,
    l.agency.name,
    l.duty.clause,
    l.duty.title,
    ASSIGNMENT_STATUS_LABELS[l.status].vi,
    bindingLabel(l.duty.binding),
  ]);
  addTableSheet(wb, PERIOD_REPORT_SHEETS.lifted, columns, rows);
}

/** The evidence of every accepted report: what was sent, when, by whom (evidence kept). */
function addEvidenceSheet(wb: Workbook, s: PeriodSummary): void {
  const columns = [
    col('STT', 6, 'integer'),
    col('Mã cơ quan', 24),
    col('Tên cơ quan, đơn vị', 40),
    col('Điều khoản', 11),
    col('Nhiệm vụ', 50),
    col('Ngày gửi', 12, 'date'),
    col('Người gửi', 28),
    col('Số liệu báo cáo', 50),
    col('Đường dẫn', 40),
    col('Tệp đính kèm', 30),
    col('Ghi chú', 40),
    col('Chưa đạt chỉ tiêu', 12),
  ];
  const rows = s.evidence.map((e, i): CellInput[] => [
    i + 1,
    e.agency.code,
    e.agency.name,
    e.duty.clause,
    e.duty.title,
    dateValue(vietnamDateOf(new Date(e.evidence.submittedAt))),
    e.evidence.actor,
    e.evidence.values.map((v) => `${v.label}: ${v.value}`).join('; '),
    e.evidence.links.join('\n'),
    e.evidence.attachments.join('\n'),
    e.evidence.note,
    e.shortfall ? 'Có' : 'Không',
  ]);
  addTableSheet(wb, PERIOD_REPORT_SHEETS.evidence, columns, rows);
}

/**
 * The period report as an Excel workbook: summary, per agency, per duty, overdue and silent agencies,
 * shortfalls. Dates are date cells shown dd/mm/yyyy, rates percentages; every sheet prints on A4
 * landscape, fitted to the page width, with its header row repeated.
 */
export async function buildPeriodReportXlsx(data: PeriodReportData): Promise<Buffer> {
  const s = summarise(data);
  const wb = new Workbook();
  const generated = new Date(data.generatedAt);
  wb.creator = 'dondoc';
  wb.lastModifiedBy = 'dondoc';
  wb.created = generated;
  wb.modified = generated;
  wb.title = `Báo cáo kết quả thực hiện Kế hoạch kỳ ${s.periodLabel}`;

  addSummarySheet(wb, s);
  addAgencySheet(wb, s);
  addDutySheet(wb, s);
  addOverdueSheet(wb, s);
  addShortfallSheet(wb, s);
  if (s.lifted.length > 0) {
    addLiftedSheet(wb, s);
  }
  addEvidenceSheet(wb, s);

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}
