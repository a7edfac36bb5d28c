/**
 * The WebAssembly half of the line scanner (wasm/line-scan.c): given a piece of the log in its memory,
 * it splits the complete lines with SIMD compares and searches each after its timestamp for any
 * prefilter literal, reporting only lines that hold one or an ESC byte (a few percent of a log), with
 * the ids of the literals a line holds (found with the JavaScript LiteralSet's own tables, so both
 * agree on every line), less those its start filter leaves out (start-filter.ts); the JavaScript
 * scanner remains for pieces of lines across chunks, and whole when WebAssembly is not there.
 */
import type { LiteralSet } from './literal-set.js';
import type { SavedWasmImage } from './scan-image-file.js';
import {
  configuredParts,
  FILTER_PAGES,
  moduleBytes,
  PAGE,
  partsFromImage,
  PIECE_BYTES,
  type Exports,
  type ScannerParts,
  type WasmMemory,
} from './wasm-scan-setup.js';

export { PIECE_BYTES, RECORD_CAPACITY } from './wasm-scan-setup.js';

/** Flags of a reported line (as in line-scan.c): HIT = 1 (holds a literal), ESCAPED. */
export const ESCAPED = 2;

export class WasmLineScan {
  /** Where a piece goes to be scanned (PIECE_BYTES long). */
  readonly input: Uint8Array;
  /**
   * What the last `scan` reported: per line its index, start, end (the newline), its flags plus 256
   * times the number of literal ids that follow, then those ids.
   */
  readonly records: Uint32Array;

  private readonly exports: Exports;
  private readonly memory: WasmMemory;
  private readonly inputAt: number;
  private readonly recordsAt: number;
  private readonly capacity: number;
  private readonly filterAt: number;
  /** True when started from an image, false when configured here: the same scanner either way. */
  readonly prebuilt: boolean;

  private constructor(parts: ScannerParts) {
    ({
      exports: this.exports,
      memory: this.memory,
      inputAt: this.inputAt,
      recordsAt: this.recordsAt,
      capacity: this.capacity,
      filterAt: this.filterAt,
      prebuilt: this.prebuilt,
    } = parts);
    this.input = new Uint8Array(this.memory.buffer, this.inputAt, PIECE_BYTES);
    this.records = new Uint32Array(this.memory.buffer, this.recordsAt, this.capacity);
  }

  /**
   * A scanner for `set`, or null when WebAssembly cannot run it (the caller scans in JavaScript). Started
   * from the set's image when it has one that fits this module (the build's, for the built-in catalog:
   * see WasmImage), else configured here. `filter`: see setFilter.
   */
  static create(set: LiteralSet, filter: Uint8Array | null = null): WasmLineScan | null {
    const image = set.wasmImage?.();
    const parts = (image && partsFromImage(image, set)) || configuredParts(set);
    const scan = parts && new WasmLineScan(parts);
    if (filter) scan?.setFilter(filter);
    return scan;
  }

  /**
   * Which lines holding a literal the following scans may leave out (start-filter.ts; null: none);
   * false when it does not fit the room set aside for it (then none).
   */
  setFilter(filter: Uint8Array | null): boolean {
    const fits = filter !== null && filter.length <= FILTER_PAGES * PAGE;
    if (fits) new Uint8Array(this.memory.buffer, this.filterAt, filter.length).set(filter);
    this.exports.configureFilter(fits ? this.filterAt : 0);
    return fits;
  }

  /**
   * The memory of a scanner configured for `set` (create() without an image) and where its parts are,
   * for the build to save (scan-image-file.ts); null where WebAssembly cannot run it.
   */
  static image(set: LiteralSet): SavedWasmImage | null {
    const parts = configuredParts(set);
    const module = moduleBytes();
    if (!parts || !module) return null;
    return {
      module: Uint8Array.from(module),
      pages: parts.filterAt / PAGE,
      inputAt: parts.inputAt,
      recordsAt: parts.recordsAt,
      capacity: parts.capacity,
      memory: new Uint8Array(parts.memory.buffer, 0, parts.recordsAt).slice(),
      startFilter: new Uint8Array(0),
    };
  }

  /**
   * Scans the complete lines of `input[from, to)`; returns how many words of `records` it wrote (when
   * `full`, it stopped for room: call again from `nextPosition`).
   */
  scan(from: number, to: number): number {
    return this.exports.scan(this.inputAt, from, to, this.recordsAt, this.capacity);
  }

  /**
   * The ids of the literals wholly inside `input[from, to)` (a piece of a line that spans pieces), in
   * the order LiteralSet.searchLine finds them: returns how many, written at the start of `records`.
   */
  lineIds(from: number, to: number): number {
    return this.exports.lineIds(this.inputAt, from, to, this.recordsAt);
  }

  /** True when `chunk` is this scanner's input (read there, or copied). */
  holds(chunk: Uint8Array): boolean {
    return chunk.buffer === this.input.buffer && chunk.byteOffset === this.input.byteOffset;
  }

  /** True when the last `scan` stopped before `to` because `records` was full. */
  get full(): boolean {
    return this.exports.full() === 1;
  }

  /** Where the last `scan` stopped: after the last newline it got to. */
  get nextPosition(): number {
    return this.exports.nextPosition();
  }

  /** Lines the last `scan` went through. */
  get lineCount(): number {
    return this.exports.lineCount();
  }

  /** True when the last `scan` left out a line (see create's `filter`) that had a timestamp. */
  get droppedStamped(): boolean {
    return this.exports.droppedStamped() === 1;
  }
}
