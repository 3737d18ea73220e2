import { ArgumentsHost, Catch, HttpException, Logger, type ExceptionFilter } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Request, Response } from 'express';
import { ApiError, bilingual } from './api-error';

const HTTP_CODES: Record<number, { code: string; vi: string; en: string }> = {
  400: { code: 'BAD_REQUEST', vi: 'Yêu cầu không hợp lệ', en: 'Bad request' },
  401: { code: 'UNAUTHENTICATED', vi: 'Chưa đăng nhập', en: 'Not signed in' },
  403: { code: 'FORBIDDEN', vi: 'Không có quyền', en: 'Forbidden' },
  404: { code: 'NOT_FOUND', vi: 'Không tìm thấy', en: 'Not found' },
  405: { code: 'METHOD_NOT_ALLOWED', vi: 'Phương thức không được hỗ trợ', en: 'Method not allowed' },
  409: { code: 'CONFLICT', vi: 'Xung đột trạng thái', en: 'Conflict' },
  413: { code: 'PAYLOAD_TOO_LARGE', vi: 'Dữ liệu gửi lên quá lớn', en: 'Payload too large' },
  415: { code: 'UNSUPPORTED_MEDIA_TYPE', vi: 'Định dạng dữ liệu không được hỗ trợ', en: 'Unsupported media type' },
  429: {
    code: 'TOO_MANY_REQUESTS',
    vi: 'Quá nhiều yêu cầu, vui lòng thử lại sau',
    en: 'Too many requests, try again later',
  },
  503: { code: 'NOT_READY', vi: 'Hệ thống chưa sẵn sàng', en: 'Service not ready' },
};

/** One shape for every error: `{ code, message, details }`, bilingual message, no stack traces. */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const error = this.toApiError(exception);
    if (error.status >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId: req.id,
        method: req.method,
        path: req.path,
        error: exception instanceof Error ? exception.message : String(exception),
      });
    }
    res.status(error.status).json({
      code: error.code,
      message: bilingual(error.text),
      text: error.text,
      details: error.details,
      requestId: req.id,
    });
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) {
      return exception;
    }
    if (exception instanceof WorkflowUpdateFailedError) {
      const cause = exception.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
      if (cause?.type === 'ValidationError') {
        return ApiError.validation(Array.isArray(cause.details) ? cause.details : [], {
          vi: `Dữ liệu không hợp lệ: ${cause.message ?? ''}`,
          en: `Invalid input: ${cause.message ?? ''}`,
        });
      }
      if (cause?.type === 'ConflictError') {
        return ApiError.conflict(cause.message ?? 'conflict');
      }
    }
    if (exception instanceof WorkflowNotFoundError) {
      return ApiError.conflict('the assignment is closed');
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = HTTP_CODES[status] ?? { code: `HTTP_${status}`, vi: 'Lỗi', en: 'Error' };
      const body = exception.getResponse();
      const detail = typeof body === 'object' && body && 'message' in body ? body.message : body;
      // Malformed JSON reaches us as a 400 from the body parser.
      const malformed = status === 400 && typeof detail === 'string' && /JSON/i.test(detail);
      return new ApiError(
        status,
        malformed ? 'MALFORMED_JSON' : known.code,
        malformed ? { vi: 'Nội dung JSON không hợp lệ', en: 'Malformed JSON body' } : { vi: known.vi, en: known.en },
        status === 404 || malformed ? {} : { reason: typeof detail === 'string' ? detail : known.en },
      );
    }
    const bodyParser = exception as { type?: string; status?: number };
    if (bodyParser?.type === 'entity.too.large') {
      return new ApiError(413, 'PAYLOAD_TOO_LARGE', { vi: HTTP_CODES[413].vi, en: HTTP_CODES[413].en });
    }
    if (bodyParser?.type === 'entity.parse.failed') {
      return new ApiError(400, 'MALFORMED_JSON', { vi: 'Nội dung JSON không hợp lệ', en: 'Malformed JSON body' });
    }
    return new ApiError(500, 'INTERNAL_ERROR', {
      vi: 'Lỗi hệ thống, vui lòng thử lại sau',
      en: 'Internal error, try again later',
    });
  }
}
