import { Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, ConfigModule } from '../../../libs/config/src/config.module';
import type { AppConfig } from '../../../libs/config/src/config';
import { PersistenceModule } from '../../../libs/persistence/src/persistence.module';
import { TemporalClientModule } from '../../../libs/temporal/src/temporal-client.module';
import { AgenciesController } from './agencies/agencies.controller';
import { AgenciesService } from './agencies/agencies.service';
import { AgencyLinkController } from './agency-link.controller';
import { AssignmentsController } from './assignments/assignments.controller';
import { AssignmentsService } from './assignments/assignments.service';
import { StatisticsController } from './assignments/statistics.controller';
import { ReviewsController } from './assignments/reviews.controller';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { AuthService } from './auth/auth.service';
import { AuditInterceptor } from './common/audit.interceptor';
import { ErrorsFilter } from './common/errors.filter';
import { WorkflowDeadlines } from './common/workflow-deadlines';
import { RequestIdMiddleware } from './common/request-id.middleware';
import { NfcPipe, TextHygieneMiddleware } from './common/text-hygiene';
import { HealthController } from './health.controller';
import { PlansController } from './plans/plans.controller';
import { PeriodsController } from './periods/periods.controller';
import { CalendarController } from './periods/calendar.controller';
import { ReportRequestsController } from './report-requests/report-requests.controller';
import { OperationsController } from './operations/operations.controller';
import { AttachmentsController } from './assignments/attachments.controller';
import { WebApp, WebController } from './web-app';
import { EmailsController } from './emails/emails.controller';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule,
    TemporalClientModule,
    // Generous default; login and link endpoints set tighter limits of their own.
    // Sign-ins have a tighter limit of their own (the `login` throttler counts POST /auth/login only).
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [
        { name: 'default', ttl: 60_000, limit: config.limits.perMinute },
        {
          name: 'login',
          ttl: 60_000,
          limit: config.limits.loginPerMinute,
          skipIf: (context) => context.getHandler() !== AuthController.prototype.login,
        },
      ],
    }),
  ],
  controllers: [
    HealthController,
    AuthController,
    AssignmentsController,
    StatisticsController,
    ReviewsController,
    AgenciesController,
    PlansController,
    ReportRequestsController,
    PeriodsController,
    CalendarController,
    AgencyLinkController,
    AttachmentsController,
    OperationsController,
    EmailsController,
    WebController,
  ],
  providers: [
    AuthService,
    AssignmentsService,
    AgenciesService,
    WorkflowDeadlines,
    WebApp,
    { provide: APP_GUARD, useClass: ThrottlerGuard },
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ErrorsFilter },
    { provide: APP_INTERCEPTOR, useClass: AuditInterceptor },
    { provide: APP_PIPE, useClass: NfcPipe },
  ],
})
export class ApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware, TextHygieneMiddleware).forRoutes('*');
  }
}
