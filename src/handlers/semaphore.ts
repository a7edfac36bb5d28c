/**
 * Limits how many jobs are downloaded and diagnosed at once in the process: each holds up to
 * `maxLogBytes` in memory, and many runs can finish together.
 */
export class Semaphore {
  #free: number;
  readonly #waiting: (() => void)[] = [];

  constructor(readonly slots: number) {
    if (!Number.isInteger(slots) || slots < 1) throw new Error(`Semaphore: slots must be a positive integer, got ${slots}`);
    this.#free = slots;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await fn();
    } finally {
      // Hand the slot straight to the next waiter, else give it back.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }

  /** Slots not in use (for tests and logs). */
  get free(): number {
    return this.#free;
  }
}
