import { Injectable, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { ApiError } from './api-error';

/** Issues as `{ field, message }`, the field a dotted path such as `values.rebroadcasts` or `links[0]`. */
export function zodIssues(error: z.ZodError): Array<{ field: string; message: string }> {
  return error.issues.map((i) => ({
    field:
      i.path.reduce<string>(
        (acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)),
        '',
      ) || (i.code === 'unrecognized_keys' ? '' : '(body)'),
    message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

/** Validates and narrows a body or query with a zod schema; unknown fields are rejected by strict schemas. */
@Injectable()
export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(private readonly schema: S) {}

  transform(value: unknown): z.infer<S> {
    const parsed = this.schema.safeParse(value ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      const fields = issues.map((i) => i.field).filter(Boolean);
      throw ApiError.validation(issues, {
        vi: `Dữ liệu không hợp lệ${fields.length ? `: ${fields.join(', ')}` : ''}`,
        en: `Invalid input${fields.length ? `: ${fields.join(', ')}` : ''}`,
      });
    }
    return parsed.data;
  }
}
