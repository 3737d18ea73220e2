import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpStatus, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { OpenAPIObject } from '@nestjs/swagger';
import { projectRoot } from '../../../libs/devstack/src/project-root';
import { ApiModule } from './api.module';
import { openApiDocument } from './main';

/** Where the web app's generated API types live (committed; `npm run generate:api-types` rewrites them). */
export const API_TYPES_FILE = join(projectRoot(__dirname), 'apps', 'web', 'src', 'api-types.ts');

/**
 * The OpenAPI document of the API, built from the controllers alone: Nest's preview mode
 * creates no provider, so no database, Temporal or port is needed.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { preview: true, logger: false });
  try {
    return openApiDocument(app);
  } finally {
    await app.close();
  }
}

type Responses = Record<string, { content?: Record<string, { schema?: unknown }> }>;

/** The operations of the document, as `METHOD /path`, each with its responses. */
export function operationsOf(doc: OpenAPIObject): Array<{ op: string; responses: Responses }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, { responses?: Responses }>)
      .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
      .map(([method, operation]) => ({
        op: `${method.toUpperCase()} ${path}`,
        responses: operation.responses ?? {},
      })),
  );
}

/**
 * Operations whose success (2xx) response declares no body schema: each must say what it
 * answers, so that the web app's types can be generated from the document.
 */
export function operationsWithoutResponseSchema(doc: OpenAPIObject): string[] {
  return operationsOf(doc)
    .filter(
      ({ responses }) =>
        !Object.entries(responses).some(
          ([status, r]) => /^2\d\d$/.test(status) && Object.values(r.content ?? {}).some((c) => c.schema),
        ),
    )
    .map(({ op }) => op);
}

// Metadata keys of @nestjs/swagger (its DECORATORS constants, not exported from the package root).
const SWAGGER_RESPONSES = 'swagger/apiResponse';
const SWAGGER_EXCLUDE_CONTROLLER = 'swagger/apiExcludeController';

/**
 * Routes whose documented success statuses do not include the status they answer with
 * (`@HttpCode`, else 201 for POST and 200 otherwise): `Controller.method: answers 201, declares 200`.
 * A route may declare more (bulk prod: 200 for a preview, 202 once confirmed).
 */
export function misdeclaredStatuses(): string[] {
  const controllers = (Reflect.getMetadata('controllers', ApiModule) ?? []) as Array<new (...a: never[]) => object>;
  const out: string[] = [];
  for (const controller of controllers) {
    if (Reflect.getMetadata(SWAGGER_EXCLUDE_CONTROLLER, controller)) {
      continue;
    }
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (
        name === 'constructor' ||
        typeof handler !== 'function' ||
        Reflect.getMetadata(PATH_METADATA, handler) === undefined
      ) {
        continue;
      }
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
      const answers =
        (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
        (method === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
      const declared = Object.keys((Reflect.getMetadata(SWAGGER_RESPONSES, handler) ?? {}) as object).map(Number);
      if (!declared.includes(answers)) {
        out.push(`${controller.name}.${name}: answers ${answers}, declares ${declared.join(', ') || 'nothing'}`);
      }
    }
  }
  return out;
}

/**
 * The TypeScript types of the document as openapi-typescript writes them, formatted with the
 * project's Prettier settings: the expected content of apps/web/src/api-types.ts.
 */
export function renderApiTypes(doc: OpenAPIObject): string {
  const root = projectRoot(__dirname);
  const dir = mkdtempSync(join(tmpdir(), 'dondoc-api-types-'));
  try {
    const input = join(dir, 'openapi.json');
    const output = join(dir, 'api-types.ts');
    writeFileSync(input, JSON.stringify(doc));
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), input, '--output', output, '--alphabetize'],
      { stdio: 'pipe' },
    );
    const header =
      "// Generated from the API's OpenAPI document by `npm run generate:api-types` (openapi-typescript).\n" +
      '// Do not edit: change the response schemas in apps/api/src/common/responses.ts and regenerate.\n' +
      '// `npm run check:api-types` (part of `npm test`) fails when this file is stale.\n';
    // Formatted as `prettier --write` would (the project's settings), so `npm run lint` accepts it.
    return execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--stdin-filepath', API_TYPES_FILE],
      { input: header + readFileSync(output, 'utf8'), encoding: 'utf8' },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
