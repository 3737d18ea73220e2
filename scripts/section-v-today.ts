/**
 * Writes docs/section-v-today.md: for each duty of section V, the agencies that
 * owe it on a date (default: today in Vietnam), their count, and the reason
 * when there are none. Uses the shipped registry (data/agencies) and catalog.
 *
 *   npm run build && npm run section-v-today -- [YYYY-MM-DD]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CATALOG_PATH, parseCatalog } from '../libs/catalog/src/catalog.loader';
import { isLocalDate, vietnamDateOf } from '../libs/domain/src/local-date';
import { projectRoot } from '../libs/devstack/src/project-root';
import { loadSeedRegistry } from '../libs/registry/src/agency-csv';
import { registryOf, renderSectionVMarkdown, sectionVReach } from '../libs/registry/src/section-v';

const date = process.argv[2] ?? vietnamDateOf(new Date());
if (!isLocalDate(date)) {
  process.stderr.write(`not a date (YYYY-MM-DD): ${date}\n`);
  process.exit(2);
}
const catalog = parseCatalog(JSON.parse(readFileSync(DEFAULT_CATALOG_PATH, 'utf8')), DEFAULT_CATALOG_PATH);
const rows = sectionVReach(catalog.duties, registryOf(loadSeedRegistry()), date);
const dir = join(projectRoot(__dirname), 'docs');
mkdirSync(dir, { recursive: true });
const path = join(dir, 'section-v-today.md');
writeFileSync(path, renderSectionVMarkdown(rows, date, catalog.plan.code), 'utf8');
process.stdout.write(`${path}: ${rows.length} duties, ${rows.filter((r) => r.count === 0).length} with no addressee\n`);
