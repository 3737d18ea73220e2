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

export async function startTestWorker(taskQueue: string): Promise<TestWorker> {
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
  });
  const running = worker.run();
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
      worker.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
      await app.close();
    },
  };
}
