import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { compareVietnamese, foldForSearch } from '../libs/domain/src/text';
import { AgencyRepository } from '../libs/persistence/src/repositories';
import { DESKTOP, PHONE, SCREENSHOTS, pageWidth, seriousViolations } from './support/browser';
import { startBrowserStack, type BrowserStack } from './support/browser-stack';
import { eventually } from './support/eventually';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER =
  'code,name,kind,subtype,parent_code,valid_from,valid_to,successor_code,focal_email,head_email,formed_from,note';

/** Windows-1258 as Excel writes it: precomposed â ê ô ơ ư ă đ, tones as combining marks. */
function windows1258(text: string): Buffer {
  const tones = /[\u0300\u0301\u0303\u0309\u0323]/gu;
  const chars = [...text.normalize('NFD').matchAll(/\P{M}\p{M}*/gu)].map(([c]) => {
    const marks = c.match(tones) ?? [];
    return c.replace(tones, '').normalize('NFC') + marks.join('');
  });
  return iconv.encode(chars.join(''), 'windows1258');
}

interface Listed {
  loading: number;
  rows: Array<{ name: string; code: string }>;
}

/**
 * Vietnamese text in the dashboard, in a real Chromium against the real API and PostgreSQL:
 * registry files imported from the registry page (Windows-1258, TCVN3, semicolons, errors by
 * line and column, an XLSX exported by the registry itself), search typed every way an officer
 * types, and names in Vietnamese order.
 */
describe('Vietnamese text in the dashboard (Chromium, real stack)', () => {
  let web: BrowserStack<null>;
  let agencies: AgencyRepository;
  const tag = Date.now().toString(36);

  beforeAll(async () => {
    web = await startBrowserStack({ staff: { emailPrefix: 'text-officer' } });
    agencies = new AgencyRepository(web.dataSource);
  }, 180_000);

  afterAll(async () => {
    await web?.close();
  });

  /** A device of its own (nothing remembered from another test), signed in, on the registry page. */
  async function registryPage(
    device: typeof DESKTOP | typeof PHONE = DESKTOP,
  ): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await web.staffPage(device);
    await page.goto(`${web.api.base}/#/agencies`);
    await page.getByRole('heading', { level: 1, name: 'Danh mục cơ quan, đơn vị' }).waitFor();
    return { page, errors };
  }

  /** The agencies the registry list shows, and whether a read is still under way. */
  async function listed(page: Page): Promise<Listed> {
    const list = page.getByTestId('agency-list');
    const heads = await list.locator('tbody th[scope="row"]').allTextContents();
    const codes = await list.locator('tbody th[scope="row"] small.code').allTextContents();
    const loading = await page.getByText('Đang tải…').count();
    if (heads.length !== codes.length) {
      // The list changed between the two reads: not settled yet.
      return { loading: loading + 1, rows: [] };
    }
    return {
      loading,
      rows: heads.map((text, i) => ({ name: text.slice(0, text.length - codes[i].length).trim(), code: codes[i] })),
    };
  }

  /** Types a search and waits until the list shows its settled result (no read under way, every row matching). */
  async function search(page: Page, q: string, accept: (rows: Listed['rows']) => void): Promise<Listed['rows']> {
    await page.getByLabel('Tìm kiếm').fill(q);
    const needle = foldForSearch(q.replace(/\s+/g, ' ').trim());
    const settled = await eventually(
      () => listed(page),
      (s) => {
        expect(s.loading).toBe(0);
        expect(s.rows.filter((r) => !foldForSearch(r.name).includes(needle) && !r.code.includes(needle))).toEqual([]);
        accept(s.rows);
      },
    );
    return settled.rows;
  }

  const names = (expected: string[]) => (rows: Listed['rows']) =>
    expect(rows.map((r) => r.name)).toEqual(expect.arrayContaining(expected));

  async function choose(page: Page, name: string, buffer: Buffer, mimeType = 'text/csv'): Promise<void> {
    await page.getByLabel('Chọn tệp danh mục (.xlsx hoặc .csv)').setInputFiles({ name, mimeType, buffer });
  }

  it('finds the shipped registry however the name is typed: case, no marks, old tone placement, NFD', async () => {
    const { page, errors } = await registryPage();
    for (const q of ['đông sơn', 'ĐÔNG SƠN', 'dong son', 'Đông Sơn'.normalize('NFD')]) {
      await search(page, q, names(['Phường Đông Sơn']));
    }
    for (const q of ['Thanh Hoá', 'thanh hoa', 'Thanh Hóa'.normalize('NFD')]) {
      await search(
        page,
        q,
        names(['Văn phòng UBND tỉnh Thanh Hóa', 'Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa']),
      );
    }
    await search(page, 'Xuân Hoà', names(['Xã Xuân Hòa']));
    for (const q of ['ủy ban', 'uỷ ban', 'UY BAN']) {
      await search(page, q, names(['Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Thanh Hóa']));
    }
    expect(errors).toEqual([]);
  }, 1_200_000);

  it('sorts the shipped names in Vietnamese order, not byte order', async () => {
    const { page } = await registryPage();
    const rows = await search(page, 'xã đ', (r) => {
      expect(r.map((x) => x.name)).toEqual(expect.arrayContaining(['Xã Điền Lư', 'Xã Định Hòa', 'Xã Đồng Tiến']));
    });
    const shown = rows.map((r) => r.name);
    expect(shown).toEqual([...shown].sort(compareVietnamese));
  }, 1_200_000);

  it('imports a Windows-1258 CSV from the registry page: converted, with a visible note, written on confirmation', async () => {
    const { page, errors } = await registryPage();
    const code = `xa-dong-thinh-${tag}`;
    const name = `Xã Đông Thịnh Hoằng Hóa ${tag}`;
    const bytes = windows1258(`${HEADER}\r\n${code},${name},commune,xa,,2025-07-01,,,,,,Ủy ban nhân dân xã\r\n`);
    expect(bytes.includes(Buffer.from('Đông', 'utf8'))).toBe(false); // really not UTF-8
    await choose(page, 'danh-sach-1258.csv', bytes);

    const preview = page.getByTestId('import-preview');
    await preview.getByRole('heading', { name: 'Xem trước tệp danh-sach-1258.csv' }).waitFor();
    await preview.getByText('1 dòng; bảng mã Windows-1258; cột cách nhau bằng dấu phẩy (,).').waitFor();
    await preview
      .getByRole('note')
      .getByText(/Windows-1258.*đã được chuyển sang Unicode/)
      .waitFor();
    const created = preview.getByTestId('import-created');
    await created.getByText('Cơ quan mới (1)').waitFor();
    await created.getByRole('rowheader', { name: `${name} ${code}` }).waitFor();
    expect(await agencies.findByCode(code)).toBeNull();

    await preview.getByRole('button', { name: 'Xác nhận nhập 1 thay đổi' }).click();
    await page
      .getByText('Đã nhập tệp danh-sach-1258.csv: 1 cơ quan mới, 0 cơ quan thay đổi, 0 cơ quan kết thúc hoạt động.')
      .waitFor();
    expect(await agencies.findByCode(code)).toMatchObject({ name, note: 'Ủy ban nhân dân xã' });
    await search(page, 'dong thinh hoang hoa', (r) => expect(r).toEqual([{ name, code }]));
    expect(errors).toEqual([]);
  }, 1_200_000);

  it('refuses a TCVN3 CSV naming the encoding and how to convert it, in Vietnamese then in English', async () => {
    const { page } = await registryPage();
    const code = `xa-tcvn-${tag}`;
    await choose(page, 'tcvn3.csv', iconv.encode(`code,name,kind\n${code},Xã Đông Sơn Mới,commune\n`, 'tcvn'));
    const refused = page.getByTestId('import-refused');
    await refused.getByRole('alert').getByText('Tệp tcvn3.csv không nhập được: 1 lỗi, chưa có gì được ghi').waitFor();
    const problems = refused.getByTestId('import-errors');
    await problems.getByText('Lỗi theo dòng và cột (1)').waitFor();
    const row = problems.getByRole('row', { name: /Dòng 1/ });
    await row.getByText(/Tệp dùng bảng mã TCVN3 .*Unikey/).waitFor();
    await refused.getByText('Chưa có gì được ghi. Hãy sửa tệp rồi chọn lại.').waitFor();
    expect(await page.getByTestId('import-preview').count()).toBe(0);
    expect(await agencies.findByCode(code)).toBeNull();

    await page.getByRole('button', { name: 'English' }).click();
    await refused
      .getByRole('alert')
      .getByText('tcvn3.csv cannot be imported: 1 error(s), nothing was written')
      .waitFor();
    await problems.getByText('Errors by line and column (1)').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Import the registry from an Excel or CSV file' }).waitFor();
  }, 1_200_000);

  it('lists every error of a refused file by line and column, writing nothing', async () => {
    const { page } = await registryPage();
    const code = (n: string) => `xa-loi-${n}-${tag}`;
    const csv = [
      HEADER,
      `${code('1')},Xã Tốt,commune,,,,,,,,,`,
      `${code('2')},Xã Sai Thư,commune,,,,,,khong-phai-email,,,`,
      `${code('3')},Xã Sai Loại,commune-xyz,,,,,,,,,`,
    ].join('\n');
    await choose(page, 'loi.csv', Buffer.from(csv, 'utf8'));
    const problems = page.getByTestId('import-errors');
    await problems.getByText('Lỗi theo dòng và cột (2)').waitFor();
    const rows = await eventually(
      async () => ({
        lines: await problems.locator('tbody th[scope="row"]').allTextContents(),
        columns: await problems.locator('tbody td[data-label="Cột"]').allTextContents(),
        problems: await problems.locator('tbody td[data-label="Lỗi"]').allTextContents(),
      }),
      (r) => expect(r.lines).toHaveLength(2),
    );
    expect(rows).toEqual({
      lines: ['Dòng 3', 'Dòng 4'],
      columns: ['focal_email', 'kind'],
      problems: [
        'thư điện tử không hợp lệ: "khong-phai-email"',
        expect.stringMatching(/^loại cơ quan "commune-xyz" không hợp lệ/),
      ],
    });
    await page
      .locator('.agency-import')
      .screenshot({ path: join(SCREENSHOTS, 'registry-import-errors.png'), timeout: 90_000 });
    expect(await seriousViolations(page)).toEqual([]);
    expect(await agencies.findByCode(code('1'))).toBeNull();
  }, 1_200_000);

  it('on a 360 px phone: imports a semicolon CSV (Excel with a decimal comma), then lists the new names in Vietnamese order', async () => {
    const { page, errors } = await registryPage(PHONE);
    const entries = ['Yên', 'Đông', 'Ea', 'Dương', 'Ân', 'An'].map((word, i) => ({
      code: `xa-thu-${i}-${tag}`,
      name: `Xã ${word} Thử ${tag}`,
    }));
    const csv = `code;name;kind;subtype\r\n${entries.map((e) => `${e.code};${e.name};commune;xa`).join('\r\n')}\r\n`;
    await choose(page, 'excel-cham-phay.csv', Buffer.from(csv, 'utf8'));

    const preview = page.getByTestId('import-preview');
    await preview.getByText('6 dòng; bảng mã UTF-8; cột cách nhau bằng dấu chấm phẩy (;).').waitFor();
    await preview.getByRole('note').getByText('Dấu phân cách cột: dấu chấm phẩy (;).').waitFor();
    await preview.getByTestId('import-created').getByText('Cơ quan mới (6)').waitFor();
    await eventually(
      () => pageWidth(page),
      (w) => expect(w).toBeLessThanOrEqual(360),
    );
    await page
      .locator('.agency-import')
      .screenshot({ path: join(SCREENSHOTS, 'registry-import-preview-phone.png'), timeout: 90_000 });
    expect(await seriousViolations(page)).toEqual([]);

    await preview.getByRole('button', { name: 'Xác nhận nhập 6 thay đổi' }).click();
    await page.getByText(/^Đã nhập tệp excel-cham-phay\.csv: 6 cơ quan mới/).waitFor();
    const expected = ['An', 'Ân', 'Dương', 'Đông', 'Ea', 'Yên'].map((w) => `Xã ${w} Thử ${tag}`);
    // Byte order would put Đ after Y; the registry shows A Ă Â B C D Đ E Ê … Y.
    expect([...expected].sort()).not.toEqual(expected);
    await search(page, `thử ${tag}`, (rows) => expect(rows.map((r) => r.name)).toEqual(expected));
    expect(errors).toEqual([]);
  }, 1_200_000);

  it('imports back an XLSX downloaded from the registry page (round trip), then the same workbook with one agency added', async () => {
    const { page, errors } = await registryPage();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải danh mục (.xlsx)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('danh-sach-co-quan.xlsx');
    const exported = readFileSync(await download.path());
    const total = await agencies.count();

    await choose(page, 'danh-sach-co-quan.xlsx', exported, XLSX);
    const preview = page.getByTestId('import-preview');
    await preview.getByText(`${total} dòng, đọc từ bảng tính Excel (trang tính đầu tiên).`).waitFor();
    await preview
      .getByTestId('import-unchanged')
      .getByText(`Tệp không làm thay đổi danh mục (${total} cơ quan giữ nguyên).`)
      .waitFor();
    expect(await preview.getByRole('button', { name: /^Xác nhận nhập/ }).count()).toBe(0);
    await preview.getByRole('button', { name: 'Hủy' }).click();
    await preview.waitFor({ state: 'detached' });

    // The officer adds a row in Excel and imports the workbook again.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported as unknown as ArrayBuffer);
    const code = `xa-excel-${tag}`;
    const name = `Xã Đồng Lợi Excel ${tag}`;
    workbook.worksheets[0].addRow([code, name, 'commune', 'xa', '', '2025-07-01']);
    const edited = Buffer.from(await workbook.xlsx.writeBuffer());
    await choose(page, 'danh-sach-co-quan-sua.xlsx', edited, XLSX);
    await preview
      .getByTestId('import-created')
      .getByRole('rowheader', { name: `${name} ${code}` })
      .waitFor();
    await preview.getByText(`${total} cơ quan không thay đổi.`).waitFor();
    await preview.getByRole('button', { name: 'Xác nhận nhập 1 thay đổi' }).click();
    await page.getByText(/^Đã nhập tệp danh-sach-co-quan-sua\.xlsx: 1 cơ quan mới/).waitFor();
    expect(await agencies.findByCode(code)).toMatchObject({ name, validFrom: '2025-07-01' });
    await search(page, 'dong loi excel', (r) => expect(r).toEqual([{ name, code }]));
    expect(errors).toEqual([]);
  }, 1_200_000);
});
