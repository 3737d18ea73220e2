import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  const { worker, connection } = await createWorker(app);
  Logger.log(`Temporal worker polling task queue "${worker.options.taskQueue}"`, 'Worker');
  try {
    // Runs until SIGINT/SIGTERM, which the Temporal runtime turns into a graceful shutdown.
    await worker.run();
  } finally {
    await connection.close();
    await app.close();
  }
}

main().catch((err: unknown) => {
  Logger.error(err instanceof Error ? err.message : String(err), 'Worker');
  process.exit(1);
});
