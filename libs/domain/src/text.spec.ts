import {
  compareVietnamese,
  escapeLike,
  foldForSearch,
  freeTextProblem,
  hasVisibleCharacter,
  lineTextProblem,
} from './text';

describe('foldForSearch', () => {
  it.each([
    ['Đông Sơn', 'đông sơn'],
    ['ĐÔNG SƠN', 'dong son'],
    ['Thanh Hóa', 'Thanh Hoá'],
    ['Thanh Hóa', 'Thanh Hóa'.normalize('NFD')],
    ['Thanh Hóa', 'thanh hoa'],
    ['Xã Xuân Hòa', 'Xã Xuân Hoà'],
    ['Ủy ban Mặt trận', 'uỷ ban mat tran'],
  ])('%s and %s fold alike', (a, b) => {
    expect(foldForSearch(a)).toBe(foldForSearch(b));
  });

  it('folds đ/Đ to d and drops every tone and vowel mark', () => {
    expect(foldForSearch('Đường Ưng Ỷ Ộ')).toBe('duong ung y o');
  });
});

describe('compareVietnamese', () => {
  it('orders letters as the Vietnamese alphabet: A Ă Â B C D Đ E Ê … O Ô Ơ … U Ư … Y', () => {
    const shuffled = ['Yên', 'Ư', 'U', 'Ơ', 'Ô', 'O', 'Ê', 'E', 'Đông', 'Dân', 'C', 'B', 'Â', 'Ă', 'An'];
    expect([...shuffled].sort(compareVietnamese)).toEqual([
      'An',
      'Ă',
      'Â',
      'B',
      'C',
      'Dân',
      'Đông',
      'E',
      'Ê',
      'O',
      'Ô',
      'Ơ',
      'U',
      'Ư',
      'Yên',
    ]);
  });

  it('puts "Xã Đ…" between "Xã D…" and "Xã E…", never after "Xã Yên…"', () => {
    const names = ['Xã Yên Định', 'Xã Đông Sơn', 'Xã Dân Lực', 'Xã Hà Long'];
    expect([...names].sort(compareVietnamese)).toEqual(['Xã Dân Lực', 'Xã Đông Sơn', 'Xã Hà Long', 'Xã Yên Định']);
  });

  it('compares tones after letters: a à ả ã á ạ', () => {
    expect(['Hạ', 'Há', 'Hà', 'Ha', 'Hã', 'Hả'].sort(compareVietnamese)).toEqual(['Ha', 'Hà', 'Hả', 'Hã', 'Há', 'Hạ']);
  });
});

describe('escapeLike', () => {
  it('escapes %, _ and the escape character', () => {
    expect(escapeLike('50%_a\\b')).toBe('50\\%\\_a\\\\b');
  });
});

describe('input hygiene', () => {
  it('refuses NUL and other control characters, keeps line breaks in free text', () => {
    expect(freeTextProblem('ghi chú\nhai dòng\tcột')).toBeNull();
    expect(freeTextProblem('a\u0000b')).toBe('control-character');
    expect(freeTextProblem('a\u001Bb')).toBe('control-character');
    expect(freeTextProblem('a\u0085b')).toBe('control-character');
    expect(freeTextProblem('a\uD800b')).toBe('malformed-unicode');
    expect(freeTextProblem('emoji 😀')).toBeNull();
  });

  it('refuses line breaks in one-line values', () => {
    expect(lineTextProblem('Xã Đông Sơn')).toBeNull();
    expect(lineTextProblem('Xã Đông\nSơn')).toBe('line-break');
    expect(lineTextProblem('Xã Đông\u2028Sơn')).toBe('line-break');
    expect(lineTextProblem('Xã\u0000')).toBe('control-character');
  });

  it('tells names made only of invisible characters', () => {
    for (const blank of ['\u200B', '\u200B\u200C\u200D\uFEFF', '\u00A0\u3000', '\u2060\u00AD', '\u3164']) {
      expect(hasVisibleCharacter(blank)).toBe(false);
    }
    expect(hasVisibleCharacter('\u200BXã')).toBe(true);
  });
});
