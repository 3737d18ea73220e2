import { isPeriodKey, periodName } from './period-name';

describe('periodName', () => {
  it.each([
    ['2026-11', 'Tháng 11/2026', 'November 2026'],
    ['2026-01', 'Tháng 1/2026', 'January 2026'],
    ['2026-Q4', 'Quý IV/2026', 'Q4 2026'],
    ['2026-Q1', 'Quý I/2026', 'Q1 2026'],
    ['2026-H1', '6 tháng đầu năm 2026', 'First half of 2026'],
    ['2026-H2', '6 tháng cuối năm 2026', 'Second half of 2026'],
    ['2026', 'Năm 2026', 'Year 2026'],
  ])('names %s in words', (key, vi, en) => {
    expect(periodName(key)).toBe(vi);
    expect(periodName(key, 'vi')).toBe(vi);
    expect(periodName(key, 'en')).toBe(en);
    expect(periodName(key).normalize('NFC')).toBe(periodName(key));
  });

  it('lower-cases the first letter inside a Vietnamese sentence only', () => {
    expect(periodName('2026-11', 'vi', { inSentence: true })).toBe('tháng 11/2026');
    expect(periodName('2026-Q4', 'vi', { inSentence: true })).toBe('quý IV/2026');
    expect(periodName('2026-H1', 'vi', { inSentence: true })).toBe('6 tháng đầu năm 2026');
    expect(periodName('2026-11', 'en', { inSentence: true })).toBe('November 2026');
  });

  it('leaves a key that is no reporting period as it is', () => {
    expect(periodName('dot-kiem-tra-12')).toBe('dot-kiem-tra-12');
    expect(periodName('2026-13')).toBe('2026-13');
    expect(isPeriodKey('2026-13')).toBe(false);
    expect(isPeriodKey('2026-H2')).toBe(true);
  });
});
