import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Reads a value until the assertion accepts it, then returns it: the way a UI
 * test waits for the state it checks to settle (a filter applied, a list
 * refreshed) instead of asserting on the first reading. When time runs out the
 * assertion runs once more on the last reading, so the failure shows the real
 * difference. `timeoutMs` is generous on purpose: a loaded machine is slow, not
 * wrong.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  assert: (value: T) => void,
  { timeoutMs = 30_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    try {
      assert(value);
      return value;
    } catch (error) {
      if (Date.now() >= deadline) {
        throw error;
      }
    }
    await sleep(intervalMs);
  }
}
