/**
 * One pass over the raw bytes of a log: counts lines and finds the lines that contain any of a
 * set of literals. Only those lines are decoded and handed on, so memory stays flat however long
 * the log is, and most bytes are skipped, not examined.
 *
 * The whole lines of a chunk go to the WebAssembly loop (wasm-line-scan.ts), which reports the few
 * that hold a literal or an ESC byte, with the ids of the literals they hold (less those nothing would
 * come of, when given a start filter: start-filter.ts); where WebAssembly is
 * missing, the same in JavaScript: `indexOf` finds the newline, then the literal search
 * (literal-set.ts) runs on the line alone, after its GitHub timestamp, where no literal can start. A
 * line with colour codes is stripped of them on its bytes (strip-escapes.ts) and searched again, so it
 * is decoded only when a literal is there. Lines that span chunks are pieced together here.
 */
import { concat } from './byte-pieces.js';
import { LiteralSet, startsWithTimestamp, type HitSink } from './literal-set.js';
import { PartialLine } from './partial-line.js';
import type { CandidateLine, DirectLog, LineSource } from './line-source.js';
import { readPrescanned } from './prescan-ranges.js';
import type { PrescanTable } from './prescan-table.js';
import { RecentLines, RECENT_BYTES } from './recent-lines.js';
import { MAX_STRIPPED, stripEscapes } from './strip-escapes.js';
import { ESCAPED, PIECE_BYTES, type WasmLineScan } from './wasm-line-scan.js';
import { WasmTakeover, type LineScannerOptions } from './wasm-takeover.js';

export type { CandidateLine, DirectLog, LineSource } from './line-source.js';
export { LiteralSet } from './literal-set.js';
export { ELISION } from './partial-line.js';
export { RECENT_BYTES, RECENT_LINES } from './recent-lines.js';
export { FILTER_FROM_BYTES, WASM_FROM_BYTES, type LineScannerOptions } from './wasm-takeover.js';

const NEWLINE = 10;
const ESC = 0x1b;
export class LineScanner implements LineSource, HitSink {
  private lineNo = 1;
  /** The current line when it began in an earlier chunk: its first and last bytes, up to the cap. */
  private readonly partial: PartialLine;
  private hits: number[] = [];
  private escaped = false;
  private readonly recent = new RecentLines();
  /** Where the line being handed on starts, when it lies wholly in the chunk being scanned; else -1. */
  private current = -1;
  private readonly seenOnLine: Int32Array;
  private totalBytes = 0;
  /** Scratch space for a coloured line without its codes. */
  private stripped = new Uint8Array(1024);
  /** When the WebAssembly loop takes over, and its start filter. */
  private readonly takeover: WasmTakeover;
  /** Where `readFrom` reads while WebAssembly has not taken over. */
  private readBuffer: Uint8Array | undefined;
  /** Pieces another thread scanned ahead (readFrom asks the log once WebAssembly runs); null: none. */
  private prescanned: PrescanTable | null | undefined;
  /** The longest line handed on whole (a longer one is cut). */
  private readonly maxWholeBytes: number;
  private dropped = false;

  /**
   * @param maxLineBytes what one line may cost: a longer line keeps its first and last halves
   *   (the error is usually at one end), joined by ` [...] `.
   */
  constructor(
    private readonly set: LiteralSet,
    private readonly onLine: (c: CandidateLine) => void,
    maxLineBytes = 64 * 1024,
    options: LineScannerOptions = {},
  ) {
    this.seenOnLine = new Int32Array(set.literals.length).fill(0);
    const headCap = Math.floor(maxLineBytes / 2);
    // The tail also bridges literals across chunks, so it holds at least the longest literal.
    const tailCap = Math.max(maxLineBytes - headCap, set.maxLength - 1);
    this.partial = new PartialLine(headCap, tailCap);
    this.maxWholeBytes = headCap + tailCap;
    this.takeover = new WasmTakeover(set, this.maxWholeBytes, options);
  }

  get bytes(): number {
    return this.totalBytes;
  }

  /** Lines seen so far (a last line without a newline counts once `end()` is called). */
  get lines(): number {
    return this.lineNo - 1;
  }

  /** True when a line with a timestamp was left out by the start filter (see LineScannerOptions). */
  get droppedStamped(): boolean {
    return this.dropped;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length <= PIECE_BYTES) {
      this.pushPiece(chunk);
      return;
    }
    // WebAssembly memory holds one piece at a time.
    for (let i = 0; i < chunk.length; i += PIECE_BYTES) this.pushPiece(chunk.subarray(i, i + PIECE_BYTES));
  }

  /** The WebAssembly loop once it has taken over; null where it cannot run (or never will). */
  private get wasm(): WasmLineScan | null | undefined {
    return this.takeover.scan;
  }

  readFrom(log: DirectLog): number {
    this.takeover.start(this.totalBytes);
    if (this.wasm && this.prescanned === undefined) {
      this.prescanned = log.prescan?.(this.set, () => this.takeover.useFilter()) ?? null;
    }
    this.prescanned?.reach(this.totalBytes);
    // The WebAssembly loop scans its input where it lies (wholeLinesWasm sees the piece is already there).
    const into = this.wasm ? this.wasm.input : (this.readBuffer ??= new Uint8Array(PIECE_BYTES));
    // A piece the other thread did: only the bytes its records need.
    const spanning = this.partial.length > 0;
    const ahead = this.prescanned ? readPrescanned(this.prescanned, log, into, this.totalBytes, spanning) : 0;
    const n = ahead || log.readInto(into);
    if (n > 0) this.pushPiece(into.subarray(0, n));
    if (this.wasm && this.readBuffer) this.readBuffer = undefined;
    return n;
  }

  private pushPiece(piece: Uint8Array): void {
    const n = piece.length;
    if (n === 0) return;
    this.totalBytes += n;
    // In WebAssembly memory from the start once that loop runs, so the pieces of lines that span chunks
    // are searched there too (a long line's are most of what the JavaScript search would do).
    let chunk = piece;
    if (this.wasm && !this.wasm.holds(piece)) {
      this.wasm.input.set(piece);
      chunk = this.wasm.input.subarray(0, n);
    }
    let lineStart = 0;
    if (this.partial.length > 0) {
      // The line goes on from the previous chunk: first the literals that straddle the two.
      const nl = chunk.indexOf(NEWLINE);
      const overlap = this.partial.lastBytes(this.set.maxLength - 1);
      const bridge = concat(overlap, chunk.subarray(0, this.set.maxLength - 1));
      this.set.search(bridge, overlap.length, (start, id) => {
        // Wholly inside the chunk: the search below finds it.
        if (start < overlap.length) this.addHit(id);
      });
      const end = nl === -1 ? n : nl;
      this.searchPart(chunk, 0, end);
      if (chunk.subarray(0, end).includes(ESC)) this.escaped = true;
      if (nl === -1) {
        this.partial.keep(chunk);
        return;
      }
      this.finishSpanningLine(chunk, nl);
      lineStart = nl + 1;
    }
    this.takeover.reach(this.totalBytes);
    this.recent.beginBatch(chunk, lineStart);
    lineStart = this.wasm ? this.wholeLinesWasm(this.wasm, chunk, lineStart) : this.wholeLines(chunk, lineStart);
    this.recent.endBatch(lineStart, this.lineNo);
    if (lineStart < n) {
      this.searchPart(chunk, lineStart, n);
      if (chunk.subarray(lineStart).includes(ESC)) this.escaped = true;
      this.partial.keep(chunk.subarray(lineStart));
    }
  }

  /** The literals in `chunk[from, to)`, part of a line that spans chunks, go to the current line. */
  private searchPart(chunk: Uint8Array, from: number, to: number): void {
    const wasm = this.wasm;
    if (!wasm || !wasm.holds(chunk)) {
      this.set.searchLine(chunk, from, to, this);
      return;
    }
    const n = wasm.lineIds(from, to);
    for (let k = 0; k < n; k++) this.addHit(wasm.records[k]!);
  }

  /** The JavaScript loop over the whole lines of `chunk` from `from` on; returns where the last one ended (+1). */
  private wholeLines(chunk: Uint8Array, from: number): number {
    const skip = this.set.timestampSkip;
    let lineStart = from;
    let nl = chunk.indexOf(NEWLINE, lineStart);
    let esc = chunk.indexOf(ESC, lineStart);
    while (nl !== -1) {
      this.set.searchLine(chunk, this.searchFrom(chunk, lineStart, nl, skip), nl, this);
      if (esc !== -1 && esc < nl) {
        this.escaped = true;
        esc = chunk.indexOf(ESC, nl);
      }
      this.finishWholeLine(chunk, lineStart, nl);
      lineStart = nl + 1;
      nl = chunk.indexOf(NEWLINE, lineStart);
    }
    return lineStart;
  }

  /** `wholeLines` by WebAssembly: only the lines it reports are looked at here. */
  private wholeLinesWasm(wasm: WasmLineScan, chunk: Uint8Array, from: number): number {
    // Scanned already by the other thread: the same records.
    const ahead = this.prescanned?.take(this.totalBytes - chunk.length, chunk.length, from);
    if (ahead) {
      const first = this.lineNo;
      this.reported(chunk, ahead.records, ahead.at, ahead.words, first);
      this.lineNo = first + ahead.lines;
      if (ahead.droppedStamped) this.dropped = true;
      return ahead.next;
    }
    // Read there by readFrom (or copied by pushPiece): no copy.
    if (!wasm.holds(chunk)) wasm.input.set(chunk);
    let position = from;
    for (;;) {
      const words = wasm.scan(position, chunk.length);
      const first = this.lineNo;
      this.reported(chunk, wasm.records, 0, words, first);
      this.lineNo = first + wasm.lineCount;
      if (wasm.droppedStamped) this.dropped = true;
      position = wasm.nextPosition;
      if (!wasm.full) return position;
    }
  }

  /**
   * The lines WebAssembly reported: `records[at, at + words)`, line indexes counted from line `first`.
   * A line with a literal comes with their ids, found as `searchLine` finds them.
   */
  private reported(chunk: Uint8Array, records: Uint32Array, at: number, words: number, first: number): void {
    for (let r = at; r < at + words; ) {
      const start = records[r + 1]!;
      const end = records[r + 2]!;
      const flags = records[r + 3]!;
      const ids = flags >>> 8;
      this.lineNo = first + records[r]!;
      r += 4;
      for (const stop = r + ids; r < stop; r++) this.hits.push(records[r]!);
      if ((flags & ESCAPED) !== 0) this.escaped = true;
      this.finishWholeLine(chunk, start, end);
    }
  }

  /** Where the literal search of the line `chunk[start, end)` starts: after its timestamp, if any. */
  private searchFrom(chunk: Uint8Array, start: number, end: number, skip: number): number {
    return skip > 0 && startsWithTimestamp(chunk, start, end) ? start + skip : start;
  }

  /** The line `chunk[start, end)` is done: hands it on if it holds a literal, or colour codes that hide one. */
  private finishWholeLine(chunk: Uint8Array, start: number, end: number): void {
    if (this.hits.length > 0 || (this.escaped && !this.noLiteralWithoutCodes(chunk, start, end))) {
      this.current = start;
      this.emit(chunk.subarray(start, end));
      this.current = -1;
    }
    this.lineNo++;
    this.escaped = false;
  }

  /** The line that began in earlier chunks ends at `end` of `chunk`. */
  private finishSpanningLine(chunk: Uint8Array, end: number): void {
    const segment = chunk.subarray(0, end);
    if (this.hits.length > 0 || this.escaped) this.emit(segment);
    this.recent.add(this.lineNo, this.partial.firstBytes(segment, Math.min(RECENT_BYTES, this.partial.length + end)));
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
    return this.recent.before(this.lineNo, this.current);
  }

  /** Flushes a last line that had no newline. */
  end(): void {
    if (this.partial.length > 0) {
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
    this.partial.clear();
  }

  /** Hands on the current line, whose remaining bytes are `segment`. */
  private emit(segment: Uint8Array): void {
    const { bytes, truncated } = this.partial.whole(segment);
    const hits = this.hits;
    this.hits = [];
    this.onLine({ line: this.lineNo, bytes, truncated, literals: hits, escaped: this.escaped });
  }
}
