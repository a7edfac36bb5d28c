import { RecentKeys } from './recent-keys.js';

export interface Limited {
  reason: 'running' | 'pr-cooldown' | 'user-cooldown';
  /** Seconds until a command would be taken (0 while one is running: unknown). */
  retryInS: number;
}

/**
 * Rate limit for `/diagnose`: one at a time per pull request, then a cooldown per pull request,
 * and a cooldown per person across pull requests. Bounded memory: cooldowns are LRU entries
 * that expire.
 */
export class CommandLimiter {
  readonly #running = new Set<string>();
  readonly #prCooldown: RecentKeys | null;
  readonly #userCooldown: RecentKeys | null;
  /** "Told them once" marks, so a burst of commands gets one reply, not one each. */
  readonly #noticed: RecentKeys;

  constructor(opts: { prCooldownMs: number; userCooldownMs: number; max?: number }) {
    const max = opts.max ?? 10_000;
    this.#noticed = new RecentKeys(max, Math.max(opts.prCooldownMs, opts.userCooldownMs, 10 * 60_000));
    this.#prCooldown = opts.prCooldownMs > 0 ? new RecentKeys(max, opts.prCooldownMs) : null;
    this.#userCooldown = opts.userCooldownMs > 0 ? new RecentKeys(max, opts.userCooldownMs) : null;
  }

  /** Why a command from `user` on `pr` must wait, or null when it may go ahead. */
  check(pr: string, user: string): Limited | null {
    if (this.#running.has(pr)) return { reason: 'running', retryInS: 0 };
    const secs = (keys: RecentKeys | null, key: string) =>
      keys?.has(key) ? Math.ceil(keys.remainingMs(key) / 1000) : 0;
    const prWait = secs(this.#prCooldown, pr);
    if (prWait > 0) return { reason: 'pr-cooldown', retryInS: prWait };
    const userWait = secs(this.#userCooldown, user);
    if (userWait > 0) return { reason: 'user-cooldown', retryInS: userWait };
    return null;
  }

  /** True the first time `key` is noticed within the window (then reply; afterwards stay quiet). */
  firstNotice(key: string): boolean {
    return this.#noticed.claim(key);
  }

  /** A command from `user` is being looked at (it costs API calls even when denied). */
  noteUser(user: string): void {
    this.#userCooldown?.claim(user);
  }

  /** Runs a command on `pr`; the PR's cooldown starts when it ends, however it ends. */
  async run<T>(pr: string, fn: () => Promise<T>): Promise<T> {
    this.#running.add(pr);
    try {
      return await fn();
    } finally {
      this.#running.delete(pr);
      this.#prCooldown?.claim(pr);
    }
  }
}
