import iconv from 'iconv-lite';
import { DataSource } from 'typeorm';
import { importReferenceData } from '../libs/persistence/src/reference-data';
import { AgencyRepository } from '../libs/persistence/src/repositories';
import { startTestApi, signInNewStaff } from './support/api';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER =
  'code,name,kind,subtype,parent_code,valid_from,valid_to,successor_code,focal_email,head_email,formed_from,note';

interface Preview {
  applied: boolean;
  sha256: string;
  encoding: string;
  separator: string | null;
  notes: Array<{ vi: string; en: string }>;
  rows: number;
  created: Array<{ code: string; name: string; line: number }>;
  changed: Array<{ code: string; fields: Array<{ field: string; before: unknown; after: unknown }> }>;
  retired: Array<{ code: string; validTo: string }>;
  unchanged: number;
}
interface ErrorBody {
  code: string;
  message: string;
  details: Array<{ line: number; column: string | null; message: string; vi: string }>;
}

/** Windows-1258 as Excel writes it: precomposed â ê ô ơ ư ă đ, tones as combining marks. */
function windows1258(text: string): Buffer {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  const chars = [...text.normalize('NFD').matchAll(/\P{M}\p{M}*/gu)].map(([c]) => {
    const marks = c.match(tones) ?? [];
    return c.replace(tones, '').normalize('NFC') + marks.join('');
  });
  return iconv.encode(chars.join(''), 'windows1258');
}

/** Registry import through the API: encodings, separators, preview, all or nothing, XLSX round trip. */
describe('Registry import (API, real PostgreSQL)', () => {
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let token: string;
  let agencies: AgencyRepository;
  let ds: DataSource;
  const tag = Date.now().toString(36);
  const code = (n: string) => `xa-nhap-${n}-${tag}`;

  async function upload<T>(bytes: Buffer, fileName: string, contentType = 'text/csv', confirm?: string) {
    const qs = new URLSearchParams({ fileName, ...(confirm ? { confirm } : {}) });
    const res = await fetch(`${api.base}/api/v1/agencies/import?${qs.toString()}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
      body: new Uint8Array(bytes),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  beforeAll(async () => {
    api = await startTestApi();
    ds = api.app.get(DataSource);
    await importReferenceData(ds);
    agencies = new AgencyRepository(ds);
    token = (await signInNewStaff(ds, api.base, { displayName: 'officer', emailPrefix: 'import-officer' })).token;
  }, 120_000);

  afterAll(async () => {
    await api?.close();
  });

  it('converts a Windows-1258 CSV with a visible note, previews it, then applies it on confirmation and audits it', async () => {
    const csv = `${HEADER}\r\n${code('a')},Xã Đông Thịnh Hoằng Hóa,commune,xa,,2025-07-01,,,,,,Ủy ban nhân dân xã\r\n`;
    const bytes = windows1258(csv);
    expect(bytes.includes(Buffer.from('Đông', 'utf8'))).toBe(false); // really not UTF-8
    const preview = await upload<Preview>(bytes, 'danh-sach-1258.csv');
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ applied: false, encoding: 'windows-1258', rows: 1 });
    expect(preview.body.notes.map((n) => n.vi).join(' ')).toContain('Windows-1258');
    expect(preview.body.created).toEqual([{ code: code('a'), name: 'Xã Đông Thịnh Hoằng Hóa', line: 2 }]);
    expect(await agencies.findByCode(code('a'))).toBeNull();

    const applied = await upload<Preview>(bytes, 'danh-sach-1258.csv', 'text/csv', preview.body.sha256);
    expect(applied).toMatchObject({ status: 200, body: { applied: true } });
    const stored = await agencies.findByCode(code('a'));
    expect(stored).toMatchObject({ name: 'Xã Đông Thịnh Hoằng Hóa', note: 'Ủy ban nhân dân xã' });
    const audit = await ds.query<Array<{ actor: string; after: { sha256: string; created: string[] } }>>(
      `SELECT actor, after FROM audit_events WHERE type = 'registry-imported' AND after->>'sha256' = $1`,
      [preview.body.sha256],
    );
    expect(audit).toHaveLength(1);
    expect(audit[0].after.created).toEqual([code('a')]);
  });

  it('refuses TCVN3 and VNI text, naming the encoding and how to convert it', async () => {
    const tcvnBytes = iconv.encode(`code,name,kind\n${code('t')},Xã Đông Sơn,commune\n`, 'tcvn');
    const asUtf8Mojibake = Buffer.from(`code,name,kind\n${code('t')},X· §«ng S¬n,commune\n`, 'utf8');
    for (const bytes of [tcvnBytes, asUtf8Mojibake]) {
      const res = await upload<ErrorBody>(bytes, 'tcvn3.csv');
      expect(res.status).toBe(400);
      expect(res.body.details[0].message).toContain('TCVN3');
      expect(res.body.details[0].message).toContain('Unikey');
    }
    const vni = await upload<ErrorBody>(
      Buffer.from(`code,name,kind\n${code('v')},Xaõ Ñoâng Sôn,commune\n`, 'latin1'),
      'vni.csv',
    );
    expect(vni.status).toBe(400);
    expect(vni.body.details[0].message).toContain('VNI');
    expect(await agencies.findByCode(code('t'))).toBeNull();
  });

  it('reads a semicolon-separated CSV with BOM; a second file shows changed and retired agencies', async () => {
    const first = Buffer.from(
      `\uFEFFcode;name;kind;focal_email\r\n${code('s1')};Xã Xuân Hòa Mới;commune;a@thanhhoa.example\r\n${code('s2')};Xã Yên Định Mới;commune;\r\n`,
      'utf8',
    );
    const p1 = await upload<Preview>(first, 'excel-semicolon.csv');
    expect(p1.status).toBe(200);
    expect(p1.body).toMatchObject({ encoding: 'utf-8-bom', separator: ';', rows: 2 });
    expect(p1.body.created.map((c) => c.code)).toEqual([code('s1'), code('s2')]);
    await upload<Preview>(first, 'excel-semicolon.csv', 'text/csv', p1.body.sha256);

    const second = Buffer.from(
      `code\tname\tkind\tvalid_to\tfocal_email\n${code('s1')}\tXã Xuân Hòa Mới\tcommune\t2026-06-30\ta@thanhhoa.example\n${code('s2')}\tXã Yên Định\tcommune\t\t\n`,
      'utf8',
    );
    const p2 = await upload<Preview>(second, 'tab.csv');
    expect(p2.body).toMatchObject({ encoding: 'utf-8', separator: '\t', unchanged: 0 });
    expect(p2.body.retired).toEqual([expect.objectContaining({ code: code('s1'), validTo: '2026-06-30' })]);
    expect(p2.body.changed.find((c) => c.code === code('s2'))?.fields).toEqual([
      { field: 'name', before: 'Xã Yên Định Mới', after: 'Xã Yên Định' },
    ]);
  });

  it('refuses the whole file with every error by line and column, writing nothing', async () => {
    const csv = [
      HEADER,
      `${code('e1')},Xã Tốt,commune,,,,,,,,,`,
      `${code('e2')},Xã Sai Thư,commune,,,,,,khong-phai-email,,,`,
      `${code('e3')},Xã Sai Loại,commune-xyz,,,,,,,,,`,
      `${code('e4')},"Xã\u0007Chuông",commune,,,,,,,,,`,
      `${code('e5')},Xã Mồ Côi,commune,,khong-co-cap-tren-${tag},,,,,,,`,
    ].join('\n');
    const res = await upload<ErrorBody>(Buffer.from(csv, 'utf8'), 'loi.csv');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('IMPORT_INVALID');
    expect(res.body.details.map((d) => [d.line, d.column])).toEqual([
      [3, 'focal_email'],
      [4, 'kind'],
      [5, 'name'],
    ]);
    // Vietnamese for the officer reading the preview, English for logs.
    expect(res.body.details[0]).toMatchObject({
      message: 'invalid email "khong-phai-email"',
      vi: 'thư điện tử không hợp lệ: "khong-phai-email"',
    });
    expect(await agencies.findByCode(code('e1'))).toBeNull();

    // References are checked against the file and the registry once every row is valid.
    const orphan = await upload<ErrorBody>(
      Buffer.from([HEADER, `${code('e5')},Xã Mồ Côi,commune,,khong-co-cap-tren-${tag},,,,,,,`].join('\n')),
      'o.csv',
    );
    expect(orphan.status).toBe(400);
    expect(orphan.body.details).toEqual([
      {
        line: 2,
        column: 'parent_code',
        message: expect.stringContaining('unknown agency'),
        vi: `không có cơ quan khong-co-cap-tren-${tag} trong tệp hay trong danh mục`,
      },
    ]);
  });

  it('imports back its own XLSX and CSV exports unchanged (round trip)', async () => {
    for (const format of ['xlsx', 'csv'] as const) {
      const res = await fetch(`${api.base}/api/v1/agencies/export.${format}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.status).toBe(200);
      const bytes = Buffer.from(await res.arrayBuffer());
      const preview = await upload<Preview>(bytes, `export.${format}`, format === 'xlsx' ? XLSX : 'text/csv');
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ created: [], changed: [], retired: [] });
      expect(preview.body.unchanged).toBe(await agencies.count());
    }
  });

  it('refuses a preview confirmed for another file', async () => {
    const bytes = Buffer.from(`code,name,kind\n${code('c')},Xã Xác Nhận,commune\n`);
    const res = await upload<ErrorBody>(bytes, 'c.csv', 'text/csv', 'a'.repeat(64));
    expect(res.status).toBe(409);
    expect(await agencies.findByCode(code('c'))).toBeNull();
  });
});
