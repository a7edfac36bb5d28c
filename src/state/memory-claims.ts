import type { ClaimStore } from './shared-state.js';

/**
 * In-process claims: bounded by count (oldest evicted first) and by age, like the Redis store's
 * expiry. Enough for one replica; a restart forgets them (GitHub's redelivery is then handled).
 */
/** Not a delivery id GitHub sends (those are UUIDs): no owner can match it. */
const DONE = '\u0000done';

export class MemoryClaims implements ClaimStore {
  readonly #owners = new Map<string, { owner: string; until: number }>();

  constructor(
    readonly max = 10_000,
    readonly ttlMs = 24 * 3600_000,
    readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`MemoryClaims: max must be a positive integer, got ${max}`);
  }

  claim(keys: string[], owner: string): Promise<boolean> {
    const t = this.now();
    for (const k of keys) {
      const held = this.#owners.get(k);
      if (held && held.until > t && held.owner !== owner) return Promise.resolve(false);
    }
    for (const k of keys) {
      // Re-insert so the Map's order stays oldest-first for eviction.
      this.#owners.delete(k);
      this.#owners.set(k, { owner, until: t + this.ttlMs });
    }
    while (this.#owners.size > this.max) this.#owners.delete(this.#owners.keys().next().value as string);
    return Promise.resolve(true);
  }

  complete(keys: string[], owner: string): Promise<void> {
    for (const k of keys) {
      const held = this.#owners.get(k);
      if (held?.owner === owner) this.#owners.set(k, { ...held, owner: DONE });
    }
    return Promise.resolve();
  }

  release(keys: string[], owner: string): Promise<void> {
    for (const k of keys) if (this.#owners.get(k)?.owner === owner) this.#owners.delete(k);
    return Promise.resolve();
  }

  get size(): number {
    return this.#owners.size;
  }
}
