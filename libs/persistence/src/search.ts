import { escapeLike } from '../../domain/src/text';

/**
 * The text to bind for a folded search: NFC, runs of white space collapsed, LIKE wildcards
 * escaped (a typed `%` or `_` matches itself, never everything).
 */
export function searchParam(q: string): string {
  return escapeLike(q.normalize('NFC').trim().replace(/\s+/g, ' '));
}

/**
 * SQL that matches `expr` against a bound search parameter (see `searchParam`) ignoring case,
 * diacritics and tone placement. `expr` must be written exactly as in its trigram index
 * (migration `vietnamese-text`) for the index to be used.
 */
export function foldedMatch(expr: string, param: string): string {
  return `public.search_fold(${expr}) LIKE '%' || public.search_fold(${param}) || '%' ESCAPE '\\'`;
}

/** `ORDER BY` expression for a name in Vietnamese alphabetical order (ICU collation `vietnamese`). */
export function vietnameseOrder(expr: string): string {
  return `${expr} COLLATE public."vietnamese"`;
}
