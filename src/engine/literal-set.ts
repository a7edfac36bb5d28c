/**
 * A compiled set of prefilter literals and its search: Wu-Manber style. A table indexed by a hash of
 * three-byte blocks says how far the window may jump; only where it says 0 are literals compared.
 * (A byte-at-a-time automaton in JavaScript is several times slower than grep.)
 */
import type { WasmImage } from './scan-image-file.js';

const BLOCK = 3;

/** Hash of a three-byte block into the 64 Ki shift table (collisions only cost a comparison). */
function blockHash(a: number, b: number, c: number): number {
  return ((a << 8) ^ (b << 4) ^ c ^ (a << 13)) & 0xffff;
}

/**
 * GitHub's line prefix `2025-12-27T11:29:01.1234567Z`, as far as the scanner checks it: `?` a byte
 * not looked at (a date or time digit), `d` a checked digit (the fraction), else that exact byte.
 * Checking the punctuation and the fraction is cheaper than all 28 bytes and skips as far.
 */
const TIMESTAMP_SHAPE = '????-??-??T??:??:??.dddddddZ';
export const TIMESTAMP_LENGTH = TIMESTAMP_SHAPE.length;
const ANY = 0;
const DIGIT = 1;
const SHAPE = Uint8Array.from(TIMESTAMP_SHAPE, (c) => (c === '?' ? ANY : c === 'd' ? DIGIT : c.charCodeAt(0)));

const isDigit = (b: number) => b >= 48 && b <= 57;

/** True when `buf[from..]` has the shape of a GitHub timestamp (see TIMESTAMP_SHAPE; unrolled, it runs per line). */
export function startsWithTimestamp(buf: Uint8Array, from: number, to: number): boolean {
  if (
    to - from < TIMESTAMP_LENGTH ||
    buf[from + 10] !== 0x54 || // T
    buf[from + 27] !== 0x5a || // Z
    buf[from + 19] !== 0x2e || // .
    buf[from + 4] !== 0x2d ||
    buf[from + 7] !== 0x2d ||
    buf[from + 13] !== 0x3a ||
    buf[from + 16] !== 0x3a
  ) {
    return false;
  }
  for (let k = from + 20; k < from + 27; k++) if (!isDigit(buf[k]!)) return false;
  return true;
}

/**
 * The search tables of a literal set: a function of its literals alone, so the build can compute them
 * for the built-in catalog (scan-plan-file.ts) and a run read them instead of building them.
 */
export interface LiteralTables {
  /** Length of the shortest literal: the search window. */
  window: number;
  maxLength: number;
  /** Block hash -> how far the window may move. */
  shift: Uint8Array;
  /** Block hash at the window's end -> literal ids to compare there: candidateIds[candidateStart[h] .. [h + 1]). */
  candidateStart: Int32Array;
  candidateIds: Int32Array;
  /**
   * Bytes at the start of a line with a GitHub timestamp where no literal can start: a literal that
   * started there would have to spell the rest of the timestamp (digits at the digit places).
   */
  timestampSkip: number;
}

/** Each literal's UTF-8 bytes, checked: at least a block long, no newline. */
export function encodeLiterals(literals: readonly string[]): Uint8Array[] {
  if (literals.length === 0) throw new Error('LiteralSet needs at least one literal');
  return literals.map((l) => {
    const b = Buffer.from(l, 'utf8');
    if (b.length < BLOCK) throw new Error(`literal ${JSON.stringify(l)} is shorter than ${BLOCK} bytes`);
    if (b.includes(10)) throw new Error(`literal ${JSON.stringify(l)} contains a newline`);
    return new Uint8Array(b);
  });
}

/** Builds the search tables of the literals `encoded` (see encodeLiterals). */
export function literalTables(encoded: readonly Uint8Array[]): LiteralTables {
  let m = Infinity;
  let maxLength = 0;
  for (const b of encoded) {
    m = Math.min(m, b.length);
    maxLength = Math.max(maxLength, b.length);
  }
  const maxShift = m - BLOCK + 1;
  const shift = new Uint8Array(65536).fill(Math.min(maxShift, 255));
  // Literal ids per block hash as a linked list (head per hash, next per id), then laid out flat.
  const head = new Int32Array(65536).fill(-1);
  const next = new Int32Array(encoded.length);
  const count = new Int32Array(65537);
  for (let id = encoded.length - 1; id >= 0; id--) {
    const b = encoded[id]!;
    for (let j = BLOCK - 1; j < m; j++) {
      const block = blockHash(b[j - 2]!, b[j - 1]!, b[j]!);
      const s = m - 1 - j;
      if (s < shift[block]!) shift[block] = s;
    }
    const last = blockHash(b[m - 3]!, b[m - 2]!, b[m - 1]!);
    next[id] = head[last]!;
    head[last] = id;
    count[last + 1]!++;
  }
  const candidateStart = new Int32Array(65537);
  for (let h = 0; h < 65536; h++) candidateStart[h + 1] = candidateStart[h]! + count[h + 1]!;
  const candidateIds = new Int32Array(encoded.length);
  for (let h = 0; h < 65536; h++) {
    let c = candidateStart[h]!;
    for (let id = head[h]!; id !== -1; id = next[id]!) candidateIds[c++] = id;
  }
  let skip = 0;
  while (skip < TIMESTAMP_LENGTH && !encoded.some((b) => fitsTimestampAt(b, skip))) skip++;
  return { window: m, maxLength, shift, candidateStart, candidateIds, timestampSkip: skip };
}

/** A LiteralSet as plain data (LiteralSet.toData). */
export interface LiteralSetData extends LiteralTables {
  literals: readonly string[];
  encoded: readonly Uint8Array[];
}

export class LiteralSet implements LiteralTables {
  readonly literals: readonly string[];
  readonly encoded: readonly Uint8Array[];
  readonly window: number;
  readonly maxLength: number;
  readonly shift: Uint8Array;
  readonly candidateStart: Int32Array;
  readonly candidateIds: Int32Array;
  readonly timestampSkip: number;
  /**
   * The build's image of a WebAssembly scanner configured for this set (scan-image-file.ts), read when the
   * scanner starts; undefined (or null from it) when there is none: the scanner then configures itself.
   */
  readonly wasmImage: (() => WasmImage | null) | undefined;

  /**
   * `literals` with their bytes and tables when they were computed elsewhere (the build: see
   * scan-plan-file.ts; the caller vouches they belong to these literals), else they are built here.
   */
  constructor(
    literals: readonly string[],
    prebuilt?: { encoded: readonly Uint8Array[]; tables: LiteralTables; wasmImage?: () => WasmImage | null },
  ) {
    this.literals = literals;
    this.wasmImage = prebuilt?.wasmImage;
    this.encoded = prebuilt?.encoded ?? encodeLiterals(literals);
    const tables = prebuilt?.tables ?? literalTables(this.encoded);
    this.window = tables.window;
    this.maxLength = tables.maxLength;
    this.shift = tables.shift;
    this.candidateStart = tables.candidateStart;
    this.candidateIds = tables.candidateIds;
    this.timestampSkip = tables.timestampSkip;
  }

  /**
   * The set as data (its literals, bytes and tables), for another thread: `wasmImage`, a function, cannot be
   * copied to one (a Worker given it does not start). `new LiteralSet(d.literals, { encoded: d.encoded,
   * tables: d })` makes the set again without building its tables.
   */
  toData(): LiteralSetData {
    const { literals, encoded, window, maxLength, shift, candidateStart, candidateIds, timestampSkip } = this;
    return { literals, encoded, window, maxLength, shift, candidateStart, candidateIds, timestampSkip };
  }

  /**
   * Calls `hit(start, id)` for every occurrence in `buf[from, to)` that ends after `minEnd`
   * (occurrences wholly inside the first `minEnd` bytes were reported with the previous chunk).
   */
  search(
    buf: Uint8Array,
    minEnd: number,
    hit: (start: number, id: number) => void,
    from = 0,
    to = buf.length,
  ): void {
    const { shift, candidateStart, candidateIds, encoded } = this;
    const m = this.window;
    let i = from + m - 1;
    while (i < to) {
      const h = blockHash(buf[i - 2]!, buf[i - 1]!, buf[i]!);
      const s = shift[h]!;
      if (s !== 0) {
        i += s;
        continue;
      }
      const start = i - m + 1;
      for (let c = candidateStart[h]!, e = candidateStart[h + 1]!; c < e; c++) {
        const lit = encoded[candidateIds[c]!]!;
        const len = lit.length;
        if (start + len > to || start + len <= minEnd) continue;
        let k = 0;
        while (k < len && buf[start + k] === lit[k]) k++;
        if (k === len) hit(start, candidateIds[c]!);
      }
      i++;
    }
  }

  /**
   * `search` for the scanner's hot path: every literal wholly inside `buf[from, to)` goes to
   * `sink` (no positions, no callback allocation; the skip loop is kept tight).
   */
  searchLine(buf: Uint8Array, from: number, to: number, sink: HitSink): void {
    const shift = this.shift;
    const m = this.window;
    let i = from + m - 1;
    while (i < to) {
      let h = blockHash(buf[i - 2]!, buf[i - 1]!, buf[i]!);
      let s = shift[h]!;
      while (s !== 0) {
        i += s;
        if (i >= to) return;
        h = blockHash(buf[i - 2]!, buf[i - 1]!, buf[i]!);
        s = shift[h]!;
      }
      const start = i - m + 1;
      for (let c = this.candidateStart[h]!, e = this.candidateStart[h + 1]!; c < e; c++) {
        const id = this.candidateIds[c]!;
        const lit = this.encoded[id]!;
        const len = lit.length;
        if (start + len > to) continue;
        let k = 0;
        while (k < len && buf[start + k] === lit[k]) k++;
        if (k === len) sink.addHit(id);
      }
      i++;
    }
  }
}

/** Receives the ids of the literals found by `searchLine`. */
export interface HitSink {
  addHit(id: number): void;
}

/** Could literal `b` start at `p` of a GitHub timestamp (the bytes after it are unknown)? */
function fitsTimestampAt(b: Uint8Array, p: number): boolean {
  for (let k = 0; k < b.length && p + k < TIMESTAMP_LENGTH; k++) {
    const want = SHAPE[p + k]!;
    const c = b[k]!;
    if (want !== ANY && (want === DIGIT ? !isDigit(c) : c !== want)) return false;
  }
  return true;
}
