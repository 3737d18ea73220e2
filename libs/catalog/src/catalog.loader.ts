import { projectRoot } from '../../devstack/src/project-root';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { core } from 'zod';
import { planCatalogSchema, type PlanCatalog } from './catalog.schema';

export interface CatalogIssue {
  /** Dotted path to the bad field, e.g. `duties[3].recurrence.kind`; `(root)` for the document itself. */
  path: string;
  message: string;
}

/** The catalog file or value does not satisfy the schema (or is not JSON at all). */
export class CatalogValidationError extends Error {
  readonly code = 'CATALOG_INVALID';

  constructor(
    readonly issues: CatalogIssue[],
    /** File the catalog came from, when it came from a file. */
    readonly source?: string,
  ) {
    super(formatMessage(issues, source));
    this.name = 'CatalogValidationError';
  }
}

const CATALOG_FILE = join('libs', 'catalog', 'data', 'plan-nq06-thanh-hoa.catalog.json');

/** Absolute path of the shipped catalog of the NQ 06 communication plan. */
export const DEFAULT_CATALOG_PATH: string = join(projectRoot(__dirname), CATALOG_FILE);

/** Validates an already parsed JSON value; applies schema defaults. */
export function parseCatalog(json: unknown, source?: string): PlanCatalog {
  const result = planCatalogSchema.safeParse(json, { reportInput: true });
  if (result.success) {
    return result.data;
  }
  throw new CatalogValidationError(result.error.issues.flatMap(toCatalogIssues), source);
}

/** Reads a UTF-8 JSON catalog file and validates it. */
export function loadCatalogFile(path: string): PlanCatalog {
  // A BOM is legal in UTF-8 files but not in JSON.parse input.
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new CatalogValidationError(
      [{ path: '(root)', message: `invalid JSON in ${basename(path)}: ${reason}` }],
      path,
    );
  }
  return parseCatalog(json, path);
}

export function loadDefaultCatalog(): PlanCatalog {
  return loadCatalogFile(DEFAULT_CATALOG_PATH);
}

/** `['duties', 3, 'recurrence', 'kind']` → `duties[3].recurrence.kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
    } else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) {
      out += out === '' ? segment : `.${segment}`;
    } else {
      out += `[${JSON.stringify(String(segment))}]`;
    }
  }
  return out === '' ? '(root)' : out;
}

function toCatalogIssues(issue: core.$ZodIssue): CatalogIssue[] {
  // Name each unknown key as its own field, so the message points at it.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: formatPath([...issue.path, key]),
      message: 'unknown field (not allowed by the catalog schema)',
    }));
  }
  if (issue.code === 'invalid_type' && issue.input === undefined) {
    return [{ path: formatPath(issue.path), message: `required field is missing (expected ${issue.expected})` }];
  }
  return [{ path: formatPath(issue.path), message: issue.message }];
}

function formatMessage(issues: readonly CatalogIssue[], source?: string): string {
  const where = source === undefined ? 'Invalid plan catalog' : `Invalid plan catalog ${basename(source)}`;
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return `${where}: ${count}\n${issues.map((issue) => `  - ${issue.path}: ${issue.message}`).join('\n')}`;
}
