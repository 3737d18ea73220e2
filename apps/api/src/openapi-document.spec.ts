import { readFileSync, writeFileSync } from 'node:fs';
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  API_TYPES_FILE,
  buildOpenApiDocument,
  operationsOf,
  misdeclaredStatuses,
  operationsWithoutResponseSchema,
  renderApiTypes,
} from './openapi-document';
import { OpenApiConformance, type OpenApiDoc } from './openapi-conformance';
import { DEFAULT_RETRY_AFTER_SECONDS, RETRY_AFTER_SECONDS, retryAfterSeconds } from './common/retry-after';

/**
 * The OpenAPI document is the one source of the API's types: every endpoint declares its
 * response, and the web app's types are generated from the document. With
 * DONDOC_WRITE_API_TYPES=1 (`npm run generate:api-types`) the generated file is rewritten.
 */
describe('OpenAPI document (built without a server)', () => {
  let doc: OpenAPIObject;

  beforeAll(async () => {
    doc = await buildOpenApiDocument();
  }, 60_000);

  it('documents the API (sanity: the controllers were scanned)', () => {
    expect(operationsOf(doc).length).toBeGreaterThan(40);
    expect(Object.keys(doc.components?.schemas ?? {})).toEqual(expect.arrayContaining(['AssignmentRow', 'Agency']));
  });

  it('every endpoint declares the schema of its success response', () => {
    const missing = operationsWithoutResponseSchema(doc);
    const advice =
      'Each endpoint must declare what it answers: add a named shape to apps/api/src/common/responses.ts, e.g. ' +
      "`export const MyThing = responseSchema('MyThing', z.object({ ... }))`, and decorate the handler with " +
      '`@ApiZodResponse(200, MyThing)` (the status it answers: 200, 201 or 202; several: ' +
      '`@ApiZodResponse({ 200: A, 202: B })`), or `@ApiFileResponse(contentType)` for a file download; ' +
      'then run `npm run generate:api-types`. Endpoints without one:\n';
    expect(missing.length === 0 ? 'none' : advice + missing.map((m) => `  - ${m}`).join('\n')).toBe('none');
  });

  it('every media type the document names is a type/subtype (a file download lists MIME types, not extensions)', () => {
    const malformed: string[] = [];
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as Record<string, { responses?: Record<string, unknown> }>)) {
        for (const [status, response] of Object.entries(op?.responses ?? {})) {
          for (const type of Object.keys((response as { content?: Record<string, unknown> }).content ?? {})) {
            if (!/^[a-z]+\/[a-z0-9.+-]+$/i.test(type)) {
              malformed.push(`${method.toUpperCase()} ${path} ${status}: ${type}`);
            }
          }
        }
      }
    }
    expect(malformed).toEqual([]);
  });

  it('every operation declares its 503, and every 503 declares Retry-After in seconds (one table, per cause)', () => {
    const problems: string[] = [];
    for (const { op, responses } of operationsOf(doc)) {
      const unavailable = responses['503'] as
        { headers?: Record<string, { required?: boolean; schema?: { type?: string; minimum?: number } }> } | undefined;
      const header = unavailable?.headers?.['Retry-After'];
      if (!unavailable) {
        problems.push(`${op}: no 503`);
      } else if (!header?.required || header.schema?.type !== 'integer' || header.schema.minimum !== 1) {
        problems.push(`${op} 503: Retry-After ${JSON.stringify(header)}`);
      }
    }
    expect(problems).toEqual([]);
    // The description names each cause's value from the one table the errors filter sends.
    const declared = (operationsOf(doc)[0].responses['503'] as { headers: Record<string, { description: string }> })
      .headers['Retry-After'].description;
    for (const [code, seconds] of Object.entries(RETRY_AFTER_SECONDS)) {
      expect(declared).toContain(`${code} ${seconds}`);
    }
    expect(retryAfterSeconds('WORKFLOW_TIMEOUT')).toBe(60);
    expect(retryAfterSeconds('SOMETHING_ELSE')).toBe(DEFAULT_RETRY_AFTER_SECONDS);
    // The conformance check reads the declared header: missing or not a number of seconds is reported.
    const conformance = new OpenApiConformance(doc as unknown as OpenApiDoc);
    const op = 'POST /api/v1/assignments/{id}/review';
    expect(conformance.checkHeaders(op, 503, new Headers({ 'retry-after': '60' }))).toBe('');
    expect(conformance.checkHeaders(op, 503, new Headers())).toBe(`${op} 503 headers: missing header Retry-After`);
    expect(conformance.checkHeaders(op, 503, new Headers({ 'retry-after': 'soon' }))).toContain(
      'header Retry-After: "soon"',
    );
    expect(conformance.checkHeaders(op, 503, new Headers({ 'retry-after': '0' }))).toContain('must be >= 1');
  });

  it('each endpoint documents the status it answers with (@HttpCode, else 201 for POST, 200 otherwise)', () => {
    expect(misdeclaredStatuses()).toEqual([]);
  });

  it('checks answers field for field: an undocumented field, a missing one or an undocumented status is reported', () => {
    const conformance = new OpenApiConformance(doc as unknown as OpenApiDoc);
    const health = { status: 'ok' };
    const refusal = {
      code: 'NOT_FOUND',
      message: 'Không tìm thấy / Not found',
      text: { vi: 'Không tìm thấy', en: 'Not found' },
      details: {},
    };
    expect(conformance.check('GET /health', 200, health)).toBe('');
    expect(conformance.check('GET /health', 200, { ...health, uptime: 3 })).toContain(
      'must NOT have additional properties "uptime"',
    );
    expect(conformance.check('GET /api/v1/agencies/{code}', 404, refusal)).toBe('');
    expect(conformance.check('GET /api/v1/agencies/{code}', 404, { ...refusal, stack: 'Error: …' })).toContain(
      '"stack"',
    );
    expect(conformance.check('GET /api/v1/agencies/{code}', 404, { code: 'NOT_FOUND' })).toContain(
      "must have required property 'text'",
    );
    expect(conformance.check('GET /nowhere', 200, health)).toBe('GET /nowhere is not in the document');
  });

  it('apps/web/src/api-types.ts is generated from this document (run `npm run generate:api-types`)', () => {
    const expected = renderApiTypes(doc);
    if (process.env.DONDOC_WRITE_API_TYPES === '1') {
      writeFileSync(API_TYPES_FILE, expected);
    }
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    if (committed !== expected) {
      throw new Error(
        "apps/web/src/api-types.ts is stale: the API's response schemas changed. Run `npm run generate:api-types` and commit the result.",
      );
    }
  }, 60_000);
});
