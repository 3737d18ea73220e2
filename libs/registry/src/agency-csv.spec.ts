import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import iconv from 'iconv-lite';
import { loadLineage } from './lineage';
import {
  AgencyCsvError,
  AgencyRecord,
  CANONICAL_COLUMNS,
  SEED_DIR,
  SEED_FILES,
  formatAgencyCsv,
  loadSeedRegistry,
  parseAgencyCsv,
} from './agency-csv';

const HEADER = CANONICAL_COLUMNS.join(',');
const SOURCE_DIR = join(SEED_DIR, 'source');

function readSeed(file: string): string {
  return readFileSync(join(SEED_DIR, file), 'utf8');
}

/** Runs fn, expecting an AgencyCsvError, and returns it. */
function csvError(fn: () => unknown): AgencyCsvError {
  try {
    fn();
  } catch (err) {
    if (err instanceof AgencyCsvError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected AgencyCsvError, nothing was thrown');
}

function errorsOf(text: string, fileName = 'test.csv'): Array<{ line: number; column?: string }> {
  return csvError(() => parseAgencyCsv(text, fileName)).errors.map(({ line, column }) => ({
    line,
    ...(column ? { column } : {}),
  }));
}

describe('SEED_DIR', () => {
  it('is the data/agencies folder of the repo root', () => {
    expect(SEED_DIR.endsWith(join('data', 'agencies'))).toBe(true);
    expect(existsSync(join(dirname(dirname(SEED_DIR)), 'package.json'))).toBe(true);
  });
});

describe('seed registry', () => {
  const counts: Record<(typeof SEED_FILES)[number], number> = {
    // the 35 source rows and the central press group of V.10 (data/agencies/lineage.json)
    'provincial-bodies.csv': 36,
    'districts-2022.csv': 27,
    'communes-2025.csv': 166,
  };

  it.each(SEED_FILES)('%s parses in the canonical format with the expected row count', (file) => {
    const { format, rows } = parseAgencyCsv(readSeed(file), file);
    expect(format).toBe('canonical');
    expect(rows).toHaveLength(counts[file]);
  });

  it('loads all three files with every reference resolved', () => {
    const all = loadSeedRegistry();
    expect(all).toHaveLength(36 + 27 + 166);
    const codes = new Set(all.map((r) => r.code));
    expect(codes.size).toBe(all.length);
    for (const r of all) {
      if (r.parentCode) {
        expect(codes).toContain(r.parentCode);
      }
      if (r.successorCode) {
        expect(codes).toContain(r.successorCode);
      }
    }
  });

  it('has the kinds and subtypes of the source lists', () => {
    const byKind = (rows: AgencyRecord[]): Record<string, number> =>
      rows.reduce<Record<string, number>>(
        (acc, r) => ({ ...acc, [`${r.kind}/${r.subtype ?? ''}`]: (acc[`${r.kind}/${r.subtype ?? ''}`] ?? 0) + 1 }),
        {},
      );
    expect(byKind(parseAgencyCsv(readSeed('communes-2025.csv'), 'c').rows)).toEqual({
      'commune/phuong': 19,
      'commune/xa': 147,
    });
    expect(byKind(parseAgencyCsv(readSeed('districts-2022.csv'), 'd').rows)).toEqual({
      'district/thanh-pho': 2,
      'district/thi-xa': 2,
      'district/huyen': 23,
    });
    expect(byKind(parseAgencyCsv(readSeed('provincial-bodies.csv'), 'p').rows)).toEqual({
      'department/': 21,
      'office/': 1,
      'party/': 3,
      'front-mass-org/': 6,
      'association/': 1,
      'press/': 3,
      'central-press/group': 1,
    });
  });

  it('keeps the quoted name with a comma in its own column', () => {
    const vh = loadSeedRegistry().find((r) => r.code === 'so-van-hoa-the-thao-va-du-lich');
    expect(vh).toMatchObject({ name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' });
  });

  it('encodes the lineage the notes state', () => {
    const byCode = new Map(loadSeedRegistry().map((r) => [r.code, r]));
    expect(byCode.get('so-thong-tin-va-truyen-thong')).toMatchObject({
      validTo: '2025-02-28',
      successorCode: 'so-khoa-hoc-va-cong-nghe',
    });
    expect(byCode.get('so-khoa-hoc-va-cong-nghe')).toMatchObject({
      validFrom: null,
      validTo: null,
      successorCode: null,
    });
    expect(byCode.get('so-nong-nghiep-va-moi-truong')?.formedFrom).toEqual([
      'Sở Nông nghiệp và Phát triển nông thôn',
      'Sở Tài nguyên và Môi trường',
    ]);
    expect(byCode.get('ban-dan-van-tinh-uy')).toMatchObject({
      validTo: '2025-02-10',
      successorCode: 'ban-tuyen-giao-va-dan-van-tinh-uy',
    });
    expect(byCode.get('ban-tuyen-giao-va-dan-van-tinh-uy')).toMatchObject({ validFrom: '2025-02-11', validTo: null });
    expect(byCode.get('dai-phat-thanh-va-truyen-hinh')).toMatchObject({
      validTo: '2025-05-31',
      successorCode: 'bao-va-dai-phat-thanh-truyen-hinh',
    });
    expect(byCode.get('bao-va-dai-phat-thanh-truyen-hinh')).toMatchObject({ validFrom: '2025-06-01' });
    expect(byCode.get('huyen-dong-son')).toMatchObject({ validTo: '2024-12-31', successorCode: 'thanh-pho-thanh-hoa' });
    expect(byCode.get('huyen-hoang-hoa')).toMatchObject({ validTo: '2025-06-30', successorCode: null });
    expect(byCode.get('xa-hoang-hoa')).toMatchObject({ validFrom: '2025-07-01', validTo: null });
  });

  it('encodes the 1/3/2025 mergers the notes leave unverified, and keeps the note', () => {
    // Decree 45/2025/NĐ-CP; each is a "to-confirm" question in data/agencies/lineage.json.
    const byCode = new Map(loadSeedRegistry().map((r) => [r.code, r]));
    for (const [code, successor] of [
      ['so-ke-hoach-va-dau-tu', 'so-tai-chinh'],
      ['so-giao-thong-van-tai', 'so-xay-dung'],
      ['so-lao-dong-thuong-binh-va-xa-hoi', 'so-noi-vu'],
      ['ban-dan-toc', 'so-dan-toc-va-ton-giao'],
    ]) {
      const r = byCode.get(code);
      expect(r).toMatchObject({ validTo: '2025-02-28', successorCode: successor });
      expect(r?.note).toMatch(/chưa xác minh|chưa truy xuất được/);
    }
    expect(byCode.get('so-ngoai-vu')).toMatchObject({ validTo: null, successorCode: null });
    expect(byCode.get('so-dan-toc-va-ton-giao')).toMatchObject({
      validFrom: '2025-03-01',
      formedFrom: ['Ban Dân tộc tỉnh'],
    });
  });

  it('gives every agency placeholder contacts on the reserved domain', () => {
    for (const r of loadSeedRegistry()) {
      expect(r.focalEmail).toBe(`${r.code}@thanhhoa.example`);
      expect(r.headEmail).toBe(`lanhdao.${r.code}@thanhhoa.example`);
    }
  });

  it('keeps Vietnamese diacritics in NFC', () => {
    const all = loadSeedRegistry();
    const byCode = new Map(all.map((r) => [r.code, r]));
    expect(byCode.get('xa-hoang-hoa')?.name).toBe('Xã Hoằng Hóa'.normalize('NFC'));
    expect(byCode.get('huyen-dong-son')?.name).toBe('Huyện Đông Sơn');
    expect(byCode.get('phuong-hac-thanh')?.formedFrom).toContain('Phường Đông Sơn (thành phố Thanh Hóa)');
    for (const r of all) {
      expect(r.name.normalize('NFC')).toBe(r.name);
      expect(/[^\x00-\x7F]/.test(r.name)).toBe(true);
      for (const f of r.formedFrom) {
        expect(f.normalize('NFC')).toBe(f);
      }
    }
  });
});

describe('raw source lists', () => {
  // The raw lists are reference data outside the repo; these inline excerpts keep the
  // format detection covered everywhere, the full files are checked below when present.
  it('reads the communes list format', () => {
    const { format, rows } = parseAgencyCsv(
      'code,name,type,formed_from\nxa-bat-mot,Xã Bát Mọt,xa,Xã Bát Mọt\nphuong-ham-rong,Phường Hàm Rồng,phuong,Phường Thiệu Dương; Phường Hàm Rồng\n',
      'communes.csv',
    );
    expect(format).toBe('communes');
    expect(rows[1]).toEqual({
      code: 'phuong-ham-rong',
      name: 'Phường Hàm Rồng',
      kind: 'commune',
      subtype: 'phuong',
      parentCode: null,
      validFrom: '2025-07-01',
      validTo: null,
      successorCode: null,
      focalEmail: null,
      headEmail: null,
      formedFrom: ['Phường Thiệu Dương', 'Phường Hàm Rồng'],
      note: null,
    });
  });

  it('reads the districts list format without per-row lineage', () => {
    const { format, rows } = parseAgencyCsv('code,name,type\nhuyen-dong-son,Huyện Đông Sơn,huyen\n', 'districts.csv');
    expect(format).toBe('districts');
    expect(rows[0]).toMatchObject({ kind: 'district', subtype: 'huyen', validTo: '2025-06-30', successorCode: null });
  });

  it('reads the provincial bodies format, group as kind', () => {
    const { format, rows } = parseAgencyCsv(
      'code,name,group,note\nso-van-hoa-the-thao-va-du-lich,"Sở Văn hóa, Thể thao và Du lịch",department,"Có, vẫn là sở"\n',
      'bodies.csv',
    );
    expect(format).toBe('provincial-bodies');
    expect(rows[0]).toMatchObject({
      name: 'Sở Văn hóa, Thể thao và Du lịch',
      kind: 'department',
      subtype: null,
      note: 'Có, vẫn là sở',
    });
  });

  const sources = [
    ['thanh-hoa-communes-2025.csv', 'communes', 166],
    ['thanh-hoa-districts-2022.csv', 'districts', 27],
    ['thanh-hoa-provincial-bodies.csv', 'provincial-bodies', 35],
  ] as const;
  const itWithSource = it.each(sources);
  itWithSource('parses %s from the shared data as %s (%i rows)', (file, format, count) => {
    const parsed = parseAgencyCsv(readFileSync(join(SOURCE_DIR, file), 'utf8'), file);
    expect(parsed.format).toBe(format);
    expect(parsed.rows).toHaveLength(count);
    // The seed carries the same agencies, names and notes as the source.
    const seedFile = {
      communes: 'communes-2025.csv',
      districts: 'districts-2022.csv',
      'provincial-bodies': 'provincial-bodies.csv',
    }[format];
    // The registry's own additions (lineage.json) are not in the source lists.
    const added = new Set(loadLineage().additions.map((a) => a.code));
    const seed = parseAgencyCsv(readSeed(seedFile), seedFile).rows.filter((r) => !added.has(r.code));
    expect(seed.map((r) => [r.code, r.name, r.kind, r.subtype, r.note])).toEqual(
      parsed.rows.map((r) => [r.code, r.name, r.kind, r.subtype, r.note]),
    );
  });
});

describe('parseAgencyCsv normalisation', () => {
  it('strips a UTF-8 BOM and accepts CRLF', () => {
    const { rows } = parseAgencyCsv(`\uFEFF${HEADER}\r\nso-y-te,Sở Y tế,department,,,,,,,,,\r\n`, 'bom.csv');
    expect(rows.map((r) => r.code)).toEqual(['so-y-te']);
  });

  it('normalises decomposed names, notes and formed_from to NFC', () => {
    const decomposed = 'Xã Hoằng Hóa'.normalize('NFD');
    expect(decomposed).not.toBe('Xã Hoằng Hóa'.normalize('NFC'));
    const { rows } = parseAgencyCsv(
      `code,name,type,formed_from\nxa-hoang-hoa,${decomposed},xa,${decomposed}\n`,
      'nfd.csv',
    );
    expect(rows[0].name).toBe('Xã Hoằng Hóa'.normalize('NFC'));
    expect(rows[0].formedFrom).toEqual(['Xã Hoằng Hóa'.normalize('NFC')]);
  });

  it('round-trips through formatAgencyCsv', () => {
    const rows = loadSeedRegistry();
    expect(parseAgencyCsv(formatAgencyCsv(rows), 'round-trip.csv').rows).toEqual(rows);
  });

  it('accepts canonical columns in any order and optional columns left out', () => {
    const { rows } = parseAgencyCsv('name,kind,code,valid_to\nSở Y tế,department,so-y-te,2030-01-01\n', 'subset.csv');
    expect(rows[0]).toMatchObject({ code: 'so-y-te', validTo: '2030-01-01', focalEmail: null, formedFrom: [] });
  });
});

describe('parseAgencyCsv validation', () => {
  const ok = 'so-y-te,Sở Y tế,department,,,,,,,,,';

  it('reports each bad row with its line and column, and returns nothing', () => {
    const text = [
      HEADER, // line 1
      ok, // 2
      ',Sở A,department,,,,,,,,,', // 3: missing code
      'So-Bad,Sở B,department,,,,,,,,,', // 4: not a slug
      'so-c,,department,,,,,,,,,', // 5: missing name
      'so-d,Sở D,ministry,,,,,,,,,', // 6: unknown kind
      'so-y-te,Sở Y tế bis,department,,,,,,,,,', // 7: duplicate of line 2
      'so-e,Sở E,department,,,2025-13-01,,,,,,', // 8: bad date
      'so-f,Sở F,department,,,2025-07-01,2025-06-30,,,,,', // 9: valid_to before valid_from
      'so-g,Sở G,department,,,,,,not-an-email,lanhdao@x,,', // 10: two bad emails
      'so-h,Sở H,department', // 11: too few fields
      'so-i,Sở I,department,,so-i,,,,,,,', // 12: parent is itself
    ].join('\n');
    const err = csvError(() => parseAgencyCsv(text, 'bad.csv'));
    expect(err.errors.map(({ line, column }) => [line, column])).toEqual([
      [3, 'code'],
      [4, 'code'],
      [5, 'name'],
      [6, 'kind'],
      [7, 'code'],
      [8, 'valid_from'],
      [9, 'valid_to'],
      [10, 'focal_email'],
      [10, 'head_email'],
      [11, undefined],
      [12, 'parent_code'],
    ]);
    expect(err.errors[4].message).toContain('first on line 2');
    expect(err.message).toContain('bad.csv:6: kind: unknown kind "ministry"');
    expect(err.message).toContain('bad.csv:11: expected 12 fields, found 3');
  });

  it('rejects the whole file for a single bad row', () => {
    expect(() => parseAgencyCsv([HEADER, ok, 'so-x,Sở X,department,,,,,,bad,,,'].join('\n'), 'one-bad.csv')).toThrow(
      /one-bad\.csv:3: focal_email: invalid email "bad"/,
    );
  });

  it('counts lines of multi-line quoted fields and skips blank lines', () => {
    const text = [
      HEADER,
      'so-a,Sở A,department,,,,,,,,,"line one',
      'line two"',
      '',
      'so-b,Sở B,department,,,,,,,,,',
      'so-c,Sở C,nope,,,,,,,,,',
    ].join('\n');
    expect(errorsOf(text)).toEqual([{ line: 6, column: 'kind' }]);
  });

  it('reports raw-format problems against the raw column names', () => {
    expect(errorsOf('code,name,group,note\nso-a,Sở A,ministry,\n')).toEqual([{ line: 2, column: 'group' }]);
    expect(errorsOf('code,name,type\nhuyen-a,Huyện A,quan\n')).toEqual([{ line: 2, column: 'type' }]);
    expect(errorsOf('code,name,type,formed_from\nxa-a,Xã A,xa,\nxa-a,Xã A,xa,\n')).toEqual([
      { line: 3, column: 'code' },
    ]);
  });

  it('reports header problems on line 1', () => {
    expect(errorsOf(`${HEADER},extra\n${ok},x\n`)).toEqual([{ line: 1, column: 'extra' }]);
    expect(errorsOf('code,name\nso-a,Sở A\n')).toEqual([{ line: 1, column: 'kind' }]);
    expect(errorsOf('code,name,kind,name\nso-a,Sở A,department,Sở A\n')).toEqual([{ line: 1, column: 'name' }]);
    expect(errorsOf('code,name,group\nso-a,Sở A,department\n')).toEqual([{ line: 1, column: 'note' }]);
  });

  it('rejects an empty file and a header without rows', () => {
    expect(() => parseAgencyCsv('', 'empty.csv')).toThrow(/empty\.csv:1: file is empty/);
    expect(() => parseAgencyCsv('\uFEFF\n\n', 'blank.csv')).toThrow(/blank\.csv:1: file is empty/);
    expect(() => parseAgencyCsv(`${HEADER}\n`, 'header-only.csv')).toThrow(/header-only\.csv:1: file has no data rows/);
  });

  it('reports malformed CSV quoting', () => {
    const err = csvError(() => parseAgencyCsv(`${HEADER}\n${ok}\nso-b,"Sở B,department,,,,,,,,,\n`, 'quote.csv'));
    expect(err.errors).toHaveLength(1);
    expect(err.errors[0].message).toMatch(/malformed CSV/);
  });
});

describe('loadSeedRegistry cross-file checks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dondoc-registry-'));
    for (const file of SEED_FILES) {
      writeFileSync(join(dir, file), readSeed(file));
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const replaceLine = (file: string, lineNo: number, line: string): void => {
    const lines = readFileSync(join(dir, file), 'utf8').split('\n');
    lines[lineNo - 1] = line;
    writeFileSync(join(dir, file), lines.join('\n'));
  };

  it('accepts an intact copy', () => {
    expect(loadSeedRegistry(dir)).toHaveLength(229);
  });

  it('rejects unknown parent and successor codes with file and line', () => {
    replaceLine('communes-2025.csv', 3, 'xa-moi,Xã Mới,commune,xa,huyen-khong-co,2025-07-01,,,,,,');
    replaceLine('provincial-bodies.csv', 2, 'so-noi-vu,Sở Nội vụ,department,,,,2025-02-28,so-khong-co,,,,');
    const err = csvError(() => loadSeedRegistry(dir));
    expect(err.errors.map(({ file, line, column }) => [file, line, column])).toEqual([
      ['communes-2025.csv', 3, 'parent_code'],
      ['provincial-bodies.csv', 2, 'successor_code'],
    ]);
    expect(err.message).toContain('provincial-bodies.csv:2: successor_code: unknown agency so-khong-co');
  });

  it('rejects a code used in two files', () => {
    replaceLine('districts-2022.csv', 3, 'so-noi-vu,Sở Nội vụ,district,huyen,,,,,,,,');
    const err = csvError(() => loadSeedRegistry(dir));
    expect(err.errors).toEqual([
      {
        file: 'districts-2022.csv',
        line: 3,
        column: 'code',
        message: 'duplicate code so-noi-vu (also in provincial-bodies.csv:2)',
      },
    ]);
  });

  it('collects row errors from every file before failing', () => {
    replaceLine('provincial-bodies.csv', 3, 'so-tu-phap,Sở Tư pháp,ministry,,,,,,,,,');
    replaceLine('communes-2025.csv', 10, 'xa-x,Xã X,commune,xa,,2025-07-01,2025-06-01,,,,,');
    const err = csvError(() => loadSeedRegistry(dir));
    expect(err.errors.map(({ file, line, column }) => [file, line, column])).toEqual([
      ['communes-2025.csv', 10, 'valid_to'],
      ['provincial-bodies.csv', 3, 'kind'],
    ]);
  });

  it('reads the files with the reader of the API import: Windows-1258, semicolons, notes heard', () => {
    // What Excel's "CSV (Comma delimited)" writes on Vietnamese Windows in a decimal-comma locale:
    // Windows-1258 (tone marks as combining characters) and semicolons.
    const tones = /[\u0300\u0301\u0303\u0309\u0323]/gu;
    const windows1258 = (text: string): Buffer =>
      iconv.encode(
        [...text.normalize('NFD').matchAll(/\P{M}\p{M}*/gu)]
          .map(([c]) => c.replace(tones, '').normalize('NFC') + (c.match(tones) ?? []).join(''))
          .join(''),
        'windows1258',
      );
    const file = 'communes-2025.csv';
    const rows = parseAgencyCsv(readSeed(file), file).rows;
    const quoted = (v: string | null): string => `"${(v ?? '').replace(/"/g, '""')}"`;
    const lines = rows.map((r) =>
      [
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
      ]
        .map(quoted)
        .join(';'),
    );
    const bytes = windows1258([CANONICAL_COLUMNS.join(';'), ...lines].join('\r\n') + '\r\n');
    expect(bytes.includes(Buffer.from('Xã', 'utf8'))).toBe(false);
    writeFileSync(join(dir, file), bytes);
    const notes: string[] = [];
    expect(loadSeedRegistry(dir, (f, note) => notes.push(`${f}: ${note.vi}`))).toEqual(loadSeedRegistry());
    expect(notes).toEqual([
      expect.stringMatching(/^communes-2025\.csv: .*Windows-1258/),
      'communes-2025.csv: Dấu phân cách cột: dấu chấm phẩy (;).',
    ]);
  });

  it('refuses a seed file in TCVN3, naming the file and the encoding', () => {
    writeFileSync(join(dir, 'districts-2022.csv'), iconv.encode(readSeed('districts-2022.csv'), 'tcvn'));
    const err = csvError(() => loadSeedRegistry(dir));
    expect(err.errors).toEqual([
      expect.objectContaining({ file: 'districts-2022.csv', line: 1, message: expect.stringContaining('TCVN3') }),
    ]);
  });
});
