import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  makeTelemetryFilterString,
  Runtime,
  type NativeConnection,
  type Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createWorker } from '../../apps/worker/src/worker';
import { WorkerModule } from '../../apps/worker/src/worker.module';

let runtimeInstalled = false;

/** A worker hosted in a Nest application context, exactly as apps/worker runs it, on its own task queue. */
export interface TestWorker {
  app: INestApplicationContext;
  worker: Worker;
  client: Client;
  dataSource: DataSource;
  taskQueue: string;
  running: Promise<void>;
  close(): Promise<void>;
}

/**
 * `overrides` may replace worker options built from the app context, e.g. wrap one real
 * activity to inject a fault (the fault-injection tests); everything else stays real.
 */
export async function startTestWorker(
  taskQueue: string,
  overrides?: (app: INestApplicationContext) => Partial<WorkerOptions>,
): Promise<TestWorker> {
  if (!runtimeInstalled) {
    Runtime.install({
      logger: new DefaultLogger('WARN'),
      telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'ERROR' }) } },
    });
    runtimeInstalled = true;
  }
  process.env.TEMPORAL_TASK_QUEUE = taskQueue;
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  const { worker, connection }: { worker: Worker; connection: NativeConnection } = await createWorker(app, {
    workflowsPath: require.resolve('../../workflows'),
    ...overrides?.(app),
  });
  const running = worker.run();
  let closed = false;
  const clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const client = new Client({ connection: clientConnection, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default' });
  return {
    app,
    worker,
    client,
    dataSource: app.get(DataSource),
    taskQueue,
    running,
    async close() {
      // Closing twice (a test that stopped its worker, then the afterAll) is a no-op.
      if (closed) {
        return;
      }
      closed = true;
      worker.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
      await app.close();
    },
  };
}
