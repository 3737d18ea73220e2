import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = NonNullable<Extract<Parameters<typeof ApiBody>[0], { schema?: unknown }>['schema']>;

/** Documents a JSON body with the same zod schema that validates it. */
export function ApiZodBody(schema: z.ZodType): MethodDecorator {
  return ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as SchemaObject });
}

/** Documents the query parameters of a strict zod object schema. */
export function ApiZodQuery(schema: z.ZodObject): MethodDecorator {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, SchemaObject>;
  };
  return applyDecorators(
    ...Object.entries(json.properties ?? {}).map(([name, s]) => ApiQuery({ name, required: false, schema: s })),
  );
}

/**
 * The named response shapes of the API: each is `components.schemas.<id>` in the
 * OpenAPI document, and the web app's types (apps/web/src/api-types.ts) are generated
 * from them. Add one with `responseSchema('Name', z.object(...))`.
 */
export const responseRegistry = z.registry<{ id: string }>();

/** Registers `schema` as the named response shape `id` (unique; PascalCase). */
export function responseSchema<S extends z.ZodType>(id: string, schema: S): S {
  if (responseRegistry.has(schema) || [...listResponseSchemas().keys()].includes(id)) {
    throw new Error(`response schema ${id} is registered twice`);
  }
  responseRegistry.add(schema, { id });
  return schema;
}

function listResponseSchemas(): Map<string, z.ZodType> {
  return (responseRegistry as unknown as { _idmap: Map<string, z.ZodType> })._idmap;
}

/** `components.schemas` of the OpenAPI document: every registered response shape, with `$ref`s between them. */
export function responseComponents(): Record<string, SchemaObject> {
  const { schemas } = z.toJSONSchema(responseRegistry, {
    target: 'openapi-3.0',
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  });
  return Object.fromEntries(
    // Without the JSON Schema dialect and the registry id, which OpenAPI 3.0 does not know.
    Object.entries(schemas).map(([id, s]) => [
      id,
      Object.fromEntries(
        Object.entries(s).filter(([key]) => key !== '$schema' && key !== 'id' && key !== '$id'),
      ) as SchemaObject,
    ]),
  );
}

/**
 * What a handler may return for a response declared with `schema`: the schema's output
 * type, where a `Date` may stand for a string (JSON sends it as an ISO 8601 string).
 */
export type Wire<T> = T extends string
  ? string extends T
    ? string | Date
    : T
  : T extends ReadonlyArray<infer U>
    ? ReadonlyArray<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

type Returns<T> = T | Promise<T>;

/** A method decorator that type-checks the handler's return value against the declared response shapes. */
type CheckedDecorator<T> = <F extends (...args: never[]) => Returns<T>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<F>,
) => void;

function idOf(schema: z.ZodType): string {
  const id = responseRegistry.get(schema)?.id;
  if (!id) {
    throw new Error(
      'a response schema must be registered with responseSchema(id, schema) (apps/api/src/common/openapi.ts)',
    );
  }
  return id;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted: the operation runs as a workflow; follow the `progress` link (also in the Location header)',
};

/**
 * Declares the JSON response of an endpoint with a registered schema (see `responseSchema`),
 * and checks at compile time that the handler returns that shape:
 * `@ApiZodResponse(200, AgencyView)`. Several statuses: `@ApiZodResponse({ 200: Preview, 202: Started })`.
 */
export function ApiZodResponse<S extends z.ZodType>(status: number, schema: S): CheckedDecorator<Wire<z.output<S>>>;
export function ApiZodResponse<M extends Record<number, z.ZodType>>(
  responses: M,
): CheckedDecorator<Wire<z.output<M[keyof M]>>>;
export function ApiZodResponse(
  statusOrMap: number | Record<number, z.ZodType>,
  schema?: z.ZodType,
): CheckedDecorator<unknown> {
  const entries: Array<[number, z.ZodType]> =
    typeof statusOrMap === 'number'
      ? [[statusOrMap, schema!]]
      : Object.entries(statusOrMap).map(([s, v]) => [Number(s), v]);
  const decorator = applyDecorators(
    ...entries.map(([status, s]) =>
      ApiResponse({
        status,
        description: STATUS_TEXT[status] ?? String(status),
        schema: { $ref: `#/components/schemas/${idOf(s)}` },
      }),
    ),
  );
  return (target, key, descriptor) => {
    decorator(target, key, descriptor);
  };
}

/**
 * Declares a file download (the body is the file itself, of one of `contentTypes`).
 * Handlers that stream with `@Res()` return nothing, so nothing is checked.
 */
export function ApiFileResponse(...contentTypes: string[]): MethodDecorator {
  return ApiResponse({
    status: 200,
    description: 'The file',
    content: Object.fromEntries(contentTypes.map((t) => [t, { schema: { type: 'string', format: 'binary' } }])),
  });
}
