import { Connection } from '@temporalio/client';
import { startProcess, waitFor, type ManagedProcess } from './processes';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  /** Temporal Web UI port; omit to run headless. */
  uiPort?: number;
  /** SQLite file for persistence; omit for an in-memory server. */
  dbFile?: string;
  namespace?: string;
  echo?: (line: string) => void;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  process: ManagedProcess;
}

/** Starts `temporal server start-dev` and waits until its frontend answers. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<RunningTemporal> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(opts.port),
    '--namespace',
    opts.namespace ?? 'default',
    '--log-level',
    'warn',
  ];
  if (opts.dbFile) {
    args.push('--db-filename', opts.dbFile);
  }
  if (opts.uiPort) {
    args.push('--ui-port', String(opts.uiPort));
  } else {
    args.push('--headless');
  }
  const proc = startProcess('temporal', opts.cliPath, args, { echo: opts.echo });
  const address = `127.0.0.1:${opts.port}`;
  try {
    await waitFor(
      `Temporal dev server on ${address}`,
      async () => {
        if (proc.child.exitCode !== null) {
          throw new Error(`Temporal dev server exited (code ${proc.child.exitCode}):\n${proc.tail()}`);
        }
        try {
          const connection = await Connection.connect({ address, connectTimeout: 1000 });
          try {
            await connection.workflowService.getSystemInfo({});
            return true;
          } finally {
            await connection.close();
          }
        } catch {
          return false;
        }
      },
      60_000,
      300,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { address, uiUrl: opts.uiPort ? `http://127.0.0.1:${opts.uiPort}` : undefined, process: proc };
}
