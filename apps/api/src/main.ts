import 'reflect-metadata';
import { ConsoleLogger, Logger, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import helmet from 'helmet';
import { loadConfig, type AppConfig } from '../../../libs/config/src/config';
import { APP_CONFIG } from '../../../libs/config/src/config.module';
import { ApiModule } from './api.module';
import { responseComponents } from './common/openapi';
import { retryAfterHeader } from './common/retry-after';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_TYPES } from '../../../libs/domain/src/attachments';
import { WEB_DIST } from './web-app';
import { REGISTRY_IMPORT_MAX_BYTES, REGISTRY_IMPORT_TYPES } from './agencies/agencies.service';
import { join } from 'node:path';
import { cpuProfileFromEnv } from '../../../libs/devstack/src/cpu-profile';

/**
 * The documented answer of any status an operation does not list: a refusal (400 invalid input,
 * 401, 403, 404, 409, 413, 415, 429) or a failure, in one shape.
 */
const ERROR_RESPONSE = {
  description:
    'Refused or failed: 400 invalid input, 401 not signed in, 403 not allowed, 404 not found, 409 conflict with the ' +
    'current state, 413 too large, 415 unsupported type, 429 too many requests',
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
};

/**
 * The 503 every operation may answer (a database or workflow engine that does not answer, or not
 * in time), in the one error shape, with `Retry-After` in seconds (apps/api/src/common/retry-after.ts).
 */
const UNAVAILABLE_RESPONSE = {
  description:
    'A service unavailable or not answering in time: DATABASE_UNAVAILABLE, WORKFLOW_ENGINE_UNAVAILABLE, ' +
    'WORKFLOW_RECOVERING, NOT_READY, or WORKFLOW_TIMEOUT (an action may still be applied; check before retrying)',
  headers: { 'Retry-After': retryAfterHeader() },
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiErrorBody' } } },
};

export function openApiDocument(app: NestExpressApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('dondoc API')
    .setDescription(
      'Theo dõi, đôn đốc việc thực hiện nhiệm vụ của Kế hoạch / Tracking and chasing the duties of a provincial plan. ' +
        'Staff sign in at /api/v1/auth/login and send `Authorization: Bearer <token>`; agencies send the token of their emailed link as `X-Agency-Link`.',
    )
    .setVersion('1')
    .addBearerAuth()
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-Agency-Link' }, 'agency-link')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // The named response shapes the operations refer to (apps/api/src/common/responses.ts).
  document.components = {
    ...document.components,
    schemas: { ...document.components?.schemas, ...responseComponents() },
  };
  // Every operation may refuse or fail, always with the one error body (ApiErrorBody); a 503 says
  // when to retry (Retry-After).
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = item[method];
      if (operation) {
        operation.responses = { ...operation.responses, 503: UNAVAILABLE_RESPONSE, default: ERROR_RESPONSE };
      }
    }
  }
  return document;
}

/** The HTTP application with every edge protection on; `listen` is the caller's. */
export async function createApi(logger: LogLevel[] = ['error', 'warn', 'log']): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, {
    logger: new ConsoleLogger({ json: true, logLevels: logger }),
    bodyParser: false,
  });
  app.useBodyParser('json', { limit: '256kb' });
  // Report attachments arrive as the file itself, under its own content type.
  app.useBodyParser('raw', { type: Object.keys(ATTACHMENT_TYPES), limit: ATTACHMENT_MAX_BYTES });
  // Registry imports: CSV as browsers label it (Windows says application/vnd.ms-excel) or plain bytes.
  app.useBodyParser('raw', { type: REGISTRY_IMPORT_TYPES, limit: REGISTRY_IMPORT_MAX_BYTES });
  app.use(helmet());
  app.disable('x-powered-by');
  // Whose address is the client's: by default the connection's own, so a client
  // cannot pick its rate-limit key with X-Forwarded-For. Behind a reverse proxy,
  // TRUST_PROXY names it (Express syntax: 'loopback', an address, a hop count).
  app.set('trust proxy', app.get<AppConfig>(APP_CONFIG).api.trustProxy);
  // CORS stays closed: the dashboard is served from the same origin.
  app.enableShutdownHooks();
  // The web app's hashed bundles (its entry page is served by WebController and the /r/ links).
  app.useStaticAssets(join(WEB_DIST, 'assets'), { prefix: '/assets/', immutable: true, maxAge: '365d', index: false });
  SwaggerModule.setup('api/docs', app, () => openApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}

async function main(): Promise<void> {
  const config = loadConfig();
  cpuProfileFromEnv('api');
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
