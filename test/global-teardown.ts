import type { TestStack } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const stack = (globalThis as { __DONDOC_STACK__?: Partial<TestStack> }).__DONDOC_STACK__;
  if (!stack) {
    return;
  }
  await stack.mailbox?.stop();
  await stack.temporal?.process.stop();
  await stack.postgres?.stop();
}
