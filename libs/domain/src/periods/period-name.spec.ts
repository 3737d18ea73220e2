import { isPeriodKey, periodName, periodWindowInWords, reportingMonthWindow } from './period-name';

describe('periodName', () => {
  it.each([
    ['2026-11', 'Tháng 11/2026 (từ 1/11/2026 đến 30/11/2026)', 'November 2026 (1 November 2026 to 30 November 2026)'],
    [
      '2026-R11',
      'Tháng 11/2026 (số liệu từ 15/10/2026 đến 14/11/2026)',
      'November 2026 (data from 15 October 2026 to 14 November 2026)',
    ],
    [
      '2026-R01',
      'Tháng 1/2026 (số liệu từ 15/12/2025 đến 14/1/2026)',
      'January 2026 (data from 15 December 2025 to 14 January 2026)',
    ],
    [
      '2026-Q4',
      'Quý IV/2026 (số liệu từ 15/9/2026 đến 14/12/2026)',
      'Q4 2026 (data from 15 September 2026 to 14 December 2026)',
    ],
    [
      '2026-Q1',
      'Quý I/2026 (số liệu từ 15/12/2025 đến 14/3/2026)',
      'Q1 2026 (data from 15 December 2025 to 14 March 2026)',
    ],
    [
      '2026-H1',
      '6 tháng đầu năm 2026 (số liệu từ 15/12/2025 đến 14/6/2026)',
      'First half of 2026 (data from 15 December 2025 to 14 June 2026)',
    ],
    [
      '2026-H2',
      '6 tháng cuối năm 2026 (số liệu từ 15/6/2026 đến 14/12/2026)',
      'Second half of 2026 (data from 15 June 2026 to 14 December 2026)',
    ],
    [
      '2026',
      'Năm 2026 (số liệu từ 15/12/2025 đến 14/12/2026)',
      'Year 2026 (data from 15 December 2025 to 14 December 2026)',
    ],
  ])('names %s in words with its window', (key, vi, en) => {
    expect(periodName(key)).toBe(vi);
    expect(periodName(key, 'vi')).toBe(vi);
    expect(periodName(key, 'en')).toBe(en);
    expect(periodName(key).normalize('NFC')).toBe(periodName(key));
  });

  it('gives the short name where the window is stated beside it', () => {
    expect(periodName('2026-H1', 'vi', { window: false })).toBe('6 tháng đầu năm 2026');
    expect(periodName('2026-11', 'en', { window: false })).toBe('November 2026');
    expect(periodWindowInWords('2026-H1')).toBe('(số liệu từ 15/12/2025 đến 14/6/2026)');
    expect(periodWindowInWords('dot-1')).toBeNull();
  });

  it('lower-cases the first letter inside a Vietnamese sentence only', () => {
    expect(periodName('2026-11', 'vi', { inSentence: true })).toBe('tháng 11/2026 (từ 1/11/2026 đến 30/11/2026)');
    expect(periodName('2026-Q4', 'vi', { inSentence: true, window: false })).toBe('quý IV/2026');
    expect(periodName('2026-H1', 'vi', { inSentence: true })).toBe(
      '6 tháng đầu năm 2026 (số liệu từ 15/12/2025 đến 14/6/2026)',
    );
    expect(periodName('2026-11', 'en', { inSentence: true, window: false })).toBe('November 2026');
  });

  it('leaves a key that is no period as it is', () => {
    expect(periodName('dot-kiem-tra-12')).toBe('dot-kiem-tra-12');
    expect(periodName('2026-13')).toBe('2026-13');
    expect(periodName('2026-R13')).toBe('2026-R13');
    expect(isPeriodKey('2026-13')).toBe(false);
    expect(isPeriodKey('2026-H2')).toBe(true);
    expect(isPeriodKey('2026-R02')).toBe(true);
    // Keys outside the years a window can be computed for are no periods (never an exception).
    expect(periodName('0999')).toBe('0999');
    expect(isPeriodKey('0999-H1')).toBe(false);
  });
});

describe('reportingMonthWindow', () => {
  it('gives an activity month the Decree 09 reporting month it is counted with, in both languages', () => {
    expect(reportingMonthWindow('2026-11')).toEqual({
      label: 'Số liệu báo cáo tháng',
      window: 'từ 15/10/2026 đến 14/11/2026 (Nghị định 09/2019/NĐ-CP)',
    });
    expect(reportingMonthWindow('2026-11', 'en')).toEqual({
      label: 'Reporting-month data',
      window: '15 October 2026 to 14 November 2026 (Decree 09/2019/ND-CP)',
    });
    // January's reporting month starts in December of the year before.
    expect(reportingMonthWindow('2027-01')?.window).toBe('từ 15/12/2026 đến 14/01/2027 (Nghị định 09/2019/NĐ-CP)');
  });

  it('is null for a key that is itself a Decree 09 window, or no period', () => {
    for (const key of ['2026-R11', '2026-Q4', '2026-H1', '2026', 'once', 'dot-kiem-tra', '2026-13']) {
      expect(reportingMonthWindow(key)).toBeNull();
      expect(reportingMonthWindow(key, 'en')).toBeNull();
    }
  });
});
