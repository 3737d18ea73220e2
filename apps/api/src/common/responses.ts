/**
 * The response shapes of the API, one registered schema per shape: each is
 * `components.schemas.<Name>` in the OpenAPI document (GET /api/docs-json) and a type in
 * apps/web/src/api-types.ts (`npm run generate:api-types`). A handler declares its shape
 * with `@ApiZodResponse(status, Shape)`, which also type-checks what the handler returns.
 * Dates are `YYYY-MM-DD` strings (Vietnam calendar dates); instants are ISO 8601 strings (UTC).
 */
import { z } from 'zod';
import { ASSIGNMENT_STATUSES, REPORTING_CATEGORIES, type ReportingCategory } from '../../../../libs/domain/src/status';
import { dutySpecSchema } from '../../../../libs/catalog/src/catalog.schema';
import { COMPARED_AGENCY_FIELDS, type AgencyImportPlan } from '../../../../libs/registry/src/agency-import-plan';
import type { AgencyCsvFormat, ReadAgencyFile, RegistryEncoding } from '../../../../libs/registry/src/agency-csv';
import type { OperationProgress as OperationProgressType } from '../../../../workflows/operation.messages';
import type { PeriodOpenProgress as PeriodOpenProgressType } from '../../../../workflows/period-open.messages';
import type { PeriodCloseResult as PeriodCloseResultType } from '../../../../workflows/period-close.messages';
import type { ReorganisationResult as ReorganisationResultType } from '../../../../workflows/reorganisation.messages';
import { responseSchema } from './openapi';

/**
 * Compile-time proof that a response schema and the one TypeScript definition of the same
 * concept agree (each assignable to the other): `agree<z.output<typeof X>, X>(true)`.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function agree<A, B>(proof: Same<A, B>): void {
  void proof;
}

const instant = z.string().describe('An instant, ISO 8601 (UTC)');
const date = z.string().describe('A date YYYY-MM-DD (Vietnam)');
const status = z.enum(ASSIGNMENT_STATUSES);
const category = z.enum(REPORTING_CATEGORIES);
const tally = (n = z.number().int()) =>
  z.object({ 'open-on-time': n, 'open-overdue': n, 'done-on-time': n, 'done-late': n } satisfies Record<
    ReportingCategory,
    z.ZodNumber
  >);
/** Assignments per reporting category. */
const counts = tally();
const role = z.enum(['admin', 'officer', 'viewer', 'agency']);

/** A text in Vietnamese and English. */
export const Bilingual = responseSchema('Bilingual', z.object({ vi: z.string(), en: z.string() }));

/** A page of a list: `items` of `page` (1-based) of `pageSize`, out of `total`. */
function page<T extends z.ZodType>(item: T) {
  return z.object({
    page: z.number().int(),
    pageSize: z.number().int(),
    total: z.number().int(),
    items: z.array(item),
  });
}

/** What a 202 adds: the operation's id and its progress link (GET /api/v1/operations/{id}). */
const started = { operationId: z.string(), progress: z.string() };

// Health and auth

export const Health = responseSchema('Health', z.object({ status: z.literal('ok') }));
export const Readiness = responseSchema(
  'Readiness',
  z.object({
    status: z.literal('ready'),
    postgres: z.literal('ok'),
    temporal: z.literal('ok'),
    worker: z.literal('ok'),
  }),
);
export const AccessToken = responseSchema(
  'AccessToken',
  z.object({ accessToken: z.string(), expiresIn: z.number().int().describe('seconds'), role }),
);
export const Me = responseSchema(
  'Me',
  z.union([
    z.object({ kind: z.literal('link'), agencyCode: z.string() }),
    z.object({ kind: z.literal('user'), email: z.string(), role, agencyCode: z.string().nullable() }),
  ]),
);
export const UserView = responseSchema(
  'UserView',
  z.object({ id: z.string(), email: z.string(), displayName: z.string(), role, active: z.boolean() }),
);
export const UserPage = responseSchema('UserPage', page(UserView));
export const CreatedUser = responseSchema('CreatedUser', z.object({ id: z.string(), email: z.string(), role }));

// Assignments

export const EvidenceField = responseSchema(
  'EvidenceField',
  z.object({
    key: z.string(),
    label: Bilingual,
    type: z.enum(['number', 'text', 'url', 'attachment', 'date']),
    required: z.boolean(),
    /** For numbers: the target (chỉ tiêu); a lower value is a shortfall. */
    min: z.number().optional(),
    /** For numbers: what is counted, e.g. `{ vi: 'chương trình', en: 'programmes' }` (the plan catalog's). */
    unit: Bilingual.optional(),
  }),
);
export const Shortfall = responseSchema(
  'Shortfall',
  z.object({ key: z.string(), label: Bilingual, target: z.number(), actual: z.number() }),
);
export const AssignmentRow = responseSchema(
  'AssignmentRow',
  z.object({
    id: z.string(),
    workflowId: z.string(),
    periodKey: z.string(),
    status,
    category,
    dueDate: date,
    originalDueDate: date,
    escalationLevel: z.number().int(),
    remindersSent: z.number().int(),
    hasShortfall: z.boolean(),
    submittedAt: instant.nullable(),
    completedAt: instant.nullable(),
    updatedAt: instant,
    agency: z.object({ code: z.string(), name: z.string(), kind: z.string() }),
    duty: z.object({
      code: z.string(),
      clause: z.string(),
      titleVi: z.string(),
      titleEn: z.string(),
      binding: z.boolean(),
      planCode: z.string(),
    }),
  }),
);
/**
 * A page of the assignment list. `total` is present only when counted (`count=true`; by default
 * for `page`, not for `after`); `nextCursor` is the `after` of the following page, null on the last.
 */
export const AssignmentPage = responseSchema(
  'AssignmentPage',
  page(AssignmentRow).extend({ total: z.number().int().optional(), nextCursor: z.string().nullable() }),
);
export const Submission = responseSchema(
  'Submission',
  z.object({
    submissionId: z.string(),
    at: instant,
    actor: z.string(),
    values: z.record(z.string(), z.union([z.number(), z.string()])),
    links: z.array(z.string()).optional(),
    attachments: z
      .array(z.object({ id: z.string(), name: z.string(), sizeBytes: z.number().int().optional() }))
      .optional(),
    note: z.string().optional(),
    shortfalls: z.array(Shortfall),
  }),
);
export const Extension = responseSchema(
  'Extension',
  z.object({
    requestId: z.string(),
    actor: z.string(),
    at: instant,
    newDueDate: date,
    reason: z.string(),
    decision: z
      .object({
        approve: z.boolean(),
        actor: z.string(),
        at: instant,
        newDueDate: date.nullable(),
        note: z.string().nullable(),
      })
      .optional(),
  }),
);
/** The assignment's state a transition records (before and after it). */
const transitionState = z.object({
  status,
  category,
  dueDate: date,
  escalationLevel: z.number().int(),
});
/** Who the relay refused by name (RCPT TO): the SMTP reply code and its answer. */
const refusedRecipient = z.object({ address: z.string(), smtpCode: z.number().int().nullable(), error: z.string() });
/** The email's kind (e.g. `reminder`, `overdue-notice`, `escalation-ict`, `report-arrived`). */
const emailKind = z.string();
/** A resent email (apps/worker/src/outbox.activities.ts): the outbox row and how many times it was resent. */
const resent = { outboxId: z.string().optional(), resend: z.number().int().optional() };
/**
 * What the timeline events that are not transitions record after them, by event type, as their
 * writers write them (apps/worker/src/assignment.activities.ts, outbox.activities.ts,
 * apps/api/src/assignments/assignments.service.ts); each records nothing before it (null):
 * - `record-rejected`: the event the database refused to record, the state version, `sqlState` and `error`;
 * - `attachment-refused`: the attachment id cited, whether it exists, why it was refused;
 * - `email-sent`: the email's `kind`, recipients and Message-ID (a resend adds its outbox id and number);
 * - `email-failed`: the `kind`, the relay's `smtpCode` and `error`, the recipients it refused by name
 *   (the first sending adds `to`, `cc` and, once failed in the outbox, `outboxId`; a resend its outbox id and number);
 * - `email-undeliverable`: the `kind` and one refused `address` with the relay's `smtpCode` and `error`;
 * - `email-no-contact` (the agency has no address), `email-deferred-to-digest` (told in the daily digest): the `kind`.
 */
const OTHER_EVENTS = {
  'record-rejected': z.object({
    event: z.string(),
    version: z.number().int(),
    sqlState: z.string().nullable(),
    error: z.string(),
  }),
  'attachment-refused': z.object({ attachmentId: z.string(), exists: z.boolean(), reason: z.string() }),
  'email-sent': z.object({
    kind: emailKind,
    to: z.array(z.string()),
    cc: z.array(z.string()),
    messageId: z.string(),
    ...resent,
  }),
  'email-failed': z.object({
    kind: emailKind,
    smtpCode: z.number().int().nullable(),
    error: z.string(),
    refused: z.array(refusedRecipient),
    to: z.array(z.string()).optional(),
    cc: z.array(z.string()).optional(),
    ...resent,
  }),
  'email-undeliverable': z.object({
    kind: emailKind,
    address: z.string(),
    smtpCode: z.number().int().nullable(),
    error: z.string(),
  }),
  'email-no-contact': z.object({ kind: emailKind }),
  'email-deferred-to-digest': z.object({ kind: emailKind }),
} as const;
/** The timeline's event types that are not transitions of the assignment (each has its own `after`). */
export const NON_TRANSITION_EVENTS = Object.keys(OTHER_EVENTS) as Array<keyof typeof OTHER_EVENTS>;
const otherEventTypes: readonly string[] = NON_TRANSITION_EVENTS;
/**
 * One event of an assignment's timeline, keyed by its `type` (OpenAPI `oneOf`: each variant's
 * `type` admits only its own values, so an event is checked against exactly its shape):
 * - a transition (`assigned`, `submitted`, `accepted`, `returned`, `reminded`, `escalated`, …, any
 *   type not listed below; the workflow names them): `before` is the assignment's state before it
 *   (without `escalationLevel` in events of the first workflow version), `after` the state after it
 *   and the person's `note`, with `storedAfterRejection` when the database refused the first write;
 * - each type of {@link NON_TRANSITION_EVENTS}: `before` null, `after` as described there.
 */
export const TimelineEvent = responseSchema(
  'TimelineEvent',
  z.xor([
    z.object({
      at: instant,
      type: z
        .string()
        .refine((t) => !otherEventTypes.includes(t), "a transition has none of the other events' types")
        .meta({ not: { enum: [...otherEventTypes] } }),
      actor: z.string(),
      before: transitionState.extend({ escalationLevel: z.number().int().optional() }).nullable(),
      after: transitionState.extend({
        note: z.string().nullable(),
        storedAfterRejection: z.object({ sqlState: z.string().nullable(), error: z.string() }).optional(),
      }),
    }),
    ...Object.entries(OTHER_EVENTS).map(([type, after]) =>
      z.object({ at: instant, type: z.literal(type), actor: z.string(), before: z.null(), after }),
    ),
  ]),
);
export const AssignmentDetail = responseSchema(
  'AssignmentDetail',
  AssignmentRow.extend({
    /** The day off the deadline in force was moved from (next working day rule); null when not moved. */
    deadlineMovedFrom: date.nullable().optional(),
    evidence: z.array(EvidenceField),
    /** null when the workflow did not answer (closed assignments: see the timeline). */
    submissions: z.array(Submission).nullable(),
    extensions: z.array(Extension).nullable(),
    urgingLetters: z
      .array(z.object({ level: z.number().int(), number: z.string(), at: instant.optional() }))
      .nullable(),
    /** Whether "escalate now" is offered (the agency's turn, past the deadline, a level left); else why not. */
    canEscalate: z.boolean(),
    escalationRefusal: Bilingual.optional(),
    /** Every event, oldest first, each in the shape of its type. */
    timeline: z.array(TimelineEvent),
  }),
);
/** A report awaiting review ("Chờ duyệt"), as `GET /api/v1/reviews` lists it. */
export const ReviewRow = responseSchema(
  'ReviewRow',
  AssignmentRow.extend({
    /** Working days since the report arrived (working calendar with the year's decisions). */
    workingDaysWaiting: z.number().int(),
    /** Waiting longer than `flagAfterWorkingDays` working days. */
    flagged: z.boolean(),
  }),
);
export const ReviewQueue = responseSchema(
  'ReviewQueue',
  page(ReviewRow).extend({ flagAfterWorkingDays: z.number().int().describe('working days') }),
);
export const AssignmentSummary = responseSchema(
  'AssignmentSummary',
  z.object({ status, category, dueDate: date, originalDueDate: date, escalationLevel: z.number().int() }),
);
export const SubmitResult = responseSchema(
  'SubmitResult',
  z.object({
    submissionId: z.string(),
    status,
    category,
    shortfalls: z.array(Shortfall),
    duplicate: z.boolean().describe('true when this submission id had been received before (nothing changed)'),
  }),
);
export const SignalAccepted = responseSchema('SignalAccepted', z.object({ accepted: z.literal(true) }));
export const BulkProdPreview = responseSchema(
  'BulkProdPreview',
  z.object({
    confirmed: z.literal(false),
    count: z.number().int(),
    preview: z.array(z.object({ id: z.string(), agency: z.string(), duty: z.string(), dueDate: date, category })),
  }),
);
export const BulkProdStarted = responseSchema(
  'BulkProdStarted',
  z.object({ confirmed: z.literal(true), count: z.number().int(), ...started }),
);
export const Attachment = responseSchema(
  'Attachment',
  z.object({
    id: z.string(),
    name: z.string(),
    sizeBytes: z.number().int(),
    contentType: z.string(),
    sha256: z.string(),
  }),
);

const categoryTally = z.object({
  counts,
  total: z.number().int(),
  /** done-on-time + done-late. */
  done: z.number().int(),
  /** done / total (0 to 1), 0 when total is 0. */
  complianceRate: z.number(),
  /** done-on-time / total (0 to 1), 0 when total is 0. */
  onTimeRate: z.number(),
});
const lifted = z.object({ waived: z.number().int(), cancelled: z.number().int() });
/** A category tally with how many of its open ones await review. */
const reviewedTally = categoryTally.extend({ awaitingReview: z.number().int() });
export const Statistics = responseSchema(
  'Statistics',
  z.object({
    groupBy: z.enum(['agency', 'agencyKind', 'duty', 'period']),
    period: z.string().nullable(),
    categories: z.array(z.object({ category, label: Bilingual })),
    /** Binding ("giao") assignments per category: the signed figures; requested ones are under `requested`. */
    totals: counts,
    /** Sum of `totals`, the total the rates are computed on. */
    total: z.number().int(),
    /** done-on-time + done-late, binding assignments. */
    done: z.number().int(),
    /** done / total (0 to 1), 0 when total is 0. */
    complianceRate: z.number(),
    /** done-on-time / total (0 to 1), 0 when total is 0. */
    onTimeRate: z.number(),
    awaitingReview: z.number().int(),
    /** Requested ("đề nghị") assignments, ad-hoc requests to requested bodies included: in no rate. */
    requested: reviewedTally,
    /** Waived and cancelled assignments of both kinds: in no total. */
    lifted,
    groups: z.array(
      reviewedTally.extend({
        key: z.string(),
        label: z.string(),
        labelEn: z.string(),
        requested: reviewedTally,
        lifted,
      }),
    ),
  }),
);

// Agencies

export const Agency = responseSchema(
  'Agency',
  z.object({
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    subtype: z.string().nullable(),
    parentCode: z.string().nullable(),
    successorCode: z.string().nullable(),
    validFrom: date.nullable(),
    validTo: date.nullable(),
    active: z.boolean(),
    focalEmail: z.string().nullable(),
    headEmail: z.string().nullable(),
    formedFrom: z.array(z.string()),
    undeliverableEmails: z.array(z.string()),
    /** Per flagged address: the mail server's code and answer, and when it refused. */
    undeliverable: z.array(
      z.object({
        address: z.string(),
        smtpCode: z.number().int().nullable(),
        reason: z.string().nullable(),
        at: instant.nullable(),
      }),
    ),
    prefersDigest: z.boolean(),
  }),
);
export const AgencyPage = responseSchema('AgencyPage', page(Agency));
/** An agency with the agencies whose parent it is (`parentCode`), nested to any depth. */
export const AgencyNode = responseSchema(
  'AgencyNode',
  Agency.extend({
    get children(): z.ZodArray<typeof AgencyNode> {
      return z.array(AgencyNode);
    },
  }),
);
/** The registry by agency kind: the agencies without a parent, each with its children nested. */
export const AgencyTree = responseSchema(
  'AgencyTree',
  z.array(z.object({ kind: z.string(), agencies: z.array(AgencyNode) })),
);
export const ReorganisationStarted = responseSchema(
  'ReorganisationStarted',
  z.object({ type: z.enum(['merge', 'split']), effectiveDate: date, from: z.array(z.string()), ...started }),
);
export const IctDepartment = responseSchema(
  'IctDepartment',
  z.object({ code: z.string(), name: z.string(), asOf: date }),
);
const settlement = z.object({
  decision: z.enum(['confirmed', 'disputed']),
  note: z.string(),
  by: z.string(),
  at: instant,
});
export const LineageQuestion = responseSchema(
  'LineageQuestion',
  z.object({
    code: z.string(),
    name: z.string(),
    kind: z.string(),
    validFrom: date.nullable(),
    validTo: date.nullable(),
    successorCode: z.string().nullable(),
    status: z.string(),
    question: Bilingual.nullable(),
    source: Bilingual.nullable(),
    settlement: settlement.nullable(),
  }),
);
export const LineageQuestions = responseSchema('LineageQuestions', z.array(LineageQuestion));
export const LineageSettled = responseSchema(
  'LineageSettled',
  z.object({ code: z.string(), status: z.enum(['confirmed', 'disputed']), settlement }),
);
/** A registry field's value as the import compares it: text, a date YYYY-MM-DD, a list of names, or empty. */
const registryValue = z.union([z.string(), z.array(z.string())]).nullable();
const AGENCY_CSV_FORMATS = [
  'canonical',
  'communes',
  'districts',
  'provincial-bodies',
] as const satisfies readonly AgencyCsvFormat[];
const REGISTRY_ENCODINGS = [
  'utf-8',
  'utf-8-bom',
  'windows-1258',
  'xlsx',
] as const satisfies readonly RegistryEncoding[];
const registryChange = z.object({
  code: z.string(),
  name: z.string(),
  /** The file's line (or sheet row) of the agency. */
  line: z.number().int(),
  fields: z.array(z.object({ field: z.enum(COMPARED_AGENCY_FIELDS), before: registryValue, after: registryValue })),
});
/**
 * A registry import (`POST /api/v1/agencies/import`): without `confirm` the preview (`applied: false`,
 * nothing written), with it what was written (`applied: true`, the same figures). How the file was read
 * (`format`, `encoding`, `separator`: null for XLSX, `notes` in both languages), its `rows`, the
 * agencies `created`, `changed` (field by field) and `retired` (given a validity end date), and how many
 * rows changed nothing. `sha256` (hex) is what `confirm` must repeat.
 */
export const RegistryImport = responseSchema(
  'RegistryImport',
  z.object({
    applied: z.boolean(),
    fileName: z.string(),
    sha256: z.string(),
    format: z.enum(AGENCY_CSV_FORMATS),
    encoding: z.enum(REGISTRY_ENCODINGS),
    separator: z.enum([',', ';', '\t']).nullable(),
    notes: z.array(Bilingual),
    rows: z.number().int(),
    created: z.array(z.object({ code: z.string(), name: z.string(), line: z.number().int() })),
    changed: z.array(registryChange),
    retired: z.array(z.object({ code: z.string(), name: z.string(), line: z.number().int(), validTo: date })),
    unchanged: z.number().int(),
  }),
);
agree<
  Omit<z.output<typeof RegistryImport>, 'applied' | 'fileName' | 'sha256' | 'rows'>,
  Pick<ReadAgencyFile, 'format' | 'encoding' | 'separator' | 'notes'> & Omit<AgencyImportPlan, 'errors'>
>(true);
export const AgencyDeactivated = responseSchema(
  'AgencyDeactivated',
  z.object({ code: z.string(), active: z.literal(false) }),
);
export const LinksRevoked = responseSchema(
  'LinksRevoked',
  z.object({ code: z.string(), linkGeneration: z.number().int() }),
);

// Plans

export const PlanRow = responseSchema(
  'PlanRow',
  z.object({ code: z.string(), title: Bilingual, catalogVersion: z.string(), importedAt: instant }),
);
export const PlanPage = responseSchema('PlanPage', page(PlanRow));
export const PlanDetail = responseSchema(
  'PlanDetail',
  z.object({
    code: z.string(),
    title: Bilingual,
    catalogVersion: z.string(),
    asOf: date,
    duties: z.array(
      z.object({
        code: z.string(),
        clause: z.string(),
        binding: z.boolean(),
        recurrence: z.string(),
        /** The duty as the plan catalog gives it (libs/catalog/src/catalog.schema.ts, the one definition). */
        spec: dutySpecSchema,
        /** How many agencies in force owe the duty today (listed in `addressees`). */
        addresseesToday: z.number().int(),
        noAddresseeReason: Bilingual.nullable(),
        addressees: z.array(z.object({ code: z.string(), name: z.string(), route: z.string() })),
        reachNotes: z.array(Bilingual),
      }),
    ),
  }),
);
export const PlanImport = responseSchema(
  'PlanImport',
  z.object({
    planCode: z.string(),
    unchanged: z.boolean().describe('true when the same file had been imported already: nothing changed'),
    created: z.number().int(),
    updated: z.number().int(),
    deactivated: z.number().int(),
  }),
);

// Report requests

export const ReportRequestStarted = responseSchema(
  'ReportRequestStarted',
  z.object({
    id: z.string(),
    key: z.string(),
    title: z.string(),
    dueDate: date,
    /** The on-demand duty the request is filed under. */
    dutyCode: z.string(),
    agencies: z.number().int(),
    /** When the date asked for was a day off: that date (the deadline moved to the next working day) and why, in words. */
    deadlineMovedFrom: date.optional(),
    deadlineMovedMessage: Bilingual.nullable().optional(),
    ...started,
  }),
);
export const ReportRequestRow = responseSchema(
  'ReportRequestRow',
  z.object({
    id: z.string(),
    key: z.string(),
    title: z.string(),
    dueDate: date,
    /** The duty the request was filed under; clause and title null only if no plan knows the code any more. */
    duty: z.object({ code: z.string(), clause: z.string().nullable(), title: Bilingual.nullable() }),
    agencies: z.number().int(),
    createdAt: instant,
  }),
);
export const ReportRequestPage = responseSchema('ReportRequestPage', page(ReportRequestRow));
export const ReportRequestDetail = responseSchema(
  'ReportRequestDetail',
  z.object({
    id: z.string(),
    key: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    dueDate: date,
    /** The on-demand duty the request is filed under. */
    dutyCode: z.string(),
    fields: z.array(EvidenceField),
    agencyCodes: z.array(z.string()),
    createdBy: z.string(),
    createdAt: instant,
    progress: z.object({
      total: z.number().int(),
      byCategory: counts,
      awaitingReview: z.number().int(),
      lifted,
    }),
    /** The fan-out operation's progress link. */
    fanOut: z.string(),
  }),
);

// Periods, schedules, calendar

const periodKind = z.enum(['month', 'quarter', 'half', 'year']);
export const Schedule = responseSchema(
  'Schedule',
  z.object({
    id: z.string(),
    paused: z.boolean(),
    note: z.string().nullable(),
    nextRuns: z.array(instant),
    recentRuns: z.array(z.object({ scheduledAt: instant, workflowId: z.string() })),
  }),
);
export const Schedules = responseSchema(
  'Schedules',
  z.object({
    items: z.array(
      z.object({
        planCode: z.string(),
        kind: periodKind,
        exists: z.boolean(),
        id: z.string().optional(),
        paused: z.boolean().optional(),
        note: z.string().nullable().optional(),
        nextRuns: z.array(instant).optional(),
        recentRuns: z.array(z.object({ scheduledAt: instant, workflowId: z.string() })).optional(),
      }),
    ),
  }),
);
export const ScheduleOrNull = responseSchema('ScheduleOrNull', Schedule.nullable());
export const PeriodOpenStarted = responseSchema(
  'PeriodOpenStarted',
  z.object({ workflowId: z.string(), progress: z.string() }),
);
/** A catalog deadline a period opening moved off a day off (Civil Code 2015, art. 148(5)). */
const movedDeadline = z.object({
  dutyCode: z.string(),
  dutyTitle: Bilingual,
  from: date.describe('The date the catalog rule gave: a day off (YYYY-MM-DD, Vietnam)'),
  to: date.describe('The deadline in force: the next working day (YYYY-MM-DD, Vietnam)'),
  reason: Bilingual,
});
/**
 * A period opening's counts: assignments to open on `onDate`, done, started, already running, the runs
 * (continue-as-new), and the deadlines it moved off days off.
 */
const periodOpenCounts = z.object({
  onDate: date,
  total: z.number().int(),
  done: z.number().int(),
  started: z.number().int(),
  alreadyRunning: z.number().int(),
  runs: z.number().int(),
  /** The catalog deadlines it moved to the next working day; absent for openings started before it was listed. */
  movedDeadlines: z.array(movedDeadline).optional(),
});
/** A period opening's workflow, its status and its counts (`GET /api/v1/periods/open/...`). */
export const PeriodOpenProgress = responseSchema(
  'PeriodOpenProgress',
  periodOpenCounts.extend({ workflowId: z.string(), status: z.string() }),
);
export const PeriodCloseStarted = responseSchema(
  'PeriodCloseStarted',
  z.object({ workflowId: z.string(), planCode: z.string(), periodKey: z.string(), ...started }),
);
/** What a stored period report keeps of its summary (reports stored before a field existed lack it). */
export const PeriodReportSummary = responseSchema(
  'PeriodReportSummary',
  z.object({
    /** Assigned (binding) duties: the official totals and rates. */
    totals: categoryTally.optional(),
    /** Requested duties, reported apart and excluded from the rates. */
    requested: categoryTally.optional(),
    agencyCount: z.number().int().optional(),
    asOf: date.optional(),
  }),
);
export const PeriodReport = responseSchema(
  'PeriodReport',
  z.object({
    id: z.string(),
    planCode: z.string(),
    periodKey: z.string(),
    version: z.number().int(),
    createdAt: instant,
    summary: PeriodReportSummary,
    downloads: z.object({ xlsx: z.string(), docx: z.string() }),
  }),
);
export const PeriodReportPage = responseSchema('PeriodReportPage', page(PeriodReport));
const calendarAdjustment = z.object({
  date,
  type: z.enum(['dayOff', 'workingDay']),
  name: Bilingual,
});
export const CalendarYear = responseSchema(
  'CalendarYear',
  z.object({
    year: z.number().int(),
    holidays: z.array(
      z.object({
        date,
        name: Bilingual,
        kind: z.enum(['fixed', 'lunar', 'compensatory']),
        compensates: date.optional(),
        /** True when the day is an estimate while the Government's decision for the year is not recorded. */
        estimate: z.boolean(),
      }),
    ),
    workingDays: z.number().int().describe('Working days of state agencies in the year'),
    adjustments: z.array(calendarAdjustment),
    source: z.string().nullable(),
    note: z.string().nullable(),
    /** Whether the Government's decisions for the year (Tết, swapped days, National Day) are recorded. */
    decisionsRecorded: z.boolean(),
    /** When they are not: a warning that the Tết and 2 September days are estimates. */
    warning: Bilingual.nullable(),
  }),
);
export const CalendarChangeStarted = responseSchema('CalendarChangeStarted', CalendarYear.extend({ ...started }));
const levelDeadlines = z.object({
  commune: date,
  district: date,
  department: date,
  ictDepartment: date,
  ppc: date,
});
export const ReportingPeriods = responseSchema(
  'ReportingPeriods',
  z.array(
    z.object({
      key: z.string(),
      kind: periodKind,
      start: date,
      end: date,
      closingDate: date,
      deadlines: levelDeadlines,
    }),
  ),
);

// Operations and emails

/**
 * The counts every fan-out operation reports while it runs and returns when done (report-request
 * fan-outs, bulk prods and calendar changes, reorganisations): targets in total, handled, acted on,
 * already done by an earlier attempt, failed, and the first failures (at most 50) with their reason.
 */
export const OperationProgress = responseSchema(
  'OperationProgress',
  z.object({
    /** A step name such as "assigning" or "moving", then "done". */
    phase: z.string(),
    total: z.number().int(),
    done: z.number().int(),
    succeeded: z.number().int(),
    alreadyDone: z.number().int(),
    failed: z.number().int(),
    failures: z.array(z.object({ target: z.string(), reason: z.string() })),
  }),
);
agree<z.output<typeof OperationProgress>, OperationProgressType>(true);
export const PeriodOpenCounts = responseSchema('PeriodOpenCounts', periodOpenCounts);
agree<z.output<typeof PeriodOpenCounts>, PeriodOpenProgressType>(true);
/** A reorganisation's result: its counts, the registry change (retired and successor codes, the bilingual reason), and each assignment moved. */
export const ReorganisationResult = responseSchema(
  'ReorganisationResult',
  OperationProgress.extend({
    type: z.enum(['merge', 'split']),
    effectiveDate: date,
    retired: z.array(z.string()),
    successors: z.array(z.string()),
    reason: z.string(),
    moved: z.array(z.object({ from: z.string(), to: z.string(), duty: z.string(), period: z.string() })),
  }),
);
agree<z.output<typeof ReorganisationResult>, ReorganisationResultType>(true);
/**
 * A period close's result: the stored report (`reportId`, `version`), the binding assignments counted
 * (`total`, `counts` per reporting category), the requested ones apart (absent from closes completed
 * before they were split out) and the addresses the report was emailed to.
 */
export const PeriodCloseResult = responseSchema(
  'PeriodCloseResult',
  z.object({
    reportId: z.string(),
    version: z.number().int(),
    total: z.number().int(),
    counts,
    requested: z.object({ total: z.number().int(), counts }).optional(),
    emailedTo: z.array(z.string()),
  }),
);
agree<z.output<typeof PeriodCloseResult>, PeriodCloseResultType>(true);

/** What every operation answers, whatever its kind. */
const operationBase = {
  id: z.string(),
  status: z.string().describe('running, completed, failed (then `error` says why), cancelled, terminated or timed-out'),
  startedAt: instant,
  closedAt: instant.nullable(),
  /** Why it failed (the innermost cause), null unless failed. */
  error: z.string().nullable(),
};
/** One kind of operation: `progress` while running (null when no worker answered in time) and once done; `result` once completed. */
function operationOf<T extends string, P extends z.ZodType, R extends z.ZodType>(type: T, progress: P, result: R) {
  return z.object({ ...operationBase, type: z.literal(type), progress, result: result.nullable() });
}
/**
 * A long-running operation (`GET /api/v1/operations/{id}`), by `type` (the workflow type):
 * report-request fan-outs and bulk signals (prods, calendar changes) report and return
 * `OperationProgress`; a reorganisation reports `OperationProgress` and returns `ReorganisationResult`;
 * a period opening reports and returns `PeriodOpenCounts`; a period close reports nothing and returns
 * `PeriodCloseResult`.
 */
export const Operation = responseSchema(
  'Operation',
  z.discriminatedUnion('type', [
    operationOf('reportRequestWorkflow', OperationProgress.nullable(), OperationProgress),
    operationOf('bulkSignalWorkflow', OperationProgress.nullable(), OperationProgress),
    operationOf('agencyReorganisationWorkflow', OperationProgress.nullable(), ReorganisationResult),
    operationOf('periodOpenWorkflow', PeriodOpenCounts.nullable(), PeriodOpenCounts),
    operationOf('periodCloseWorkflow', z.null(), PeriodCloseResult),
  ]),
);
/** Why an email failed (`failureCause` in apps/api/src/emails/emails.controller.ts). */
export const FAILURE_CAUSES = [
  'recipients-refused',
  'message-refused',
  'maybe-delivered',
  'retries-exhausted',
  'other',
] as const;
export const Email = responseSchema(
  'Email',
  z.object({
    id: z.string(),
    kind: z.string(),
    workflowId: z.string().nullable(),
    to: z.array(z.string()),
    cc: z.array(z.string()),
    subject: z.string(),
    status: z.string(),
    attempts: z.number().int(),
    smtpCode: z.number().int().nullable(),
    error: z.string().nullable(),
    /** Recipients the relay refused by name (RCPT TO), each with its SMTP reply code and answer. */
    refused: z.array(z.object({ address: z.string(), smtpCode: z.number().int().nullable(), error: z.string() })),
    /**
     * Why it failed, for the dashboard to say in words: recipients refused by name, the message itself
     * refused (5xx), cut off after the data reached the relay (it may have arrived), retries exhausted, other.
     */
    cause: z.enum(FAILURE_CAUSES),
    messageId: z.string().nullable(),
    createdAt: instant,
    failedAt: instant.nullable(),
    sentAt: instant.nullable(),
    resends: z.number().int(),
    resendable: z.boolean(),
  }),
);
export const FailedEmails = responseSchema(
  'FailedEmails',
  z.object({ total: z.number().int(), items: z.array(Email) }),
);

// Errors

/**
 * Every refusal and error (4xx, 5xx) of every endpoint, as apps/api/src/common/errors.filter.ts
 * writes it: a code, the message in both languages (Vietnamese first), the same as `text`,
 * details (validation issues by field, the reason of a conflict, what is unavailable) and the
 * request's id for the logs. Never a stack trace.
 */
export const ApiErrorBody = responseSchema(
  'ApiErrorBody',
  z.object({
    code: z
      .string()
      .describe('e.g. VALIDATION_ERROR, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, NOT_READY, WORKFLOW_TIMEOUT'),
    message: z.string().describe('"<vi> / <en>"'),
    text: Bilingual,
    details: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown())]),
    requestId: z.string().optional(),
  }),
);
