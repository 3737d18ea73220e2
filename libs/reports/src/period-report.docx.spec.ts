import JSZip from 'jszip';
import { buildPeriodReportDocx, type PeriodReportDocxOptions } from './index';
import { fitColumns, notYetDueSentence } from './period-report.docx';
import { textWidthPt, twipsOfPt } from './text-metrics';
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

const OPTIONS: PeriodReportDocxOptions = {
  issuer: 'Sở Khoa học và Công nghệ',
  parentIssuer: 'UBND tỉnh Thanh Hóa',
  place: 'Thanh Hóa',
};

async function documentXml(data: PeriodReportData): Promise<string> {
  const buffer = await buildPeriodReportDocx(data, OPTIONS);
  expect(Buffer.isBuffer(buffer)).toBe(true);
  const zip = await JSZip.loadAsync(buffer);
  const file = zip.file('word/document.xml');
  expect(file).not.toBeNull();
  return file!.async('string');
}

/** The document's text, paragraph by paragraph. */
function paragraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) =>
    [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
  );
}

describe('buildPeriodReportDocx', () => {
  let xml: string;
  let text: string[];
  beforeAll(async () => {
    xml = await documentXml(novemberReport());
    text = paragraphs(xml);
  });

  it('has the Decree 30 heading block', () => {
    expect(xml).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(xml).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('UBND TỈNH THANH HÓA');
    expect(text).toContain('SỞ KHOA HỌC VÀ CÔNG NGHỆ');
    expect(text).toContain('Số: …/BC-…');
    expect(text).toContain('Thanh Hóa, ngày … tháng … năm …');
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain(
      'Kết quả thực hiện Kế hoạch truyền thông thực hiện Nghị quyết số 06-NQ/TU ngày 10/11/2021 của Ban Thường vụ ' +
        'Tỉnh ủy về chuyển đổi số tỉnh Thanh Hóa đến năm 2025, định hướng đến năm 2030 kỳ tháng 11/2026 (từ 1/11/2026 đến 30/11/2026)',
    );
  });

  it('uses Times New Roman on A4 with Decree 30 margins', () => {
    expect(xml).toContain('w:ascii="Times New Roman"');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margins = /<w:pgMar ([^>]*)\/>/.exec(xml)![1];
    expect(margins).toContain('w:top="1134"'); // 20 mm
    expect(margins).toContain('w:bottom="1134"');
    expect(margins).toContain('w:left="1701"'); // 30 mm
    expect(margins).toContain('w:right="850"'); // 15 mm
  });

  it('states totals and rates with the period in words', () => {
    expect(xml).not.toContain('2026-11'); // periods in words, never their key
    expect(text).toContain(
      'Kỳ báo cáo: tháng 11/2026 (từ 1/11/2026 đến 30/11/2026); số liệu tổng hợp đến ngày 10/12/2026.',
    );
    // The Decree 09/2019 reporting month the monthly report also counts, right after the period.
    const period = text.findIndex((p) => p.startsWith('Kỳ báo cáo: '));
    expect(text[period + 1]).toBe('Số liệu báo cáo tháng: từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP).');
    expect(
      text.some(
        (p) =>
          p.startsWith('Trong kỳ, 6 cơ quan, đơn vị được giao nhiệm vụ') &&
          p.includes('tổng số 6 lượt nhiệm vụ được giao'),
      ),
    ).toBe(true);
    expect(text).toContain('Tỷ lệ hoàn thành nhiệm vụ đạt 50,0%; tỷ lệ hoàn thành đúng hạn đạt 33,3%.');
    expect(text.some((p) => p.includes('tổng số 2 lượt, đã hoàn thành 1 lượt'))).toBe(true);
  });

  it('has the six sections and the agency-kind table', () => {
    for (const h of [
      'I. TÌNH HÌNH CHUNG',
      'II. KẾT QUẢ THEO NHÓM CƠ QUAN',
      'III. CƠ QUAN CHƯA HOÀN THÀNH, QUÁ HẠN',
      'IV. CHỈ TIÊU CHƯA ĐẠT',
      'V. MINH CHỨNG CÁC BÁO CÁO ĐÃ CHẤP NHẬN',
      'VI. ĐỀ XUẤT, KIẾN NGHỊ',
    ]) {
      expect(text).toContain(h);
    }
    // Body tables plus the heading and signature layout tables.
    expect(xml.match(/<w:tbl>/g)).toHaveLength(3);
    expect(text).toContain('UBND các xã, phường, thị trấn');
    expect(text).toContain('Tổng cộng');
  });

  it('lists overdue and silent agencies, requested bodies apart', () => {
    expect(xml).toContain(HAC_THANH.name);
    const hacThanh = text.find((p) => p.startsWith(`- ${HAC_THANH.name}:`))!;
    expect(hacThanh).toContain('quá hạn 7 ngày, đã đôn đốc đến mức 1');
    const quangPhu = text.find((p) => p.startsWith(`- ${QUANG_PHU.name}:`))!;
    expect(quangPhu).toBe(
      `- ${QUANG_PHU.name}: chưa gửi báo cáo 1 nhiệm vụ (mục V.8), quá hạn 7 ngày, đã đôn đốc đến mức 2.`,
    );
    const requestedHeading = text.indexOf('3. Các cơ quan được đề nghị chưa báo cáo');
    expect(requestedHeading).toBeGreaterThan(text.indexOf('2. Các cơ quan, đơn vị chưa báo cáo'));
    expect(text[requestedHeading + 1]).toBe(
      `- ${TTXVN.name}: Đưa tin, bài về chuyển đổi số của tỉnh trên báo chí Trung ương.`,
    );
    // The requested body is not among the binding lists.
    expect(text.slice(0, requestedHeading).some((p) => p.includes(TTXVN.name))).toBe(false);
  });

  it('lists the shortfall and ends with recipients and signer', () => {
    expect(text.some((p) => p.includes(`${SHORTFALL_LABEL} thực hiện 2/4, đạt 50,0%, còn thiếu 2`))).toBe(true);
    expect(xml).toContain('Nơi nhận');
    expect(text).toContain('Nơi nhận:');
    expect(text).toContain('- Như trên;');
    expect(text).toContain('- Lưu: VT.');
    expect(text).toContain('KT. GIÁM ĐỐC');
    expect(text).toContain('PHÓ GIÁM ĐỐC');
    expect(text.indexOf('Nơi nhận:')).toBeGreaterThan(text.indexOf('VI. ĐỀ XUẤT, KIẾN NGHỊ'));
  });

  it('lists the evidence of each accepted report with its figures and the below-target flag, as the xlsx does', () => {
    const start = text.indexOf('V. MINH CHỨNG CÁC BÁO CÁO ĐÃ CHẤP NHẬN');
    const end = text.indexOf('VI. ĐỀ XUẤT, KIẾN NGHỊ');
    expect(start).toBeGreaterThan(text.indexOf('IV. CHỈ TIÊU CHƯA ĐẠT'));
    expect(text.slice(start + 1, end)).toEqual([
      `- ${HOANG_LOC.name} (Chương trình phát thanh về chuyển đổi số trên Đài truyền thanh cấp xã, mục V.8): ` +
        `gửi ngày 02/12/2026; ${SHORTFALL_LABEL}: 2; Số lần phát lại: 3; ` +
        'đường dẫn: https://hoangloc.thanhhoa.gov.vn/chuyen-doi-so; tệp đính kèm: lich-phat-thanh-thang-11.pdf; ' +
        'ghi chú: Tháng 11 mất điện 5 ngày (chưa đạt chỉ tiêu).',
    ]);
  });

  it('says so when no report was accepted', async () => {
    const none = paragraphs(await documentXml(emptyReport()));
    expect(none[none.indexOf('V. MINH CHỨNG CÁC BÁO CÁO ĐÃ CHẤP NHẬN') + 1]).toBe('Không có.');
  });

  it('sets the Quốc hiệu in 13 pt bold in a column wide enough for one line', () => {
    const run = /<w:r>(?:(?!<\/w:r>)[\s\S])*CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<\/w:t><\/w:r>/.exec(xml)![0];
    expect(run).toContain('<w:b/>');
    expect(run).toContain('<w:sz w:val="26"/>');
    const cellWidth = Number(/<w:gridCol w:w="\d+"\/><w:gridCol w:w="(\d+)"\/>/.exec(xml)![1]);
    expect(cellWidth - 216).toBeGreaterThan(
      twipsOfPt(textWidthPt('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 13, { bold: true })),
    );
  });

  it('numbers pages from the second one, in the header', () => {
    expect(xml).toContain('<w:titlePg/>');
    expect(xml).toMatch(/<w:headerReference w:type="default"/);
  });

  it('addresses the report and lists the recipients', () => {
    expect(text).toContain('Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa.');
    expect(text.indexOf('Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa.')).toBeLessThan(text.indexOf('I. TÌNH HÌNH CHUNG'));
  });

  it('builds an empty period with zero rates and no NaN', async () => {
    const empty = await documentXml(emptyReport());
    const emptyText = paragraphs(empty);
    expect(empty).not.toContain('NaN');
    expect(empty).not.toContain('2026-Q4');
    // A quarter is itself a Decree 09 window: no separate reporting month.
    expect(empty).not.toContain('Số liệu báo cáo tháng');
    expect(empty).toContain('quý IV/2026');
    expect(emptyText).toContain('Trong kỳ báo cáo không có nhiệm vụ nào phải thực hiện theo Kế hoạch.');
    expect(emptyText).toContain('Không có nhiệm vụ được giao trong kỳ.');
    expect(empty).toContain('BÁO CÁO');
    expect(empty).toContain('Nơi nhận');
  });
});

describe('fitColumns', () => {
  const headers = ['TT', 'Nhóm cơ quan', 'Tổng số', 'Đã hoàn thành đúng hạn'];
  it('gives every column its widest header word and the rest to the flexible one', () => {
    const { widths, size } = fitColumns(headers, 1, 9000, 2000);
    expect(size).toBe(26);
    expect(widths.reduce((a, b) => a + b, 0)).toBe(9000);
    expect(widths[2]).toBeGreaterThan(twipsOfPt(textWidthPt('Tổng', 13, { bold: true })) + 216);
    expect(widths[3]).toBeGreaterThan(twipsOfPt(textWidthPt('thành', 13, { bold: true })) + 216);
  });

  it('steps the size down when the columns do not fit, and refuses when nothing fits', () => {
    const many = ['Nhóm', ...Array<string>(9).fill('Nghìn')];
    expect(fitColumns(many, 0, 9355, 500).size).toBeLessThan(26);
    expect(() => fitColumns(['Nhóm', ...Array<string>(40).fill('Nghìn')], 0, 9355, 500)).toThrow(RangeError);
  });
});

describe('notYetDueSentence', () => {
  const silent = (code: string, kind: string, due: string) => ({
    agency: { code, name: code, kind },
    duties: [],
    earliestDueDate: due,
    daysOverdue: 0,
    escalationLevel: 0,
  });
  it('counts the agencies by kind, in the plan order, with the earliest deadline', () => {
    expect(
      notYetDueSentence(
        [
          silent('a', 'commune', '2026-12-18'),
          silent('b', 'department', '2026-12-20'),
          silent('c', 'commune', '2026-12-18'),
        ],
        'Các cơ quan, đơn vị',
      ),
    ).toBe(
      'Các cơ quan, đơn vị chưa gửi báo cáo, chưa đến hạn: 3 cơ quan, đơn vị (Các sở, ban, ngành cấp tỉnh: 1; ' +
        'UBND các xã, phường, thị trấn: 2); hạn sớm nhất ngày 18/12/2026.',
    );
    expect(notYetDueSentence([], 'Các cơ quan, đơn vị')).toBeNull();
  });
});
