import { z } from 'zod';
import { AGENCY_KINDS, ICT_DEPARTMENT_CODE, isAgencyKind } from '../../domain/src/agency';
import { PERIOD_BASES, type PeriodBasis } from '../../domain/src/periods/duty-periods';

/**
 * Schema of the plan catalog: section V ("TỔ CHỨC THỰC HIỆN") of a provincial
 * plan encoded as data. Objects are strict so that a typo in the JSON file
 * fails loudly instead of silently dropping a policy.
 */

export const CATALOG_SCHEMA_VERSION = 1;

export const CLAUSES = ['V.1', 'V.2', 'V.3', 'V.4', 'V.5', 'V.6', 'V.7', 'V.8', 'V.9', 'V.10', 'V.report'] as const;
export type Clause = (typeof CLAUSES)[number];

export const RECURRENCE_KINDS = ['once', 'monthly', 'quarterly', 'half-yearly', 'yearly', 'on-demand'] as const;
export type RecurrenceKind = (typeof RECURRENCE_KINDS)[number];

/** Recurrences whose assignments are opened per reporting period (Decree 09/2019/NĐ-CP windows). */
export const PERIODIC_RECURRENCE_KINDS: readonly RecurrenceKind[] = ['monthly', 'quarterly', 'half-yearly', 'yearly'];

export const EVIDENCE_TYPES = ['number', 'text', 'url', 'attachment', 'date'] as const;
export const ESCALATION_TARGETS = ['agency-head', 'ict-department', 'ppc-office'] as const;

const KEBAB_CASE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const CAMEL_CASE = /^[a-z][a-zA-Z0-9]*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;
const HH_MM = /^(?:[01]\d|2[0-3]):[0-5]\d$/;

const nonEmptyText = z.string().trim().min(1);

/** Vietnamese first (the legal text), English for non-Vietnamese readers. */
export const localizedTextSchema = z.strictObject({ vi: nonEmptyText, en: nonEmptyText });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

const isoDate = z.iso.date({ error: 'must be a calendar date in the form YYYY-MM-DD' });
const kebabCode = z.string().regex(KEBAB_CASE, { error: 'must be kebab-case (lowercase ASCII words joined by "-")' });

/** Registry code of one agency (column `code` of the provincial bodies list). */
export const agencyCodeSchema = kebabCode;

const agencyKindSchema = z.string().refine(isAgencyKind, {
  error: (issue) => `unknown agency kind ${JSON.stringify(issue.input)}; expected one of ${AGENCY_KINDS.join(', ')}`,
});

export const planMetaSchema = z.strictObject({
  code: kebabCode,
  title: localizedTextSchema,
  issuer: localizedTextSchema,
  /** Who signed (e.g. "KT. Chủ tịch, Phó Chủ tịch ..."). */
  signedBy: localizedTextSchema.optional(),
  /** Number and symbol (số, ký hiệu); null when the source text does not carry it. */
  documentRef: nonEmptyText.nullable(),
  /** Date of issue; null when the source text does not carry it (never guessed). */
  issuedOn: isoDate.nullable(),
  catalogVersion: z.string().regex(SEMVER, { error: 'must be a semantic version such as 1.0.0' }),
  source: nonEmptyText,
  /** Modelling notes for engineers and reviewers (English). */
  notes: z.array(nonEmptyText).optional(),
});

/**
 * Who must perform a duty: every agency of the listed kinds plus the named
 * agencies (union, each agency once). Codes are checked against the registry
 * when assignments are opened, not here, because agencies change over time.
 */
export const addresseesSchema = z
  .strictObject({
    kinds: z.array(agencyKindSchema).optional(),
    codes: z.array(agencyCodeSchema).optional(),
  })
  .superRefine((addressees, ctx) => {
    if ((addressees.kinds?.length ?? 0) === 0 && (addressees.codes?.length ?? 0) === 0) {
      ctx.addIssue({ code: 'custom', path: [], message: 'needs at least one agency kind or agency code' });
    }
  });

export const recurrenceSchema = z
  .strictObject({
    kind: z.enum(RECURRENCE_KINDS),
    /**
     * Periodic duties only: which window a period covers (libs/domain periods/duty-periods.ts).
     * Default "results": the Decree 09/2019/NĐ-CP reporting period and its per-level deadline;
     * "activity": a calendar month (monthly only); "plan": the plan for the next year, due
     * before it starts (yearly only).
     */
    basis: z.enum(PERIOD_BASES).optional(),
    /**
     * Half-yearly only: which halves open a period (default both). [1] models
     * "báo cáo 6 tháng" when the year-end report is a separate yearly duty.
     */
    halves: z
      .array(z.union([z.literal(1), z.literal(2)]))
      .min(1)
      .optional(),
  })
  .superRefine((recurrence, ctx) => {
    const basis = recurrence.basis;
    if (basis !== undefined && !PERIODIC_RECURRENCE_KINDS.includes(recurrence.kind)) {
      ctx.addIssue({ code: 'custom', path: ['basis'], message: `is only allowed on a periodic recurrence` });
    } else if (basis === 'activity' && recurrence.kind !== 'monthly') {
      ctx.addIssue({
        code: 'custom',
        path: ['basis'],
        message: '"activity" is a calendar month: kind must be "monthly"',
      });
    } else if (basis === 'plan' && recurrence.kind !== 'yearly') {
      ctx.addIssue({
        code: 'custom',
        path: ['basis'],
        message: '"plan" is the plan for a year: kind must be "yearly"',
      });
    }
    if (recurrence.halves === undefined) {
      return;
    }
    if (recurrence.kind !== 'half-yearly') {
      ctx.addIssue({ code: 'custom', path: ['halves'], message: 'is only allowed when kind is "half-yearly"' });
    }
    if (new Set(recurrence.halves).size !== recurrence.halves.length) {
      ctx.addIssue({ code: 'custom', path: ['halves'], message: 'must not repeat a half' });
    }
  });

export const evidenceFieldSchema = z
  .strictObject({
    key: z.string().regex(CAMEL_CASE, { error: 'must be camelCase (e.g. "rebroadcasts")' }),
    label: localizedTextSchema,
    type: z.enum(EVIDENCE_TYPES),
    required: z.boolean(),
    /** Numeric target: a submitted value below it is a shortfall, not a completion. */
    min: z.number().optional(),
    unit: localizedTextSchema.optional(),
  })
  .superRefine((field, ctx) => {
    if (field.type !== 'number' && field.min !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: `a numeric target (min) is only allowed on a field of type "number", not "${field.type}"`,
      });
    }
    if (field.type !== 'number' && field.unit !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['unit'],
        message: `a unit is only allowed on a field of type "number", not "${field.type}"`,
      });
    }
  });

export const evidenceSchema = z
  .strictObject({ fields: z.array(evidenceFieldSchema).min(1) })
  .superRefine((evidence, ctx) => {
    const seen = new Set<string>();
    evidence.fields.forEach((field, index) => {
      if (seen.has(field.key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', index, 'key'],
          message: `duplicate evidence key "${field.key}"`,
        });
      }
      seen.add(field.key);
    });
  });

export const deadlineRuleSchema = z.discriminatedUnion('rule', [
  z.strictObject({
    rule: z.literal('period-end'),
    // Decree 09/2019/NĐ-CP: submission at least one working day after data closing.
    workingDaysAfter: z
      .number()
      .int()
      .min(1, { error: 'must be at least 1 working day after the period end (Decree 09/2019/NĐ-CP)' }),
  }),
  // Results duties: the per-level deadline of the Decree 09/2019/NĐ-CP period (reportingDeadlines).
  z.strictObject({ rule: z.literal('reporting-level') }),
  // Plans: working days before 1 January of the year planned.
  z.strictObject({
    rule: z.literal('before-year'),
    workingDaysBefore: z.number().int().min(1, { error: 'a plan is due at least 1 working day before its year' }),
  }),
  z.strictObject({ rule: z.literal('fixed'), date: isoDate }),
  // Ad hoc: the request itself carries the deadline.
  z.strictObject({ rule: z.literal('requester') }),
  // One-off: opened when the plan is activated (its yearly opening), due this many working days later.
  z.strictObject({
    rule: z.literal('after-activation'),
    workingDaysAfter: z.number().int().min(1, { error: 'must be at least 1 working day after the activation' }),
  }),
]);

export const reminderPolicySchema = z
  .strictObject({
    offsetsWorkingDays: z.array(z.number().int().nonnegative()),
    localTime: z.string().regex(HH_MM, { error: 'must be a 24-hour time HH:mm' }).default('08:00'),
  })
  .superRefine((policy, ctx) => {
    policy.offsetsWorkingDays.forEach((offset, index) => {
      const previous = policy.offsetsWorkingDays[index - 1];
      if (index > 0 && previous !== undefined && offset >= previous) {
        ctx.addIssue({
          code: 'custom',
          path: ['offsetsWorkingDays', index],
          message: 'offsets must be strictly descending',
        });
      }
    });
  });

export const escalationLevelSchema = z.strictObject({
  level: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  afterWorkingDays: z.number().int().nonnegative(),
  target: z.enum(ESCALATION_TARGETS),
});

export const escalationPolicySchema = z
  .strictObject({ levels: z.array(escalationLevelSchema) })
  .superRefine((policy, ctx) => {
    policy.levels.forEach((current, index) => {
      const previous = policy.levels[index - 1];
      if (index === 0 || previous === undefined) {
        return;
      }
      if (current.level <= previous.level) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'level'],
          message: 'levels must be strictly ascending',
        });
      }
      if (current.afterWorkingDays <= previous.afterWorkingDays) {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', index, 'afterWorkingDays'],
          message: 'a higher level must start strictly later than the level before it',
        });
      }
    });
  });

export const dutySpecSchema = z
  .strictObject({
    code: kebabCode,
    clause: z.enum(CLAUSES),
    title: localizedTextSchema,
    description: localizedTextSchema,
    addressees: addresseesSchema,
    /** false = "Đề nghị": requested of bodies the Chairman cannot order. */
    binding: z.boolean(),
    recurrence: recurrenceSchema,
    evidence: evidenceSchema,
    deadline: deadlineRuleSchema,
    reminders: reminderPolicySchema,
    escalation: escalationPolicySchema,
    reportTo: agencyCodeSchema.default(ICT_DEPARTMENT_CODE),
    /** Why the duty is modelled this way, when the plan text leaves a choice (English). */
    modelNote: nonEmptyText.optional(),
  })
  .superRefine((duty, ctx) => {
    // Requested bodies are reminded and listed, never escalated as non-compliant.
    if (!duty.binding) {
      duty.escalation.levels.forEach((level, index) => {
        if (level.level > 1) {
          ctx.addIssue({
            code: 'custom',
            path: ['escalation', 'levels', index, 'level'],
            message: `a non-binding ("Đề nghị") duty may only escalate to level 1, found level ${level.level}`,
          });
        }
      });
    }
    const periodic = PERIODIC_RECURRENCE_KINDS.includes(duty.recurrence.kind);
    const rule = duty.deadline.rule;
    if ((rule === 'period-end' || rule === 'reporting-level' || rule === 'before-year') && !periodic) {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline', 'rule'],
        message: `rule "${rule}" needs a periodic recurrence, not "${duty.recurrence.kind}"`,
      });
    }
    if (periodic) {
      const basis = periodBasisOf(duty.recurrence);
      const expected = DEADLINE_RULE_OF_BASIS[basis];
      if (rule !== expected && rule !== 'fixed') {
        ctx.addIssue({
          code: 'custom',
          path: ['deadline', 'rule'],
          message: `a ${basis} duty takes rule "${expected}" (or "fixed"), not "${rule}"`,
        });
      }
    }
    if (duty.deadline.rule === 'after-activation' && duty.recurrence.kind !== 'once') {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline', 'rule'],
        message: `rule "after-activation" is for one-off duties (recurrence "once"), not "${duty.recurrence.kind}"`,
      });
    }
    if (duty.recurrence.kind === 'once' && duty.deadline.rule === 'requester') {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline', 'rule'],
        message: 'a one-off duty is opened when the plan is activated: give rule "after-activation" or "fixed"',
      });
    }
    if (duty.recurrence.kind === 'on-demand' && duty.deadline.rule !== 'requester') {
      ctx.addIssue({
        code: 'custom',
        path: ['deadline', 'rule'],
        message: 'an on-demand duty takes its deadline from the request (rule "requester")',
      });
    }
  });

export const planCatalogSchema = z
  .strictObject({
    schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
    plan: planMetaSchema,
    duties: z.array(dutySpecSchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const firstIndex = new Map<string, number>();
    catalog.duties.forEach((duty, index) => {
      const first = firstIndex.get(duty.code);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['duties', index, 'code'],
          message: `duplicate duty code "${duty.code}" (first used by duties[${first}])`,
        });
      } else {
        firstIndex.set(duty.code, index);
      }
    });
  });

/** The window basis of a periodic duty: as declared, else "results" (Decree 09/2019 is the default regime). */
export function periodBasisOf(recurrence: { basis?: PeriodBasis }): PeriodBasis {
  return recurrence.basis ?? 'results';
}

/** The deadline rule each basis takes (a "fixed" date is allowed for any). */
export const DEADLINE_RULE_OF_BASIS: Readonly<Record<PeriodBasis, 'reporting-level' | 'period-end' | 'before-year'>> = {
  results: 'reporting-level',
  activity: 'period-end',
  plan: 'before-year',
};

export type PlanCatalog = z.infer<typeof planCatalogSchema>;
export type PlanMeta = z.infer<typeof planMetaSchema>;
export type DutySpec = z.infer<typeof dutySpecSchema>;
export type Addressees = z.infer<typeof addresseesSchema>;
export type EvidenceField = z.infer<typeof evidenceFieldSchema>;
export type Recurrence = z.infer<typeof recurrenceSchema>;
export type DeadlineRule = z.infer<typeof deadlineRuleSchema>;
export type ReminderPolicy = z.infer<typeof reminderPolicySchema>;
export type EscalationPolicy = z.infer<typeof escalationPolicySchema>;
export type EscalationLevel = z.infer<typeof escalationLevelSchema>;
