import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Workbook } from 'exceljs';
import JSZip from 'jszip';
import { buildPeriodReportDocx, buildPeriodReportXlsx } from '../libs/reports/src';
import { provinceWideReport, QUANG_PHU } from '../libs/reports/src/period-report.fixture';

/**
 * The period report as an official will see it: both files rendered by LibreOffice headless
 * (provisioned by scripts/provision-office.mjs), read back with poppler's pdftotext -layout.
 * Times New Roman is rendered with Liberation Serif, which has the same metrics.
 */

const SCREENSHOTS = join(__dirname, '..', 'test-output', 'screenshots');
const NATIONAL_TITLE = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

const communes = parse<{ code: string; name: string; valid_to: string }>(
  readFileSync(join(__dirname, '..', 'data', 'agencies', 'communes-2025.csv')),
  { columns: true, bom: true },
);
const current = communes.filter((c) => c.valid_to === '');
const data = provinceWideReport(current);

let work: string;
let docxText: string;
let docxSource: string[];
let docxHeaders: string[];
let xlsxText: string;
let xlsxSource: string[];
let xlsxHeaders: string[];
let xlsxPages: string[];
let xlsxPdf: string;

/** Renders a file to PDF with LibreOffice, in a profile of its own (other renders may run at once). */
function renderPdf(file: string): string {
  const profile = mkdtempSync(join(tmpdir(), 'dondoc-lo-profile-'));
  try {
    execFileSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        work,
        file,
      ],
      { stdio: 'pipe', timeout: 180_000 },
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
  return file.replace(/\.(docx|xlsx)$/, '.pdf');
}

function pdfText(pdf: string): string {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).normalize('NFC');
}

/** Saves the first `pages` pages of a PDF as PNGs: test-output/screenshots/<name>-<page>.png. */
function screenshot(pdf: string, name: string, pages: number): void {
  mkdirSync(SCREENSHOTS, { recursive: true });
  execFileSync('pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', String(pages), pdf, join(work, name)]);
  // pdftoppm pads page numbers to the digits of the document's last page (report-01.png in a
  // 10-page document), whatever range was asked for.
  const made = readdirSync(work);
  for (let page = 1; page <= pages; page += 1) {
    const file = made.find((f) => new RegExp(`^${name}-0*${page}\\.png$`).test(f));
    if (!file) {
      throw new Error(`pdftoppm wrote no page ${page} of ${pdf} (files: ${made.join(', ')})`);
    }
    copyFileSync(join(work, file), join(SCREENSHOTS, `${name}-${page}.png`));
  }
}

const words = (text: string): string[] => text.normalize('NFC').split(/\s+/).filter(Boolean);

/**
 * Header words the renderer broke inside: a header word w = a + b where the rendered text has
 * both a and b as words and a is no word of the document's own text ("Tổn g số" for "Tổng số").
 */
function brokenHeaderWords(rendered: string, headers: string[], source: string[]): string[] {
  const renderedWords = new Set(words(rendered));
  const vocabulary = new Set(source.flatMap(words));
  const broken = new Set<string>();
  for (const w of new Set(headers.flatMap(words).filter((w) => /\p{L}/u.test(w)))) {
    const letters = [...w];
    for (let k = 1; k < letters.length; k += 1) {
      const head = letters.slice(0, k).join('');
      const tail = letters.slice(k).join('');
      if (renderedWords.has(head) && renderedWords.has(tail) && !vocabulary.has(head)) {
        broken.add(`${head}|${tail}`);
      }
    }
  }
  return [...broken];
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dondoc-render-'));
  const docx = await buildPeriodReportDocx(data, {
    issuer: 'Sở Khoa học và Công nghệ',
    parentIssuer: 'UBND tỉnh Thanh Hóa',
    place: 'Thanh Hóa',
    issuerSymbol: 'SKHCN',
  });
  const xlsx = await buildPeriodReportXlsx(data);
  writeFileSync(join(work, 'bao-cao-van-ban.docx'), docx);
  writeFileSync(join(work, 'bao-cao-bang-tinh.xlsx'), xlsx);

  const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
  const cellText = (fragment: string): string =>
    [...fragment.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  docxSource = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => cellText(m[0]));
  const headerRow = [...xml.matchAll(/<w:tr>(?:(?!<\/w:tr>)[\s\S])*?<w:tblHeader\/>[\s\S]*?<\/w:tr>/g)].map(
    (m) => m[0],
  );
  docxHeaders = headerRow.flatMap((row) => [...row.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => cellText(c[0])));

  const wb = new Workbook();
  await wb.xlsx.load(xlsx as unknown as Parameters<typeof wb.xlsx.load>[0]);
  xlsxSource = [];
  xlsxHeaders = [];
  wb.eachSheet((ws) => {
    ws.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') {
          xlsxSource.push(cell.value);
          if (cell.fill?.type === 'pattern' && cell.fill.pattern === 'solid') {
            xlsxHeaders.push(cell.value);
          }
        }
      }),
    );
  });

  const docxPdf = renderPdf(join(work, 'bao-cao-van-ban.docx'));
  xlsxPdf = renderPdf(join(work, 'bao-cao-bang-tinh.xlsx'));
  docxText = pdfText(docxPdf);
  xlsxText = pdfText(xlsxPdf);
  xlsxPages = xlsxText.split('\f').filter((p) => p.trim() !== '');
  screenshot(docxPdf, 'period-report-docx', 2);
  screenshot(xlsxPdf, 'period-report-xlsx', 2);
}, 420_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the period report rendered by LibreOffice', () => {
  it('has the Quốc hiệu on one line with the tiêu ngữ below it', () => {
    const lines = docxText.split('\n');
    const at = lines.findIndex((l) => l.includes(NATIONAL_TITLE));
    expect(at).toBeGreaterThanOrEqual(0);
    const next = lines.slice(at + 1).find((l) => l.trim() !== '') ?? '';
    expect(next).toContain(NATIONAL_MOTTO);
    expect(docxText).toContain('Số: …/BC-SKHCN');
    expect(docxText).toContain('Thanh Hóa, ngày … tháng … năm …');
    expect(docxText).toContain('Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa.');
    expect(docxText).toContain('Nơi nhận:');
  });

  it('breaks no header word of the docx table', () => {
    expect(docxHeaders).toContain('Tổng số');
    expect(docxHeaders.length).toBeGreaterThanOrEqual(9);
    for (const header of docxHeaders) {
      for (const word of words(header)) {
        expect(words(docxText)).toContain(word);
      }
    }
    expect(brokenHeaderWords(docxText, docxHeaders, docxSource)).toEqual([]);
  });

  it('summarises the agencies not yet due by count and kind instead of one line each', () => {
    const notYetDue = data.rows.filter((r) => r.dueDate === '2026-12-18');
    expect(notYetDue.length).toBeGreaterThan(100);
    const communeCount = notYetDue.filter((r) => r.agency.kind === 'commune').length;
    const oneLine = docxText.replace(/\s+/g, ' ');
    expect(oneLine).toContain(
      `Các cơ quan, đơn vị chưa gửi báo cáo, chưa đến hạn: ${notYetDue.length} cơ quan, đơn vị ` +
        `(Các sở, ban, ngành cấp tỉnh: 2; UBND các xã, phường, thị trấn: ${communeCount}); ` +
        'hạn sớm nhất ngày 18/12/2026.',
    );
    for (const row of notYetDue) {
      expect(docxText).not.toContain(row.agency.name);
    }
    // The overdue silent commune is still named.
    expect(docxText).toContain(QUANG_PHU.name);
  });

  it('prints every xlsx sheet on A4 landscape with its header row on every page', () => {
    const info = execFileSync('pdfinfo', ['-f', '1', '-l', String(xlsxPages.length), xlsxPdf], { encoding: 'utf8' });
    const sizes = [...info.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [
      Math.round(Number(m[1])),
      Math.round(Number(m[2])),
    ]);
    expect(sizes).toHaveLength(xlsxPages.length);
    expect(new Set(sizes.map((s) => s.join('x')))).toEqual(new Set(['842x595']));
    // Fitted to the width: one page per sheet across, so every page starts with its sheet's header.
    for (const page of xlsxPages) {
      expect(page).toMatch(/TỔNG HỢP KẾT QUẢ THỰC HIỆN KẾ HOẠCH|STT/);
    }
    const agencyPages = xlsxPages.filter((p) => p.includes('Tên cơ quan, đơn vị') && p.includes('Nhóm cơ quan'));
    expect(agencyPages.length).toBeGreaterThan(2); // ~170 agencies: the header row repeats on each page
  });

  it('breaks no header word of the xlsx sheets and shows dates dd/mm/yyyy', () => {
    expect(xlsxHeaders).toContain('Hạn hiện hành');
    expect(brokenHeaderWords(xlsxText, xlsxHeaders, xlsxSource)).toEqual([]);
    expect(xlsxText).toContain('03/12/2026');
    expect(xlsxText).toContain('18/12/2026');
  });
});
