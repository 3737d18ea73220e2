import { InitialSchema1795667149780 } from './1795667149780-initial-schema';
import { LifecycleColumns1795668679179 } from './1795668679179-lifecycle-columns';
import { ApiAccounts1795669567312 } from './1795669567312-api-accounts';
import { CalendarYears1795670814875 } from './1795670814875-calendar-years';
import { PeriodReports1795671221844 } from './1795671221844-period-reports';
import { AgencyDigest1795673233623 } from './1795673233623-agency-digest';
import { Attachments1795760000000 } from './1795760000000-attachments';
import { VietnameseText1795810000000 } from './1795810000000-vietnamese-text';
import { AgencyLineage1795820000000 } from './1795820000000-agency-lineage';
import { AssignmentListIndexes1795830000000 } from './1795830000000-assignment-list-indexes';
import { OutboxLease1795840000000 } from './1795840000000-outbox-lease';
import { Decree09Windows1795855000000 } from './1795855000000-decree-09-windows';
import { RequestDuty1795860000000 } from './1795860000000-request-duty';
import { KeptEvidence1795861000000 } from './1795861000000-kept-evidence';
import { KeptExtensionsLetters1795862000000 } from './1795862000000-kept-extensions-letters';
import { BackfillSubmissions1795863000000 } from './1795863000000-backfill-submissions';
import { AgencyCodeFoldedSearch1795864000000 } from './1795864000000-agency-code-folded-search';

/** Every migration, in order. Committed migrations are never edited: add a new one. */
export const MIGRATIONS = [
  InitialSchema1795667149780,
  LifecycleColumns1795668679179,
  ApiAccounts1795669567312,
  CalendarYears1795670814875,
  PeriodReports1795671221844,
  AgencyDigest1795673233623,
  Attachments1795760000000,
  VietnameseText1795810000000,
  AgencyLineage1795820000000,
  AssignmentListIndexes1795830000000,
  OutboxLease1795840000000,
  Decree09Windows1795855000000,
  RequestDuty1795860000000,
  KeptEvidence1795861000000,
  KeptExtensionsLetters1795862000000,
  BackfillSubmissions1795863000000,
  AgencyCodeFoldedSearch1795864000000,
];
