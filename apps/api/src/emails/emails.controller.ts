import { Controller, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { APP_CONFIG } from '../../../../libs/config/src/config.module';
import type { AppConfig } from '../../../../libs/config/src/config';
import { OutboxRepository } from '../../../../libs/persistence/src/repositories';
import type { EmailOutboxEntity } from '../../../../libs/persistence/src/entities';
import { Access, READERS, STAFF } from '../auth/access.decorator';
import { CurrentPrincipal } from '../auth/current-principal.decorator';
import { actorOf, type Principal } from '../auth/principal';
import { ApiError } from '../common/api-error';
import { WorkflowDeadlines } from '../common/workflow-deadlines';
import { ApiZodResponse } from '../common/openapi';
import { Email, FAILURE_CAUSES, FailedEmails } from '../common/responses';

/** Emails sent with files that the outbox does not keep: they are re-sent from where they were made. */
const NOT_RESENDABLE = new Set(['period-report']);

/**
 * Why an email failed, for the dashboard to say in words (never the relay's raw text):
 * - `recipients-refused`: the relay refused the recipients by name (each in `refused`, with its SMTP code);
 * - `message-refused`: the relay refused the message itself with a permanent code (`smtpCode`, e.g. 554 after the data);
 * - `maybe-delivered`: the attempt was cut off after the data reached the relay: it may have arrived;
 * - `retries-exhausted`: the relay kept answering "try later" (or could not be reached) past `MAIL_RETRY_BUDGET_SECONDS`;
 * - `other`: anything else (the English `error` says what).
 * The wording it reads is the outbox mailer's (apps/worker/src/outbox-mailer.ts).
 */
export type FailureCause = (typeof FAILURE_CAUSES)[number];

export function failureCause(e: Pick<EmailOutboxEntity, 'lastError' | 'smtpCode' | 'refused'>): FailureCause {
  const error = e.lastError ?? '';
  if ((e.refused ?? []).length > 0) {
    return 'recipients-refused';
  }
  if (error.includes('may have been delivered')) {
    return 'maybe-delivered';
  }
  if (error.startsWith('retries exhausted')) {
    return 'retries-exhausted';
  }
  return e.smtpCode !== null && e.smtpCode >= 500 ? 'message-refused' : 'other';
}

function view(e: EmailOutboxEntity) {
  return {
    id: e.id,
    kind: e.kind,
    workflowId: e.workflowId,
    to: e.to,
    cc: e.cc,
    subject: e.subject,
    status: e.status,
    attempts: e.attempts,
    smtpCode: e.smtpCode,
    error: e.lastError,
    refused: e.refused ?? [],
    cause: failureCause(e),
    messageId: e.messageId,
    createdAt: e.createdAt.toISOString(),
    failedAt: e.failedAt?.toISOString() ?? null,
    sentAt: e.sentAt?.toISOString() ?? null,
    resends: e.resends,
    resendable: !NOT_RESENDABLE.has(e.kind),
  };
}

/**
 * Emails that could not be delivered: refused by the mail server, out of
 * retries (`MAIL_RETRY_BUDGET_SECONDS`), or cut off after reaching it. Each is
 * listed with its recipients and the server's answer; an officer re-sends it.
 */
@ApiTags('emails')
@ApiBearerAuth()
@Controller('api/v1/emails')
export class EmailsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OutboxRepository) private readonly outbox: OutboxRepository,
    @Inject(Client) private readonly temporal: Client,
    @Inject(WorkflowDeadlines) private readonly deadlines: WorkflowDeadlines,
  ) {}

  /** Failed emails, newest first (at most 200). */
  @Get('failed')
  @Access(...READERS)
  @ApiZodResponse(200, FailedEmails)
  async failed() {
    const rows = await this.outbox.listFailed();
    return { total: rows.length, items: rows.map(view) };
  }

  /**
   * Sends a failed email again, durably (a workflow per re-send), with a fresh
   * retry budget. 202 with the email; 404 unknown; 409 when it is not failed
   * (already re-sent or delivered) or carries files the outbox does not keep.
   */
  @Post(':id/resend')
  @HttpCode(202)
  @Access(...STAFF)
  @ApiZodResponse(202, Email)
  async resend(@CurrentPrincipal() p: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    const row = await this.outbox.findById(id);
    if (!row) {
      throw ApiError.notFound('email');
    }
    if (NOT_RESENDABLE.has(row.kind)) {
      throw ApiError.conflict('this email carries files: send the period report again from the period page');
    }
    if (!(await this.outbox.reopen(id))) {
      throw ApiError.conflict(`the email is ${row.status}, not failed`);
    }
    const reopened = (await this.outbox.findById(id))!;
    try {
      await this.deadlines.write(() =>
        this.temporal.workflow.start('emailResendWorkflow', {
          taskQueue: this.config.temporal.taskQueue,
          workflowId: `email-resend:${id}:${reopened.resends}`,
          args: [{ outboxId: id, actor: actorOf(p), resend: reopened.resends }],
        }),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) {
        // Nothing may send it: it stays failed and listed, and the caller sees why (503). After a
        // start past its deadline (WORKFLOW_TIMEOUT) the re-send may still run: any of its attempts
        // makes it pending again (OutboxRepository.resumeResend) and sends it once, marking it
        // sent. If an attempt already took the row, the re-send is running: the row is left to it.
        await this.outbox.failUnstartedResend(
          id,
          reopened.resends,
          row.lastError ?? 'failed',
          row.smtpCode,
          row.refused ?? [],
        );
        throw err;
      }
    }
    return view(reopened);
  }
}
