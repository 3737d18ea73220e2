import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, HttpException, Inject, Logger, type ExceptionFilter } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { Request, Response } from 'express';
import { classifyDbError, storableJson } from '../../../../libs/persistence/src/db-errors';
import { AssignmentRepository } from '../../../../libs/persistence/src/repositories';
import type { AuthedRequest } from '../auth/auth.guard';
import { actorOf } from '../auth/principal';
import { ApiError, bilingual } from './api-error';
import { retryAfterSeconds } from './retry-after';
import { WorkflowTimeoutError } from './workflow-deadlines';

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

/** The messages of an error's causes, outermost first (at most four). */
function causesOf(exception: unknown): string[] {
  const out: string[] = [];
  for (let e = (exception as { cause?: unknown } | undefined)?.cause, i = 0; e && i < 4; i++) {
    out.push(e instanceof Error ? `${e.name}: ${e.message}` : JSON.stringify(e));
    e = (e as { cause?: unknown }).cause;
  }
  return out;
}

/**
 * Temporal refused a message because the workflow's last task failed and is
 * being retried (gRPC 9 FAILED_PRECONDITION, "Workflow Task in failed state"),
 * as happens for a few seconds after its worker was killed: retrying succeeds.
 */
function workflowRecovering(exception: unknown): boolean {
  for (
    let e = exception as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (typeof e.message === 'string' && /Workflow Task in failed state/i.test(e.message)) {
      return true;
    }
    e = e.cause as typeof e;
  }
  return false;
}

/** Answers that refuse access: each is audited. */
const AUDITED_REFUSALS = new Set([401, 403, 429]);

/** gRPC status codes of a Temporal server that cannot answer now: UNAVAILABLE, DEADLINE_EXCEEDED. */
const TEMPORAL_UNAVAILABLE = new Set([14, 4]);

function temporalUnavailable(exception: unknown): boolean {
  for (
    let e = exception as { code?: unknown; cause?: unknown; name?: string } | undefined, depth = 0;
    e && depth < 4;
    depth++
  ) {
    if (
      typeof e.code === 'number' &&
      TEMPORAL_UNAVAILABLE.has(e.code) &&
      (e.name === 'ServiceError' || depth > 0 || 'details' in e)
    ) {
      return true;
    }
    if (
      e.name === 'ServiceError' &&
      /UNAVAILABLE|DEADLINE_EXCEEDED|Failed to connect|No connection established/i.test(
        String((e as { message?: string }).message),
      )
    ) {
      return true;
    }
    e = e.cause as typeof e;
  }
  return false;
}

/**
 * 503 `WORKFLOW_TIMEOUT`: Temporal did not answer within the API's deadline (WorkflowDeadlines).
 * A read changed nothing; a write was sent and may still be applied later, so the message never
 * says it failed and asks to check the timeline before sending it again.
 */
function workflowTimeout(err: WorkflowTimeoutError): ApiError {
  const details = { retryable: true, call: err.kind, timeoutMs: err.timeoutMs };
  if (err.kind === 'read') {
    return new ApiError(
      503,
      'WORKFLOW_TIMEOUT',
      {
        vi: 'Hệ thống xử lý đang bận, chưa trả lời kịp; vui lòng thử lại sau ít phút',
        en: 'The workflow engine did not answer in time; try again in a few minutes',
      },
      details,
    );
  }
  return new ApiError(
    503,
    'WORKFLOW_TIMEOUT',
    {
      vi:
        'Hệ thống xử lý đang bận, chưa xác nhận kịp thao tác. Thao tác có thể vẫn được thực hiện sau đó: ' +
        'hãy xem dòng thời gian của hồ sơ trước khi gửi lại',
      en:
        'The workflow engine did not confirm the action in time. It may still be applied: ' +
        'check the timeline before retrying',
    },
    { ...details, mayStillApply: true },
  );
}

/**
 * One shape for every error: `{ code, message, details }`, bilingual message, no stack traces;
 * a 503 also carries `Retry-After` (seconds, per code: common/retry-after.ts).
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Api');

  constructor(@Inject(AssignmentRepository) private readonly audit: AssignmentRepository) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request & { id?: string }>();
    const error = this.toApiError(exception);
    if (AUDITED_REFUSALS.has(error.status)) {
      this.auditRefusal(req as AuthedRequest, error);
    }
    if (error.status >= 500) {
      this.logger.error({
        msg: 'request failed',
        requestId: req.id,
        method: req.method,
        path: req.path,
        error: exception instanceof Error ? exception.message : String(exception),
        // The chain of causes (a failed workflow update carries the failure that ended it).
        causes: causesOf(exception),
      });
    }
    if (error.status === 503) {
      // Every unavailable answer says when to ask again, per cause (common/retry-after.ts).
      res.setHeader('Retry-After', String(retryAfterSeconds(error.code)));
    }
    res.status(error.status).json({
      code: error.code,
      message: bilingual(error.text),
      text: error.text,
      details: error.details,
      requestId: req.id,
    });
  }

  /** Refused access lands in the audit trail: who (if known), from where, which route, why. Never blocks the answer. */
  private auditRefusal(req: AuthedRequest, error: ApiError): void {
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    this.audit
      .appendAudit(
        storableJson({
          eventKey: `refused:${req.id ?? randomUUID()}`,
          workflowId: null,
          entityType: 'api',
          entityId: req.path.slice(0, 300),
          type: 'access-refused',
          actor: req.principal ? actorOf(req.principal) : `anonymous@${req.ip ?? '?'}`,
          occurredAt: new Date(),
          before: null,
          after: {
            status: error.status,
            code: error.code,
            method: req.method,
            route,
            ip: req.ip ?? null,
            details: error.details as Record<string, unknown>,
          },
        }),
      )
      .catch((err: unknown) => this.logger.error({ msg: 'audit write failed', requestId: req.id, error: String(err) }));
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) {
      return exception;
    }
    if (exception instanceof WorkflowTimeoutError) {
      return workflowTimeout(exception);
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
    if (classifyDbError(exception) === 'unavailable') {
      return new ApiError(
        503,
        'DATABASE_UNAVAILABLE',
        {
          vi: 'Cơ sở dữ liệu tạm thời không phản hồi, vui lòng thử lại sau ít phút',
          en: 'The database is not answering; try again in a few minutes',
        },
        { retryable: true },
      );
    }
    if (workflowRecovering(exception)) {
      return new ApiError(
        503,
        'WORKFLOW_RECOVERING',
        {
          vi: 'Hồ sơ đang được khôi phục sau một sự cố, vui lòng gửi lại sau ít giây',
          en: 'This assignment is recovering from a fault; send the request again in a few seconds',
        },
        { retryable: true },
      );
    }
    if (temporalUnavailable(exception)) {
      return new ApiError(
        503,
        'WORKFLOW_ENGINE_UNAVAILABLE',
        {
          vi: 'Bộ máy xử lý quy trình tạm thời không phản hồi, vui lòng thử lại sau ít phút',
          en: 'The workflow engine is not answering; try again in a few minutes',
        },
        { retryable: true },
      );
    }
    return new ApiError(500, 'INTERNAL_ERROR', {
      vi: 'Lỗi hệ thống, vui lòng thử lại sau',
      en: 'Internal error, try again later',
    });
  }
}
