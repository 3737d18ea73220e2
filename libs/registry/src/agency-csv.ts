import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { z } from 'zod';
import { AGENCY_KINDS, AgencyKind, isAgencyKind } from '../../domain/src/agency';
import { TEXT_PROBLEM_MESSAGES, freeTextProblem, hasVisibleCharacter, lineTextProblem } from '../../domain/src/text';

/** One agency (cơ quan, đơn vị) of the registry, with its validity and lineage. */
export interface AgencyRecord {
  code: string;
  name: string;
  kind: AgencyKind;
  /** Finer type within the kind, e.g. 'huyen' | 'thi-xa' | 'thanh-pho' or 'phuong' | 'xa'. */
  subtype: string | null;
  parentCode: string | null;
  /** First day of validity (YYYY-MM-DD); null = open (existed before the registry's horizon). */
  validFrom: string | null;
  /** Last day of validity (YYYY-MM-DD, inclusive); null = still valid. */
  validTo: string | null;
  /** The agency that takes over this one's duties. */
  successorCode: string | null;
  focalEmail: string | null;
  headEmail: string | null;
  /** Names of the units this one was formed from, as written in the source. */
  formedFrom: string[];
  note: string | null;
}

export interface AgencyCsvIssue {
  /** File the issue was found in (the fileName given to the parser). */
  file: string;
  /** 1-based line; line 1 is the header. */
  line: number;
  column?: string;
  /** The problem in English (logs, the command line). */
  message: string;
  /** The problem in Vietnamese, for the officer reading the import preview. */
  vi?: string;
}

/** Thrown when any row of an agency CSV is bad; nothing of the file is returned then. */
export class AgencyCsvError extends Error {
  readonly errors: AgencyCsvIssue[];

  constructor(errors: AgencyCsvIssue[]) {
    const sorted = [...errors].sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
    const lines = sorted.map(formatIssue);
    super(`Invalid agency CSV (${sorted.length} error${sorted.length === 1 ? '' : 's'}):\n${lines.join('\n')}`);
    this.name = 'AgencyCsvError';
    this.errors = sorted;
  }
}

function formatIssue(issue: AgencyCsvIssue): string {
  const column = issue.column ? `${issue.column}: ` : '';
  return `${issue.file}:${issue.line}: ${column}${issue.message}`;
}

/** Canonical column order of the registry CSV (data/agencies/*.csv). */
export const CANONICAL_COLUMNS = [
  'code',
  'name',
  'kind',
  'subtype',
  'parent_code',
  'valid_from',
  'valid_to',
  'successor_code',
  'focal_email',
  'head_email',
  'formed_from',
  'note',
] as const;

type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/**
 * 'canonical' is the registry format; the others are the raw lists of
 * /work/shared/data, accepted so they can be imported without conversion.
 */
export type AgencyCsvFormat = 'canonical' | 'communes' | 'districts' | 'provincial-bodies';

interface FormatSpec {
  columns: readonly string[];
  required: readonly string[];
}

const FORMATS: Record<AgencyCsvFormat, FormatSpec> = {
  canonical: { columns: CANONICAL_COLUMNS, required: ['code', 'name', 'kind'] },
  communes: { columns: ['code', 'name', 'type', 'formed_from'], required: ['code', 'name', 'type', 'formed_from'] },
  districts: { columns: ['code', 'name', 'type'], required: ['code', 'name', 'type'] },
  'provincial-bodies': { columns: ['code', 'name', 'group', 'note'], required: ['code', 'name', 'group', 'note'] },
};

// Types allowed in the raw administrative lists (the source README gives exactly these).
const COMMUNE_TYPES = ['phuong', 'xa'];
const DISTRICT_TYPES = ['thanh-pho', 'thi-xa', 'huyen'];

// Facts that hold for every row of a raw list, so they belong to the format, not to lineage:
// the commune list is the post-reform one, and the district level ended on 1 July 2025.
const COMMUNES_VALID_FROM = '2025-07-01';
const DISTRICTS_VALID_TO = '2025-06-30';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const emailSchema = z.email();

function detectFormat(header: string[]): AgencyCsvFormat {
  const has = (c: string): boolean => header.includes(c);
  if (has('kind')) {
    return 'canonical';
  }
  if (has('group')) {
    return 'provincial-bodies';
  }
  if (has('type')) {
    return has('formed_from') ? 'communes' : 'districts';
  }
  // Unrecognised: validate against the canonical format so the missing 'kind' is reported.
  return 'canonical';
}

function isValidDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) {
    return false;
  }
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  // Round-trip rejects 2025-02-30 and the like.
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function countLineBreaks(value: string): number {
  return (value.match(/\n/g) ?? []).length;
}

export interface ParsedFile {
  format: AgencyCsvFormat;
  rows: AgencyRecord[];
  /** Line where each row starts, parallel to rows. */
  lines: number[];
}

/** One row of a table file (CSV or a worksheet) and the line (or sheet row) it starts on. */
export interface TableRecord {
  record: string[];
  line: number;
}

/** Splits CSV text into records; the separator is detected from the header when not given. */
function csvRecords(text: string, fileName: string, delimiter?: string): TableRecord[] {
  // Strip the BOM Excel adds, and unify line endings so csv-parse line counts are exact.
  const body = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (body.trim() === '') {
    throw new AgencyCsvError([{ file: fileName, line: 1, message: 'file is empty', vi: 'tệp rỗng' }]);
  }

  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    // csv-parse's typings do not model `info: true`, which wraps each record with its position.
    records = parse(body, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      delimiter: delimiter ?? detectSeparator(body),
    }) as unknown as typeof records;
  } catch (err) {
    // A broken quote makes the rest of the file unreadable: report where the parser gave up.
    const e = err as { lines?: number; message?: string };
    throw new AgencyCsvError([
      {
        file: fileName,
        line: e.lines ?? 1,
        message: `malformed CSV: ${e.message ?? String(err)}`,
        vi: `tệp CSV sai định dạng (thường do thiếu dấu ngoặc kép đóng): ${e.message ?? String(err)}`,
      },
    ]);
  }
  // info.lines is the line where the record ends; quoted fields may span lines.
  return records.map(({ record, info }) => ({
    record,
    line: info.lines - record.reduce((n, field) => n + countLineBreaks(field), 0),
  }));
}

/** The field separators accepted, with the names a person knows them by. */
export const SEPARATORS = { ',': 'comma', ';': 'semicolon', '\t': 'tab' } as const;
export type Separator = keyof typeof SEPARATORS;

/**
 * The separator of the header line (outside quotes): comma, semicolon (what Excel writes in
 * locales with a decimal comma) or tab; comma when the header has none of them.
 */
export function detectSeparator(text: string): Separator {
  const header = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts: Record<Separator, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const c of header) {
    if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c in counts) {
      counts[c as Separator]++;
    }
  }
  const best = (Object.keys(counts) as Separator[]).sort((a, b) => counts[b] - counts[a])[0];
  return counts[best] > 0 ? best : ',';
}

/** Parses CSV text with a known separator, keeping each row's line; throws AgencyCsvError. */
export function parseAgencyCsvText(text: string, fileName: string, delimiter: Separator): ParsedFile {
  return parseWithLines(text, fileName, delimiter);
}

/** Parses and validates CSV text; throws AgencyCsvError listing every problem found. */
function parseWithLines(text: string, fileName: string, delimiter?: string): ParsedFile {
  return parseRecords(csvRecords(text, fileName, delimiter), fileName);
}

/** Validates table records (header first); throws AgencyCsvError listing every problem found. */
export function parseRecords(records: TableRecord[], fileName: string): ParsedFile {
  const issues: AgencyCsvIssue[] = [];
  const fail = (line: number, message: string, column: string | undefined, vi: string): void => {
    issues.push({ file: fileName, line, ...(column ? { column } : {}), message, vi });
  };
  if (records.length === 0) {
    throw new AgencyCsvError([{ file: fileName, line: 1, message: 'file is empty', vi: 'tệp rỗng' }]);
  }

  const [headerRecord, ...dataRecords] = records;
  const header = (headerRecord?.record ?? []).map((h) => h.trim().replace(/^\uFEFF/, ''));
  const headerLine = headerRecord?.line ?? 1;
  const format = detectFormat(header);
  const spec = FORMATS[format];

  const seen = new Set<string>();
  for (const column of header) {
    if (column === '') {
      fail(headerLine, 'empty column name in header', undefined, 'tên cột trống ở dòng tiêu đề');
    } else if (!spec.columns.includes(column)) {
      fail(
        headerLine,
        `unknown column (expected ${spec.columns.join(',')})`,
        column,
        `cột không có trong mẫu (các cột: ${spec.columns.join(',')})`,
      );
    } else if (seen.has(column)) {
      fail(headerLine, 'duplicate column', column, 'cột bị trùng');
    }
    seen.add(column);
  }
  for (const column of spec.required) {
    if (!header.includes(column)) {
      fail(headerLine, 'missing required column', column, 'thiếu cột bắt buộc');
    }
  }
  if (issues.length > 0) {
    throw new AgencyCsvError(issues);
  }
  if (dataRecords.length === 0) {
    throw new AgencyCsvError([
      { file: fileName, line: 1, message: 'file has no data rows', vi: 'tệp không có dòng dữ liệu nào' },
    ]);
  }

  const rows: AgencyRecord[] = [];
  const lines: number[] = [];
  const firstLineOfCode = new Map<string, number>();

  for (const { record, line } of dataRecords) {
    if (record.length !== header.length) {
      fail(
        line,
        `expected ${header.length} fields, found ${record.length}`,
        undefined,
        `cần ${header.length} ô, dòng này có ${record.length}`,
      );
      continue;
    }
    const raw: Record<string, string> = {};
    header.forEach((column, i) => {
      raw[column] = record[i].trim();
    });
    const value = (column: string): string | null => (raw[column] ? raw[column] : null);
    const rowIssueCount = issues.length;

    const code = value('code');
    if (code === null) {
      fail(line, 'required', 'code', 'bắt buộc, đang để trống');
    } else if (!SLUG.test(code)) {
      fail(
        line,
        `not an ASCII kebab-case slug: ${JSON.stringify(code)}`,
        'code',
        `mã phải viết thường, không dấu, nối bằng gạch ngang: ${JSON.stringify(code)}`,
      );
    } else if (firstLineOfCode.has(code)) {
      fail(
        line,
        `duplicate code ${code} (first on line ${firstLineOfCode.get(code)})`,
        'code',
        `mã ${code} bị trùng (đã có ở dòng ${firstLineOfCode.get(code)})`,
      );
    } else {
      firstLineOfCode.set(code, line);
    }

    const name = value('name')?.normalize('NFC') ?? null;
    if (name === null) {
      fail(line, 'required', 'name', 'bắt buộc, đang để trống');
    } else {
      const problem = lineTextProblem(name) ?? (hasVisibleCharacter(name) ? null : 'invisible');
      if (problem) {
        fail(
          line,
          `${TEXT_PROBLEM_MESSAGES[problem].en} / ${TEXT_PROBLEM_MESSAGES[problem].vi}`,
          'name',
          `tên ${TEXT_PROBLEM_MESSAGES[problem].vi}`,
        );
      }
    }
    for (const column of ['formed_from', 'note'] as const) {
      const problem = raw[column] ? freeTextProblem(raw[column]) : null;
      if (problem) {
        fail(
          line,
          `${TEXT_PROBLEM_MESSAGES[problem].en} / ${TEXT_PROBLEM_MESSAGES[problem].vi}`,
          column,
          TEXT_PROBLEM_MESSAGES[problem].vi,
        );
      }
    }

    let kind: AgencyKind | null = null;
    let subtype: string | null = null;
    let validFrom: string | null = null;
    let validTo: string | null = null;
    const checkType = (allowed: string[]): string | null => {
      const type = value('type');
      if (type === null) {
        fail(line, 'required', 'type', 'bắt buộc, đang để trống');
      } else if (!allowed.includes(type)) {
        fail(
          line,
          `unknown type ${JSON.stringify(type)} (expected ${allowed.join('|')})`,
          'type',
          `loại đơn vị ${JSON.stringify(type)} không hợp lệ (cần một trong: ${allowed.join(', ')})`,
        );
      }
      return type;
    };
    const checkKind = (column: 'kind' | 'group'): AgencyKind | null => {
      const k = value(column);
      if (k === null) {
        fail(line, 'required', column, 'bắt buộc, đang để trống');
      } else if (!isAgencyKind(k)) {
        fail(
          line,
          `unknown kind ${JSON.stringify(k)} (expected ${AGENCY_KINDS.join('|')})`,
          column,
          `loại cơ quan ${JSON.stringify(k)} không hợp lệ (cần một trong: ${AGENCY_KINDS.join(', ')})`,
        );
      } else {
        return k;
      }
      return null;
    };

    switch (format) {
      case 'communes':
        kind = 'commune';
        subtype = checkType(COMMUNE_TYPES);
        validFrom = COMMUNES_VALID_FROM;
        break;
      case 'districts':
        kind = 'district';
        subtype = checkType(DISTRICT_TYPES);
        validTo = DISTRICTS_VALID_TO;
        break;
      case 'provincial-bodies':
        kind = checkKind('group');
        break;
      case 'canonical':
        kind = checkKind('kind');
        subtype = value('subtype');
        if (subtype !== null && !SLUG.test(subtype)) {
          fail(
            line,
            `not an ASCII kebab-case slug: ${JSON.stringify(subtype)}`,
            'subtype',
            `phân loại phải viết thường, không dấu, nối bằng gạch ngang: ${JSON.stringify(subtype)}`,
          );
        }
        validFrom = value('valid_from');
        validTo = value('valid_to');
        break;
    }

    const badFrom = validFrom !== null && !isValidDate(validFrom);
    const badTo = validTo !== null && !isValidDate(validTo);
    if (badFrom) {
      fail(
        line,
        `not a date (YYYY-MM-DD): ${JSON.stringify(validFrom)}`,
        'valid_from',
        `không phải ngày dạng YYYY-MM-DD: ${JSON.stringify(validFrom)}`,
      );
    }
    if (badTo) {
      fail(
        line,
        `not a date (YYYY-MM-DD): ${JSON.stringify(validTo)}`,
        'valid_to',
        `không phải ngày dạng YYYY-MM-DD: ${JSON.stringify(validTo)}`,
      );
    }
    // ISO dates compare correctly as strings.
    if (!badFrom && !badTo && validFrom !== null && validTo !== null && validTo < validFrom) {
      fail(
        line,
        `${validTo} is before valid_from ${validFrom}`,
        'valid_to',
        `${validTo} trước ngày bắt đầu hiệu lực ${validFrom}`,
      );
    }

    const reference = (column: CanonicalColumn): string | null => {
      const ref = value(column);
      if (ref === null) {
        return null;
      }
      if (!SLUG.test(ref)) {
        fail(
          line,
          `not an ASCII kebab-case slug: ${JSON.stringify(ref)}`,
          column,
          `mã phải viết thường, không dấu, nối bằng gạch ngang: ${JSON.stringify(ref)}`,
        );
      } else if (ref === code) {
        fail(line, 'refers to the row itself', column, 'trỏ tới chính cơ quan của dòng này');
      }
      return ref;
    };
    const parentCode = reference('parent_code');
    const successorCode = reference('successor_code');

    const email = (column: CanonicalColumn): string | null => {
      const address = value(column);
      if (address !== null && !emailSchema.safeParse(address).success) {
        fail(
          line,
          `invalid email ${JSON.stringify(address)}`,
          column,
          `thư điện tử không hợp lệ: ${JSON.stringify(address)}`,
        );
      }
      return address;
    };
    const focalEmail = email('focal_email');
    const headEmail = email('head_email');

    const formedFrom = (value('formed_from') ?? '')
      .split(';')
      .map((item) => item.trim().normalize('NFC'))
      .filter((item) => item !== '');
    const note = value('note')?.normalize('NFC') ?? null;

    if (issues.length > rowIssueCount || code === null || name === null || kind === null) {
      continue;
    }
    rows.push({
      code,
      name,
      kind,
      subtype,
      parentCode,
      validFrom,
      validTo,
      successorCode,
      focalEmail,
      headEmail,
      formedFrom,
      note,
    });
    lines.push(line);
  }

  if (issues.length > 0) {
    throw new AgencyCsvError(issues);
  }
  return { format, rows, lines };
}

/**
 * Parses an agency CSV: the canonical registry format or one of the raw source
 * lists (detected by header). All-or-nothing: throws AgencyCsvError if any row is bad.
 */
export function parseAgencyCsv(text: string, fileName: string): { format: AgencyCsvFormat; rows: AgencyRecord[] } {
  const { format, rows } = parseWithLines(text, fileName);
  return { format, rows };
}

/** How the bytes of an uploaded registry file were read. */
export type RegistryEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1258' | 'xlsx';

/** A note for the person importing, Vietnamese first. */
export interface ImportNote {
  vi: string;
  en: string;
}

/** A registry file as read: its rows and how its bytes were understood. */
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

export function legacyFont(text: string): 'TCVN3' | 'VNI' | null {
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

export function refuseLegacy(font: 'TCVN3' | 'VNI', fileName: string): AgencyCsvError {
  const fontName = font === 'TCVN3' ? 'TCVN3 (ABC, phông .Vn…)' : 'VNI (phông VNI-…)';
  const vi =
    `Tệp dùng bảng mã ${fontName}, không phải Unicode. Hãy chuyển sang Unicode bằng Unikey ` +
    `(Công cụ chuyển mã: nguồn ${font}, đích Unicode) hoặc EVKey, rồi lưu lại dạng "CSV UTF-8" và nhập lại.`;
  const en =
    `The file is in the legacy ${font} encoding, not Unicode. Convert it with Unikey's converter ` +
    `(source ${font}, destination Unicode) or EVKey, save as "CSV UTF-8" and import again.`;
  return new AgencyCsvError([{ file: fileName, line: 1, message: `${vi} / ${en}`, vi }]);
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

/**
 * Reads the bytes of a registry CSV exactly as the API import does: encoding (see
 * `decodeAgencyCsv`), separator (comma, semicolon or tab, see `detectSeparator`), then every row
 * validated; all or nothing (AgencyCsvError with every problem by line and column). Used by the
 * upload (`POST /api/v1/agencies/import`) and by the seed import (`loadSeedRegistry`).
 */
export function readAgencyCsv(bytes: Buffer, fileName: string): ReadAgencyFile {
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

function csvField(value: string): string {
  // Quote only when needed, so the seed files stay readable in diffs.
  return /[",\n\r]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows in the canonical format (header, LF line endings, trailing newline, NFC). */
export function formatAgencyCsv(rows: readonly AgencyRecord[]): string {
  const lines = [CANONICAL_COLUMNS.join(',')];
  for (const r of rows) {
    const fields = [
      r.code,
      r.name,
      r.kind,
      r.subtype,
      r.parentCode,
      r.validFrom,
      r.validTo,
      r.successorCode,
      r.focalEmail,
      r.headEmail,
      r.formedFrom.join(';'),
      r.note,
    ];
    lines.push(fields.map((f) => csvField((f ?? '').normalize('NFC'))).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Seed files shipped in data/agencies, in load order. */
export const SEED_FILES = ['provincial-bodies.csv', 'districts-2022.csv', 'communes-2025.csv'] as const;

function findSeedDir(start: string): string {
  // Walk up to the repo root (the folder with package.json); works from src/ under
  // ts-jest and from dist/. Prefer a root that actually holds the seed data, in case
  // a build ever copies a package.json into dist/.
  let fallback: string | null = null;
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) {
      const candidate = join(dir, 'data', 'agencies');
      if (existsSync(candidate)) {
        return candidate;
      }
      fallback ??= candidate;
    }
    if (dirname(dir) === dir) {
      break;
    }
  }
  if (fallback) {
    return fallback;
  }
  throw new Error(`No package.json found above ${start}; cannot locate data/agencies`);
}

/** Absolute path of the seed registry folder (data/agencies). */
export const SEED_DIR = findSeedDir(__dirname);

/**
 * Loads the seed registry (all SEED_FILES of dir) with the reader of the API import
 * (`readAgencyCsv`: UTF-8 with or without BOM, Windows-1258 converted, TCVN3/VNI refused;
 * comma, semicolon or tab), so a file saved by Excel seeds as it would upload; `onNote` hears
 * each conversion. Then checks what a single file cannot: codes unique across files and
 * parent/successor codes that exist.
 */
export function loadSeedRegistry(
  dir: string = SEED_DIR,
  onNote?: (fileName: string, note: ImportNote) => void,
): AgencyRecord[] {
  const issues: AgencyCsvIssue[] = [];
  const files: Array<{ fileName: string; parsed: ParsedFile }> = [];
  for (const fileName of SEED_FILES) {
    try {
      const parsed = readAgencyCsv(readFileSync(join(dir, fileName)), fileName);
      files.push({ fileName, parsed });
      parsed.notes.forEach((note) => onNote?.(fileName, note));
    } catch (err) {
      // Collect every file's problems before failing, so one run shows them all.
      if (err instanceof AgencyCsvError) {
        issues.push(...err.errors);
      } else {
        throw err;
      }
    }
  }
  if (issues.length > 0) {
    throw new AgencyCsvError(issues);
  }

  const where = new Map<string, string>();
  for (const { fileName, parsed } of files) {
    parsed.rows.forEach((row, i) => {
      const first = where.get(row.code);
      if (first) {
        issues.push({
          file: fileName,
          line: parsed.lines[i],
          column: 'code',
          message: `duplicate code ${row.code} (also in ${first})`,
        });
      } else {
        where.set(row.code, `${fileName}:${parsed.lines[i]}`);
      }
    });
  }
  for (const { fileName, parsed } of files) {
    parsed.rows.forEach((row, i) => {
      const check = (column: string, ref: string | null): void => {
        if (ref !== null && !where.has(ref)) {
          issues.push({ file: fileName, line: parsed.lines[i], column, message: `unknown agency ${ref}` });
        }
      };
      check('parent_code', row.parentCode);
      check('successor_code', row.successorCode);
    });
  }
  if (issues.length > 0) {
    throw new AgencyCsvError(issues);
  }
  return files.flatMap(({ parsed }) => parsed.rows);
}
