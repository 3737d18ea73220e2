import { ApiError } from '../common/api-error';
import { decodeListCursor, encodeListCursor } from './list-cursor';

const ID = '0b8f6c1e-5d3a-4f7b-9c2d-1a2b3c4d5e6f';

describe('assignment list cursor', () => {
  it('round-trips the key and id of its sort', () => {
    for (const [sort, key] of [
      ['dueDate', '2026-12-10'],
      ['-dueDate', '2027-01-05'],
      ['agency', 'Xã Đông Tiến'],
      ['-updatedAt', '2026-11-30T15:20:12.123456Z'],
      ['category', 'open-overdue'],
    ] as const) {
      expect(decodeListCursor(encodeListCursor(sort, { key, id: ID }), sort)).toEqual({ key, id: ID });
    }
  });

  it.each([
    ['not base64 JSON', 'not-a-cursor', 'dueDate'],
    ['an id that is no UUID', encodeListCursor('dueDate', { key: '2026-12-10', id: '42' }), 'dueDate'],
    ['a date that does not exist', encodeListCursor('dueDate', { key: '2026-02-30', id: ID }), 'dueDate'],
    [
      'an instant without microseconds',
      encodeListCursor('updatedAt', { key: '2026-11-30T15:20:12Z', id: ID }),
      'updatedAt',
    ],
    ['a NUL in a name', encodeListCursor('agency', { key: 'Xã\u0000', id: ID }), 'agency'],
    ['another sort', encodeListCursor('dueDate', { key: '2026-12-10', id: ID }), 'agency'],
    ['the other direction', encodeListCursor('dueDate', { key: '2026-12-10', id: ID }), '-dueDate'],
  ])('refuses %s with a 400 on `after`, in Vietnamese then English', (_what, value, sort) => {
    let error: unknown;
    try {
      decodeListCursor(value, sort);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    const e = error as ApiError;
    expect(e.status).toBe(400);
    expect(e.details).toEqual([expect.objectContaining({ field: 'after' })]);
    expect(e.text.vi).toMatch(/Con trỏ trang/);
    expect(e.text.en).toMatch(/cursor/);
  });
});
