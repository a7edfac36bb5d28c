/**
 * A budget of bytes shared by the jobs that hold logs in memory at once: a job reserves its log
 * cap before downloading and gives it back after. Weighted, which p-limit (a count of tasks) is
 * not: four jobs capped at 512 MiB and forty capped at 1 MiB are not the same load.
 */
export class ByteBudget {
  #free: number;
  readonly #waiting: { bytes: number; go: () => void }[] = [];

  constructor(readonly total: number) {
    if (!Number.isSafeInteger(total) || total < 1) throw new Error(`ByteBudget: total must be a positive ` +
      `integer, got ${total}`);
    this.#free = total;
  }

  /** Runs `fn` once `bytes` (at most the whole budget) are free; first come, first served. */
  async run<T>(bytes: number, fn: () => Promise<T>): Promise<T> {
    const want = Math.min(Math.max(1, Math.ceil(bytes)), this.total);
    if (this.#waiting.length === 0 && this.#free >= want) this.#free -= want;
    else await new Promise<void>((go) => this.#waiting.push({ bytes: want, go }));
    try {
      return await fn();
    } finally {
      this.#free += want;
      // In order: a big job at the head is not starved by small ones passing it.
      while (this.#waiting.length > 0 && this.#free >= this.#waiting[0]!.bytes) {
        const next = this.#waiting.shift()!;
        this.#free -= next.bytes;
        next.go();
      }
    }
  }

  /** Bytes not reserved (for tests and logs). */
  get free(): number {
    return this.#free;
  }
}
