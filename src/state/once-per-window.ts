/**
 * Says yes to a key once per window (e.g. one log line per installation and problem per hour).
 * Bounded: past `max` keys the oldest is forgotten (it may then be reported again early). Not
 * lru-cache's ttl: that one reads its own clock, and the window is tested with a fake one.
 */
export class OncePerWindow {
  readonly #until = new Map<string, number>();

  constructor(
    readonly windowMs: number,
    readonly max = 10_000,
    readonly now: () => number = Date.now,
  ) {}

  /** True when `key` was not reported within the window; it is then recorded. */
  take(key: string): boolean {
    const t = this.now();
    const until = this.#until.get(key);
    if (until !== undefined && until > t) return false;
    this.#until.delete(key);
    this.#until.set(key, t + this.windowMs);
    if (this.#until.size > this.max) this.#until.delete(this.#until.keys().next().value!);
    return true;
  }
}
