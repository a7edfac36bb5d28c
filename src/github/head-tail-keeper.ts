import type { JobLog } from './download-job-log.js';

const NEWLINE = 0x0a;

/**
 * Keeps the first `max / 2` and the last `max - max / 2` bytes of a stream in ONE buffer of at
 * most `max` bytes: the head fills its front, the tail goes round a ring in its back half, and
 * the result is cut and joined in place. Nothing is allocated per chunk, and nothing is copied
 * twice, so the peak stays near `max` however long the log is.
 */
export class HeadTailKeeper {
  readonly headCap: number;
  readonly tailCap: number;
  #buf: Uint8Array;
  #headLen = 0;
  /** Where the next tail byte goes, relative to the ring's start (headCap). */
  #ringAt = 0;
  #ringLen = 0;
  #total = 0;

  /** `expected`: the size the server announced, so a small log gets a small buffer. */
  constructor(max: number, expected?: number) {
    this.headCap = Math.floor(max / 2);
    this.tailCap = max - this.headCap;
    const known = expected !== undefined && Number.isSafeInteger(expected) && expected >= 0;
    const first = known ? Math.min(expected, max) : 64 * 1024;
    this.#buf = new Uint8Array(Math.min(max, Math.max(first, 1)));
  }

  /** Bytes pushed so far. */
  get total(): number {
    return this.#total;
  }

  get headFull(): boolean {
    return this.#headLen >= this.headCap;
  }

  push(chunk: Uint8Array): void {
    this.#total += chunk.length;
    let rest = chunk;
    if (this.#headLen < this.headCap) {
      const take = Math.min(this.headCap - this.#headLen, rest.length);
      this.#reserve(this.#headLen + take);
      this.#buf.set(rest.subarray(0, take), this.#headLen);
      this.#headLen += take;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) this.pushTail(rest);
  }

  /** Bytes that continue the tail (also the log's end read on its own, by a ranged request). */
  pushTail(rest: Uint8Array): void {
    this.#reserve(this.headCap + this.tailCap);
    const ring = this.#buf.subarray(this.headCap);
    if (rest.length >= ring.length) {
      ring.set(rest.subarray(rest.length - ring.length));
      this.#ringAt = 0;
      this.#ringLen = ring.length;
      return;
    }
    const first = Math.min(rest.length, ring.length - this.#ringAt);
    ring.set(rest.subarray(0, first), this.#ringAt);
    ring.set(rest.subarray(first), 0);
    this.#ringAt = (this.#ringAt + rest.length) % ring.length;
    this.#ringLen = Math.min(ring.length, this.#ringLen + rest.length);
  }

  /** The kept bytes (a view of the one buffer); `totalBytes` when the middle was never read. */
  result(totalBytes = this.#total): JobLog {
    const ring = this.#buf.subarray(this.headCap, this.headCap + this.tailCap);
    // Put the ring in order (oldest byte first) in place.
    if (this.#ringLen === ring.length && this.#ringAt > 0) rotateLeft(ring, this.#ringAt);
    const tailLen = this.#ringLen;
    if (totalBytes <= this.headCap + this.tailCap) {
      // Nothing was dropped: head and tail are adjacent already when the head is full.
      const bytes = this.#buf.subarray(0, this.#headLen + tailLen);
      return { ok: true, bytes, keptBytes: bytes.length, totalBytes, truncated: false };
    }
    // Drop the partial lines at the cut so no half line is diagnosed.
    const head = this.#buf.subarray(0, this.#headLen);
    const headEnd = head.lastIndexOf(NEWLINE) + 1;
    const tail = ring.subarray(0, tailLen);
    const tailStart = tail.indexOf(NEWLINE) + 1;
    this.#buf.copyWithin(headEnd, this.headCap + tailStart, this.headCap + tailLen);
    const bytes = this.#buf.subarray(0, headEnd + tailLen - tailStart);
    return { ok: true, bytes, keptBytes: bytes.length, totalBytes, truncated: true };
  }

  /** Grows the buffer (doubling, up to head + tail) when a log is bigger than announced. */
  #reserve(n: number): void {
    if (n <= this.#buf.length) return;
    const next = new Uint8Array(Math.min(this.headCap + this.tailCap, Math.max(n, this.#buf.length * 2)));
    next.set(this.#buf.subarray(0, this.#headLen));
    this.#buf = next;
  }
}

/** Rotates `a` left by `k` in place (three reversals: no second buffer). */
function rotateLeft(a: Uint8Array, k: number): void {
  a.subarray(0, k).reverse();
  a.subarray(k).reverse();
  a.reverse();
}
