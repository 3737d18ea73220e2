import ExcelJS from 'exceljs';
import {
  AgencyCsvError,
  CANONICAL_COLUMNS,
  legacyFont,
  parseRecords,
  readAgencyCsv,
  refuseLegacy,
  type AgencyRecord,
  type ReadAgencyFile,
  type TableRecord,
} from './agency-csv';

// The byte-level reading of CSV files lives beside the CSV parser (the seed import uses it too).
export { decodeAgencyCsv, readAgencyCsv } from './agency-csv';
export type { ImportNote, ReadAgencyFile, RegistryEncoding } from './agency-csv';

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

/** True when the bytes are a ZIP container (an XLSX workbook). */
export function isXlsx(bytes: Buffer): boolean {
  return XLSX_MAGIC.every((b, i) => bytes[i] === b);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (value instanceof Date) {
    // Date cells hold the calendar date at UTC midnight.
    return value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    if ('richText' in value) {
      return value.richText.map((r) => r.text).join('');
    }
    if ('text' in value && typeof value.text === 'string') {
      return value.text;
    }
    if ('result' in value) {
      return cellText(value.result);
    }
    return '';
  }
  return String(value);
}

/** The first worksheet as table records, the sheet row number as line. */
export async function xlsxRecords(bytes: Buffer, fileName: string): Promise<TableRecord[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new AgencyCsvError([
      {
        file: fileName,
        line: 1,
        message: `not a readable XLSX workbook: ${err instanceof Error ? err.message : String(err)}`,
        vi: `không đọc được bảng tính XLSX: ${err instanceof Error ? err.message : String(err)}`,
      },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new AgencyCsvError([
      { file: fileName, line: 1, message: 'the workbook has no worksheet', vi: 'bảng tính không có trang tính nào' },
    ]);
  }
  const width = sheet.getRow(1).cellCount;
  const records: TableRecord[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const record = Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1).value).normalize('NFC'));
    if (record.some((f) => f.trim() !== '')) {
      records.push({ record, line: rowNumber });
    }
  });
  return records;
}

/**
 * Reads an uploaded registry file, CSV (any of the encodings and separators above) or XLSX
 * (first worksheet), and validates every row; all or nothing: throws AgencyCsvError with
 * every problem by line and column.
 */
export async function readAgencyFile(bytes: Buffer, fileName: string): Promise<ReadAgencyFile> {
  if (isXlsx(bytes)) {
    const records = await xlsxRecords(bytes, fileName);
    const font = legacyFont(records.map((r) => r.record.join(' ')).join('\n'));
    if (font) {
      throw refuseLegacy(font, fileName);
    }
    return { ...parseRecords(records, fileName), encoding: 'xlsx', separator: null, notes: [] };
  }
  return readAgencyCsv(bytes, fileName);
}

/** The registry as an XLSX workbook in the canonical columns: what `readAgencyFile` imports back. */
export async function formatAgencyXlsx(rows: readonly AgencyRecord[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('agencies');
  sheet.addRow([...CANONICAL_COLUMNS]);
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) {
    // Every cell is text, so Excel never turns a code or a date into something else.
    sheet.addRow([
      r.code,
      r.name,
      r.kind,
      r.subtype ?? '',
      r.parentCode ?? '',
      r.validFrom ?? '',
      r.validTo ?? '',
      r.successorCode ?? '',
      r.focalEmail ?? '',
      r.headEmail ?? '',
      r.formedFrom.join(';'),
      r.note ?? '',
    ]);
  }
  sheet.columns.forEach((c, i) => {
    c.width = [28, 40, 14, 10, 24, 12, 12, 24, 34, 34, 40, 40][i];
    c.numFmt = '@';
  });
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
