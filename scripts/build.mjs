#!/usr/bin/env node
// `npm run build`, also run by `npm start` and `npm test`: compiles TypeScript to
// dist/ (tsc --build, incremental), bundles the workflows and builds the web app.
// Each step is skipped when its inputs did not change since it last succeeded:
// tsc keeps its own build info (dist/tsconfig.build.tsbuildinfo); the bundle and
// the web app keep a SHA-256 of their input files beside their output.
// Usage: node scripts/build.mjs [all|server|web] [--force]
//        node scripts/build.mjs web --check   exits 0 when the built web app matches its
//        sources, 3 (with the command that rebuilds it) when it is missing or stale.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const force = args.includes('--force') || process.env.DONDOC_REBUILD === '1';
const check = args.includes('--check');
const what = args.find((a) => !a.startsWith('--')) ?? 'all';
if (!['all', 'server', 'web'].includes(what) || (check && what !== 'web')) {
  process.stderr.write('usage: node scripts/build.mjs [all|server|web] [--force] | web --check\n');
  process.exit(2);
}

function run(title, cmd, cmdArgs) {
  const started = Date.now();
  const res = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    process.stderr.write(`✖ ${title} failed (exit ${res.status ?? res.signal})\n`);
    process.exit(res.status ?? 1);
  }
  process.stdout.write(`  ${title}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

const SKIP = new Set(['node_modules', 'dist', '.data', '.tools', 'coverage', 'test-output']);

/** Every file under `paths` (files or folders), sorted, as paths relative to the root. */
function files(paths) {
  const out = [];
  const walk = (abs) => {
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      if (SKIP.has(entry.name)) {
        continue;
      }
      const p = join(abs, entry.name);
      if (entry.isDirectory()) {
        walk(p);
      } else if (entry.isFile()) {
        out.push(relative(root, p));
      }
    }
  };
  for (const p of paths) {
    const abs = join(root, p);
    if (!existsSync(abs)) {
      continue;
    }
    if (statSync(abs).isDirectory()) {
      walk(abs);
    } else {
      out.push(p);
    }
  }
  return out.sort();
}

/** SHA-256 over the names and contents of the input files, plus the Node version (bundles embed its choices). */
function inputsHash(paths) {
  const h = createHash('sha256').update(process.version);
  for (const f of files(paths)) {
    h.update(`\0${f}\0`).update(readFileSync(join(root, f)));
  }
  return h.digest('hex');
}

/** Whether `step.output` exists and `step.stamp` records `hash`. */
function stampMatches(step, hash) {
  const stampFile = join(root, step.stamp);
  return existsSync(join(root, step.output)) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash;
}

/** Runs `build` unless `step.output` exists and `step.stamp` records the same inputs hash; records it after success. */
function cached(title, step, build) {
  const hash = inputsHash(step.inputs);
  if (!force && stampMatches(step, hash)) {
    process.stdout.write(`  ${title}: inputs unchanged, skipped\n`);
    return;
  }
  rmSync(join(root, step.stamp), { force: true });
  build();
  writeFileSync(join(root, step.stamp), hash);
}

const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
// The workflow bundle includes workflows/ and what they import from libs/ (pure domain code).
const LOCK_AND_CONFIG = ['package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

const WEB = {
  inputs: ['apps/web', 'libs/domain', 'package-lock.json'],
  output: 'apps/web/dist/index.html',
  stamp: 'apps/web/dist/.inputs',
};
if (check) {
  if (stampMatches(WEB, inputsHash(WEB.inputs))) {
    process.exit(0);
  }
  process.stderr.write(
    'The built web app (apps/web/dist) is missing or older than its sources (apps/web, libs/domain): ' +
      'run `node scripts/build.mjs web` (npm test does it by itself)\n',
  );
  process.exit(3);
}

if (what === 'all' || what === 'server') {
  run('TypeScript (tsc --build, incremental)', process.execPath, [
    tsc,
    '--build',
    'tsconfig.build.json',
    ...(force ? ['--force'] : []),
  ]);
  cached(
    'workflow bundle',
    {
      inputs: ['workflows', 'libs', ...LOCK_AND_CONFIG],
      output: 'dist/workflow-bundle.js',
      stamp: 'dist/workflow-bundle.inputs',
    },
    () => run('workflow bundle', process.execPath, [join(root, 'dist', 'scripts', 'bundle-workflows.js')]),
  );
}
if (what === 'all' || what === 'web') {
  cached('web app (vite)', WEB, () =>
    run('web app (vite)', process.execPath, [
      join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      'apps/web',
      '--logLevel',
      'warn',
    ]),
  );
}
