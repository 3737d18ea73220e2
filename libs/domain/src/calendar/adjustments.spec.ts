import adjustmentsFile from '../../../../data/calendar/adjustments.json';
import { parseCalendarAdjustments, validateCalendarAdjustments } from './adjustments';

const validYear = () => ({
  year: 2026,
  daysOff: [{ date: '2026-01-02', name: { vi: 'Nghỉ hoán đổi', en: 'Swapped day off' } }],
  workingDays: [{ date: '2026-01-10', name: { vi: 'Làm bù', en: 'Worked Saturday' } }],
  source: 'Văn bản số …/VPCP-KGVX',
});

function errorsOf(input: unknown): string[] {
  const result = validateCalendarAdjustments(input);
  return result.ok ? [] : result.errors;
}

describe('calendar adjustments data', () => {
  it('accepts data/calendar/adjustments.json', () => {
    expect(errorsOf(adjustmentsFile)).toEqual([]);
    const years = parseCalendarAdjustments(adjustmentsFile);
    expect(years.map((y) => y.year)).toEqual([2025, 2026]);
    expect(years.every((y) => y.source.length > 0)).toBe(true);
  });

  it('returns the parsed value, sorted by year', () => {
    const result = validateCalendarAdjustments({
      years: [validYear(), { ...validYear(), year: 2025, daysOff: [], workingDays: [] }],
    });
    expect(result).toEqual({
      ok: true,
      value: [{ year: 2025, daysOff: [], workingDays: [], source: 'Văn bản số …/VPCP-KGVX' }, validYear()],
    });
  });

  it('names the field of every error', () => {
    const errors = errorsOf({
      years: [
        {
          year: 2026,
          daysOff: [
            { date: '2026-01-03', name: { vi: 'x', en: 'x' } },
            { date: '2026-02-30', name: { vi: 'x', en: 'x' } },
            { date: '2025-12-31', name: { vi: '', en: 'x' } },
          ],
          workingDays: [{ date: '2026-01-09', name: { vi: 'x' } }],
          tetDays: ['2026-02-16'],
          nationalDayAdjacentDay: '2026-09-05',
          source: '',
          extra: true,
        },
      ],
    });
    expect(errors).toEqual(
      expect.arrayContaining([
        'years[0].extra: unknown field',
        'years[0].daysOff[0].date: 2026-01-03 is a weekend day; a swapped day off must be a weekday',
        'years[0].daysOff[1].date: must be a date YYYY-MM-DD, got "2026-02-30"',
        'years[0].daysOff[2].date: 2025-12-31 is not in 2026',
        'years[0].daysOff[2].name.vi: must be a non-empty string',
        'years[0].workingDays[0].date: 2026-01-09 is a weekday; a worked day (làm bù) must be a Saturday or Sunday',
        'years[0].workingDays[0].name.en: must be a non-empty string',
        'years[0].tetDays: must list 5 distinct dates (Labour Code 2019, art. 112), got 1',
        'years[0].nationalDayAdjacentDay: must be 2026-09-01 or 2026-09-03, got "2026-09-05"',
        'years[0].source: must be a non-empty string naming the official document',
      ]),
    );
    expect(errors).toHaveLength(10);
  });

  it('rejects bad shapes, duplicates and Tết days far from Tết', () => {
    expect(errorsOf(null)).toEqual(['(root): must be an object { years: [...] }']);
    expect(errorsOf({})).toEqual(['years: must be an array']);
    expect(errorsOf({ years: [validYear(), validYear()] })).toEqual(['years[1].year: 2026 is listed twice']);
    expect(errorsOf({ years: [{ ...validYear(), year: '2026' }] })).toContain(
      'years[0].year: must be an integer year between 1900 and 2100, got "2026"',
    );
    expect(errorsOf({ years: [{ ...validYear(), daysOff: {} }] })).toEqual(['years[0].daysOff: must be an array']);
    expect(
      errorsOf({ years: [{ ...validYear(), daysOff: [validYear().daysOff[0], validYear().daysOff[0]] }] }),
    ).toEqual(['years[0].daysOff[1].date: 2026-01-02 is listed twice']);
    expect(
      errorsOf({
        years: [{ ...validYear(), tetDays: ['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-23'] }],
      }),
    ).toEqual(['years[0].tetDays[4]: 2026-02-23 is not within 5 days of Tết (2026-02-17)']);
  });

  it('throws one error listing every problem', () => {
    expect(() => parseCalendarAdjustments({ years: [{ ...validYear(), source: 1 }] })).toThrow(
      /invalid calendar adjustments:\n- years\[0\]\.source/,
    );
  });
});
