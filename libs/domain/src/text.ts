/**
 * Vietnamese text rules shared by the API, the dashboard and the documents:
 * one sort order, one search folding, one set of input hygiene checks.
 */

// One collator for the whole process: Intl.Collator construction is not free.
const VI_COLLATOR = new Intl.Collator('vi');

/**
 * Vietnamese alphabetical order (A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y,
 * tones compared after letters: a à ả ã á ạ), as in ICU/CLDR's `vi` collation.
 * PostgreSQL sorts names with the same ICU collation (`COLLATE vietnamese`, see the
 * `vietnamese-text` migration), so the API, the dashboard and the documents give one order.
 */
export function compareVietnamese(a: string, b: string): number {
  return VI_COLLATOR.compare(a, b);
}

/**
 * Search folding: NFC-independent, case-, diacritic- and tone-insensitive; đ/Đ fold to d.
 * `Thanh Hoá`, `THANH HÓA` (NFD or NFC) and `thanh hoa` all fold to `thanh hoa`. Mirrors the
 * database's `search_fold()` (lower(unaccent())) for Vietnamese text.
 */
export function foldForSearch(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().normalize('NFC');
}

/** Escapes LIKE wildcards (`%`, `_`) and the escape character itself, for `LIKE ... ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one (no `u` flag on purpose).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// C0 controls except TAB, LF, CR; DEL; C1 controls.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// Every control character, line breaks and tabs included: for single-line values.
const CONTROL_IN_LINE = /[\u0000-\u001F\u007F-\u009F]/u;
// Line separators that are not controls but still break a line in mail and documents.
const LINE_SEPARATORS = /[\u2028\u2029]/u;

/** What is wrong with a piece of text arriving from outside, or null when it is acceptable. */
export type TextProblem = 'control-character' | 'malformed-unicode' | 'line-break';

/**
 * Checks free text (notes, descriptions): refuses NUL and other control characters
 * (line breaks and tabs are allowed) and unpaired UTF-16 surrogates.
 */
export function freeTextProblem(text: string): TextProblem | null {
  if (LONE_SURROGATE.test(text)) {
    return 'malformed-unicode';
  }
  return CONTROL_IN_TEXT.test(text) ? 'control-character' : null;
}

/** Like `freeTextProblem`, for a one-line value (a name, a title, a query or path segment). */
export function lineTextProblem(text: string): TextProblem | null {
  if (LONE_SURROGATE.test(text)) {
    return 'malformed-unicode';
  }
  if (CONTROL_IN_LINE.test(text)) {
    return /[\r\n]/.test(text) ? 'line-break' : 'control-character';
  }
  return LINE_SEPARATORS.test(text) ? 'line-break' : null;
}

// A character that shows: not white space, not a control/format/unassigned/private code point,
// and not one of the blank-looking letters (Hangul fillers, Braille blank).
const VISIBLE = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}\u115F\u1160\u3164\uFFA0\u2800]/u;

/** True when the text has at least one character that a reader would see (not only spaces or zero-width marks). */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}

/** The messages a person reads for each `TextProblem` (Vietnamese first). */
export const TEXT_PROBLEM_MESSAGES: Record<TextProblem | 'invisible', { vi: string; en: string }> = {
  'control-character': {
    vi: 'có ký tự điều khiển (ví dụ NUL) không được phép',
    en: 'contains a control character (e.g. NUL), which is not allowed',
  },
  'malformed-unicode': {
    vi: 'có ký tự Unicode hỏng (nửa cặp thay thế)',
    en: 'contains malformed Unicode (an unpaired surrogate)',
  },
  'line-break': {
    vi: 'phải nằm trên một dòng (không xuống dòng, không ký tự tab)',
    en: 'must be a single line (no line breaks or tabs)',
  },
  invisible: {
    vi: 'phải có ít nhất một ký tự nhìn thấy được',
    en: 'must contain at least one visible character',
  },
};
