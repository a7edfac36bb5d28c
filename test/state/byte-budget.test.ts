import { expect, it } from 'vitest';
import { ByteBudget } from '../../src/state/byte-budget.js';

/** A promise the test settles by hand, so the order is checked without timers. */
function gate() {
  let open!: () => void;
  const wait = new Promise<void>((r) => (open = r));
  return { wait, open };
}

const tick = () => new Promise((r) => setImmediate(r));

it('runs jobs while their bytes fit, in arrival order, and gives bytes back on failure', async () => {
  const budget = new ByteBudget(100);
  const started: string[] = [];
  const gates = new Map<string, ReturnType<typeof gate>>();
  const job = (name: string, bytes: number, fail = false) => {
    const g = gate();
    gates.set(name, g);
    return budget.run(bytes, async () => {
      started.push(name);
      await g.wait;
      if (fail) throw new Error(`${name} failed`);
      return name;
    });
  };
  const a = job('a', 60);
  const b = job('b', 60, true);
  const c = job('c', 30);
  const settled = Promise.allSettled([a, b, c]);
  await tick();
  // b does not fit next to a; c waits behind b (first come, first served).
  expect(started).toEqual(['a']);
  expect(budget.free).toBe(40);
  gates.get('a')!.open();
  await tick();
  expect(started).toEqual(['a', 'b', 'c']);
  gates.get('b')!.open();
  gates.get('c')!.open();
  const results = await settled;
  expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  expect(budget.free).toBe(100);
});

it('lets a job bigger than the whole budget run alone instead of waiting forever', async () => {
  const budget = new ByteBudget(10);
  await expect(budget.run(1000, async () => budget.free)).resolves.toBe(0);
  expect(budget.free).toBe(10);
});

it('rejects a total that is not a positive integer', () => {
  expect(() => new ByteBudget(0)).toThrow('ByteBudget: total must be a positive integer, got 0');
});
