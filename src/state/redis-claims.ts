import type { Redis } from 'ioredis';
import type { ClaimStore } from './shared-state.js';

// All or none, in one step: no other replica can claim between the check and the set.
const CLAIM = `
for i, k in ipairs(KEYS) do
  local v = redis.call('GET', k)
  if v and v ~= ARGV[1] then return 0 end
end
for i, k in ipairs(KEYS) do redis.call('SET', k, ARGV[1], 'PX', ARGV[2]) end
return 1`;

// Keeps the expiry (KEEPTTL, Redis 6+): done keys still age out.
const COMPLETE = `
for i, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then redis.call('SET', k, ARGV[2], 'KEEPTTL') end
end
return 1`;

/** Not a delivery id GitHub sends (those are UUIDs): no owner can match it. */
const DONE = '\u0000done';

// Only the owner's keys go: a slow failed attempt must not free a claim another delivery took since.
const RELEASE = `
local n = 0
for i, k in ipairs(KEYS) do
  if redis.call('GET', k) == ARGV[1] then n = n + redis.call('DEL', k) end
end
return n`;

/** Claims in Redis: `SET` with expiry under a Lua script, keys under `<prefix>claim:`. */
export class RedisClaims implements ClaimStore {
  constructor(
    readonly redis: Redis,
    readonly opts: { prefix?: string; ttlMs?: number } = {},
  ) {}

  async claim(keys: string[], owner: string): Promise<boolean> {
    if (keys.length === 0) return true;
    const ttl = String(this.opts.ttlMs ?? 24 * 3600_000);
    return (await this.redis.eval(CLAIM, keys.length, ...this.#keys(keys), owner, ttl)) === 1;
  }

  async complete(keys: string[], owner: string): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.eval(COMPLETE, keys.length, ...this.#keys(keys), owner, DONE);
  }

  async release(keys: string[], owner: string): Promise<void> {
    if (keys.length === 0) return;
    await this.redis.eval(RELEASE, keys.length, ...this.#keys(keys), owner);
  }

  #keys(keys: string[]): string[] {
    return keys.map((k) => `${this.opts.prefix ?? 'runner-doctor:'}claim:${k}`);
  }
}
