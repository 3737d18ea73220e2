import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SEED_DIR, SEED_FILES, formatAgencyCsv, parseAgencyCsv } from './agency-csv';
import { buildSeedFiles, renderSeedFiles } from './build-seed';

// The raw lists live outside the repo; override for another checkout.
const SOURCE_DIR = join(SEED_DIR, 'source');
// Regenerate the committed seed with: DONDOC_UPDATE_SEED=1 npx jest libs/registry/src/build-seed.spec.ts
const UPDATE = process.env.DONDOC_UPDATE_SEED === '1';

describe('seed files', () => {
  it.each(SEED_FILES)('%s is in canonical form (UTF-8 NFC, re-formats to itself)', (file) => {
    const text = readFileSync(join(SEED_DIR, file), 'utf8');
    expect(text.normalize('NFC')).toBe(text);
    expect(text.startsWith('\uFEFF')).toBe(false);
    expect(formatAgencyCsv(parseAgencyCsv(text, file).rows)).toBe(text);
  });

  it('data/agencies holds exactly the seed CSV files', () => {
    expect(
      readdirSync(SEED_DIR)
        .filter((f) => f.endsWith('.csv'))
        .sort(),
    ).toEqual([...SEED_FILES].sort());
  });
});

// Only where the raw lists are available (they are not part of the repo).
const describeWithSource = describe;

describeWithSource('seed generator', () => {
  if (UPDATE) {
    buildSeedFiles(SOURCE_DIR, SEED_DIR);
  }

  it.each(SEED_FILES)('committed %s equals the generator output (no drift)', (file) => {
    const generated = renderSeedFiles(SOURCE_DIR)[file];
    expect(readFileSync(join(SEED_DIR, file), 'utf8')).toBe(generated);
  });

  it('buildSeedFiles writes the three files', () => {
    const out = mkdtempSync(join(tmpdir(), 'dondoc-seed-'));
    try {
      const written = buildSeedFiles(SOURCE_DIR, out);
      expect(written.map((p) => p.slice(out.length + 1)).sort()).toEqual([...SEED_FILES].sort());
      for (const file of SEED_FILES) {
        expect(readFileSync(join(out, file), 'utf8')).toBe(readFileSync(join(SEED_DIR, file), 'utf8'));
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
