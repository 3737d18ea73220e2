import { classifyDbError, storableJson } from './db-errors';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });
const typeormWrapped = (code: string) => Object.assign(new Error('query failed'), { driverError: { code } });

describe('classifyDbError: what retrying can do', () => {
  it('values PostgreSQL refuses fail the same way every time (rejected)', () => {
    for (const code of ['22P05', '22008', '22021', '23502', '23514', '42703']) {
      expect(classifyDbError(pgError(code))).toBe('rejected');
    }
    expect(classifyDbError(typeormWrapped('22P05'))).toBe('rejected');
  });

  it('a database that cannot answer now is unavailable (retry later, 503 at the API)', () => {
    for (const code of ['08006', '08001', '57P01', '57P03', '53300', '57014']) {
      expect(classifyDbError(pgError(code))).toBe('unavailable');
    }
    expect(
      classifyDbError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5433'), { code: 'ECONNREFUSED' })),
    ).toBe('unavailable');
    expect(classifyDbError(new Error('timeout exceeded when trying to connect'))).toBe('unavailable');
    expect(classifyDbError(new Error('Query read timeout'))).toBe('unavailable');
  });

  it('unique violations (absorbed by the repositories) and anything else stay retryable', () => {
    expect(classifyDbError(pgError('23505'))).toBe('other');
    expect(classifyDbError(pgError('40001'))).toBe('other');
    expect(classifyDbError(new Error('boom'))).toBe('other');
    expect(classifyDbError(null)).toBe('other');
  });
});

describe('storableJson', () => {
  it('removes NUL and lone surrogates from every string, keeps everything else', () => {
    expect(storableJson({ note: 'Đã phát\u0000 lại', list: ['a\uD800b', '😀'], n: 3, nested: { x: null } })).toEqual({
      note: 'Đã phát lại',
      list: ['ab', '😀'],
      n: 3,
      nested: { x: null },
    });
  });
});
