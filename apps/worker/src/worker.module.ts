import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigModule, APP_CONFIG } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { MailSender } from '../../../libs/mail/src/mail-sender';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { AssignmentActivities } from './assignment.activities';
import { PeriodActivities } from './period.activities';
import { DigestActivities } from './digest.activities';
import { OutboxMailer } from './outbox-mailer';
import { ReportRequestActivities } from './report-request.activities';
import { ReorganisationActivities } from './reorganisation.activities';
import { BulkSignalActivities } from './bulk-signal.activities';
import { OutboxActivities } from './outbox.activities';
import { TemporalClientModule } from '../../../libs/temporal/src/temporal-client.module';

/** Application context of the worker: activities are providers with their dependencies injected. */
@Module({
  imports: [ConfigModule, PersistenceModule, TemporalClientModule],
  providers: [
    { provide: MailSender, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new MailSender(c.smtp) },
    OutboxMailer,
    AssignmentActivities,
    PeriodActivities,
    DigestActivities,
    ReportRequestActivities,
    ReorganisationActivities,
    BulkSignalActivities,
    OutboxActivities,
  ],
  exports: [
    AssignmentActivities,
    PeriodActivities,
    DigestActivities,
    ReportRequestActivities,
    ReorganisationActivities,
    BulkSignalActivities,
    OutboxActivities,
  ],
})
export class WorkerModule implements OnApplicationShutdown {
  constructor(@Inject(MailSender) private readonly mail: MailSender) {}

  onApplicationShutdown(): void {
    this.mail.close();
  }
}
