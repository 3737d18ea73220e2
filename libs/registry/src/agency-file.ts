import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  AgencyCsvError,
  CANONICAL_COLUMNS,
  SEPARATORS,
  detectSeparator,
  parseAgencyCsvText,
  parseRecords,
  type AgencyRecord,
  type ParsedFile,
  type Separator,
  type TableRecord,
} from './agency-csv';

/** How the bytes of an uploaded registry file were read. */
export type RegistryEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1258' | 'xlsx';

/** A note for the person importing, Vietnamese first. */
export interface ImportNote {
  vi: string;
  en: string;
}

export interface ReadAgencyFile extends ParsedFile {
  encoding: RegistryEncoding;
  /** null for XLSX. */
  separator: Separator | null;
  notes: ImportNote[];
}

// Letters only Vietnamese in Unicode has (ă đ ơ ư and the tone-marked vowels of Latin Extended
// Additional), or a combining tone mark as Windows-1258 writes them.
const UNICODE_VIETNAMESE = /[ăĂđĐơƠưƯ\u1EA0-\u1EF9\u0300\u0301\u0303\u0309\u0323]/gu;
// TCVN3 (ABC) puts Vietnamese letters on bytes shown in Latin-1 as symbols: "X· §«ng S¬n".
const TCVN3_MARKS = /[¡¢£¤¥¦§¨©ª«¬®¯°±²³´µ¶·¸¹º»¼½¾]/gu;
// VNI writes a base letter followed by a mark byte: "Xaõ Ñoâng Sôn"; Ñ/ñ (Đ/đ), ö (ư), ø û ï (tones)
// and the pairs oâ aâ eâ aê never occur in Vietnamese written in Unicode.
const VNI_MARKS = /[ÑñÖöøØûÛïÏ]|[aeoAEO][âÂêÊ]/gu;

const count = (text: string, re: RegExp): number => (text.match(re) ?? []).length;

function legacyFont(text: string): 'TCVN3' | 'VNI' | null {
  const unicode = count(text, UNICODE_VIETNAMESE);
  const tcvn = count(text, TCVN3_MARKS);
  const vni = count(text, VNI_MARKS);
  if (tcvn >= 2 && tcvn > unicode && tcvn >= vni) {
    return 'TCVN3';
  }
  if (vni >= 2 && vni > unicode) {
    return 'VNI';
  }
  return null;
}

function refuseLegacy(font: 'TCVN3' | 'VNI', fileName: string): AgencyCsvError {
  const fontName = font === 'TCVN3' ? 'TCVN3 (ABC, phông .Vn…)' : 'VNI (phông VNI-…)';
  return new AgencyCsvError([
    {
      file: fileName,
      line: 1,
      message:
        `Tệp dùng bảng mã ${fontName}, không phải Unicode. Hãy chuyển sang Unicode bằng Unikey ` +
        `(Công cụ chuyển mã: nguồn ${font}, đích Unicode) hoặc EVKey, rồi lưu lại dạng "CSV UTF-8" và nhập lại. / ` +
        `The file is in the legacy ${font} encoding, not Unicode. Convert it with Unikey's converter ` +
        `(source ${font}, destination Unicode) or EVKey, save as "CSV UTF-8" and import again.`,
    },
  ]);
}

/**
 * Reads the bytes of a CSV file: UTF-8 (with or without BOM) as is; anything that is not valid
 * UTF-8 as Windows-1258 (what Excel's "CSV (Comma delimited)" writes on Vietnamese Windows),
 * converted to NFC with a note. Text in the legacy TCVN3 or VNI font encodings is refused,
 * naming the encoding and how to convert it.
 */
export function decodeAgencyCsv(
  bytes: Buffer,
  fileName: string,
): { text: string; encoding: RegistryEncoding; notes: ImportNote[] } {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  let text: string;
  let encoding: RegistryEncoding;
  const notes: ImportNote[] = [];
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    encoding = bom ? 'utf-8-bom' : 'utf-8';
  } catch {
    text = iconv.decode(bytes, 'windows1258');
    encoding = 'windows-1258';
    notes.push({
      vi: 'Tệp được lưu bằng bảng mã Windows-1258 (kiểu "CSV (Comma delimited)" của Excel) và đã được chuyển sang Unicode. Hãy kiểm tra tên trong bản xem trước.',
      en: 'The file was saved in Windows-1258 (Excel\'s "CSV (Comma delimited)") and has been converted to Unicode. Check the names in the preview.',
    });
  }
  const font = legacyFont(text);
  if (font) {
    throw refuseLegacy(font, fileName);
  }
  return { text: text.normalize('NFC'), encoding, notes };
}

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
      },
    ]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) {
    throw new AgencyCsvError([{ file: fileName, line: 1, message: 'the workbook has no worksheet' }]);
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
  const { text, encoding, notes } = decodeAgencyCsv(bytes, fileName);
  const separator = detectSeparator(text);
  if (separator !== ',') {
    notes.push({
      vi: `Dấu phân cách cột: ${separator === ';' ? 'dấu chấm phẩy (;)' : 'tab'}.`,
      en: `Column separator: ${SEPARATORS[separator]}.`,
    });
  }
  return { ...parseAgencyCsvText(text, fileName, separator), encoding, separator, notes };
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
