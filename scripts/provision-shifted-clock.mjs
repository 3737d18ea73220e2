#!/usr/bin/env node
// Builds the Temporal CLI (whose `server start-dev` is the integration tests' Temporal server)
// with a wall clock that can be moved, for `npm run test:at` (docs/testing.md).
//
// The CLI is a statically linked Go program, so libfaketime cannot move its clock. Go's build
// overlay (`go build -overlay`) replaces one file of the standard library at compile time:
// `time.Now` adds DONDOC_CLOCK_OFFSET_SECONDS (a signed integer, read once at start; 0 or unset
// leaves the clock alone) to the wall clock. The monotonic clock, and so every timer, stays real.
// Sources come from the Go module proxy; needs Go (same module as scripts/provision.mjs's
// fallback). The binary is cached under .tools/shifted-clock/ per Go and CLI version.
//
// Usage: node scripts/provision-shifted-clock.mjs   → prints the binary's path on stdout.
// Exit 1 with one line on stderr when Go is missing or the build fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = join(root, '.tools', 'shifted-clock');

function fail(message) {
  process.stderr.write(`✖ ${message}\n`);
  process.exit(1);
}

function go(args, options = {}) {
  return spawnSync('go', args, { encoding: 'utf8', ...options });
}

const version = go(['env', 'GOVERSION', 'GOROOT']);
if (version.error || version.status !== 0) {
  fail('Go is needed to build the Temporal server with a movable clock (npm run test:at): install Go 1.22 or later');
}
const [goVersion, goRoot] = version.stdout.trim().split('\n');
const stamp = `${goVersion} ${CLI_MODULE}`;
const binary = join(dir, 'bin', 'temporal');
const stampFile = join(dir, 'stamp');
if (existsSync(binary) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) {
  process.stdout.write(`${binary}\n`);
  process.exit(0);
}

// The one change: time.Now adds the offset to the seconds it reads from the runtime.
const original = readFileSync(join(goRoot, 'src', 'time', 'time.go'), 'utf8');
const anchor = /func Now\(\) Time \{\n\tsec, nsec, mono := runtimeNow\(\)\n/;
if (!anchor.test(original) || !original.includes('import (\n')) {
  fail(`this Go (${goVersion}) has a time.Now the clock patch does not know; use Go 1.23–1.26`);
}
// "syscall" joins the imports (package time already depends on it, for TZ).
const imports = original.includes('\t"math/bits"\n') ? '\t"math/bits"\n' : 'import (\n';
const patched =
  original.replace(anchor, (m) => `${m}\tsec += shiftedClockOffset\n`).replace(imports, `${imports}\t"syscall"\n`) +
  `
// shiftedClockOffset moves the wall clock by DONDOC_CLOCK_OFFSET_SECONDS (a signed integer),
// read once at start; the monotonic clock is unchanged.
var shiftedClockOffset = readShiftedClockOffset()

func readShiftedClockOffset() int64 {
	v, ok := syscall.Getenv("DONDOC_CLOCK_OFFSET_SECONDS")
	if !ok || v == "" {
		return 0
	}
	neg := false
	if v[0] == '-' || v[0] == '+' {
		neg = v[0] == '-'
		v = v[1:]
	}
	var n int64
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' {
			return 0
		}
		n = n*10 + int64(v[i]-'0')
	}
	if neg {
		return -n
	}
	return n
}
`;
mkdirSync(join(dir, 'bin'), { recursive: true });
writeFileSync(join(dir, 'time.go'), patched);
writeFileSync(
  join(dir, 'overlay.json'),
  JSON.stringify({ Replace: { [join(goRoot, 'src', 'time', 'time.go')]: join(dir, 'time.go') } }),
);
process.stderr.write(`▶ building ${CLI_MODULE} with a movable clock (first time only, several minutes)\n`);
const built = go(['install', `-overlay=${join(dir, 'overlay.json')}`, CLI_MODULE], {
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, GOBIN: join(dir, 'bin'), CGO_ENABLED: '0' },
});
if (built.status !== 0 || !existsSync(binary)) {
  fail(`go install ${CLI_MODULE} failed (exit ${built.status}); see the messages above`);
}
writeFileSync(stampFile, stamp);
process.stdout.write(`${binary}\n`);
