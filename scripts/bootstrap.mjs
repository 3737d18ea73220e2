#!/usr/bin/env node
// Entry point of `npm start` and `npm test` on a fresh clone: installs the npm
// dependencies when they are missing or stale, provisions the Temporal binaries,
// compiles (incrementally: scripts/build.mjs), then hands over. Usage: node scripts/bootstrap.mjs <start|test|build>
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function step(title, cmd, args, extraEnv = {}) {
  process.stdout.write(`\n▶ ${title}\n`);
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...extraEnv } });
  if (res.status !== 0) {
    process.stderr.write(`✖ ${title} failed (exit ${res.status ?? res.signal})\n`);
    process.exit(res.status ?? 1);
  }
}

function depsAreFresh() {
  const installed = join(root, 'node_modules', '.package-lock.json');
  if (!existsSync(installed)) {
    return false;
  }
  return statSync(installed).mtimeMs >= statSync(join(root, 'package-lock.json')).mtimeMs;
}

const command = process.argv[2];
if (!['start', 'test', 'build'].includes(command)) {
  process.stderr.write('usage: node scripts/bootstrap.mjs <start|test|build>\n');
  process.exit(2);
}

if (!depsAreFresh()) {
  step('Installing npm dependencies (npm ci)', npm, ['ci', '--no-audit', '--no-fund']);
}
step('Provisioning Temporal binaries', process.execPath, [join(root, 'scripts', 'provision.mjs')]);

if (command === 'test') {
  step('Provisioning Chromium for the browser tests', process.execPath, [
    join(root, 'scripts', 'provision-browser.mjs'),
  ]);
  step('Provisioning LibreOffice and poppler for the document render test', process.execPath, [
    join(root, 'scripts', 'provision-office.mjs'),
  ]);
  step('Lint (eslint, prettier)', npm, ['run', '--silent', 'lint']);
  step('Type check (tsc, incremental)', npm, ['run', '--silent', 'typecheck']);
  step('Building the web app (vite; skipped when unchanged)', process.execPath, [
    join(root, 'scripts', 'build.mjs'),
    'web',
  ]);
  step('Tests (jest: unit, workflow, integration)', npm, ['run', '--silent', 'test:jest']);
} else {
  step('Compiling (tsc, workflow bundle, web app; each skipped when unchanged)', process.execPath, [
    join(root, 'scripts', 'build.mjs'),
  ]);
  if (command === 'start') {
    // The stack's supervisor handles Ctrl-C itself (the terminal signals the whole
    // process group); this process only forwards signals and waits for it.
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', join(root, 'dist', 'scripts', 'start.js'), ...process.argv.slice(3)],
      { cwd: root, stdio: 'inherit' },
    );
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  }
}
