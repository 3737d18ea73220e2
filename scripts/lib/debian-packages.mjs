// Installs Debian packages a test needs (LibreOffice, Chromium, …) with apt-get, as root or through
// sudo. Shared by the provision-* scripts so every one reports and fails the same way.
import { spawnSync } from 'node:child_process';

/** True when `command` is on PATH. */
export function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Runs `apt-get update` then `apt-get install` of `packages`, printing each command.
 * Exits the process with one clear line when this user cannot install packages (not root, no sudo)
 * or when apt-get fails.
 * @param {{ purpose: string, packages: string[], missing: string[] }} what
 *   purpose: what needs them ("the browser tests"); missing: what was found absent, for the message.
 */
export function installDebianPackages({ purpose, packages, missing }) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot && !has('sudo')) {
    process.stderr.write(
      `Missing for ${purpose}: ${missing.join(', ')}. This user cannot install packages: ` +
        `install Debian's ${packages.join(' ')} package(s), then run the tests again.\n`,
    );
    process.exit(1);
  }
  const prefix = isRoot ? [] : ['sudo'];
  const run = (args) => {
    const [cmd, ...rest] = [...prefix, ...args];
    process.stdout.write(`$ ${[cmd, ...rest].join(' ')}\n`);
    const res = spawnSync(cmd, rest, {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
    if (res.status !== 0) {
      process.stderr.write(`✖ ${args.join(' ')} failed (exit ${res.status ?? res.signal})\n`);
      process.exit(res.status ?? 1);
    }
  };
  process.stdout.write(`Installing ${packages.join(', ')} for ${purpose} (missing: ${missing.join(', ')})…\n`);
  run(['apt-get', 'update', '-qq']);
  run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages]);
}
