import { expect, it } from 'vitest';
import { RecentKeys } from '../../src/state/recent-keys.js';

it('claims a key once, forgets on request, and evicts the oldest beyond its bound', () => {
  const keys = new RecentKeys(2);
  expect(keys.claim('d1')).toBe(true);
  expect(keys.claim('d1')).toBe(false);
  keys.forget('d1');
  expect(keys.claim('d1')).toBe(true);
  expect(keys.claim('d2')).toBe(true);
  expect(keys.claim('d3')).toBe(true); // evicts d1
  expect(keys.size).toBe(2);
  expect(keys.has('d1')).toBe(false);
  expect(keys.claim('d2')).toBe(false);
});

it('rejects a bound that is not a positive integer', () => {
  expect(() => new RecentKeys(0)).toThrow('RecentKeys: max must be a positive integer, got 0');
});

it('forgets a key once more than its ttl has passed, on the clock it is given', () => {
  let t = 5_000;
  const keys = new RecentKeys(10, 1000, () => t);
  expect(keys.claim('k')).toBe(true);
  t += 1000;
  expect(keys.claim('k')).toBe(false);
  expect(keys.remainingMs('k')).toBe(0);
  t += 1;
  expect(keys.claim('k')).toBe(true);
  expect(keys.remainingMs('k')).toBe(1000);
});
