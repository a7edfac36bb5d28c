/**
 * What a second thread found ahead of the scanner (src/cli/prescan-worker.ts): for whole pieces of a
 * big log file, the records the WebAssembly loop returns for them, in shared memory. The scanner uses
 * a piece's records instead of scanning it when they are there for exactly the piece and start it has
 * (same module, same literal tables, same bytes: the same records); else it scans as always. So the
 * other thread can only save work: late, failed or never started, the output is the same.
 *
 * The other thread goes from the log's last piece backwards, and stops where the scanner has got to,
 * so the two meet wherever their speeds make them. Memory is fixed when the table is made.
 */
import type { LiteralSet } from './literal-set.js';
import { neededRanges } from './prescan-ranges.js';
import { PIECE_BYTES, WasmLineScan } from './wasm-line-scan.js';

/** A piece's state (0: nothing yet): records there, or nothing to use (no newline, too many records). */
const READY = 1;
const SKIPPED = 2;
/**
 * Header words: the last piece the scanner has reached, pool words used, how the other thread's scanner
 * started (0: not yet, CONFIGURED, FROM_IMAGE).
 */
const REACHED = 0;
const STARTED = 2;
const HEADER = 3;
const CONFIGURED = 1;
const FROM_IMAGE = 2;
/**
 * Words per piece: state, start of scan, length, record words, lines, next position, where in the pool,
 * whether a line with a timestamp was left out (WasmLineScan.droppedStamped), where in the pool the byte
 * ranges the scanner reads (prescan-ranges.ts) are and how many words they take (0: none, read it all).
 */
const SLOT = 10;
/** Record words for all pieces together (16 MiB; a log has some 330 records per MiB: about 3 GiB of log). */
const POOL_WORDS = 4 << 20;
/** A piece with more record words than this is left to the scanner (every line a candidate: little to save). */
const MAX_PIECE_WORDS = 256 * 1024;
const NEWLINE = 10;

export interface PrescannedPiece {
  /** The records as WebAssembly returns them, line indexes counted from the piece's first line scanned. */
  records: Uint32Array;
  /** Where this piece's records begin in `records`, and how many words they take (with their ids). */
  at: number;
  words: number;
  /** Lines scanned, and where the scan stopped (after the last newline). */
  lines: number;
  next: number;
  /** A line with a timestamp was left out by the start filter. */
  droppedStamped: boolean;
}

/** What the other thread found in a piece, to store (PrescanTable.put). */
export interface FoundPiece {
  from: number;
  length: number;
  /** Its records: the first `words` of `records`. */
  records: Uint32Array;
  words: number;
  lines: number;
  next: number;
  droppedStamped: boolean;
  /** The bytes the scanner reads of the piece, as start, end pairs (prescan-ranges.ts); null: all of them. */
  ranges: Uint32Array | null;
}

export class PrescanTable {
  private readonly words: Int32Array;
  private readonly pool: Uint32Array;
  private readonly pieces: number;

  readonly buffer: SharedArrayBuffer;

  /** A table for a log of `bytes` bytes; `shared` to attach to the one another thread made. */
  constructor(
    readonly bytes: number,
    shared?: SharedArrayBuffer,
  ) {
    this.pieces = Math.ceil(bytes / PIECE_BYTES);
    const slotWords = HEADER + SLOT * this.pieces;
    // Pages of shared memory cost memory only once written: most of the pool is never touched.
    this.buffer = shared ?? new SharedArrayBuffer(4 * (slotWords + POOL_WORDS));
    this.words = new Int32Array(this.buffer, 0, slotWords);
    this.pool = new Uint32Array(this.buffer, 4 * slotWords);
    if (!shared) Atomics.store(this.words, REACHED, -1);
  }

  /**
   * How the other thread's WebAssembly scanner started: from the build's image (no tables to build), or
   * configured there; null before it has (or when it could not).
   */
  get started(): 'image' | 'configured' | null {
    const how = Atomics.load(this.words, STARTED);
    return how === FROM_IMAGE ? 'image' : how === CONFIGURED ? 'configured' : null;
  }

  /** For the other thread: its scanner started, from an image or not. */
  markStarted(prebuilt: boolean): void {
    Atomics.store(this.words, STARTED, prebuilt ? FROM_IMAGE : CONFIGURED);
  }

  get pieceCount(): number {
    return this.pieces;
  }

  /** The scanner is at the piece starting at byte `offset`: the other thread need not do it or earlier ones. */
  reach(offset: number): void {
    const k = Math.floor(offset / PIECE_BYTES);
    if (k > Atomics.load(this.words, REACHED)) Atomics.store(this.words, REACHED, k);
  }

  /** The records of the piece at `offset`, `length` bytes long, scanned from `from`; null when not there. */
  take(offset: number, length: number, from: number): PrescannedPiece | null {
    const s = this.ready(offset);
    const w = this.words;
    if (s < 0 || w[s + 1] !== from || w[s + 2] !== length) return null;
    return {
      records: this.pool,
      at: w[s + 6]!,
      words: w[s + 3]!,
      lines: w[s + 4]!,
      next: w[s + 5]!,
      droppedStamped: w[s + 7] === 1,
    };
  }

  /**
   * For a piece at `offset` whose records are there, what the scanner must read of it to use them: its
   * length, where its scan starts, and the byte ranges (start, end pairs in the piece); null when not
   * there, or when it must be read whole.
   */
  ranges(offset: number): { length: number; from: number; ranges: Uint32Array } | null {
    const s = this.ready(offset);
    const w = this.words;
    if (s < 0 || w[s + 9] === 0) return null;
    return { length: w[s + 2]!, from: w[s + 1]!, ranges: this.pool.subarray(w[s + 8], w[s + 8]! + w[s + 9]!) };
  }

  /** Where the slot of the piece at `offset` starts, when its records are there; else -1. */
  private ready(offset: number): number {
    if (offset % PIECE_BYTES !== 0) return -1;
    const k = offset / PIECE_BYTES;
    if (k >= this.pieces) return -1;
    const s = HEADER + SLOT * k;
    // The other fields are written before the state (Atomics order them).
    return Atomics.load(this.words, s) === READY ? s : -1;
  }

  /** For the other thread: true while piece `k` is still ahead of the scanner. */
  ahead(k: number): boolean {
    return k > Atomics.load(this.words, REACHED);
  }

  /** For the other thread: stores what it found in piece `k`; false when the pool is full (then it stops). */
  put(k: number, found: FoundPiece): boolean {
    const used = this.words[1]!;
    const rangeWords = found.ranges?.length ?? 0;
    if (used + found.words + rangeWords > this.pool.length) return false;
    this.pool.set(found.records.subarray(0, found.words), used);
    if (found.ranges) this.pool.set(found.ranges, used + found.words);
    this.words[1] = used + found.words + rangeWords;
    const s = HEADER + SLOT * k;
    const w = this.words;
    w[s + 1] = found.from;
    w[s + 2] = found.length;
    w[s + 3] = found.words;
    w[s + 4] = found.lines;
    w[s + 5] = found.next;
    w[s + 6] = used;
    w[s + 7] = found.droppedStamped ? 1 : 0;
    w[s + 8] = used + found.words;
    w[s + 9] = rangeWords;
    Atomics.store(w, s, READY);
    return true;
  }

  /** For the other thread: piece `k` has nothing to use (the scanner scans it). */
  skip(k: number): void {
    Atomics.store(this.words, HEADER + SLOT * k, SKIPPED);
  }
}

/**
 * The other thread's work: the log's pieces from the last backwards, each read with `readAt` (which
 * fills `into` from byte `offset` of the log and returns the bytes read) and scanned as the scanner
 * would, from the same place: where the piece's first whole line starts, with the same start filter
 * (`filter`: the scanner's, so the records are the same). Stops where the scanner has got to, or when
 * the table is full.
 */
export function prescan(
  set: LiteralSet,
  filter: Uint8Array | null,
  table: PrescanTable,
  readAt: (into: Uint8Array, offset: number) => number,
) {
  const wasm = WasmLineScan.create(set, filter);
  if (!wasm) return;
  table.markStarted(wasm.prebuilt);
  const before = new Uint8Array(1);
  let collected = new Uint32Array(wasm.records.length);
  for (let k = table.pieceCount - 1; k > 0 && table.ahead(k); k--) {
    const offset = k * PIECE_BYTES;
    const length = Math.min(PIECE_BYTES, table.bytes - offset);
    if (readAt(wasm.input.subarray(0, length), offset) !== length || readAt(before, offset - 1) !== 1) return;
    // As LineScanner: a line that goes on from the piece before ends at the first newline.
    let position = 0;
    if (before[0] !== NEWLINE) {
      const nl = wasm.input.subarray(0, length).indexOf(NEWLINE);
      if (nl === -1) {
        table.skip(k);
        continue;
      }
      position = nl + 1;
    }
    const from = position;
    let words = 0;
    let lines = 0;
    let tooMany = false;
    let dropped = false;
    for (;;) {
      const n = wasm.scan(position, length);
      tooMany = words + n > MAX_PIECE_WORDS;
      if (tooMany) break;
      if (collected.length < words + n) {
        const grown = new Uint32Array(2 * (words + n));
        grown.set(collected);
        collected = grown;
      }
      collected.set(wasm.records.subarray(0, n), words);
      // Line indexes from the piece's first line scanned, not this call's.
      for (let r = words; r < words + n; r += 4 + (collected[r + 3]! >>> 8)) collected[r] = lines + collected[r]!;
      words += n;
      lines += wasm.lineCount;
      if (wasm.droppedStamped) dropped = true;
      position = wasm.nextPosition;
      if (!wasm.full) break;
    }
    if (tooMany) {
      table.skip(k);
      continue;
    }
    const ranges = neededRanges(wasm.input.subarray(0, length), from, position, collected, words, set.maxLength);
    const found = { from, length, records: collected, words, lines, next: position, droppedStamped: dropped, ranges };
    if (!table.put(k, found)) return;
  }
}
