import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MemoryClaims } from '../../src/state/memory-claims.js';
import { RedisClaims } from '../../src/state/redis-claims.js';
import { LockTimeoutError, RedisLock } from '../../src/state/redis-lock.js';
import type { ClaimStore } from '../../src/state/shared-state.js';

let redis: Redis;
const prefix = `t-${randomUUID()}:`;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

// Both stores must behave alike: the in-process one is the single-replica default.
describe.each([
  ['redis', () => new RedisClaims(redis, { prefix, ttlMs: 60_000 }) as ClaimStore],
  ['memory', () => new MemoryClaims() as ClaimStore],
])('%s claims', (_name, make) => {
  it('claims all keys or none, and lets the same owner claim again (a retry)', async () => {
    const claims = make();
    const run = `run:${randomUUID()}`;
    expect(await claims.claim([`delivery:a-${run}`, run], 'a')).toBe(true);
    // Another delivery for the same run is turned away, and claims nothing of its own.
    expect(await claims.claim([`delivery:b-${run}`, run], 'b')).toBe(false);
    expect(await claims.claim([`delivery:b-${run}`], 'c')).toBe(true);
    expect(await claims.claim([`delivery:a-${run}`, run], 'a')).toBe(true);
  });

  it('turns everyone away, the same owner included, once the work is done', async () => {
    const claims = make();
    const run = `run:${randomUUID()}`;
    expect(await claims.claim([run], 'a')).toBe(true);
    await claims.complete([run], 'b');
    expect(await claims.claim([run], 'a')).toBe(true);
    await claims.complete([run], 'a');
    expect(await claims.claim([run], 'a')).toBe(false);
    expect(await claims.claim([run], 'b')).toBe(false);
    await claims.release([run], 'a');
    expect(await claims.claim([run], 'b')).toBe(false);
  });

  it('releases only what the owner holds', async () => {
    const claims = make();
    const run = `run:${randomUUID()}`;
    await claims.claim([run], 'a');
    await claims.release([run], 'b');
    expect(await claims.claim([run], 'b')).toBe(false);
    await claims.release([run], 'a');
    expect(await claims.claim([run], 'b')).toBe(true);
  });
});

describe('redis claims', () => {
  it('expire', async () => {
    const claims = new RedisClaims(redis, { prefix, ttlMs: 50 });
    const run = `run:${randomUUID()}`;
    await claims.claim([run], 'a');
    await new Promise((r) => setTimeout(r, 120));
    expect(await claims.claim([run], 'b')).toBe(true);
  });

  it('decide one winner among many claimers at once', async () => {
    const claims = new RedisClaims(redis, { prefix });
    const run = `run:${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => claims.claim([run], `o${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe('redis lock', () => {
  it('serialises holders of one key across connections', async () => {
    const other = new Redis(inject('redisUrl'));
    try {
      const locks = [new RedisLock(redis, { prefix }), new RedisLock(other, { prefix })];
      const key = `pr-${randomUUID()}`;
      let inside = 0;
      let most = 0;
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          locks[i % 2]!.run(key, async () => {
            most = Math.max(most, ++inside);
            await new Promise((r) => setTimeout(r, 5));
            order.push(i);
            inside--;
          }),
        ),
      );
      expect(most).toBe(1);
      expect(order.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await redis.exists(`${prefix}lock:${key}`)).toBe(0);
    } finally {
      await other.quit();
    }
  });

  it('keeps the lock past its expiry while the holder lives (renewal)', async () => {
    // Held 2.5 times the expiry: only the renewals (every third of it) keep it.
    const lock = new RedisLock(redis, { prefix, ttlMs: 1000 });
    const key = `pr-${randomUUID()}`;
    let secondIn = false;
    let secondInWhileFirstHeld = false;
    const first = lock.run(key, async () => {
      await new Promise((r) => setTimeout(r, 2500));
      secondInWhileFirstHeld = secondIn;
    });
    await new Promise((r) => setTimeout(r, 20));
    const second = new RedisLock(redis, { prefix, ttlMs: 1000 }).run(key, async () => {
      secondIn = true;
    });
    await Promise.all([first, second]);
    expect(secondInWhileFirstHeld).toBe(false);
    expect(secondIn).toBe(true);
  });

  it('is taken over once a dead holder\'s lock expires', async () => {
    const key = `pr-${randomUUID()}`;
    const name = `${prefix}lock:${key}`;
    // A holder that died: its token stays until the expiry.
    await redis.set(name, 'dead-holder-token', 'PX', 150);
    let tokenWhileHeld: string | null = null;
    await new RedisLock(redis, { prefix }).run(key, async () => {
      tokenWhileHeld = await redis.get(name);
    });
    expect(tokenWhileHeld).toMatch(/^[0-9a-f-]{36}$/);
    expect(await redis.exists(name)).toBe(0);
  });

  it('is not freed by a holder that lost it (expired and taken by another)', async () => {
    const key = `pr-${randomUUID()}`;
    const name = `${prefix}lock:${key}`;
    await new RedisLock(redis, { prefix }).run(key, async () => {
      // What an expiry followed by another replica's SET NX leaves behind.
      await redis.set(name, 'other-replica-token');
    });
    expect(await redis.get(name)).toBe('other-replica-token');
    await redis.del(name);
  });

  it('gives up with a retryable error when the lock stays taken', async () => {
    const key = `pr-${randomUUID()}`;
    await redis.set(`${prefix}lock:${key}`, 'someone', 'PX', 10_000);
    const lock = new RedisLock(redis, { prefix, waitMs: 100 });
    await expect(lock.run(key, async () => 'ran')).rejects.toBeInstanceOf(LockTimeoutError);
  });
});
