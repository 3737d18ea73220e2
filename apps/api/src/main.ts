import 'reflect-metadata';
import { Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { loadConfig } from '../../../libs/config/src/config';
import { ApiModule } from './api.module';

export async function createApi(logger: LogLevel[] = ['error', 'warn', 'log']): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { logger });
  app.useBodyParser('json', { limit: '1mb' });
  app.enableShutdownHooks();
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi();
  await app.listen(config.api.port, config.api.host);
  Logger.log(`API listening on http://${config.api.host}:${config.api.port}`, 'Api');
}

if (require.main === module) {
  main().catch((err: unknown) => {
    Logger.error(err instanceof Error ? err.message : String(err), 'Api');
    process.exit(1);
  });
}
