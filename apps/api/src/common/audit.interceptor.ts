import {
  Inject,
  Injectable,
  Logger,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { type Observable, tap } from 'rxjs';
import { AssignmentRepository } from '../../../../libs/persistence/src/repositories';
import type { AuthedRequest } from '../auth/auth.guard';
import { actorOf } from '../auth/principal';

const SECRET_FIELDS = new Set(['password', 'passwordHash', 'token']);

function redact(value: unknown): unknown {
  if (Buffer.isBuffer(value)) {
    // Uploaded files are audited by size; their content has its own record (attachments, imports).
    return { bytes: value.length };
  }
  if (Array.isArray(value)) {
    return value.map(redact);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_FIELDS.has(k) ? '***' : redact(v)]));
  }
  return value;
}

/**
 * Every successful write through the API lands in the audit trail with its actor,
 * the route and the (redacted) request. Assignment transitions are also audited
 * by their workflow, with before and after states.
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Audit');

  constructor(@Inject(AssignmentRepository) private readonly audit: AssignmentRepository) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    if (req.method === 'GET' || !req.principal) {
      return next.handle();
    }
    const route = (req.route as { path?: string } | undefined)?.path ?? req.path;
    return next.handle().pipe(
      tap({
        next: () => {
          this.audit
            .appendAudit({
              eventKey: `api:${req.id ?? randomUUID()}`,
              workflowId: null,
              entityType: 'api',
              entityId: req.path,
              type: `${req.method} ${route}`.slice(0, 60),
              actor: actorOf(req.principal!),
              occurredAt: new Date(),
              before: null,
              after: { body: redact(req.body) as Record<string, unknown>, params: req.params },
            })
            .catch((err: unknown) =>
              this.logger.error({ msg: 'audit write failed', requestId: req.id, error: String(err) }),
            );
        },
      }),
    );
  }
}
