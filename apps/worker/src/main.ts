import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';
import { Client } from '@temporalio/client';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import { loadConfig, type AppConfig } from '../../../libs/config/src/config';
import { CatalogRepository } from '../../../libs/persistence/src/repositories';
import { ensureDigestSchedule, ensurePeriodSchedules } from '../../../libs/temporal/src/period-schedules';
import { createWorker } from './worker';
import { cpuProfileFromEnv } from '../../../libs/devstack/src/cpu-profile';

async function main(): Promise<void> {
  loadConfig(); // a bad or missing variable stops the worker with its name, before Nest starts
  cpuProfileFromEnv('worker');
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn', 'log'] });
  app.enableShutdownHooks();
  const { worker, connection } = await createWorker(app);
  Logger.log(`Temporal worker polling task queue "${worker.options.taskQueue}"`, 'Worker');
  // Periods open by themselves: one schedule per plan and period kind, firing when the kind's
  // windows start; one made by older code (on the 1st) is brought to them once.
  const config = app.get<AppConfig>(APP_CONFIG);
  for (const plan of await app.get(CatalogRepository).listPlans()) {
    const created = await ensurePeriodSchedules(app.get(Client), plan.code, config.temporal.taskQueue);
    if (created.length) {
      Logger.log(`created or updated schedules ${created.join(', ')}`, 'Worker');
    }
  }
  await ensureDigestSchedule(app.get(Client), config.temporal.taskQueue);
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
