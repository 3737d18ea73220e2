import { isCursorKey, type AssignmentCursor, type AssignmentSort } from '../../../../libs/persistence/src/repositories';
import { ApiError } from '../common/api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The `nextCursor` of an assignment page: base64url of `{ s: sort, k: key, i: id }`. Opaque to
 * clients; it names its sort so that a cursor is never applied to another order.
 */
export function encodeListCursor(sort: string, cursor: AssignmentCursor): string {
  return Buffer.from(JSON.stringify({ s: sort, k: cursor.key, i: cursor.id }), 'utf8').toString('base64url');
}

/**
 * Reads an `after` parameter back; its key is checked against its sort (a date for `dueDate`…), so a
 * forged cursor is a 400, never a failed SQL cast.
 * @throws ApiError 400 (field `after`) when it is not a cursor of this list, or was made for another sort.
 */
export function decodeListCursor(value: string, sort: string): AssignmentCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  const c = parsed as { s?: unknown; k?: unknown; i?: unknown } | null;
  const invalid = () =>
    ApiError.validation([{ field: 'after', message: 'must be the nextCursor of a previous page' }], {
      vi: 'Con trỏ trang không hợp lệ (after): hãy dùng giá trị nextCursor của trang trước',
      en: 'Invalid page cursor (after): use the nextCursor of the previous page',
    });
  if (!c || typeof c.s !== 'string' || typeof c.k !== 'string' || typeof c.i !== 'string' || !UUID.test(c.i)) {
    throw invalid();
  }
  if (c.s !== sort) {
    throw ApiError.validation([{ field: 'after', message: `was made for sort=${c.s}, not sort=${sort}` }], {
      vi: 'Con trỏ trang (after) thuộc một cách sắp xếp khác: hãy bắt đầu lại từ trang đầu',
      en: 'The page cursor (after) belongs to another sort order: start again from the first page',
    });
  }
  // `sort` passed the query's validation, so it names a known order.
  if (!isCursorKey(sort.replace(/^-/, '') as AssignmentSort, c.k)) {
    throw invalid();
  }
  return { key: c.k, id: c.i };
}
