import { AgencyEntity } from './agency.entity';
import { AssignmentEntity } from './assignment.entity';
import { AuditEventEntity } from './audit-event.entity';
import { DutyEntity } from './duty.entity';
import { EmailOutboxEntity } from './email-outbox.entity';
import { PlanEntity } from './plan.entity';
import { UrgingLetterEntity } from './urging-letter.entity';

export {
  AgencyEntity,
  AssignmentEntity,
  AuditEventEntity,
  DutyEntity,
  EmailOutboxEntity,
  PlanEntity,
  UrgingLetterEntity,
};

export const ENTITIES = [
  AgencyEntity,
  PlanEntity,
  DutyEntity,
  AssignmentEntity,
  AuditEventEntity,
  EmailOutboxEntity,
  UrgingLetterEntity,
];
