import {
  checkAttachment,
  checkNumber,
  formatBytes,
  formatDate,
  formatDateTime,
  formatPercent,
  isWebLink,
  parseDate,
  vietnamToday,
} from './format';

describe('web formatting', () => {
  it('writes dates as dd/MM/yyyy in Vietnamese and d MMM yyyy in English', () => {
    expect(formatDate('2026-01-05', 'vi')).toBe('05/01/2026');
    expect(formatDate('2026-01-05', 'en')).toBe('5 Jan 2026');
    expect(formatDate(null, 'vi')).toBe('—');
    expect(formatDate('not a date', 'vi')).toBe('not a date');
  });

  it('reads dates typed day first, or ISO from a date picker, and refuses impossible ones', () => {
    expect(parseDate('18/12/2026')).toBe('2026-12-18');
    expect(parseDate(' 8/1/2026 ')).toBe('2026-01-08');
    expect(parseDate('18-12-2026')).toBe('2026-12-18');
    expect(parseDate('18.12.2026')).toBe('2026-12-18');
    expect(parseDate('2026-12-18')).toBe('2026-12-18');
    expect(parseDate('29/02/2028')).toBe('2028-02-29');
    expect(parseDate('29/02/2026')).toBeNull();
    expect(parseDate('31/04/2026')).toBeNull();
    expect(parseDate('12/31/2026')).toBeNull(); // month first is not how dates are written here
    expect(parseDate('18/12/26')).toBeNull();
    expect(parseDate('')).toBeNull();
  });

  it('shows instants in Vietnam time, across the UTC date line', () => {
    expect(formatDateTime('2026-11-30T18:30:00Z', 'vi')).toBe('01/12/2026 01:30');
    expect(formatDateTime('2026-11-30T01:05:00Z', 'en')).toBe('30 Nov 2026, 08:05');
    expect(vietnamToday(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
  });

  it('formats shares with a decimal comma in Vietnamese', () => {
    expect(formatPercent(1, 3, 'vi')).toBe('33,3 %');
    expect(formatPercent(1, 3, 'en')).toBe('33.3 %');
    expect(formatPercent(0, 0, 'vi')).toBe('—');
    expect(formatBytes(1536 * 1024, 'vi')).toBe('1,5 MB');
  });

  it('checks typed numbers against their target', () => {
    expect(checkNumber('', 3)).toEqual({ kind: 'empty' });
    expect(checkNumber('ba', 3)).toEqual({ kind: 'invalid' });
    expect(checkNumber('2', 3)).toEqual({ kind: 'below', value: 2, target: 3 });
    expect(checkNumber(' 3 ', 3)).toEqual({ kind: 'ok', value: 3 });
    expect(checkNumber('2,5')).toEqual({ kind: 'ok', value: 2.5 });
  });

  it('accepts only web links and allowed attachments', () => {
    expect(isWebLink('https://thanhhoa.gov.vn/tin-tuc')).toBe(true);
    expect(isWebLink('javascript:alert(1)')).toBe(false);
    expect(isWebLink('thanhhoa.gov.vn')).toBe(false);
    expect(checkAttachment({ type: 'application/pdf', size: 2048 })).toEqual({ ok: true });
    expect(checkAttachment({ type: 'application/x-msdownload', size: 2048 })).toEqual({ ok: false, reason: 'type' });
    expect(checkAttachment({ type: 'image/png', size: 11 * 1024 * 1024 })).toEqual({ ok: false, reason: 'size' });
    expect(checkAttachment({ type: 'image/png', size: 0 })).toEqual({ ok: false, reason: 'empty' });
  });
});
