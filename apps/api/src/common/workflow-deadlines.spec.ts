import { WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import type { AppConfig } from '../../../../libs/config/src/config';
import { WorkflowDeadlines, WorkflowTimeoutError } from './workflow-deadlines';

/** gRPC status codes (grpc-js `status`). */
const status = { DEADLINE_EXCEEDED: 4, UNAVAILABLE: 14 };

/** A gRPC error as grpc-js gives it to the Temporal client: a code, details and metadata. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe('WorkflowDeadlines', () => {
  const deadlines: number[] = [];
  // Only the client's withDeadline is used: it records the deadline and runs the call.
  const client = {
    withDeadline: <R>(deadline: number, fn: () => Promise<R>) => {
      deadlines.push(deadline);
      return fn();
    },
  } as unknown as Client;
  const config = { temporal: { deadlines: { readMs: 1_000, writeMs: 4_000 } } } as AppConfig;
  const calls = new WorkflowDeadlines(client, config);

  beforeEach(() => {
    deadlines.length = 0;
  });

  it('runs a read under the read deadline and a write under the write deadline', async () => {
    const before = Date.now();
    await expect(calls.read(() => Promise.resolve('state'))).resolves.toBe('state');
    await expect(calls.write(() => Promise.resolve('done'))).resolves.toBe('done');
    const after = Date.now();
    expect(deadlines[0]).toBeGreaterThanOrEqual(before + 1_000);
    expect(deadlines[0]).toBeLessThanOrEqual(after + 1_000);
    expect(deadlines[1]).toBeGreaterThanOrEqual(before + 4_000);
    expect(deadlines[1]).toBeLessThanOrEqual(after + 4_000);
  });

  it('turns a passed deadline (a query, an update) into WorkflowTimeoutError of its kind', async () => {
    const query = calls.read(() =>
      Promise.reject(
        new Error('Failed to query Workflow', { cause: grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded') }),
      ),
    );
    await expect(query).rejects.toBeInstanceOf(WorkflowTimeoutError);
    await expect(query).rejects.toMatchObject({ kind: 'read', timeoutMs: 1_000 });
    const update = calls.write(() =>
      Promise.reject(
        new WorkflowUpdateRPCTimeoutOrCancelledError('Deadline exceeded', {
          cause: grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded'),
        }),
      ),
    );
    await expect(update).rejects.toMatchObject({ name: 'WorkflowTimeoutError', kind: 'write', timeoutMs: 4_000 });
  });

  it('rethrows any other error as it came', async () => {
    const notFound = new WorkflowNotFoundError('not found', 'assignment/x', undefined);
    await expect(calls.read(() => Promise.reject(notFound))).rejects.toBe(notFound);
    const unavailable = grpcError(status.UNAVAILABLE, 'No connection established');
    await expect(calls.write(() => Promise.reject(unavailable))).rejects.toBe(unavailable);
  });
});
