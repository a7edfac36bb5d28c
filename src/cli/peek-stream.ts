import type { DirectLog } from '../engine/diagnose.js';

/**
 * A stream of chunks whose start can be looked at before it is consumed (to tell a zip from a text
 * log, or gh's columns from a plain log). Chunks read while peeking are copied, because readers
 * may reuse their buffer; what follows is passed through as it comes.
 */
export class PeekStream {
  private readonly iterator: AsyncIterator<Uint8Array | string>;
  private readonly buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private done = false;

  /**
   * @param rest the source read directly (a file): it reads on from where the source's chunks
   *   stopped, so `direct()` can hand on the peeked bytes and then the rest.
   */
  constructor(
    source: AsyncIterable<Uint8Array | string>,
    private readonly rest?: DirectLog,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** Up to `n` bytes from the start (fewer only at the end of the stream). */
  async peek(n: number): Promise<Buffer> {
    while (this.bufferedBytes < n && !this.done) {
      const next = await this.iterator.next();
      if (next.done) {
        this.done = true;
        break;
      }
      const copy = Buffer.from(next.value);
      this.buffered.push(copy);
      this.bufferedBytes += copy.length;
    }
    // One chunk (most peeks): no copy of it; the caller only reads what it peeked.
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    return all.subarray(0, Math.min(n, all.length));
  }

  /** The whole stream from its start, peeked bytes included. Can be taken once. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    while (this.buffered.length) yield this.buffered.shift()!;
    if (this.done) return;
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }

  /**
   * The whole stream from its start as a DirectLog (peeked bytes first), when the source can be read
   * directly; else undefined. Taken instead of `chunks()`, once.
   */
  direct(): DirectLog | undefined {
    const rest = this.rest;
    if (!rest) return undefined;
    const log: DirectLog = {
      readInto: (into) => {
        const first = this.buffered[0];
        if (!first) return this.done ? 0 : rest.readInto(into);
        const n = Math.min(first.length, into.length);
        into.set(first.subarray(0, n));
        if (n === first.length) this.buffered.shift();
        else this.buffered[0] = first.subarray(n);
        return n;
      },
    };
    if (rest.prescan) log.prescan = (literals) => rest.prescan!(literals);
    return log;
  }
}
