import { Injectable, type ArgumentMetadata, type NestMiddleware, type PipeTransform } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import {
  TEXT_PROBLEM_MESSAGES,
  freeTextProblem,
  lineTextProblem,
  type TextProblem,
} from '../../../../libs/domain/src/text';
import { ApiError } from './api-error';

type Check = (text: string) => TextProblem | null;

/** The first bad string in a parsed JSON value or query object, with its dotted path. */
function findProblem(value: unknown, check: Check, path: string): { field: string; problem: TextProblem } | null {
  if (typeof value === 'string') {
    const problem = check(value);
    return problem ? { field: path || '(body)', problem } : null;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findProblem(value[i], check, `${path}[${i}]`);
      if (found) {
        return found;
      }
    }
    return null;
  }
  if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      const field = path ? `${path}.${key}` : key;
      const keyProblem = lineTextProblem(key);
      if (keyProblem) {
        return { field, problem: keyProblem };
      }
      const found = findProblem(item, check, field);
      if (found) {
        return found;
      }
    }
  }
  return null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') {
    return false;
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function refuse(field: string, problem: TextProblem): ApiError {
  const m = TEXT_PROBLEM_MESSAGES[problem];
  const isPath = field === '(path)';
  return ApiError.validation([{ field, message: `${m.vi} / ${m.en}` }], {
    vi: isPath ? `Đường dẫn không hợp lệ: ${m.vi}` : `Dữ liệu không hợp lệ: ${field} ${m.vi}`,
    en: isPath ? `Invalid path: it ${m.en}` : `Invalid input: ${field} ${m.en}`,
  });
}

/**
 * Refuses, with 400 and before any guard or handler runs, requests that carry NUL or other
 * control characters, or malformed Unicode: in the path, in the query (one-line values) and
 * in JSON bodies (where line breaks and tabs are allowed in free text). Such input once
 * wedged workflows (PostgreSQL refuses NUL in text) and leaked line breaks into emails.
 */
@Injectable()
export class TextHygieneMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const rawPath = req.originalUrl.split('?')[0];
    let path: string;
    try {
      path = decodeURIComponent(rawPath);
    } catch {
      throw ApiError.validation([{ field: '(path)', message: 'malformed percent-encoding' }], {
        vi: 'Đường dẫn không hợp lệ (mã hoá phần trăm sai)',
        en: 'Invalid path (malformed percent-encoding)',
      });
    }
    const pathProblem = lineTextProblem(path);
    if (pathProblem) {
      throw refuse('(path)', pathProblem);
    }
    const inQuery = findProblem(req.query, lineTextProblem, '');
    if (inQuery) {
      throw refuse(inQuery.field, inQuery.problem);
    }
    const inBody = findProblem(req.body, freeTextProblem, '');
    if (inBody) {
      throw refuse(inBody.field, inBody.problem);
    }
    next();
  }
}

function toNfc(value: unknown): unknown {
  if (typeof value === 'string') {
    return value.normalize('NFC');
  }
  if (Array.isArray(value)) {
    return value.map(toNfc);
  }
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize('NFC'), toNfc(v)]));
  }
  return value;
}

/**
 * Global pipe: every string of a body, query or path parameter reaches validation and the
 * handlers in Unicode NFC, so `Thanh Hóa` typed decomposed (NFD) is stored and compared like
 * the precomposed one. Binary bodies (attachments) pass untouched.
 */
@Injectable()
export class NfcPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'custom' ? value : toNfc(value);
  }
}
