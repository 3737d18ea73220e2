/**
 * How long a client should wait before asking again after a 503, in whole seconds, per cause (the
 * error body's `code`). The errors filter sends it as the `Retry-After` header of every 503
 * (RFC 9110 §10.2.3, delay-seconds form) and the OpenAPI document declares it on every 503, from
 * this one table:
 * - `WORKFLOW_TIMEOUT` 60 s: Temporal did not answer within the API's deadline (10–20 s), i.e. a
 *   starved or busy worker; a write may still be applied meanwhile and shows on the timeline.
 * - `WORKFLOW_ENGINE_UNAVAILABLE` 30 s: the Temporal server is unreachable (a restart takes seconds).
 * - `DATABASE_UNAVAILABLE` 30 s: PostgreSQL does not answer; the pool reconnects on the next request.
 * - `WORKFLOW_RECOVERING` 5 s: the assignment's workflow task is being retried after its worker died.
 * - `NOT_READY` 10 s: `/ready` found PostgreSQL, Temporal or the worker missing.
 * Any other 503 gets {@link DEFAULT_RETRY_AFTER_SECONDS}.
 */
export const RETRY_AFTER_SECONDS: Readonly<Record<string, number>> = {
  WORKFLOW_TIMEOUT: 60,
  WORKFLOW_ENGINE_UNAVAILABLE: 30,
  DATABASE_UNAVAILABLE: 30,
  WORKFLOW_RECOVERING: 5,
  NOT_READY: 10,
};

/** Seconds to wait after a 503 whose cause is not in {@link RETRY_AFTER_SECONDS}. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** The `Retry-After` of a 503 with error `code`, in seconds. */
export function retryAfterSeconds(code: string): number {
  return Object.hasOwn(RETRY_AFTER_SECONDS, code) ? RETRY_AFTER_SECONDS[code] : DEFAULT_RETRY_AFTER_SECONDS;
}

/** The `Retry-After` header as the OpenAPI document declares it on every 503 response. */
export function retryAfterHeader(): { description: string; required: true; schema: { type: 'integer'; minimum: 1 } } {
  const perCause = Object.entries(RETRY_AFTER_SECONDS)
    .map(([code, s]) => `${code} ${s}`)
    .join(', ');
  return {
    description: `Seconds to wait before retrying, by the error's code: ${perCause}; any other ${DEFAULT_RETRY_AFTER_SECONDS}`,
    required: true,
    schema: { type: 'integer', minimum: 1 },
  };
}
