import { OpenApiConformance, type OpenApiDoc } from '../../apps/api/src/openapi-conformance';
import { RETRY_AFTER_SECONDS } from '../../apps/api/src/common/retry-after';
import { http, startTestApi } from '../support/api';
import { eventually } from '../support/eventually';
import { startTestWorker, type TestWorker } from '../support/stack';

/**
 * `/ready` names what is missing: with PostgreSQL and Temporal up but no worker polling the API's
 * task queue, it answers 503 NOT_READY with `details: { postgres: 'ok', temporal: 'ok', worker:
 * 'unavailable' }` and Retry-After (docs/reliability.md); once a worker polls, 200.
 */
describe('readiness names the missing part (real PostgreSQL + Temporal)', () => {
  const taskQueue = `it-ready-${Date.now()}`;
  const previousQueue = process.env.TEMPORAL_TASK_QUEUE;
  let api: Awaited<ReturnType<typeof startTestApi>>;
  let worker: TestWorker | undefined;

  beforeAll(async () => {
    process.env.TEMPORAL_TASK_QUEUE = taskQueue; // a queue no worker has polled yet
    api = await startTestApi();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await worker?.close();
    process.env.TEMPORAL_TASK_QUEUE = previousQueue;
  });

  it('answers 503 NOT_READY naming the worker while none polls, then 200 once one does', async () => {
    const doc = await http<OpenApiDoc>(api.base, 'GET', '/api/docs-json');
    const conformance = new OpenApiConformance(doc.body);

    const down = await http<{ code: string; details: unknown }>(api.base, 'GET', '/ready');
    expect({ status: down.status, code: down.body.code, details: down.body.details }).toEqual({
      status: 503,
      code: 'NOT_READY',
      details: { postgres: 'ok', temporal: 'ok', worker: 'unavailable' },
    });
    expect(down.headers.get('retry-after')).toBe(String(RETRY_AFTER_SECONDS.NOT_READY));
    expect(conformance.check('GET /ready', down.status, down.body)).toBe('');
    expect(conformance.checkHeaders('GET /ready', down.status, down.headers)).toBe('');

    worker = await startTestWorker(taskQueue);
    const up = await eventually(
      () => http(api.base, 'GET', '/ready'),
      (res) => expect(res.status).toBe(200),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(up.body).toEqual({ status: 'ready', postgres: 'ok', temporal: 'ok', worker: 'ok' });
    expect(conformance.check('GET /ready', up.status, up.body)).toBe('');
  }, 300_000);
});
