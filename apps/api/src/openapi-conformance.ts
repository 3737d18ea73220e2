import Ajv, { type ValidateFunction } from 'ajv';

type Json = { [key: string]: unknown };

/** The parts of the served OpenAPI 3.0 document (GET /api/docs-json) this check reads. */
export interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        responses?: Record<
          string,
          {
            content?: Record<string, { schema?: Json }>;
            headers?: Record<string, { required?: boolean; schema?: Json }>;
          }
        >;
      }
    >
  >;
  components?: { schemas?: Record<string, Json> };
}

/**
 * An OpenAPI 3.0 schema as JSON Schema: `nullable: true` becomes `anyOf: [schema, { type: 'null' }]`,
 * and `$ref`s point into the document registered as `openapi`.
 */
function toJsonSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) {
    return schema.map(toJsonSchema);
  }
  if (!schema || typeof schema !== 'object') {
    return schema;
  }
  const { nullable, ...rest } = schema as Json;
  const out: Json = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$id') {
      continue;
    } else if (key === '$ref' && typeof value === 'string') {
      out.$ref = value.startsWith('#') ? `openapi${value}` : value;
    } else if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, s]) => [name, toJsonSchema(s)]));
    } else if (key === 'enum' || key === 'const' || key === 'default' || key === 'example') {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/**
 * Checks real answers against the API's OpenAPI document: the answer's status must be documented
 * (errors under `default`), and a JSON body must match its schema exactly. Response objects are
 * closed (`additionalProperties: false`, from the zod schemas' output), so a field a handler
 * returns beyond its documented shape is reported, which the compile-time check of
 * `@ApiZodResponse` cannot see (TypeScript accepts extra fields on a returned object).
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  private readonly validators = new Map<string, ValidateFunction | null>();

  constructor(private readonly doc: OpenApiDoc) {
    this.ajv.addSchema({ $id: 'openapi', components: { schemas: toJsonSchema(doc.components?.schemas ?? {}) } });
  }

  /**
   * What is wrong with an answer of operation `op` (`GET /api/v1/agencies/{code}`, as the document
   * names it) with `status` and the parsed JSON `body` (a string when it was not JSON): '' when it conforms.
   */
  check(op: string, status: number, body: unknown): string {
    const found = this.responseOf(op, status);
    if (typeof found === 'string') {
      return found;
    }
    const { responses, key } = found;
    const content = responses[key].content ?? {};
    const json = content['application/json']?.schema;
    if (!json) {
      // A file download (its content type is checked by the fuzz), or no body.
      return typeof body === 'string' || Object.keys(content).length > 0
        ? ''
        : `${op} ${status} documents no body: ${JSON.stringify(body).slice(0, 200)}`;
    }
    const id = `${op} ${key}`;
    if (!this.validators.has(id)) {
      this.validators.set(id, this.ajv.compile(toJsonSchema(json) as Json));
    }
    const validate = this.validators.get(id)!;
    if (validate(body)) {
      return '';
    }
    const errors = (validate.errors ?? [])
      .map((e) => {
        const extra = (e.params as { additionalProperty?: string }).additionalProperty;
        return `${e.instancePath || '/'} ${e.message}${extra ? ` "${extra}"` : ''}`;
      })
      .slice(0, 6)
      .join('; ');
    return `${op} ${status} does not match its documented schema: ${errors}`;
  }

  /**
   * What is wrong with the headers of an answer of `op` with `status`: '' when every header the
   * document declares required for it is present and matches its schema (an integer or number
   * schema is checked against the header's value read as a number, e.g. `Retry-After: 60`).
   */
  checkHeaders(op: string, status: number, headers: Headers): string {
    const found = this.responseOf(op, status);
    if (typeof found === 'string') {
      return found;
    }
    const problems: string[] = [];
    for (const [name, header] of Object.entries(found.responses[found.key].headers ?? {})) {
      const value = headers.get(name);
      if (value === null) {
        if (header.required) {
          problems.push(`missing header ${name}`);
        }
        continue;
      }
      const type = header.schema?.type;
      const parsed = (type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
      if (header.schema && !this.ajv.validate(toJsonSchema(header.schema) as Json, parsed)) {
        problems.push(`header ${name}: ${JSON.stringify(value)} ${this.ajv.errorsText(this.ajv.errors)}`);
      }
    }
    return problems.length === 0 ? '' : `${op} ${status} headers: ${problems.join('; ')}`;
  }

  /** The documented response of `op` for `status` (its own, else `default`), or what is wrong. */
  private responseOf(
    op: string,
    status: number,
  ): { responses: NonNullable<OpenApiDoc['paths'][string][string]['responses']>; key: string } | string {
    const [method, path] = op.split(' ');
    const responses = this.doc.paths[path]?.[method.toLowerCase()]?.responses;
    if (!responses) {
      return `${op} is not in the document`;
    }
    const key = String(status) in responses ? String(status) : 'default' in responses ? 'default' : null;
    if (key === null) {
      return `${op} answered ${status}, which it does not document`;
    }
    return { responses, key };
  }
}
