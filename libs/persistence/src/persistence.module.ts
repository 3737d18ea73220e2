import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../../config/src/config.module';
import type { AppConfig } from '../../config/src/config';
import { createDataSource } from './data-source';
import {
  AgencyRepository,
  AssignmentRepository,
  CatalogRepository,
  OutboxRepository,
  ReportRequestRepository,
  UserRepository,
  CalendarRepository,
  PeriodReportRepository,
  AttachmentRepository,
} from './repositories';

const repositories = [
  AgencyRepository,
  CatalogRepository,
  AssignmentRepository,
  OutboxRepository,
  UserRepository,
  ReportRequestRepository,
  CalendarRepository,
  PeriodReportRepository,
  AttachmentRepository,
];

/** The DataSource and the repositories; only repositories touch TypeORM. */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<DataSource> =>
        createDataSource(config.database.url, config.database.timeouts).initialize(),
    },
    ...repositories.map((Repo) => ({
      provide: Repo,
      inject: [DataSource],
      useFactory: (ds: DataSource) => new Repo(ds),
    })),
  ],
  exports: [DataSource, ...repositories],
})
export class PersistenceModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
    }
  }
}
