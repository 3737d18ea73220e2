#!/usr/bin/env node
// Installs schemathesis (the OpenAPI fuzzer of `npm run test:faults`) from PyPI into
// the project-local virtualenv .tools/venv (the one scripts/provision.mjs uses for
// the Temporal wheels), at a pinned version, and records its path in .tools/fuzz.json.
// Skipped when that version already runs. Usage: node scripts/provision-fuzz.mjs
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const venv = join(toolsDir, 'venv');
const python = join(venv, 'bin', 'python');
const VERSION = '4.32.5';
const log = (msg) => process.stdout.write(`[provision-fuzz] ${msg}\n`);

function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { encoding: 'utf8', ...opts });
}

function installedVersion() {
  if (!existsSync(python)) {
    return undefined;
  }
  const res = run(python, ['-c', 'import importlib.metadata as m; print(m.version("schemathesis"))']);
  return res.status === 0 ? res.stdout.trim() : undefined;
}

if (installedVersion() !== VERSION) {
  mkdirSync(toolsDir, { recursive: true });
  if (!existsSync(python)) {
    const py = ['python3', 'python'].find((p) => run(p, ['--version']).status === 0);
    if (!py) {
      process.stderr.write('✖ schemathesis needs Python 3 (apt-get install python3 python3-venv)\n');
      process.exit(1);
    }
    log(`creating virtualenv ${venv}`);
    if (run(py, ['-m', 'venv', venv], { stdio: 'inherit' }).status !== 0) {
      process.stderr.write('✖ could not create the virtualenv (apt-get install python3-venv)\n');
      process.exit(1);
    }
  }
  log(`pip install schemathesis==${VERSION}`);
  // `python -m pip`, not the pip script: a virtualenv copied from elsewhere keeps a stale script header.
  const pip = run(
    python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', `schemathesis==${VERSION}`],
    {
      stdio: 'inherit',
    },
  );
  if (pip.status !== 0 || installedVersion() !== VERSION) {
    process.stderr.write(`✖ could not install schemathesis==${VERSION} into ${venv}\n`);
    process.exit(1);
  }
}
writeFileSync(
  join(toolsDir, 'fuzz.json'),
  `${JSON.stringify({ python, module: 'schemathesis.cli', version: VERSION }, null, 2)}\n`,
);
log(`schemathesis ${VERSION}: ${python} -m schemathesis.cli`);
