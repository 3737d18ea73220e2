import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

/**
 * A V8 CPU profile of this process, for the benchmark's profiles (docs/performance.md): when the
 * environment sets `CPU_PROFILE_DIR`, profiling starts now and the profile is written, on SIGINT or
 * SIGTERM (before the process's own shutdown) or at exit, to
 * `<CPU_PROFILE_DIR>/<name>-<pid>.cpuprofile` (open it in Chrome DevTools, or summarise it with
 * `node dist/scripts/bench/profile-summary.js <file>`). Does nothing without the variable.
 * Node's own `--cpu-prof` writes only at a clean exit, which a Nest application stopped by a signal
 * never reaches. Sampling every 1 ms costs a few per cent of CPU.
 */
export function cpuProfileFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): void {
  const dir = env.CPU_PROFILE_DIR;
  if (!dir) {
    return;
  }
  mkdirSync(dir, { recursive: true });
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = (): void => {
    if (written) {
      return;
    }
    written = true;
    // A session on this thread answers synchronously: the file is written before the handler returns.
    session.post('Profiler.stop', (err, result) => {
      if (!err) {
        writeFileSync(join(dir, `${name}-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
      }
      session.disconnect();
    });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.prependListener(signal, write);
  }
  process.once('exit', write);
}
