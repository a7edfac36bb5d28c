import { describe, expect, it } from 'vitest';
import { LruMap } from '../../src/catalog/lru-map.js';

describe('LruMap', () => {
  it('keeps at most max keys, dropping the least recently read or written first', () => {
    const m = new LruMap<string, number>(3);
    m.set('a', 1);
    m.set('b', 2);
    m.set('c', 3);
    expect(m.get('a')).toBe(1); // a is now the most recent: b goes first
    m.set('d', 4);
    expect(m.size).toBe(3);
    expect(m.get('b')).toBeUndefined();
    m.set('c', 30); // written again: c is the most recent, a the least
    m.set('e', 5);
    expect(m.get('a')).toBeUndefined();
    expect([m.get('c'), m.get('d'), m.get('e')]).toEqual([30, 4, 5]);
  });

  it('refuses a bound that holds nothing', () => {
    expect(() => new LruMap(0)).toThrow(/at least one/);
  });
});
