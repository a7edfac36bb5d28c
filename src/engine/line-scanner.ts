/**
 * One pass over the raw bytes of a log: counts lines and finds the lines that contain any of a
 * set of literals. Only those lines are decoded and handed on, so memory stays flat however long
 * the log is, and most bytes are skipped, not examined.
 *
 * Line by line: the native `indexOf` finds the newline, then the literal search (literal-set.ts)
 * runs on the line alone, after its GitHub timestamp, where no literal can start. A line with
 * colour codes is stripped of them on its bytes (strip-escapes.ts) and searched again, so it is
 * decoded only when a literal is there.
 */
import { LiteralSet, startsWithTimestamp, type HitSink } from './literal-set.js';
import { stripEscapes } from './strip-escapes.js';

export { LiteralSet } from './literal-set.js';

export interface CandidateLine {
  /** 1-based line number. */
  line: number;
  /** The line's bytes (without the newline), capped at `maxLineBytes`. */
  bytes: Uint8Array;
  /** True when the line was longer than the cap and got cut. */
  truncated: boolean;
  /** Ids (indexes into the literal list) of the literals found in the line's raw bytes. */
  literals: number[];
  /**
   * True when the line holds an ESC byte: a colour code inside a literal hides it from the byte
   * search, so such lines are handed on even without a hit, to be searched again without codes.
   */
  escaped: boolean;
}

/** What the engine needs from whatever splits the log into candidate lines. */
export interface LineSource {
  push(chunk: Uint8Array): void;
  /** Flushes a last line that had no newline. */
  end(): void;
  readonly bytes: number;
  readonly lines: number;
  /** Up to RECENT_LINES lines before the current one (their first KiB), oldest first. Valid during `onLine`. */
  previousLines(): { line: number; bytes: Uint8Array }[];
}

const NEWLINE = 10;
const ESC = 0x1b;
/** Longer coloured lines are handed on without trying to strip them on bytes. */
const MAX_STRIPPED = 64 * 1024;
/** Lines remembered before the current one (for the catch-all's "last lines before the exit code"). */
export const RECENT_LINES = 6;
/** Bytes kept of each remembered line. */
export const RECENT_BYTES = 1024;
/** Put between the head and the tail of a line that was too long to keep whole. */
export const ELISION = Buffer.from(' [...] ', 'utf8');

export class LineScanner implements LineSource, HitSink {
  private lineNo = 1;
  /** The first bytes of the current (unfinished) line, up to half the cap. */
  private head: Uint8Array[] = [];
  private headBytes = 0;
  /** The last bytes of the current line so far, up to the other half of the cap. */
  private tail: Uint8Array = new Uint8Array(0);
  /** Full length of the current line so far. */
  private lineLength = 0;
  private hits: number[] = [];
  private escaped = false;
  // The last RECENT_LINES lines, a ring: a line is a range of the current chunk until the chunk is
  // done, then a copy (at most RECENT_LINES copies per chunk, whatever the number of lines).
  private readonly recentLine = new Int32Array(RECENT_LINES).fill(-1);
  private readonly recentStart = new Int32Array(RECENT_LINES);
  private readonly recentEnd = new Int32Array(RECENT_LINES);
  private readonly recentSource: (Uint8Array | null)[] = new Array<Uint8Array | null>(RECENT_LINES).fill(null);
  private recentNext = 0;
  private readonly seenOnLine: Int32Array;
  private totalBytes = 0;
  private readonly headCap: number;
  private readonly tailCap: number;
  /** Scratch space for a coloured line without its codes. */
  private stripped = new Uint8Array(1024);

  /**
   * @param maxLineBytes what one line may cost: a longer line keeps its first and last halves
   *   (the error is usually at one end), joined by ` [...] `.
   */
  constructor(
    private readonly set: LiteralSet,
    private readonly onLine: (c: CandidateLine) => void,
    maxLineBytes = 64 * 1024,
  ) {
    this.seenOnLine = new Int32Array(set.literals.length).fill(0);
    this.headCap = Math.floor(maxLineBytes / 2);
    // The tail also bridges literals across chunks, so it holds at least the longest literal.
    this.tailCap = Math.max(maxLineBytes - this.headCap, set.maxLength - 1);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Lines seen so far (a last line without a newline counts once `end()` is called). */
  get lines(): number {
    return this.lineNo - 1;
  }

  push(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    this.totalBytes += n;
    let lineStart = 0;
    let nl = chunk.indexOf(NEWLINE);
    if (this.lineLength > 0) {
      // The line goes on from the previous chunk: first the literals that straddle the two.
      const overlap = this.tail.subarray(Math.max(0, this.tail.length - (this.set.maxLength - 1)));
      const bridge = concat(overlap, chunk.subarray(0, this.set.maxLength - 1));
      this.set.search(bridge, overlap.length, (start, id) => {
        // Wholly inside the chunk: the search below finds it.
        if (start < overlap.length) this.addHit(id);
      });
      const end = nl === -1 ? n : nl;
      this.set.searchLine(chunk, 0, end, this);
      if (chunk.subarray(0, end).includes(ESC)) this.escaped = true;
      if (nl === -1) {
        this.keepPartial(chunk);
        lineStart = n;
      } else {
        this.finishLine(chunk, 0, nl, false);
        lineStart = nl + 1;
        nl = chunk.indexOf(NEWLINE, lineStart);
      }
    }
    const skip = this.set.timestampSkip;
    let esc = chunk.indexOf(ESC, lineStart);
    while (nl !== -1) {
      const from = skip > 0 && startsWithTimestamp(chunk, lineStart, nl) ? lineStart + skip : lineStart;
      this.set.searchLine(chunk, from, nl, this);
      let whole = false;
      if (esc !== -1 && esc < nl) {
        this.escaped = true;
        esc = chunk.indexOf(ESC, nl);
        whole = true;
      }
      this.finishLine(chunk, lineStart, nl, whole);
      lineStart = nl + 1;
      nl = chunk.indexOf(NEWLINE, lineStart);
    }
    if (lineStart < n) {
      this.set.searchLine(chunk, lineStart, n, this);
      if (esc !== -1) this.escaped = true;
      this.keepPartial(chunk.subarray(lineStart));
    }
    // The chunk may be reused by its reader: copy the remembered lines that still point into it.
    for (let i = 0; i < RECENT_LINES; i++) {
      if (this.recentSource[i] === chunk) {
        this.recentSource[i] = Uint8Array.from(chunk.subarray(this.recentStart[i], this.recentEnd[i]));
        this.recentStart[i] = 0;
        this.recentEnd[i] = this.recentSource[i]!.length;
      }
    }
  }

  /**
   * The current line ends at `end` of `chunk` (it started at `start`, or in earlier chunks): hands it
   * on if it holds a literal, or colour codes that may hide one. `whole`: it lies wholly in `chunk`.
   */
  private finishLine(chunk: Uint8Array, start: number, end: number, whole: boolean): void {
    if (this.hits.length > 0 || (this.escaped && !(whole && this.noLiteralWithoutCodes(chunk, start, end)))) {
      this.emit(chunk.subarray(start, end));
    }
    this.remember(chunk, start, end);
    this.lineNo++;
    this.reset();
  }

  /** True when the coloured line `chunk[start, end)` holds no literal once its colour codes are gone. */
  private noLiteralWithoutCodes(chunk: Uint8Array, start: number, end: number): boolean {
    if (end - start > this.stripped.length) {
      if (end - start > MAX_STRIPPED) return false;
      this.stripped = new Uint8Array(Math.max(end - start, 2 * this.stripped.length));
    }
    const length = stripEscapes(chunk, start, end, this.stripped);
    if (length < 0) return false;
    this.set.searchLine(this.stripped, 0, length, this);
    return this.hits.length === 0;
  }

  /** Up to RECENT_LINES lines before the current one (their first KiB), oldest first. Valid during `onLine`. */
  previousLines(): { line: number; bytes: Uint8Array }[] {
    const out: { line: number; bytes: Uint8Array }[] = [];
    for (let k = 0; k < RECENT_LINES; k++) {
      const i = (this.recentNext + k) % RECENT_LINES;
      if (this.recentLine[i] === -1) continue;
      const bytes = this.recentSource[i]!.subarray(this.recentStart[i], this.recentEnd[i]);
      out.push({ line: this.recentLine[i]!, bytes });
    }
    return out;
  }

  /** Remembers the line that ends at `end` of `chunk` (starting at `start`, or in earlier chunks). */
  private remember(chunk: Uint8Array, start: number, end: number): void {
    const i = this.recentNext;
    this.recentLine[i] = this.lineNo;
    if (this.lineLength === 0) {
      this.recentSource[i] = chunk;
      this.recentStart[i] = start;
      this.recentEnd[i] = Math.min(end, start + RECENT_BYTES);
    } else {
      const length = Math.min(RECENT_BYTES, this.lineLength + end - start);
      const bytes = firstBytes(this.head, chunk.subarray(start, end), length);
      this.recentSource[i] = bytes;
      this.recentStart[i] = 0;
      this.recentEnd[i] = bytes.length;
    }
    this.recentNext = (i + 1) % RECENT_LINES;
  }

  /** Flushes a last line that had no newline. */
  end(): void {
    if (this.lineLength > 0) {
      if (this.hits.length > 0 || this.escaped) this.emit(new Uint8Array(0));
      this.lineNo++;
    }
    this.reset();
  }

  /** A literal found on the current line (HitSink). */
  addHit(id: number): void {
    if (this.seenOnLine[id] !== this.lineNo) {
      this.seenOnLine[id] = this.lineNo;
      this.hits.push(id);
    }
  }

  private reset(): void {
    this.escaped = false;
    if (this.headBytes > 0) {
      this.head = [];
      this.headBytes = 0;
    }
    this.lineLength = 0;
    if (this.tail.length > 0) this.tail = new Uint8Array(0);
  }

  /** The rest of the chunk starts (or continues) a line that ends in a later chunk. */
  private keepPartial(part: Uint8Array): void {
    if (part.length === 0) return;
    const room = this.headCap - this.headBytes;
    if (room > 0) {
      const kept = part.subarray(0, room);
      this.head.push(Uint8Array.from(kept));
      this.headBytes += kept.length;
    }
    this.lineLength += part.length;
    this.tail = Uint8Array.from(lastBytes(this.tail, part, this.tailCap));
  }

  /** Hands on the current line, whose remaining bytes are `segment`. */
  private emit(segment: Uint8Array): void {
    const full = this.lineLength + segment.length;
    let bytes: Uint8Array;
    let truncated = false;
    if (this.lineLength === 0 && full <= this.headCap + this.tailCap) {
      bytes = segment;
    } else {
      const headLen = Math.min(full, this.headCap);
      const head = firstBytes(this.head, segment, headLen);
      const tailLen = Math.min(full - headLen, this.tailCap);
      const tail = lastBytes(this.tail, segment, tailLen);
      truncated = headLen + tailLen < full;
      bytes = truncated ? concat(concat(head, ELISION), tail) : concat(head, tail);
    }
    const hits = this.hits;
    this.hits = [];
    this.onLine({ line: this.lineNo, bytes, truncated, literals: hits, escaped: this.escaped });
  }
}

/** The first `n` bytes of `parts` followed by `segment`. */
function firstBytes(parts: Uint8Array[], segment: Uint8Array, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    if (off >= n) break;
    const take = p.subarray(0, n - off);
    out.set(take, off);
    off += take.length;
  }
  if (off < n) out.set(segment.subarray(0, n - off), off);
  return out;
}

/** The last `n` bytes of `before` followed by `segment`. */
function lastBytes(before: Uint8Array, segment: Uint8Array, n: number): Uint8Array {
  if (segment.length >= n) return segment.subarray(segment.length - n);
  const fromBefore = Math.min(before.length, n - segment.length);
  return concat(before.subarray(before.length - fromBefore), segment);
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
