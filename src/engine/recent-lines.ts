/**
 * The lines before the current one, for the catch-all's "last lines before the exit code". Asked
 * for on a few lines of a log, so nothing is done per line: lines wholly inside the chunk being
 * scanned are found on demand by walking back over its newlines, and only the last few lines of
 * each chunk (and lines that spanned chunks) are copied, since a reader may reuse its buffer.
 */

/** Lines remembered before the current one. */
export const RECENT_LINES = 6;
/** Bytes kept of each remembered line. */
export const RECENT_BYTES = 1024;

const NEWLINE = 10;

export interface RecentLine {
  line: number;
  bytes: Uint8Array;
}

export class RecentLines {
  /** Copies of the last lines before the current batch, a ring (line -1: empty). */
  private readonly ringLine = new Int32Array(RECENT_LINES).fill(-1);
  private readonly ringBytes: Uint8Array[] = [];
  private ringNext = 0;
  /** The chunk whose whole lines are being scanned (null between chunks) and where its first one starts. */
  private chunk: Uint8Array | null = null;
  private batchStart = 0;

  /** A finished line that is not in a batch (it spanned chunks): `bytes` is its start, a copy. */
  add(line: number, bytes: Uint8Array): void {
    this.ringLine[this.ringNext] = line;
    this.ringBytes[this.ringNext] = bytes.subarray(0, RECENT_BYTES);
    this.ringNext = (this.ringNext + 1) % RECENT_LINES;
  }

  /** The whole lines of `chunk` from `start` on are being scanned. */
  beginBatch(chunk: Uint8Array, start: number): void {
    this.chunk = chunk;
    this.batchStart = start;
  }

  /** The batch ended at `end` (after its last newline; `nextLine` is the line that starts there): keeps copies. */
  endBatch(end: number, nextLine: number): void {
    for (const { line, bytes } of this.inBatch(nextLine, end).reverse()) this.add(line, Uint8Array.from(bytes));
    this.chunk = null;
  }

  /**
   * Up to RECENT_LINES lines before `line`, oldest first; `start`: where `line` starts in the batch's
   * chunk, or -1 when it is not in the batch (it spanned chunks, or is the last line of the log).
   */
  before(line: number, start: number): RecentLine[] {
    const out = start >= 0 ? this.inBatch(line, start) : [];
    for (let k = 1; out.length < RECENT_LINES && k <= RECENT_LINES; k++) {
      const i = (this.ringNext - k + RECENT_LINES) % RECENT_LINES;
      if (this.ringLine[i] === -1) break;
      out.push({ line: this.ringLine[i]!, bytes: this.ringBytes[i]! });
    }
    return out.reverse();
  }

  /** The batch's lines before `line` (which starts at `start`), newest first, views of the chunk. */
  private inBatch(line: number, start: number): RecentLine[] {
    const out: RecentLine[] = [];
    const chunk = this.chunk;
    if (!chunk) return out;
    let end = start - 1;
    while (out.length < RECENT_LINES && end >= this.batchStart) {
      // A negative position would make lastIndexOf count from the end.
      const nl = end > this.batchStart ? chunk.lastIndexOf(NEWLINE, end - 1) : -1;
      const from = Math.max(nl + 1, this.batchStart);
      out.push({ line: line - 1 - out.length, bytes: chunk.subarray(from, Math.min(end, from + RECENT_BYTES)) });
      end = from - 1;
    }
    return out;
  }
}

/**
 * The lowest byte of `chunk` that RecentLines reads when it walks back from the line starting at `start` over
 * a batch that starts at `batchStart` (before() and endBatch(), through inBatch): the newline before the
 * oldest line it reaches, or 0. A chunk whose bytes are there from this one up to `start` gives the same lines.
 */
export function lowestReadBefore(chunk: Uint8Array, batchStart: number, start: number): number {
  let lowest = start;
  let end = start - 1;
  for (let k = 0; k < RECENT_LINES && end >= batchStart; k++) {
    const nl = end > batchStart ? chunk.lastIndexOf(NEWLINE, end - 1) : -1;
    // lastIndexOf read down to the newline it found (to 0 when none).
    lowest = Math.min(lowest, Math.max(nl, 0));
    end = Math.max(nl + 1, batchStart) - 1;
  }
  return lowest;
}
