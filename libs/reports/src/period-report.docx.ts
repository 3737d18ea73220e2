import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import { CATEGORY_LABELS_VI, agencyKindLabel, agencyKindRank, viDate, viPercent } from './labels';
import { vietnamDateOf } from '../../domain/src/local-date';
import type {
  EvidenceEntry,
  OverdueEntry,
  PeriodReportData,
  PeriodSummary,
  ShortfallEntry,
  SilentAgency,
} from './period-report.types';
import { summarise } from './period-summary';
import { textWidthPt, twipsOfPt, widestWordPt } from './text-metrics';

export interface PeriodReportDocxOptions {
  /** Issuing body, e.g. 'SỞ KHOA HỌC VÀ CÔNG NGHỆ'. */
  issuer: string;
  /** Its governing body, e.g. 'UBND TỈNH THANH HÓA'. */
  parentIssuer: string;
  /** Place name of the date line, e.g. 'Thanh Hóa'. */
  place: string;
  /** Abbreviation of the issuing body in the number and symbol ("Số: …/BC-SKHCN"); "…" when not given. */
  issuerSymbol?: string;
  /** Body the report is addressed to ("Kính gửi"); defaults to the provincial People's Committee of `place`. */
  addressee?: string;
}

// Decree 30/2020/NĐ-CP, Appendix I: Times New Roman, A4, margins top/bottom 20–25 mm,
// left 30–35 mm, right 15–20 mm. Sizes: Quốc hiệu 12–13 pt bold capitals; tiêu ngữ 13–14 pt
// bold; issuing body 12–13 pt capitals (its parent upright, itself bold); "Số" 13 pt; place
// and date 13–14 pt italic; document type and summary 13–14 pt bold; body 13–14 pt; "Kính gửi"
// 14 pt; signer's title and name 13–14 pt bold; "Nơi nhận" 12 pt bold italic, its list 11 pt;
// page number 13–14 pt, centred at the top, from the second page on.
const FONT = 'Times New Roman';
const BODY_SIZE = 28; // half-points: 14 pt
const HEADER_SIZE = 26; // 13 pt
const TABLE_SIZES = [26, 24, 22]; // 13, 12, 11 pt: the largest at which every header word fits
const RECIPIENTS_TITLE_SIZE = 24; // 12 pt
const RECIPIENTS_SIZE = 22; // 11 pt

const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

/** Millimetres to twips (1/1440 inch), rounded to the nearest twip. */
const mm = (value: number): number => Math.round((value * 1440) / 25.4);

const PAGE_WIDTH = 11906; // A4, twips
const PAGE_HEIGHT = 16838;
const MARGIN = {
  top: mm(20),
  bottom: mm(20),
  left: mm(30),
  right: mm(15),
};
const CONTENT_WIDTH = PAGE_WIDTH - MARGIN.left - MARGIN.right;
/** Left and right padding of a table cell (Word's default, 0.19 cm each side). */
const CELL_PADDING = 2 * 108;
// The right heading column holds the Quốc hiệu on one line (with 5 % to spare for the renderer).
const RIGHT_COL = Math.max(
  Math.round(CONTENT_WIDTH * 0.58),
  Math.ceil(twipsOfPt(textWidthPt(NATIONAL_TITLE, HEADER_SIZE / 2, { bold: true })) * 1.05) + CELL_PADDING,
);
const LEFT_COL = CONTENT_WIDTH - RIGHT_COL;
const FIRST_LINE_INDENT = mm(10);

interface RunSpec {
  text: string;
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

function run(spec: RunSpec): TextRun {
  return new TextRun({ font: FONT, size: spec.size ?? BODY_SIZE, ...spec });
}

function centred(runs: RunSpec[], spacingAfter = 0): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 0, after: spacingAfter, line: 240, lineRule: LineRuleType.AUTO },
    children: runs.map(run),
  });
}

/** A short solid rule under a centred heading: an empty paragraph with a bottom border, narrowed by indents. */
function rule(cellWidth: number, ruleWidth: number): Paragraph {
  const side = Math.max(0, Math.round((cellWidth - ruleWidth) / 2));
  return new Paragraph({
    spacing: { before: 0, after: 60, line: 120, lineRule: LineRuleType.EXACT },
    indent: { left: side, right: side },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    children: [run({ text: '', size: 4 })],
  });
}

function body(text: string | RunSpec[], opts: { indent?: boolean } = {}): Paragraph {
  const runs = typeof text === 'string' ? [{ text }] : text;
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: opts.indent === false ? undefined : { firstLine: FIRST_LINE_INDENT },
    spacing: { before: 0, after: 120, line: 288, lineRule: LineRuleType.AUTO },
    children: runs.map(run),
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: 120, after: 120, line: 288, lineRule: LineRuleType.AUTO },
    keepNext: true,
    children: [run({ text, bold: true })],
  });
}

function subheading(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: FIRST_LINE_INDENT },
    spacing: { before: 60, after: 120, line: 288, lineRule: LineRuleType.AUTO },
    keepNext: true,
    children: [run({ text, bold: true, italics: true })],
  });
}

function cell(children: Paragraph[], width: number, opts: { borders?: boolean } = {}): TableCell {
  return new TableCell({
    children,
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.TOP,
    ...(opts.borders === false ? { borders: TableBorders.NONE } : {}),
  });
}

function twoColumns(left: Paragraph[], right: Paragraph[]): Table {
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_COL, RIGHT_COL],
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [cell(left, LEFT_COL, { borders: false }), cell(right, RIGHT_COL, { borders: false })],
      }),
    ],
  });
}

function header(opts: PeriodReportDocxOptions): Table {
  const issuer = opts.issuer.toLocaleUpperCase('vi');
  const issuerLine = Math.min(LEFT_COL - CELL_PADDING, twipsOfPt(textWidthPt(issuer, HEADER_SIZE / 2, { bold: true })));
  const left = [
    centred([{ text: opts.parentIssuer.toLocaleUpperCase('vi'), size: HEADER_SIZE }]),
    centred([{ text: issuer, bold: true, size: HEADER_SIZE }]),
    // A solid line of a third to a half of the issuing body's name.
    rule(LEFT_COL - CELL_PADDING, Math.max(900, Math.round(issuerLine * 0.45))),
    centred([{ text: `Số: …/BC-${opts.issuerSymbol ?? '…'}`, size: HEADER_SIZE }], 0),
  ];
  const right = [
    centred([{ text: NATIONAL_TITLE, bold: true, size: HEADER_SIZE }]),
    centred([{ text: NATIONAL_MOTTO, bold: true, size: BODY_SIZE }]),
    // A solid line as long as the tiêu ngữ.
    rule(RIGHT_COL - CELL_PADDING, twipsOfPt(textWidthPt(NATIONAL_MOTTO, BODY_SIZE / 2, { bold: true }))),
    centred([{ text: `${opts.place}, ngày … tháng … năm …`, italics: true, size: BODY_SIZE }]),
  ];
  return twoColumns(left, right);
}

function countText(n: number): string {
  return `${n} lượt`;
}

function generalSection(s: PeriodSummary): Paragraph[] {
  const t = s.totals;
  const out: Paragraph[] = [heading('I. TÌNH HÌNH CHUNG')];
  out.push(body(`Kỳ báo cáo: ${s.periodLabel}; số liệu tổng hợp đến ngày ${viDate(s.asOf)}.`));
  if (s.reportingMonth) {
    out.push(body(`${s.reportingMonth.label}: ${s.reportingMonth.window}.`));
  }
  if (t.total === 0 && s.requested.total === 0) {
    out.push(body('Trong kỳ báo cáo không có nhiệm vụ nào phải thực hiện theo Kế hoạch.'));
    return out;
  }
  const bindingAgencies = s.byAgency.filter((a) => a.binding.total > 0).length;
  out.push(
    body(
      `Trong kỳ, ${bindingAgencies} cơ quan, đơn vị được giao nhiệm vụ theo Kế hoạch với tổng số ` +
        `${countText(t.total)} nhiệm vụ được giao. Trong đó: ${CATEGORY_LABELS_VI['done-on-time'].toLowerCase()} ` +
        `${countText(t.counts['done-on-time'])}; ${CATEGORY_LABELS_VI['done-late'].toLowerCase()} ` +
        `${countText(t.counts['done-late'])}; ${CATEGORY_LABELS_VI['open-on-time'].toLowerCase()} ` +
        `${countText(t.counts['open-on-time'])}; ${CATEGORY_LABELS_VI['open-overdue'].toLowerCase()} ` +
        `${countText(t.counts['open-overdue'])}.`,
    ),
  );
  out.push(
    body(
      `Tỷ lệ hoàn thành nhiệm vụ đạt ${viPercent(t.complianceRate)}; ` +
        `tỷ lệ hoàn thành đúng hạn đạt ${viPercent(t.onTimeRate)}.`,
    ),
  );
  if (s.lifted.length > 0) {
    const waived = s.lifted.filter((l) => l.status === 'waived').length;
    out.push(
      body(
        `Ngoài ra, có ${waived} nhiệm vụ được miễn và ${s.lifted.length - waived} nhiệm vụ đã hủy, ` +
          'không tính vào tổng số và các tỷ lệ nêu trên.',
      ),
    );
  }
  if (s.requested.total > 0) {
    out.push(
      body(
        `Đối với các nhiệm vụ Kế hoạch đề nghị các cơ quan, tổ chức phối hợp thực hiện (không tính vào tỷ lệ ` +
          `hoàn thành nêu trên): tổng số ${countText(s.requested.total)}, đã hoàn thành ` +
          `${countText(s.requested.done)}.`,
      ),
    );
  }
  return out;
}

/** Column widths of a table, in twips, and the font size (half-points) its text is set in. */
export interface FittedColumns {
  widths: number[];
  size: number;
}

/**
 * Sizes the columns of a table so that no header word is ever broken inside: every column is
 * at least as wide as its widest (bold) header word plus the cell padding, at the largest table
 * size at which they all fit in `total`; column `flex` takes what is left (at least `minFlex`).
 */
export function fitColumns(headers: readonly string[], flex: number, total: number, minFlex: number): FittedColumns {
  for (const size of TABLE_SIZES) {
    // 3 % and 40 twips to spare: renderers round glyph advances differently.
    const widths = headers.map((h) =>
      Math.ceil(twipsOfPt(widestWordPt(h, size / 2, { bold: true })) * 1.03 + CELL_PADDING + 40),
    );
    const others = widths.reduce((a, b, i) => (i === flex ? a : a + b), 0);
    if (total - others >= Math.max(minFlex, widths[flex])) {
      widths[flex] = total - others;
      return { widths, size };
    }
  }
  throw new RangeError(`the ${headers.length} columns do not fit in ${total} twips: ${headers.join(' | ')}`);
}

function kindTable(s: PeriodSummary): Table {
  const headers = [
    'TT',
    'Nhóm cơ quan',
    'Số cơ quan',
    'Tổng số',
    CATEGORY_LABELS_VI['done-on-time'],
    CATEGORY_LABELS_VI['done-late'],
    CATEGORY_LABELS_VI['open-on-time'],
    CATEGORY_LABELS_VI['open-overdue'],
    'Tỷ lệ hoàn thành',
  ];
  const { widths, size } = fitColumns(headers, 1, CONTENT_WIDTH, mm(35));
  const textCell = (text: string, i: number, opts: { bold?: boolean; align?: 'left' | 'center' } = {}): TableCell =>
    cell(
      [
        new Paragraph({
          alignment: opts.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
          spacing: { before: 40, after: 40, line: 240, lineRule: LineRuleType.AUTO },
          children: [run({ text, bold: opts.bold, size })],
        }),
      ],
      widths[i],
    );
  const headerCells = headers.map((h, i) => textCell(h, i, { bold: true }));
  const order = ['done-on-time', 'done-late', 'open-on-time', 'open-overdue'] as const;
  const kinds = s.byAgencyKind.filter((k) => k.binding.total > 0);
  const rows = kinds.map(
    (k, n) =>
      new TableRow({
        cantSplit: true,
        children: [
          textCell(String(n + 1), 0),
          textCell(k.label, 1, { align: 'left' }),
          textCell(String(k.agencies), 2),
          textCell(String(k.binding.total), 3),
          ...order.map((c, j) => textCell(String(k.binding.counts[c]), 4 + j)),
          textCell(viPercent(k.binding.complianceRate), 8),
        ],
      }),
  );
  const bindingAgencies = s.byAgency.filter((a) => a.binding.total > 0).length;
  rows.push(
    new TableRow({
      cantSplit: true,
      children: [
        textCell('', 0),
        textCell('Tổng cộng', 1, { bold: true, align: 'left' }),
        textCell(String(bindingAgencies), 2, { bold: true }),
        textCell(String(s.totals.total), 3, { bold: true }),
        ...order.map((c, j) => textCell(String(s.totals.counts[c]), 4 + j, { bold: true })),
        textCell(viPercent(s.totals.complianceRate), 8, { bold: true }),
      ],
    }),
  );
  return new Table({
    width: { size: CONTENT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    rows: [new TableRow({ tableHeader: true, cantSplit: true, children: headerCells }), ...rows],
  });
}

function kindSection(s: PeriodSummary): Array<Paragraph | Table> {
  const out: Array<Paragraph | Table> = [heading('II. KẾT QUẢ THEO NHÓM CƠ QUAN')];
  if (s.totals.total === 0) {
    out.push(body('Không có nhiệm vụ được giao trong kỳ.'));
  } else {
    out.push(body('Kết quả thực hiện các nhiệm vụ được giao theo từng nhóm cơ quan, đơn vị như sau:'));
    out.push(kindTable(s));
    out.push(body('', { indent: false }));
  }
  const requestedKinds = s.byAgencyKind.filter((k) => k.requested.total > 0);
  if (requestedKinds.length > 0) {
    out.push(
      body(
        'Nhiệm vụ đề nghị phối hợp (không tính vào tỷ lệ hoàn thành): ' +
          requestedKinds
            .map((k) => `${k.label} ${countText(k.requested.total)}, đã hoàn thành ${countText(k.requested.done)}`)
            .join('; ') +
          '.',
      ),
    );
  }
  return out;
}

function overdueLine(o: OverdueEntry): string {
  const extended = o.originalDueDate && o.originalDueDate !== o.dueDate;
  return (
    `- ${o.agency.name}: ${o.duty.title} (mục ${o.duty.clause}); hạn ${viDate(o.dueDate)}` +
    (extended ? ` (hạn ban đầu ${viDate(o.originalDueDate)})` : '') +
    `, quá hạn ${o.daysOverdue} ngày` +
    (o.escalationLevel > 0 ? `, đã đôn đốc đến mức ${o.escalationLevel}` : '') +
    ';'
  );
}

function silentLine(a: SilentAgency): string {
  const clauses = [...new Set(a.duties.map((d) => d.clause))].join(', ');
  return (
    `- ${a.agency.name}: chưa gửi báo cáo ${a.duties.length} nhiệm vụ (mục ${clauses}), quá hạn ${a.daysOverdue} ngày` +
    (a.escalationLevel > 0 ? `, đã đôn đốc đến mức ${a.escalationLevel}` : '') +
    ';'
  );
}

/**
 * One sentence for the agencies that have not reported but are not yet due: their number by kind
 * and the earliest deadline, instead of one line each (a period opens for some 150 communes).
 */
export function notYetDueSentence(agencies: readonly SilentAgency[], what: string): string | null {
  if (agencies.length === 0) {
    return null;
  }
  const byKind = new Map<string, number>();
  for (const a of agencies) {
    byKind.set(a.agency.kind, (byKind.get(a.agency.kind) ?? 0) + 1);
  }
  const kinds = [...byKind.entries()]
    .sort(([a], [b]) => agencyKindRank(a) - agencyKindRank(b) || a.localeCompare(b))
    .map(([kind, n]) => `${agencyKindLabel(kind)}: ${n}`)
    .join('; ');
  const earliest = agencies.map((a) => a.earliestDueDate).sort()[0];
  return `${what} chưa gửi báo cáo, chưa đến hạn: ${agencies.length} cơ quan, đơn vị (${kinds}); hạn sớm nhất ngày ${viDate(earliest)}.`;
}

function endList(lines: string[]): Paragraph[] {
  if (lines.length === 0) {
    return [body('Không có.')];
  }
  return lines.map((line, i) => body(i === lines.length - 1 ? line.replace(/;$/, '.') : line));
}

function overdueSection(s: PeriodSummary): Paragraph[] {
  const silentCodes = new Set([...s.silent.binding, ...s.silent.requested].map((a) => a.agency.code));
  const out: Paragraph[] = [heading('III. CƠ QUAN CHƯA HOÀN THÀNH, QUÁ HẠN')];

  out.push(subheading('1. Các cơ quan, đơn vị có nhiệm vụ quá hạn'));
  out.push(...endList(s.overdue.binding.filter((o) => !silentCodes.has(o.agency.code)).map(overdueLine)));

  out.push(subheading('2. Các cơ quan, đơn vị chưa báo cáo'));
  const silentDue = s.silent.binding.filter((a) => a.daysOverdue > 0);
  const silentNotYetDue = notYetDueSentence(
    s.silent.binding.filter((a) => a.daysOverdue === 0),
    'Các cơ quan, đơn vị',
  );
  if (silentDue.length > 0 || silentNotYetDue === null) {
    out.push(...endList(silentDue.map(silentLine)));
  }
  if (silentNotYetDue) {
    out.push(body(silentNotYetDue));
  }

  out.push(subheading('3. Các cơ quan được đề nghị chưa báo cáo'));
  const requested = new Map<string, { name: string; titles: Set<string> }>();
  const note = (code: string, name: string, title: string): void => {
    const entry = requested.get(code) ?? { name, titles: new Set<string>() };
    entry.titles.add(title);
    requested.set(code, entry);
  };
  s.silent.requested
    .filter((a) => a.daysOverdue > 0)
    .forEach((a) => a.duties.forEach((d) => note(a.agency.code, a.agency.name, d.title)));
  s.overdue.requested.forEach((o) => note(o.agency.code, o.agency.name, o.duty.title));
  const requestedNotYetDue = notYetDueSentence(
    s.silent.requested.filter((a) => a.daysOverdue === 0),
    'Các cơ quan được đề nghị',
  );
  // Binding-silent agencies may also hold requested duties left open: those are listed under 2.
  if (requested.size > 0 || requestedNotYetDue === null) {
    out.push(...endList([...requested.values()].map((r) => `- ${r.name}: ${[...r.titles].join('; ')};`)));
  }
  if (requestedNotYetDue) {
    out.push(body(requestedNotYetDue));
  }
  if (requested.size > 0) {
    out.push(
      body([
        {
          text: 'Các nhiệm vụ trên là nhiệm vụ Kế hoạch đề nghị phối hợp, không tính vào tỷ lệ hoàn thành.',
          italics: true,
        },
      ]),
    );
  }
  return out;
}

function viNumber(n: number): string {
  const [int, frac] = String(Math.round(n * 100) / 100).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

function shortfallLine(f: ShortfallEntry): string {
  return (
    `- ${f.agency.name} (${f.duty.title}, mục ${f.duty.clause}): ${f.label} thực hiện ${viNumber(f.actual)}/` +
    `${viNumber(f.target)}, đạt ${viPercent(f.achievementRate)}, còn thiếu ${viNumber(f.gap)}` +
    (f.duty.binding ? '' : ' (nhiệm vụ đề nghị)') +
    ';'
  );
}

function shortfallSection(s: PeriodSummary): Paragraph[] {
  return [heading('IV. CHỈ TIÊU CHƯA ĐẠT'), ...endList(s.shortfalls.map(shortfallLine))];
}

/**
 * One accepted report as the evidence list gives it: who sent it and when, its figures, links,
 * files and note, and whether it fell below a target (the xlsx sheet "Minh chứng đã chấp nhận").
 */
function evidenceLine(e: EvidenceEntry): string {
  const ev = e.evidence;
  const parts = [
    `gửi ngày ${viDate(vietnamDateOf(new Date(ev.submittedAt)))}`,
    ...ev.values.map((v) => `${v.label}: ${typeof v.value === 'number' ? viNumber(v.value) : v.value}`),
    ...(ev.links.length ? [`đường dẫn: ${ev.links.join(', ')}`] : []),
    ...(ev.attachments.length ? [`tệp đính kèm: ${ev.attachments.join(', ')}`] : []),
    ...(ev.note ? [`ghi chú: ${ev.note}`] : []),
  ];
  return (
    `- ${e.agency.name} (${e.duty.title}, mục ${e.duty.clause}${e.duty.binding ? '' : ', nhiệm vụ đề nghị'}): ` +
    parts.join('; ') +
    (e.shortfall ? ' (chưa đạt chỉ tiêu)' : '') +
    ';'
  );
}

function evidenceSection(s: PeriodSummary): Paragraph[] {
  return [heading('V. MINH CHỨNG CÁC BÁO CÁO ĐÃ CHẤP NHẬN'), ...endList(s.evidence.map(evidenceLine))];
}

/** A dotted line to write on that fits after "1. " on an indented first line. */
const DOTTED_LINE = '…'.repeat(
  Math.floor(
    (CONTENT_WIDTH - FIRST_LINE_INDENT - twipsOfPt(textWidthPt('1. ', BODY_SIZE / 2))) /
      twipsOfPt(textWidthPt('…', BODY_SIZE / 2)),
  ) - 1,
);

function proposalSection(): Paragraph[] {
  return [
    heading('VI. ĐỀ XUẤT, KIẾN NGHỊ'),
    body([
      {
        text:
          '[Cán bộ tổng hợp bổ sung: đề xuất, kiến nghị với UBND tỉnh về giải pháp đôn đốc, xử lý các cơ quan, ' +
          'đơn vị chưa hoàn thành hoặc chậm báo cáo; nội dung cần điều chỉnh Kế hoạch (nếu có).]',
        italics: true,
      },
    ]),
    body(`1. ${DOTTED_LINE}`),
    body(`2. ${DOTTED_LINE}`),
  ];
}

function footer(): Table {
  const listLine = (text: string): Paragraph =>
    new Paragraph({
      spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      children: [run({ text, size: RECIPIENTS_SIZE })],
    });
  const left = [
    new Paragraph({
      spacing: { before: 120, after: 0, line: 240, lineRule: LineRuleType.AUTO },
      children: [run({ text: 'Nơi nhận:', bold: true, italics: true, size: RECIPIENTS_TITLE_SIZE })],
    }),
    listLine('- Như trên;'),
    listLine('- Lưu: VT.'),
  ];
  const right = [
    centred([{ text: 'KT. GIÁM ĐỐC', bold: true }]),
    centred([{ text: 'PHÓ GIÁM ĐỐC', bold: true }]),
    centred([{ text: '(Ký, đóng dấu)', italics: true, size: HEADER_SIZE }], 1200),
    centred([{ text: '[Họ và tên]', bold: true }]),
  ];
  return twoColumns(left, right);
}

/** The page number, centred at the top of every page but the first. */
function pageNumberHeader(): Header {
  return new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ font: FONT, size: BODY_SIZE, children: [PageNumber.CURRENT] })],
      }),
    ],
  });
}

/**
 * The period report as a draft BÁO CÁO in the administrative format of Decree 30/2020/NĐ-CP,
 * for the officer to number, complete (section VI) and sign. Section V lists the evidence of
 * every accepted report, as the xlsx sheet "Minh chứng đã chấp nhận" does.
 */
export async function buildPeriodReportDocx(data: PeriodReportData, opts: PeriodReportDocxOptions): Promise<Buffer> {
  const s = summarise(data);
  const summaryLine = `Kết quả thực hiện ${s.plan.title.vi} kỳ ${s.periodLabel}`;
  const addressee = opts.addressee ?? `Ủy ban nhân dân tỉnh ${opts.place}`;
  // The summary spans the text width when it runs over a line; its rule is about 40 % of it.
  const summaryRule = Math.round(
    Math.min(CONTENT_WIDTH, twipsOfPt(textWidthPt(summaryLine, BODY_SIZE / 2, { bold: true }))) * 0.4,
  );

  const children: Array<Paragraph | Table> = [
    header(opts),
    new Paragraph({ spacing: { before: 0, after: 240 }, children: [] }),
    centred([{ text: 'BÁO CÁO', bold: true }], 0),
    centred([{ text: summaryLine, bold: true }], 0),
    rule(CONTENT_WIDTH, summaryRule),
    centred([{ text: `Kính gửi: ${addressee}.` }], 240),
    ...generalSection(s),
    ...kindSection(s),
    ...overdueSection(s),
    ...shortfallSection(s),
    ...evidenceSection(s),
    ...proposalSection(),
    body(`Trên đây là báo cáo kết quả thực hiện Kế hoạch kỳ ${s.periodLabel}./.`),
    footer(),
  ];

  const doc = new Document({
    creator: 'dondoc',
    lastModifiedBy: 'dondoc',
    title: `Báo cáo ${summaryLine.charAt(0).toLocaleLowerCase('vi')}${summaryLine.slice(1)}`,
    styles: {
      default: {
        document: {
          run: { font: FONT, size: BODY_SIZE },
          paragraph: { spacing: { line: 288, lineRule: LineRuleType.AUTO } },
        },
      },
    },
    sections: [
      {
        properties: {
          titlePage: true, // no page number on the first page
          page: {
            size: { width: PAGE_WIDTH, height: PAGE_HEIGHT },
            margin: { ...MARGIN, header: mm(10), footer: mm(10) },
          },
        },
        headers: { default: pageNumberHeader(), first: new Header({ children: [] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
