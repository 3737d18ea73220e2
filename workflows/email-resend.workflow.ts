import { proxyActivities } from '@temporalio/workflow';

/** The activity the worker provides for a re-send (apps/worker/src/outbox.activities.ts). */
export interface OutboxActivities {
  resendOutboxEmail(req: {
    outboxId: string;
    actor: string;
    resend?: number;
  }): Promise<{ outcome: 'sent' | 'already-sent' }>;
}

// A temporary failure retries with backoff until the outbox's retry budget runs
// out; then the activity fails the email again (non-retryable) and it is listed
// on the dashboard once more.
const { resendOutboxEmail } = proxyActivities<OutboxActivities>({
  startToCloseTimeout: '2 minutes',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 2,
    maximumInterval: '30 minutes',
    nonRetryableErrorTypes: ['PermanentMailFailure'],
  },
});

/**
 * An officer's re-send of one failed email (workflow id `email-resend:<outbox id>:<n>`, `resend`
 * n, absent from runs started before it was passed): the input goes to the activity unchanged.
 */
export async function emailResendWorkflow(req: {
  outboxId: string;
  actor: string;
  resend?: number;
}): Promise<{ outcome: 'sent' | 'already-sent' }> {
  return resendOutboxEmail(req);
}
