import { expect, it } from 'vitest';
import { KeyedLock } from '../../src/state/keyed-lock.js';

/** A promise the test settles by hand, so ordering is checked without timers. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

it('runs work for one key one at a time, in arrival order, and other keys in parallel', async () => {
  const lock = new KeyedLock();
  const events: string[] = [];
  const g1 = gate();
  const a1 = lock.run('pr#1', async () => {
    events.push('a1 start');
    await g1.p;
    events.push('a1 end');
  });
  const a2 = lock.run('pr#1', async () => {
    events.push('a2 start');
  });
  const b1 = lock.run('pr#2', async () => {
    events.push('b1 start');
  });
  await b1;
  expect(events).toEqual(['a1 start', 'b1 start']);
  g1.open();
  await Promise.all([a1, a2]);
  expect(events).toEqual(['a1 start', 'b1 start', 'a1 end', 'a2 start']);
  expect(lock.size).toBe(0);
});

it('a failure does not block the next holder and reaches its own caller', async () => {
  const lock = new KeyedLock();
  const failed = lock.run('k', async () => {
    throw new Error('boom');
  });
  const next = lock.run('k', async () => 'ran');
  await expect(failed).rejects.toThrow('boom');
  await expect(next).resolves.toBe('ran');
});
