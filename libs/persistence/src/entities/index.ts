import { AgencyEntity } from './agency.entity';
import { AssignmentEntity } from './assignment.entity';
import { AuditEventEntity } from './audit-event.entity';
import { DutyEntity } from './duty.entity';
import { EmailOutboxEntity } from './email-outbox.entity';
export type { OutboxStatus, RefusedRecipientRecord } from './email-outbox.entity';
import { PlanEntity } from './plan.entity';
import { UrgingLetterEntity } from './urging-letter.entity';
import { UserEntity } from './user.entity';
import { ReportRequestEntity } from './report-request.entity';
import { CalendarYearEntity } from './calendar-year.entity';
import { PeriodReportEntity } from './period-report.entity';
import { AttachmentEntity } from './attachment.entity';
import { SubmissionEntity } from './submission.entity';

export {
  AgencyEntity,
  AssignmentEntity,
  AuditEventEntity,
  DutyEntity,
  EmailOutboxEntity,
  PlanEntity,
  UrgingLetterEntity,
  UserEntity,
  ReportRequestEntity,
  CalendarYearEntity,
  PeriodReportEntity,
  AttachmentEntity,
  SubmissionEntity,
};

export const ENTITIES = [
  AgencyEntity,
  PlanEntity,
  DutyEntity,
  AssignmentEntity,
  AuditEventEntity,
  EmailOutboxEntity,
  UrgingLetterEntity,
  UserEntity,
  ReportRequestEntity,
  CalendarYearEntity,
  PeriodReportEntity,
  AttachmentEntity,
  SubmissionEntity,
];
export { ROLES, type Role } from './user.entity';
