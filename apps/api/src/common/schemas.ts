import { z } from 'zod';
import { isLocalDate, isSupportedLocalDate, SUPPORTED_YEARS } from '../../../../libs/domain/src/local-date';
import { ASSIGNMENT_STATUSES, REPORTING_CATEGORIES } from '../../../../libs/domain/src/status';
import { AGENCY_KINDS } from '../../../../libs/domain/src/agency';
import { isRecoveredSubmission, RECOVERED_SUBMISSION_PREFIX } from '../../../../libs/domain/src/evidence';
import {
  TEXT_PROBLEM_MESSAGES,
  foldForSearch,
  hasVisibleCharacter,
  lineTextProblem,
} from '../../../../libs/domain/src/text';

/** A `YYYY-MM-DD` date within the supported years (2000–2100): a date beyond them is refused with 400. */
export const localDate = z
  .string()
  .refine(isLocalDate, { error: 'must be a date YYYY-MM-DD', abort: true })
  .refine(isSupportedLocalDate, {
    error: `must be a date between ${SUPPORTED_YEARS.min}-01-01 and ${SUPPORTED_YEARS.max}-12-31`,
  });
const code = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { error: 'must be a kebab-case code' })
  .max(120);
const problemText = (key: keyof typeof TEXT_PROBLEM_MESSAGES): string =>
  `${TEXT_PROBLEM_MESSAGES[key].vi} / ${TEXT_PROBLEM_MESSAGES[key].en}`;
/** Free text (notes, reasons, descriptions): trimmed, with at least one visible character. */
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(hasVisibleCharacter, { error: problemText('invisible') });
/** A name or title: free text on one line (no line breaks or tabs: names go into email subjects and documents). */
const line = (max: number) =>
  text(max).refine((v) => lineTextProblem(v) === null, { error: problemText('line-break') });

export const pageQuery = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
};

/** The assignment lists' search (assignments, review queue): agency name or code, or duty title, folded. */
const searchQuery = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .optional()
  .describe('Search in agency names and codes and duty titles (case, diacritics and tone placement folded)');

export const assignmentListQuery = z.strictObject({
  ...pageQuery,
  period: z.string().max(40).optional(),
  duty: code.optional(),
  agency: code.optional(),
  agencyKind: z.enum(AGENCY_KINDS).optional(),
  category: z.enum(REPORTING_CATEGORIES).optional(),
  status: z.enum(ASSIGNMENT_STATUSES).optional(),
  q: searchQuery,
  sort: z
    .enum([
      'dueDate',
      '-dueDate',
      'agency',
      '-agency',
      'duty',
      '-duty',
      'category',
      '-category',
      'status',
      '-status',
      'updatedAt',
      '-updatedAt',
      'submittedAt',
      '-submittedAt',
    ])
    .default('dueDate'),
  /**
   * Keyset pagination: the `nextCursor` of the previous page (same filter and sort). The walk
   * costs the same at any depth, unlike `page`; not with `sort=submittedAt` (a nullable key).
   */
  after: z.string().min(1).max(600).optional(),
  /** Whether to count the whole selection (`total`): by default only for `page`, not with `after`. */
  count: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type AssignmentListQuery = z.infer<typeof assignmentListQuery>;

export const assignmentFilter = assignmentListQuery.omit({
  page: true,
  pageSize: true,
  sort: true,
  after: true,
  count: true,
});

/** The review queue ("Chờ duyệt"): reports awaiting review, oldest first. */
export const reviewQueueQuery = z.strictObject({
  ...pageQuery,
  period: z.string().max(40).optional(),
  agency: code.optional(),
  duty: code.optional(),
  /** Search in agency names and codes and duty titles: case, diacritics and tone placement folded. */
  q: searchQuery,
  /**
   * Tri-state: absent, every report; `true`, only the reports waiting longer than the flag limit
   * (`flagAfterWorkingDays` working days); `false`, only those not (yet) waiting that long.
   * Any other value is refused (400).
   */
  flagged: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'Absent: every report. true: only the reports waiting longer than flagAfterWorkingDays working days ' +
        '(flagged). false: only the reports not flagged. Any other value: 400.',
    ),
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuery>;

export const prodBody = z.strictObject({ message: text(2000).optional() });
export const bulkProdBody = z.strictObject({
  filter: assignmentFilter,
  message: text(2000).optional(),
  /** Without it the call only previews; with it, it must equal the previewed count. */
  confirmCount: z.number().int().min(0).optional(),
});
export const escalateBody = z.strictObject({ reason: text(2000).optional() });
export const reviewBody = z.strictObject({ decision: z.enum(['accept', 'return']), reason: text(2000).optional() });
export const waiveBody = z.strictObject({ reason: text(2000) });
export const extensionDecisionBody = z.strictObject({
  requestId: text(100),
  approve: z.boolean(),
  newDueDate: localDate.optional(),
  note: text(2000).optional(),
});
export const extensionRequestBody = z.strictObject({ requestId: text(100), newDueDate: localDate, reason: text(2000) });
export const submitBody = z.strictObject({
  /** The agency's id of this report (a retry with the same id is a no-op); never the recovered prefix. */
  submissionId: text(100).refine((id) => !isRecoveredSubmission(id), {
    error: `không được bắt đầu bằng "${RECOVERED_SUBMISSION_PREFIX}", dành cho báo cáo khôi phục / must not start with "${RECOVERED_SUBMISSION_PREFIX}", kept for recovered reports`,
  }),
  values: z.record(z.string().max(60), z.union([z.number(), z.string().max(10_000)])),
  links: z.array(z.string().url().max(2000)).max(20).optional(),
  attachments: z
    .array(z.strictObject({ id: z.uuid(), name: line(300), sizeBytes: z.number().int().min(0).optional() }))
    .max(20)
    .optional(),
  note: text(2000).optional(),
});
export const acknowledgeBody = z.strictObject({});

export const loginBody = z.strictObject({ email: z.string().email().max(254), password: z.string().min(1).max(200) });
export const createUserBody = z.strictObject({
  email: z.string().email().max(254),
  displayName: line(200),
  password: z.string().min(12, { error: 'must be at least 12 characters' }).max(200),
  role: z.enum(['admin', 'officer', 'viewer', 'agency']),
  agencyCode: code.optional(),
});

export const agencyListQuery = z.strictObject({
  ...pageQuery,
  kind: z.enum(AGENCY_KINDS).optional(),
  active: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  validOn: localDate.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  sort: z.enum(['code', '-code', 'name', '-name', 'kind', '-kind']).default('code'),
});
/** Registry import: the file's name (for messages) and, to apply, the sha256 its preview gave. */
export const importQuery = z.strictObject({
  fileName: line(200).default('agencies.csv'),
  confirm: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'must be the sha256 given by the preview' })
    .optional(),
});
const email = z.string().email().max(254);
export const createAgencyBody = z.strictObject({
  code,
  name: line(300),
  kind: z.enum(AGENCY_KINDS),
  subtype: z.string().max(40).optional(),
  parentCode: code.optional(),
  validFrom: localDate.optional(),
  focalEmail: email.optional(),
  headEmail: email.optional(),
  note: text(2000).optional(),
});
export const updateAgencyBody = z.strictObject({
  name: line(300).optional(),
  prefersDigest: z.boolean().optional(),
  subtype: z.string().max(40).nullable().optional(),
  parentCode: code.nullable().optional(),
  focalEmail: email.nullable().optional(),
  headEmail: email.nullable().optional(),
  note: text(2000).nullable().optional(),
});
/** An admin's answer to a lineage question of the registry (the basis, e.g. the decision that settles it). */
export const lineageSettlementBody = z.strictObject({
  decision: z.enum(['confirmed', 'disputed']),
  note: text(2000),
});
export const reorganisationBody = z.strictObject({
  type: z.enum(['merge', 'split']),
  /** merge: the agencies merged; split: exactly one agency split. */
  from: z.array(code).min(1).max(50),
  /** The agencies that take over: one for a merge, several for a split; created when they do not exist. */
  into: z
    .array(
      z.strictObject({
        code,
        name: line(300).optional(),
        kind: z.enum(AGENCY_KINDS).optional(),
        focalEmail: email.optional(),
        headEmail: email.optional(),
      }),
    )
    .min(1)
    .max(50),
  effectiveDate: localDate,
  note: text(2000).optional(),
});

const evidenceField = z.strictObject({
  key: z
    .string()
    .regex(/^[a-z][a-zA-Z0-9]*$/, { error: 'must be camelCase' })
    .max(60),
  label: z.strictObject({ vi: line(200), en: line(200) }),
  type: z.enum(['number', 'text', 'url', 'attachment', 'date']),
  required: z.boolean(),
  min: z.number().optional(),
});
export const createReportRequestBody = z.strictObject({
  title: line(300),
  description: text(5000).optional(),
  dueDate: localDate,
  /**
   * The on-demand duty the request is filed under (default: the generic ad-hoc report
   * `report-on-demand`): its evidence fields, binding flag and escalation policy apply.
   */
  dutyCode: code.optional(),
  /** Default: the duty's addressees in force today. */
  agencies: z
    .strictObject({ codes: z.array(code).max(2000).optional(), kinds: z.array(z.enum(AGENCY_KINDS)).optional() })
    .refine((a) => (a.codes?.length ?? 0) + (a.kinds?.length ?? 0) > 0, { error: 'name agency codes or kinds' })
    .optional(),
  /** Default: the duty's evidence fields. */
  fields: z.array(evidenceField).min(1).max(30).optional(),
  /** Same role as the Idempotency-Key header, for clients that cannot set headers. */
  clientId: z.string().min(1).max(200).optional(),
});

export const statisticsQuery = z.strictObject({
  groupBy: z.enum(['agency', 'agencyKind', 'duty', 'period']).default('agencyKind'),
  period: z.string().max(40).optional(),
});

export const idParam = z.string().uuid();

/** Pagination of the short lists (plans, users, report requests, period reports). */
export const simpleListQuery = z.strictObject({ ...pageQuery, q: z.string().trim().min(1).max(100).optional() });
export type SimpleListQuery = z.infer<typeof simpleListQuery>;

/**
 * One page of an in-memory list, filtered by a search over the given text that ignores case,
 * diacritics and tone placement (the same folding as the database's `search_fold`). Pass
 * `text` = null when the list was already searched in the database.
 */
export function pageOf<T>(
  items: T[],
  q: SimpleListQuery,
  text: ((item: T) => string) | null,
): { page: number; pageSize: number; total: number; items: T[] } {
  const needle = q.q && text ? foldForSearch(q.q.replace(/\s+/g, ' ')) : null;
  const filtered = needle && text ? items.filter((i) => foldForSearch(text(i)).includes(needle)) : items;
  return {
    page: q.page,
    pageSize: q.pageSize,
    total: filtered.length,
    items: filtered.slice((q.page - 1) * q.pageSize, q.page * q.pageSize),
  };
}
