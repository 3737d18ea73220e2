import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { AGENCY_KINDS } from '../../domain/src/agency';
import {
  CatalogValidationError,
  DEFAULT_CATALOG_PATH,
  formatPath,
  loadCatalogFile,
  parseCatalog,
} from './catalog.loader';
import {
  CLAUSES,
  DEADLINE_RULE_OF_BASIS,
  PERIODIC_RECURRENCE_KINDS,
  periodBasisOf,
  type DutySpec,
  type PlanCatalog,
} from './catalog.schema';

/** A fresh, mutable copy of the shipped JSON (not parsed, so defaults are not applied). */
function rawCatalog(): {
  plan: Record<string, unknown>;
  duties: Array<Record<string, unknown>>;
  [key: string]: unknown;
} {
  return JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8'));
}

function validationError(run: () => unknown): CatalogValidationError {
  try {
    run();
  } catch (error) {
    if (error instanceof CatalogValidationError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected a CatalogValidationError, but the input was accepted');
}

function dutyByCode(catalog: PlanCatalog, code: string): DutySpec {
  const duty = catalog.duties.find((candidate) => candidate.code === code);
  if (duty === undefined) {
    throw new Error(`duty ${code} is missing from the catalog`);
  }
  return duty;
}

describe('shipped catalog', () => {
  const catalog = loadCatalogFile(DEFAULT_CATALOG_PATH);

  it('is found from __dirname by an absolute path', () => {
    expect(isAbsolute(DEFAULT_CATALOG_PATH)).toBe(true);
    expect(existsSync(DEFAULT_CATALOG_PATH)).toBe(true);
    expect(DEFAULT_CATALOG_PATH).toMatch(/libs[\\/]catalog[\\/]data[\\/]plan-nq06-thanh-hoa\.catalog\.json$/);
  });

  it('parses and describes the NQ 06 communication plan', () => {
    expect(catalog.schemaVersion).toBe(1);
    expect(catalog.plan.title.vi).toContain('Nghị quyết số 06-NQ/TU');
    expect(catalog.plan.catalogVersion).toMatch(/^\d+\.\d+\.\d+/);
    expect(
      catalog.plan.notes?.some((note) => note.includes('Decree 09/2019') && note.includes('GET /api/v1/periods')),
    ).toBe(true);
  });

  it.each(CLAUSES)('has at least one duty for clause %s', (clause) => {
    expect(catalog.duties.filter((duty) => duty.clause === clause).length).toBeGreaterThan(0);
  });

  it('covers the closing reporting duty half-yearly, yearly and on demand', () => {
    const kinds = catalog.duties.filter((duty) => duty.clause === 'V.report').map((duty) => duty.recurrence.kind);
    expect(kinds.sort()).toEqual(['half-yearly', 'on-demand', 'yearly']);
  });

  it('has unique duty codes', () => {
    const codes = catalog.duties.map((duty) => duty.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(['v8-commune-radio', 'v8-district-radio'])('%s needs 1 programme and 3 rebroadcasts a month', (code) => {
    const duty = dutyByCode(catalog, code);
    expect(duty.recurrence.kind).toBe('monthly');
    expect(duty.binding).toBe(true);
    const byKey = new Map(duty.evidence.fields.map((field) => [field.key, field]));
    expect(byKey.get('programmes')).toMatchObject({ type: 'number', required: true, min: 1 });
    expect(byKey.get('rebroadcasts')).toMatchObject({ type: 'number', required: true, min: 3 });
  });

  it('addresses the commune radio duty to communes', () => {
    expect(dutyByCode(catalog, 'v8-commune-radio').addressees.kinds).toEqual(['commune']);
  });

  it('never escalates a requested ("Đề nghị") duty beyond level 1', () => {
    const requested = catalog.duties.filter((duty) => !duty.binding);
    expect(requested.map((duty) => duty.clause)).toEqual(expect.arrayContaining(['V.6', 'V.9', 'V.10']));
    for (const duty of requested) {
      expect(duty.escalation.levels.every((level) => level.level === 1)).toBe(true);
    }
  });

  it('uses only known agency kinds and applies the reportTo and localTime defaults', () => {
    for (const duty of catalog.duties) {
      for (const kind of duty.addressees.kinds ?? []) {
        expect(AGENCY_KINDS).toContain(kind);
      }
      expect(duty.reportTo).toMatch(/^[a-z0-9-]+$/);
      expect(duty.reminders.localTime).toMatch(/^\d\d:\d\d$/);
    }
    expect(dutyByCode(catalog, 'report-yearly').reportTo).toBe('so-thong-tin-va-truyen-thong');
  });

  it('gives every periodic deadline at least one working day after the period end', () => {
    for (const duty of catalog.duties) {
      if (duty.deadline.rule === 'period-end') {
        expect(duty.deadline.workingDaysAfter).toBeGreaterThanOrEqual(1);
      }
    }
    expect(dutyByCode(catalog, 'v8-commune-radio').deadline).toEqual({ rule: 'period-end', workingDaysAfter: 3 });
    expect(dutyByCode(catalog, 'report-half-yearly').deadline).toEqual({ rule: 'reporting-level' });
  });

  it('puts results duties on Decree 09 windows, monthly activities on calendar months, plans before their year', () => {
    const basisOf = (code: string) => periodBasisOf(dutyByCode(catalog, code).recurrence);
    // The 6-month and yearly results reports, and every duty reporting figures for a half or a year.
    for (const code of ['report-half-yearly', 'report-yearly', 'v1-report-half-yearly', 'v8-village-forums']) {
      expect({ code, basis: basisOf(code) }).toEqual({ code, basis: 'results' });
    }
    // "One programme a month, rebroadcast at least 3 times a month": calendar months.
    for (const code of ['v8-commune-radio', 'v8-district-radio', 'v10-radio-tv-programme']) {
      expect({ code, basis: basisOf(code) }).toEqual({ code, basis: 'activity' });
    }
    expect(basisOf('v8-yearly-plan')).toBe('plan');
    expect(dutyByCode(catalog, 'v8-yearly-plan').deadline).toEqual({ rule: 'before-year', workingDaysBefore: 5 });
    for (const duty of catalog.duties.filter((d) => PERIODIC_RECURRENCE_KINDS.includes(d.recurrence.kind))) {
      expect({ code: duty.code, rule: duty.deadline.rule }).toEqual({
        code: duty.code,
        rule: DEADLINE_RULE_OF_BASIS[periodBasisOf(duty.recurrence)],
      });
    }
  });
});

describe('parseCatalog rejects invalid input', () => {
  it('names the path of a wrong recurrence kind', () => {
    const raw = rawCatalog();
    raw.duties[0].recurrence = { kind: 'weekly' };
    const error = validationError(() => parseCatalog(raw));
    expect(error.message).toContain('duties[0].recurrence.kind');
    expect(error.issues).toEqual([expect.objectContaining({ path: 'duties[0].recurrence.kind' })]);
  });

  it('names a missing title', () => {
    const raw = rawCatalog();
    delete raw.duties[2].title;
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues).toEqual([{ path: 'duties[2].title', message: 'required field is missing (expected object)' }]);
    expect(error.message).toContain('duties[2].title: required field is missing');
  });

  it('names an unknown agency kind', () => {
    const raw = rawCatalog();
    raw.duties[1].addressees = { kinds: ['district', 'ministry'] };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('duties[1].addressees.kinds[1]');
    expect(error.message).toContain('unknown agency kind "ministry"');
  });

  it('requires at least one addressee', () => {
    const raw = rawCatalog();
    raw.duties[0].addressees = { kinds: [], codes: [] };
    const error = validationError(() => parseCatalog(raw));
    expect(error.message).toContain('duties[0].addressees: needs at least one agency kind or agency code');
  });

  it('names a duplicate duty code and where it was first used', () => {
    const raw = rawCatalog();
    raw.duties[4].code = raw.duties[1].code;
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]?.path).toBe('duties[4].code');
    expect(error.message).toContain(`duplicate duty code "${String(raw.duties[1].code)}" (first used by duties[1])`);
  });

  it('rejects a numeric target on a non-number evidence field', () => {
    const raw = rawCatalog();
    raw.duties[0].evidence = {
      fields: [{ key: 'note', label: { vi: 'Ghi chú', en: 'Note' }, type: 'text', required: true, min: 3 }],
    };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues[0]?.path).toBe('duties[0].evidence.fields[0].min');
    expect(error.message).toContain('only allowed on a field of type "number"');
  });

  it('rejects escalation beyond level 1 for a non-binding duty', () => {
    const raw = rawCatalog();
    const index = raw.duties.findIndex((duty) => duty.binding === false);
    expect(index).toBeGreaterThanOrEqual(0);
    raw.duties[index].escalation = {
      levels: [
        { level: 1, afterWorkingDays: 1, target: 'agency-head' },
        { level: 2, afterWorkingDays: 3, target: 'ict-department' },
      ],
    };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues[0]?.path).toBe(`duties[${index}].escalation.levels[1].level`);
    expect(error.message).toContain('non-binding');
  });

  it('rejects a period-end deadline sooner than one working day (Decree 09)', () => {
    const raw = rawCatalog();
    const index = raw.duties.findIndex((duty) => (duty.deadline as { rule: string }).rule === 'period-end');
    raw.duties[index].deadline = { rule: 'period-end', workingDaysAfter: 0 };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues[0]?.path).toBe(`duties[${index}].deadline.workingDaysAfter`);
  });

  it('rejects an unknown deadline rule by naming the discriminator', () => {
    const raw = rawCatalog();
    raw.duties[0].deadline = { rule: 'soon' };
    const error = validationError(() => parseCatalog(raw));
    expect(error.message).toContain('duties[0].deadline.rule');
  });

  it('rejects reminders that are not strictly descending and a bad local time', () => {
    const raw = rawCatalog();
    raw.duties[0].reminders = { offsetsWorkingDays: [3, 7, 0], localTime: '8am' };
    const paths = validationError(() => parseCatalog(raw)).issues.map((issue) => issue.path);
    expect(paths).toEqual(['duties[0].reminders.localTime', 'duties[0].reminders.offsetsWorkingDays[1]']);
  });

  it('keeps recurrence and deadline rule consistent', () => {
    const raw = rawCatalog();
    const index = raw.duties.findIndex((duty) => (duty.deadline as { rule: string }).rule === 'period-end');
    raw.duties[index].recurrence = { kind: 'on-demand' };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues.map((issue) => issue.path)).toEqual([
      `duties[${index}].deadline.rule`,
      `duties[${index}].deadline.rule`,
    ]);
    expect(error.message).toContain('rule "period-end" needs a periodic recurrence');
    expect(error.message).toContain('an on-demand duty takes its deadline from the request');
  });

  it('allows calendar months only for monthly activities and plans only yearly, each with its deadline rule', () => {
    const raw = rawCatalog();
    const radio = raw.duties.findIndex((duty) => duty.code === 'v8-commune-radio');
    raw.duties[radio].recurrence = { kind: 'quarterly', basis: 'activity' };
    const report = raw.duties.findIndex((duty) => duty.code === 'report-yearly');
    raw.duties[report].deadline = { rule: 'period-end', workingDaysAfter: 5 };
    const plan = raw.duties.findIndex((duty) => duty.code === 'v8-yearly-plan');
    raw.duties[plan].recurrence = { kind: 'on-demand', basis: 'plan' };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues).toEqual(
      expect.arrayContaining([
        {
          path: `duties[${radio}].recurrence.basis`,
          message: '"activity" is a calendar month: kind must be "monthly"',
        },
        {
          path: `duties[${report}].deadline.rule`,
          message: 'a results duty takes rule "reporting-level" (or "fixed"), not "period-end"',
        },
        { path: `duties[${plan}].recurrence.basis`, message: 'is only allowed on a periodic recurrence' },
      ]),
    );
  });

  it('gives each one-off duty a deadline after the plan is activated, and only one-off duties', () => {
    const catalog = parseCatalog(rawCatalog());
    const once = catalog.duties.filter((d) => d.recurrence.kind === 'once');
    expect(once.map((d) => [d.code, d.deadline])).toEqual([
      ['v3-portal-banner', { rule: 'after-activation', workingDaysAfter: 10 }],
      ['v7-website-post', { rule: 'after-activation', workingDaysAfter: 10 }],
    ]);
    const raw = rawCatalog();
    const monthly = raw.duties.findIndex((d) => (d.recurrence as { kind: string }).kind === 'monthly');
    raw.duties[monthly].deadline = { rule: 'after-activation', workingDaysAfter: 10 };
    const oneOff = raw.duties.findIndex((d) => (d.recurrence as { kind: string }).kind === 'once');
    raw.duties[oneOff].deadline = { rule: 'requester' };
    const error = validationError(() => parseCatalog(raw));
    expect(error.message).toContain('rule "after-activation" is for one-off duties');
    expect(error.message).toContain('a one-off duty is opened when the plan is activated');
  });

  it('allows halves only on a half-yearly recurrence', () => {
    const raw = rawCatalog();
    raw.duties[0].recurrence = { kind: 'yearly', halves: [1] };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues).toEqual([
      { path: 'duties[0].recurrence.halves', message: 'is only allowed when kind is "half-yearly"' },
    ]);
  });

  it('rejects unknown fields, naming each one', () => {
    const raw = rawCatalog();
    raw.duties[3].priority = 'high';
    raw.plan.signer = 'x';
    const paths = validationError(() => parseCatalog(raw)).issues.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['duties[3].priority', 'plan.signer']));
  });

  it('rejects a wrong schema version and a non-object document', () => {
    const raw = rawCatalog();
    raw.schemaVersion = 2;
    expect(validationError(() => parseCatalog(raw)).issues[0]?.path).toBe('schemaVersion');
    expect(validationError(() => parseCatalog('catalog')).issues[0]?.path).toBe('(root)');
  });

  it('reports every problem in one error', () => {
    const raw = rawCatalog();
    raw.duties[0].recurrence = { kind: 'weekly' };
    raw.duties[5].binding = 'yes';
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues.map((issue) => issue.path)).toEqual(['duties[0].recurrence.kind', 'duties[5].binding']);
    expect(error.message).toMatch(/^Invalid plan catalog: 2 problems/);
  });
});

describe('strictly descending reminders', () => {
  it('names the offending offset', () => {
    const raw = rawCatalog();
    raw.duties[0].reminders = { offsetsWorkingDays: [7, 3, 3, 0] };
    const error = validationError(() => parseCatalog(raw));
    expect(error.issues).toEqual([
      { path: 'duties[0].reminders.offsetsWorkingDays[2]', message: 'offsets must be strictly descending' },
    ]);
  });
});

describe('loadCatalogFile', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'dondoc-catalog-'));
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports malformed JSON with the file name', () => {
    const file = join(dir, 'broken.catalog.json');
    writeFileSync(file, '{ "schemaVersion": 1, "plan": ', 'utf8');
    const error = validationError(() => loadCatalogFile(file));
    expect(error.source).toBe(file);
    expect(error.issues[0]?.path).toBe('(root)');
    expect(error.message).toContain('broken.catalog.json');
    expect(error.message).toContain('invalid JSON');
  });

  it('names the file and the field when the JSON is valid but the catalog is not', () => {
    const raw = rawCatalog();
    raw.duties[0].recurrence = { kind: 'weekly' };
    const file = join(dir, 'bad-kind.catalog.json');
    writeFileSync(file, JSON.stringify(raw), 'utf8');
    const error = validationError(() => loadCatalogFile(file));
    expect(error.message).toContain('bad-kind.catalog.json');
    expect(error.message).toContain('duties[0].recurrence.kind');
  });

  it('accepts a UTF-8 file with a byte order mark', () => {
    const file = join(dir, 'bom.catalog.json');
    writeFileSync(file, `\uFEFF${readFileSync(DEFAULT_CATALOG_PATH, 'utf8')}`, 'utf8');
    expect(loadCatalogFile(file).duties.length).toBeGreaterThan(0);
  });
});

describe('formatPath', () => {
  it('renders indices in brackets and odd keys quoted', () => {
    expect(formatPath(['duties', 3, 'recurrence', 'kind'])).toBe('duties[3].recurrence.kind');
    expect(formatPath([])).toBe('(root)');
    expect(formatPath(['plan', 'bad-key'])).toBe('plan["bad-key"]');
  });
});
