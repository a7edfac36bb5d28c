/**
 * A bounded set of recently seen keys (delivery ids, `run:<repo>:<id>:<attempt>`), oldest evicted
 * first. GitHub redelivers with the same delivery id; a run may also arrive twice under two ids.
 */
export class RecentKeys {
  readonly #keys = new Map<string, true>();

  constructor(readonly max = 5000) {
    if (!Number.isInteger(max) || max < 1) throw new Error(`RecentKeys: max must be a positive integer, got ${max}`);
  }

  /** Records `key`; returns false when it was already seen (the caller should skip the work). */
  claim(key: string): boolean {
    if (this.#keys.has(key)) {
      // Refresh so a key that keeps coming back is not evicted first.
      this.#keys.delete(key);
      this.#keys.set(key, true);
      return false;
    }
    this.#keys.set(key, true);
    if (this.#keys.size > this.max) this.#keys.delete(this.#keys.keys().next().value as string);
    return true;
  }

  /** Forgets `key`, e.g. when handling it failed and a redelivery should try again. */
  forget(key: string): void {
    this.#keys.delete(key);
  }

  has(key: string): boolean {
    return this.#keys.has(key);
  }

  get size(): number {
    return this.#keys.size;
  }
}
