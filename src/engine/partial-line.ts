import { concat, firstBytes, lastBytes } from './byte-pieces.js';

/** Put between the head and the tail of a line that was too long to keep whole. */
export const ELISION = Buffer.from(' [...] ', 'utf8');

/**
 * The line that a chunk ends in the middle of, kept until a later chunk ends it: its first bytes up
 * to `headCap` and its last bytes up to `tailCap`, so a line of any length costs at most their sum
 * (the error is usually at one end of it). Its pieces are copied: readers may reuse their buffers.
 */
export class PartialLine {
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private tail: Uint8Array = new Uint8Array(0);
  /** Full length of the line so far (0: no line under way). */
  length = 0;

  constructor(
    private readonly headCap: number,
    private readonly tailCap: number,
  ) {}

  /** `part` continues (or starts) the line. */
  keep(part: Uint8Array): void {
    if (part.length === 0) return;
    const room = this.headCap - this.headBytes;
    if (room > 0) {
      const kept = part.subarray(0, room);
      this.head.push(Uint8Array.from(kept));
      this.headBytes += kept.length;
    }
    this.length += part.length;
    this.tail = Uint8Array.from(lastBytes(this.tail, part, this.tailCap));
  }

  /** The last `n` bytes kept so far (fewer when the line is shorter). */
  lastBytes(n: number): Uint8Array {
    return this.tail.subarray(Math.max(0, this.tail.length - n));
  }

  /** The first `n` bytes of the line that ends with `segment`. */
  firstBytes(segment: Uint8Array, n: number): Uint8Array {
    return firstBytes(this.head, segment, n);
  }

  /** The line that ends with `segment`, its middle cut out (ELISION) when it is longer than the caps allow. */
  whole(segment: Uint8Array): { bytes: Uint8Array; truncated: boolean } {
    const full = this.length + segment.length;
    if (this.length === 0 && full <= this.headCap + this.tailCap) return { bytes: segment, truncated: false };
    const headLen = Math.min(full, this.headCap);
    const head = firstBytes(this.head, segment, headLen);
    const tailLen = Math.min(full - headLen, this.tailCap);
    const tail = lastBytes(this.tail, segment, tailLen);
    const truncated = headLen + tailLen < full;
    return { bytes: truncated ? concat(concat(head, ELISION), tail) : concat(head, tail), truncated };
  }

  /** The line is done: nothing kept. */
  clear(): void {
    if (this.headBytes > 0) {
      this.head = [];
      this.headBytes = 0;
    }
    this.length = 0;
    if (this.tail.length > 0) this.tail = new Uint8Array(0);
  }
}
