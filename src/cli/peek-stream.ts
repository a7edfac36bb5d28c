import type { DirectLog } from '../engine/diagnose.js';

/**
 * A stream of chunks whose start can be looked at before it is consumed (to tell a zip from a text
 * log, or gh's columns from a plain log). Chunks read while peeking are copied, because readers
 * may reuse their buffer; what follows is passed through as it comes. A source that can be read
 * directly (a file) is peeked with reads of just the bytes asked for: reading its first 1 MiB chunk
 * and copying it for each of the CLI's two peeks cost a 1 MiB log a few ms of its start-up (issue 13).
 */
export class PeekStream {
  private iterator: AsyncIterator<Uint8Array | string> | undefined;
  private readonly buffered: Buffer[] = [];
  private bufferedBytes = 0;
  private done = false;

  /**
   * @param rest the source read directly (a file): it reads on from where the source's chunks
   *   stopped, so `direct()` can hand on the peeked bytes and then the rest.
   */
  constructor(
    private readonly source: AsyncIterable<Uint8Array | string>,
    private readonly rest?: DirectLog,
  ) {}

  /** The source's next chunk (copied: its reader may reuse the buffer), or null at its end. */
  private async nextChunk(want: number): Promise<Buffer | null> {
    if (this.rest) {
      // Read where the source's chunks would: a DirectLog and the source share one position.
      const into = Buffer.allocUnsafe(want);
      const n = this.rest.readInto(into);
      return n === 0 ? null : into.subarray(0, n);
    }
    const next = await this.chunkIterator().next();
    return next.done ? null : Buffer.from(next.value);
  }

  private chunkIterator(): AsyncIterator<Uint8Array | string> {
    return (this.iterator ??= this.source[Symbol.asyncIterator]());
  }

  /** Up to `n` bytes from the start (fewer only at the end of the stream). */
  async peek(n: number): Promise<Buffer> {
    while (this.bufferedBytes < n && !this.done) {
      const chunk = await this.nextChunk(n - this.bufferedBytes);
      if (chunk === null) {
        this.done = true;
        break;
      }
      this.buffered.push(chunk);
      this.bufferedBytes += chunk.length;
    }
    // One chunk (most peeks): no copy of it; the caller only reads what it peeked.
    const all = this.buffered.length === 1 ? this.buffered[0]! : Buffer.concat(this.buffered);
    return all.subarray(0, Math.min(n, all.length));
  }

  /** The whole stream from its start, peeked bytes included. Can be taken once. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    while (this.buffered.length) yield this.buffered.shift()!;
    if (this.done) return;
    const iterator = this.chunkIterator();
    for (;;) {
      const next = await iterator.next();
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
      // The peeked pieces, as many as fit, then the source: a first read as big as the reader asks.
      readInto: (into) => {
        let filled = 0;
        while (filled < into.length && this.buffered.length > 0) {
          const first = this.buffered[0]!;
          const n = Math.min(first.length, into.length - filled);
          into.set(first.subarray(0, n), filled);
          filled += n;
          if (n === first.length) this.buffered.shift();
          else this.buffered[0] = first.subarray(n);
        }
        if (filled < into.length && !this.done) filled += rest.readInto(into.subarray(filled));
        return filled;
      },
    };
    if (rest.prescan) log.prescan = (set, filter) => rest.prescan!(set, filter);
    // Places in the stream are places in the source: peeked bytes are its first ones.
    if (rest.readAt) log.readAt = (into, offset) => rest.readAt!(into, offset);
    if (rest.skip) log.skip = (bytes) => this.buffered.length === 0 && !this.done && rest.skip!(bytes);
    return log;
  }
}
