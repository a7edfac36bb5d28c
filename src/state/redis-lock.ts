import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import type { PrLock } from './shared-state.js';

// Release and renewal only by the holder: a holder that outlived its expiry must not drop a lock
// that another replica has taken since.
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
const RENEW =
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;

export interface RedisLockOptions {
  prefix?: string;
  /** Expiry of a lock whose holder died (renewed while the holder lives). Default 30 s. */
  ttlMs?: number;
  /** Longest wait for the lock before giving up with an error (the job is retried). Default 120 s. */
  waitMs?: number;
}

/**
 * A per-key lock in Redis (`SET NX PX` with a random token). The holder renews it every third of
 * the expiry, so a long comment update keeps it, and a holder killed mid-update frees it when the
 * expiry passes. Waiters poll with a growing, jittered pause.
 */
export class RedisLock implements PrLock {
  readonly #ttl: number;
  readonly #wait: number;

  constructor(
    readonly redis: Redis,
    readonly opts: RedisLockOptions = {},
  ) {
    this.#ttl = opts.ttlMs ?? 30_000;
    this.#wait = opts.waitMs ?? 120_000;
  }

  async run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const name = `${this.opts.prefix ?? 'runner-doctor:'}lock:${key}`;
    const token = randomUUID();
    const deadline = Date.now() + this.#wait;
    for (let pause = 20; ; pause = Math.min(pause * 2, 500)) {
      if ((await this.redis.set(name, token, 'PX', this.#ttl, 'NX')) === 'OK') break;
      if (Date.now() > deadline) throw new LockTimeoutError(key, this.#wait);
      await sleep(pause / 2 + Math.random() * pause);
    }
    const renew = setInterval(() => {
      this.redis.eval(RENEW, 1, name, token, String(this.#ttl)).catch(() => undefined);
    }, Math.max(10, Math.floor(this.#ttl / 3)));
    renew.unref();
    try {
      return await fn();
    } finally {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, name, token).catch(() => undefined);
    }
  }
}

/** The lock stayed taken longer than the wait allows; the caller's job is retried later. */
export class LockTimeoutError extends Error {
  constructor(key: string, waitMs: number) {
    super(`the comment lock for ${key} stayed taken for ${Math.round(waitMs / 1000)} s`);
    this.name = 'LockTimeoutError';
  }
}
