/**
 * Classification of PostgreSQL and driver errors by what retrying can do about them.
 *
 * - `rejected`: PostgreSQL refused the values themselves (SQLSTATE class 22 "data
 *   exception", e.g. 22P05 a NUL character in jsonb, 22008 a date out of range;
 *   class 23 integrity violations other than the unique violations the
 *   repositories absorb; class 42 errors in the statement). The same write fails
 *   the same way on every attempt.
 * - `unavailable`: the database cannot answer now (class 08 connection errors,
 *   57P01–57P03 shutdown, 53 insufficient resources, 57014 a statement timeout,
 *   a refused or timed-out connection). Retrying later can succeed.
 * - `other`: anything else (kept retryable).
 *
 * Source of the codes: PostgreSQL documentation, Appendix A "PostgreSQL Error Codes".
 */
export type DbErrorKind = 'rejected' | 'unavailable' | 'other';

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/** The SQLSTATE of a pg error, through TypeORM's QueryFailedError wrapper if present. */
export function sqlStateOf(err: unknown): string | null {
  const e = err as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function classifyDbError(err: unknown): DbErrorKind {
  const state = sqlStateOf(err);
  if (state) {
    const cls = state.slice(0, 2);
    if (cls === '08' || cls === '53' || state === '57014' || /^57P0[1-3]$/.test(state)) {
      return 'unavailable';
    }
    if (cls === '22' || cls === '42' || (cls === '23' && state !== '23505')) {
      return 'rejected';
    }
    return 'other';
  }
  const e = err as { code?: unknown; message?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) {
    return 'unavailable';
  }
  const message = typeof e?.message === 'string' ? e.message : '';
  if (
    /timeout exceeded when trying to connect|Connection terminated|connection timeout|Query read timeout|terminating connection|the database system is (starting up|shutting down)|Client has encountered a connection error|ECONNREFUSED/i.test(
      message,
    )
  ) {
    return 'unavailable';
  }
  return 'other';
}

/**
 * A copy of a JSON-like value that PostgreSQL text and jsonb can store: the NUL
 * character (which neither accepts) and lone UTF-16 surrogates are removed.
 */
export function storableJson<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'string'
        ? v.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
        : v,
    ),
  ) as T;
}
