import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') {
          resolve(address.port);
        } else {
          reject(new Error('could not allocate a port'));
        }
      });
    });
  });
}

export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 60_000,
  intervalMs = 200,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) {
      return;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface ManagedProcess {
  readonly name: string;
  readonly child: ChildProcess;
  /** Last lines of output, for error messages. */
  tail(): string;
  stop(timeoutMs?: number): Promise<void>;
}

/** Spawns a child process whose output is kept (and optionally echoed) and which can be stopped cleanly. */
export function startProcess(
  name: string,
  command: string,
  args: string[],
  options: {
    env?: NodeJS.ProcessEnv;
    cwd?: string;
    echo?: (line: string) => void;
    /** Run as this user and group (only when we are root). */
    uid?: number;
    gid?: number;
    /** The signal that asks the process to stop (SIGTERM unless the program wants another). */
    stopSignal?: NodeJS.Signals;
  } = {},
): ManagedProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  const lines: string[] = [];
  const onData = (chunk: Buffer): void => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) {
        lines.push(line);
        if (lines.length > 50) {
          lines.shift();
        }
        options.echo?.(line);
      }
    }
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = child.exitCode !== null;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  return {
    name,
    child,
    tail: () => lines.join('\n'),
    async stop(timeoutMs = 10_000) {
      if (exited) {
        return;
      }
      child.kill(options.stopSignal ?? 'SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

export interface SupervisedProcess {
  readonly name: string;
  /** The process running now (a new one after each restart). */
  current(): ManagedProcess;
  /** How many times the process was restarted after dying. */
  restarts(): number;
  /** Stops the process for good (no restart). */
  stop(timeoutMs?: number): Promise<void>;
}

/**
 * Keeps a process running: when it exits without being asked to, it is started
 * again after a backoff (1 s, doubling up to `maxDelayMs`; back to 1 s once a run
 * lasted `stableAfterMs`), and `onRestart` is told why and when.
 */
export function superviseProcess(
  start: () => ManagedProcess,
  options: {
    name: string;
    onRestart?: (info: { exit: string; delayMs: number; restart: number }) => void;
    maxDelayMs?: number;
    stableAfterMs?: number;
  },
): SupervisedProcess {
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const stableAfterMs = options.stableAfterMs ?? 60_000;
  let stopped = false;
  let failures = 0;
  let restarts = 0;
  let timer: NodeJS.Timeout | undefined;
  let proc: ManagedProcess;
  const launch = (): void => {
    const startedAt = Date.now();
    proc = start();
    proc.child.once('exit', (code, signal) => {
      if (stopped) {
        return;
      }
      failures = Date.now() - startedAt >= stableAfterMs ? 1 : failures + 1;
      const delayMs = Math.min(1_000 * 2 ** (failures - 1), maxDelayMs);
      restarts += 1;
      options.onRestart?.({ exit: signal ?? `code ${code}`, delayMs, restart: restarts });
      timer = setTimeout(() => {
        if (!stopped) {
          launch();
        }
      }, delayMs);
    });
  };
  launch();
  return {
    name: options.name,
    current: () => proc,
    restarts: () => restarts,
    async stop(timeoutMs) {
      stopped = true;
      clearTimeout(timer);
      await proc.stop(timeoutMs);
    },
  };
}
