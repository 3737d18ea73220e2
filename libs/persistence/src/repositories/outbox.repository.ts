import type { DataSource, Repository } from 'typeorm';
import { EmailOutboxEntity } from '../entities';

export type NewOutboxMail = Pick<
  EmailOutboxEntity,
  'idempotencyKey' | 'messageId' | 'workflowId' | 'kind' | 'to' | 'cc' | 'subject' | 'textBody' | 'htmlBody'
>;

export class OutboxRepository {
  private readonly repo: Repository<EmailOutboxEntity>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(EmailOutboxEntity);
  }

  /** Inserts the mail unless its key exists, and returns the stored row either way. */
  async claim(mail: NewOutboxMail): Promise<EmailOutboxEntity> {
    await this.repo.createQueryBuilder().insert().into(EmailOutboxEntity).values(mail).orIgnore().execute();
    return this.repo.findOneOrFail({ where: { idempotencyKey: mail.idempotencyKey } });
  }

  async recordAttempt(id: string): Promise<void> {
    await this.repo.increment({ id }, 'attempts', 1);
  }

  async markSent(id: string): Promise<void> {
    await this.repo.update({ id }, { status: 'sent', sentAt: new Date(), lastError: null });
  }

  async markError(id: string, error: string, smtpCode: number | null, permanent: boolean): Promise<void> {
    await this.repo.update({ id }, { status: permanent ? 'failed' : 'pending', lastError: error, smtpCode });
  }

  findByWorkflowId(workflowId: string): Promise<EmailOutboxEntity[]> {
    return this.repo.find({ where: { workflowId }, order: { createdAt: 'ASC' } });
  }

  count(): Promise<number> {
    return this.repo.count();
  }
}
