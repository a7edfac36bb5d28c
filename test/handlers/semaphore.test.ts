import { expect, it } from 'vitest';
import { Semaphore } from '../../src/handlers/semaphore.js';

it('runs at most N tasks at once, in arrival order, and frees slots on failure', async () => {
  const sem = new Semaphore(2);
  let running = 0;
  let peak = 0;
  const order: number[] = [];
  const gates: (() => void)[] = [];
  const tasks = [0, 1, 2, 3, 4].map((i) =>
    sem.run(async () => {
      running++;
      peak = Math.max(peak, running);
      order.push(i);
      await new Promise<void>((r) => gates.push(r));
      running--;
      if (i === 1) throw new Error('task 1 failed');
      return i;
    }),
  );
  // Observe the outcomes now, so task 1's rejection is handled when it happens.
  const settled = Promise.allSettled(tasks);
  // Open gates as tasks arrive until all five have run.
  while (order.length < 5 || gates.length) {
    await Promise.resolve();
    gates.shift()?.();
    await new Promise((r) => setImmediate(r));
  }
  const results = await settled;
  expect(peak).toBe(2);
  expect(order).toEqual([0, 1, 2, 3, 4]);
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
  expect(sem.free).toBe(2);
});

it('rejects a slot count that is not a positive integer', () => {
  expect(() => new Semaphore(0)).toThrow('Semaphore: slots must be a positive integer, got 0');
});
