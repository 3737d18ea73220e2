import { startProcess, superviseProcess, waitFor } from './processes';

/** A real child process that runs until killed (or exits at once when `exitAtOnce`). */
const child = (exitAtOnce = false) =>
  startProcess('child', process.execPath, ['-e', exitAtOnce ? 'process.exit(3)' : 'setInterval(() => {}, 1000)']);

describe('superviseProcess', () => {
  it('starts a killed process again after a backoff, says so, and stops for good when asked', async () => {
    const restarts: Array<{ exit: string; delayMs: number; restart: number }> = [];
    const supervised = superviseProcess(() => child(), { name: 'child', onRestart: (r) => restarts.push(r) });
    const first = supervised.current();
    first.child.kill('SIGKILL');
    await waitFor('a new process', () => Promise.resolve(supervised.current() !== first), 10_000, 50);
    expect(restarts).toEqual([{ exit: 'SIGKILL', delayMs: 1_000, restart: 1 }]);
    expect(supervised.current().child.exitCode).toBeNull();

    const second = supervised.current();
    await supervised.stop();
    expect(second.child.signalCode).toBe('SIGTERM');
    expect(supervised.restarts()).toBe(1);
  });

  it('doubles the delay while the process keeps dying at once, up to the maximum', async () => {
    const delays: number[] = [];
    const supervised = superviseProcess(() => child(true), {
      name: 'crashing',
      maxDelayMs: 2_000,
      onRestart: (r) => delays.push(r.delayMs),
    });
    await waitFor('four restarts', () => Promise.resolve(delays.length >= 4), 20_000, 50);
    await supervised.stop();
    expect(delays.slice(0, 4)).toEqual([1_000, 2_000, 2_000, 2_000]);
  });
});
