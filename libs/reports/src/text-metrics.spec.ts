import { textWidthPt, twipsOfPt, widestWordPt } from './text-metrics';

describe('Times New Roman text metrics', () => {
  it('measures with the standard Times widths', () => {
    // T 611 + ổ (o) 500 + n 500 + g 500 = 2111 units of 1/1000 em.
    expect(textWidthPt('Tổng', 10)).toBeCloseTo(21.11, 5);
    // Bold: T 667 + o 500 + n 556 + g 500.
    expect(textWidthPt('Tổng', 10, { bold: true })).toBeCloseTo(22.23, 5);
  });

  it('measures Vietnamese letters as their base letter, NFC or NFD alike', () => {
    expect(textWidthPt('Việt', 12)).toBe(textWidthPt('Viet', 12));
    expect(textWidthPt('Thanh Hóa'.normalize('NFD'), 12)).toBe(textWidthPt('Thanh Hoa', 12));
    expect(textWidthPt('Đ', 12)).toBe(textWidthPt('D', 12));
    expect(textWidthPt('ư', 12)).toBe(textWidthPt('u', 12));
  });

  it('finds the widest word and converts to twips', () => {
    expect(widestWordPt('Đã hoàn thành đúng hạn', 12, { bold: true })).toBe(textWidthPt('thành', 12, { bold: true }));
    expect(twipsOfPt(10.01)).toBe(201);
  });

  it('counts an unknown character as one em', () => {
    expect(textWidthPt('中', 10)).toBe(10);
  });
});
