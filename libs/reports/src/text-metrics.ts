/**
 * Advance widths of Times New Roman (regular and bold), to size table columns so that no word
 * has to be broken. The figures are the standard Times-Roman / Times-Bold font metrics (units of
 * 1/1000 em); Liberation Serif, which LibreOffice substitutes where Times New Roman is not
 * installed, has the same metrics. Vietnamese letters measure as their base letter: the
 * diacritics sit above or below it and add no advance width.
 */

type Widths = Record<string, number>;

function table(letters: string, widths: number[]): Widths {
  const out: Widths = {};
  [...letters].forEach((ch, i) => {
    out[ch] = widths[i];
  });
  return out;
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const REGULAR: Widths = {
  ...table(
    LOWER,
    [
      444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722,
      500, 500, 444,
    ],
  ),
  ...table(
    UPPER,
    [
      722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611, 722, 722, 944,
      722, 722, 611,
    ],
  ),
  ...table('0123456789', Array<number>(10).fill(500)),
  ...table(' ,.:;-/()%&+…', [250, 250, 250, 278, 278, 333, 278, 333, 333, 833, 778, 564, 1000]),
  đ: 500,
  Đ: 722,
};

const BOLD: Widths = {
  ...table(
    LOWER,
    [
      500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722,
      500, 500, 444,
    ],
  ),
  ...table(
    UPPER,
    [
      722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722,
      1000, 722, 722, 667,
    ],
  ),
  ...table('0123456789', Array<number>(10).fill(500)),
  ...table(' ,.:;-/()%&+…', [250, 250, 250, 333, 333, 333, 278, 333, 333, 1000, 833, 570, 1000]),
  đ: 556,
  Đ: 722,
};

/** Width of the widest glyph, used for a character the tables do not know. */
const FALLBACK = 1000;

/** Base letter of a Vietnamese letter: "ệ" → "e", "Ư" → "U", "đ" stays "đ". */
function baseOf(ch: string): string {
  const base = ch.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  // ơ and ư keep their horn (U+031B) in NFD; removed above with the other combining marks.
  return base.length === 1 ? base : ch;
}

/** Width in points of `text` set in Times New Roman at `sizePt` points. */
export function textWidthPt(text: string, sizePt: number, opts: { bold?: boolean } = {}): number {
  const widths = opts.bold ? BOLD : REGULAR;
  let units = 0;
  for (const ch of text.normalize('NFC')) {
    units += widths[ch] ?? widths[baseOf(ch)] ?? FALLBACK;
  }
  return (units / 1000) * sizePt;
}

/** Width in points of the widest word of `text` (words are separated by spaces). */
export function widestWordPt(text: string, sizePt: number, opts: { bold?: boolean } = {}): number {
  return Math.max(0, ...text.split(/\s+/).map((w) => textWidthPt(w, sizePt, opts)));
}

/** Points to twips (1/20 point). */
export const twipsOfPt = (pt: number): number => Math.ceil(pt * 20);
