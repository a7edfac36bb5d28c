import { LRUCache } from 'lru-cache';

/**
 * Recently seen keys (delivery ids, `run:<repo>:<id>:<attempt>`, "already replied to"), bounded
 * by count and optionally by age. GitHub redelivers with the same delivery id; a run may also
 * arrive twice under two ids.
 */
export class RecentKeys {
  readonly #keys: LRUCache<string, true>;

  /**
   * `ttlMs`: a key is forgotten once more than that has passed since it was claimed (0: only by
   * eviction). `now`: the clock (tests pass a fake one; lru-cache then reads it on every check).
   */
  constructor(readonly max = 5000, ttlMs = 0, now?: () => number) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`RecentKeys: max must be a positive integer, got ${max}`);
    const clock = now ? { perf: { now }, ttlResolution: 0 } : {};
    this.#keys = new LRUCache<string, true>({ max, ...(ttlMs > 0 ? { ttl: ttlMs, ...clock } : {}) });
  }

  /** Records `key`; returns false when it was already seen (the caller should skip the work). */
  claim(key: string): boolean {
    if (this.#keys.has(key)) {
      // Refresh recency (not age) so a key that keeps coming back is not evicted first.
      this.#keys.get(key);
      return false;
    }
    this.#keys.set(key, true);
    return true;
  }

  /** Forgets `key`, e.g. when handling it failed and a redelivery should try again. */
  forget(key: string): void {
    this.#keys.delete(key);
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /** Milliseconds until `key` is forgotten (0 when unknown or kept until evicted). */
  remainingMs(key: string): number {
    return Math.max(0, this.#keys.getRemainingTTL(key));
  }

  get size(): number {
    return this.#keys.size;
  }
}
