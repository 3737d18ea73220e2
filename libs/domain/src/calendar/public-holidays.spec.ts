import { publicHolidays, tetHolidays } from './public-holidays';

describe('public holidays (Labour Code 2019, art. 112)', () => {
  it('lists the 11 holidays of 2026 with Vietnamese names', () => {
    expect(publicHolidays(2026)).toEqual([
      { date: '2026-01-01', name: { vi: 'Tết Dương lịch', en: "New Year's Day" }, kind: 'fixed' },
      {
        date: '2026-02-16',
        name: { vi: 'Tết Nguyên đán (29 tháng Chạp)', en: 'Lunar New Year (day 29 of the 12th lunar month)' },
        kind: 'lunar',
      },
      {
        date: '2026-02-17',
        name: { vi: 'Tết Nguyên đán (mùng 1 tháng Giêng)', en: 'Lunar New Year (day 1 of the 1st lunar month)' },
        kind: 'lunar',
      },
      {
        date: '2026-02-18',
        name: { vi: 'Tết Nguyên đán (mùng 2 tháng Giêng)', en: 'Lunar New Year (day 2 of the 1st lunar month)' },
        kind: 'lunar',
      },
      {
        date: '2026-02-19',
        name: { vi: 'Tết Nguyên đán (mùng 3 tháng Giêng)', en: 'Lunar New Year (day 3 of the 1st lunar month)' },
        kind: 'lunar',
      },
      {
        date: '2026-02-20',
        name: { vi: 'Tết Nguyên đán (mùng 4 tháng Giêng)', en: 'Lunar New Year (day 4 of the 1st lunar month)' },
        kind: 'lunar',
      },
      {
        date: '2026-04-26',
        name: {
          vi: 'Giỗ Tổ Hùng Vương (10/3 âm lịch)',
          en: "Hùng Kings' Commemoration Day (10th day of the 3rd lunar month)",
        },
        kind: 'lunar',
      },
      {
        date: '2026-04-30',
        name: { vi: 'Ngày Chiến thắng (30/4)', en: 'Reunification Day (30 April)' },
        kind: 'fixed',
      },
      {
        date: '2026-05-01',
        name: { vi: 'Ngày Quốc tế Lao động (1/5)', en: "International Workers' Day (1 May)" },
        kind: 'fixed',
      },
      {
        date: '2026-09-01',
        name: { vi: 'Quốc khánh (ngày liền kề, 1/9)', en: 'National Day (adjacent day, 1 September)' },
        kind: 'fixed',
      },
      { date: '2026-09-02', name: { vi: 'Quốc khánh (2/9)', en: 'National Day (2 September)' }, kind: 'fixed' },
    ]);
  });

  it('models Tết as the last day of the lunar year (29 or 30 tháng Chạp) plus mùng 1–4', () => {
    expect(tetHolidays(2024).map((h) => [h.date, h.name.vi])).toEqual([
      ['2024-02-09', 'Tết Nguyên đán (30 tháng Chạp)'],
      ['2024-02-10', 'Tết Nguyên đán (mùng 1 tháng Giêng)'],
      ['2024-02-11', 'Tết Nguyên đán (mùng 2 tháng Giêng)'],
      ['2024-02-12', 'Tết Nguyên đán (mùng 3 tháng Giêng)'],
      ['2024-02-13', 'Tết Nguyên đán (mùng 4 tháng Giêng)'],
    ]);
    expect(tetHolidays(2030).map((h) => h.date)).toEqual([
      '2030-02-01',
      '2030-02-02',
      '2030-02-03',
      '2030-02-04',
      '2030-02-05',
    ]);
  });

  it('takes the five Tết days decided for the year when given', () => {
    const days = ['2025-01-31', '2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30'];
    expect(publicHolidays(2025, { tetDays: days }).filter((h) => h.name.vi.startsWith('Tết Nguyên đán'))).toEqual(
      [27, 28, 29, 30, 31].map((d, i) => ({
        date: `2025-01-${d}`,
        name: {
          vi: i < 2 ? `Tết Nguyên đán (${d + 1} tháng Chạp)` : `Tết Nguyên đán (mùng ${d - 28} tháng Giêng)`,
          en:
            i < 2
              ? `Lunar New Year (day ${d + 1} of the 12th lunar month)`
              : `Lunar New Year (day ${d - 28} of the 1st lunar month)`,
        },
        kind: 'lunar',
      })),
    );
  });

  it('puts the second National Day holiday on 1 September by default, 3 September when decided', () => {
    expect(
      publicHolidays(2026)
        .filter((h) => h.date.startsWith('2026-09'))
        .map((h) => h.date),
    ).toEqual(['2026-09-01', '2026-09-02']);
    expect(
      publicHolidays(2026, { nationalDayAdjacentDay: '2026-09-03' })
        .filter((h) => h.date.startsWith('2026-09'))
        .map((h) => [h.date, h.name.vi]),
    ).toEqual([
      ['2026-09-02', 'Quốc khánh (2/9)'],
      ['2026-09-03', 'Quốc khánh (ngày liền kề, 3/9)'],
    ]);
    expect(() => publicHolidays(2026, { nationalDayAdjacentDay: '2026-09-04' })).toThrow(/2026-09-01 or 2026-09-03/);
  });

  it('has no second National Day holiday before the Labour Code 2019 (in force 2021)', () => {
    expect(publicHolidays(2020)).toHaveLength(10);
    expect(publicHolidays(2020).map((h) => h.date)).not.toContain('2020-09-01');
    expect(publicHolidays(2021)).toHaveLength(11);
  });

  it('puts every holiday of a year in that year, Hùng Kings on 10/3 lunar', () => {
    for (let year = 2021; year <= 2060; year += 1) {
      const holidays = publicHolidays(year);
      expect(holidays).toHaveLength(11);
      expect(holidays.every((h) => h.date.startsWith(`${year}-`))).toBe(true);
      expect(new Set(holidays.map((h) => h.date)).size).toBe(11);
    }
  });
});
