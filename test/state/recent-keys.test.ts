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
