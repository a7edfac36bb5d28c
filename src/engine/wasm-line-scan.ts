/**
 * The WebAssembly half of the line scanner (wasm/line-scan.c): given a piece of the log in its memory,
 * it splits the complete lines with SIMD compares and searches each after its timestamp for any
 * prefilter literal, reporting only lines that hold one or an ESC byte (a few percent of a log). It
 * runs the tables of the JavaScript LiteralSet, so both agree on every line; the JavaScript scanner
 * remains for pieces of lines across chunks, and whole when WebAssembly is not there.
 */
import type { LiteralSet } from './literal-set.js';
import { LINE_SCAN_WASM } from './wasm/line-scan-module.js';

/** Flags of a reported line (as in line-scan.c). */
export const HIT = 1;
export const ESCAPED = 2;
/** The largest piece scanned at once: bigger chunks are fed in pieces, so memory is fixed. */
export const PIECE_BYTES = 1 << 20;
/** Lines reported per call; a piece with more calls again. */
export const RECORD_CAPACITY = 4096;
const RECORD_WORDS = 4;
/** The C loop reads whole 16-byte blocks, up to 15 bytes past the piece. */
const SLACK = 16;
const PAGE = 65536;

interface Exports {
  configure(...args: number[]): void;
  scan(buf: number, from: number, to: number, out: number, capacity: number): number;
  nextPosition(): number;
  lineCount(): number;
  __heap_base: { value: number };
}

// The little of the WebAssembly API used here (Node's types leave it out without the DOM library).
type WasmModule = object;
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

let compiled: WasmModule | null | undefined;
/** Where the C code's own data and stack end (the same for every instance of the module). */
let heapBase: number | undefined;

/** The compiled module, or null where this Node has no WebAssembly SIMD (then the JS scanner runs). */
function wasmModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = api ? new api.Module(Buffer.from(LINE_SCAN_WASM, 'base64')) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

export class WasmLineScan {
  /** Where a piece goes to be scanned (PIECE_BYTES long). */
  readonly input: Uint8Array;
  /** What the last `scan` reported: per line its index, start, end (the newline) and flags. */
  readonly records: Uint32Array;

  private constructor(
    private readonly exports: Exports,
    private readonly inputAt: number,
    private readonly recordsAt: number,
    memory: WasmMemory,
  ) {
    this.input = new Uint8Array(memory.buffer, inputAt, PIECE_BYTES);
    this.records = new Uint32Array(memory.buffer, recordsAt, RECORD_CAPACITY * RECORD_WORDS);
  }

  /** A scanner for `set`, or null when WebAssembly cannot run it (the caller scans in JavaScript). */
  static create(set: LiteralSet): WasmLineScan | null {
    const module = wasmModule();
    // Candidate ids are 16-bit in the C tables.
    if (!api || !module || set.literals.length > 0xffff) return null;
    const lengths = Uint32Array.from(set.encoded, (b) => b.length);
    const offsets = new Uint32Array(lengths.length);
    let total = 0;
    lengths.forEach((n, id) => {
      offsets[id] = total;
      total += n;
    });
    // Laid out after the C code's own data and stack: each table aligned for its element size.
    const layout = new Map<string, number>();
    let at = 0;
    const place = (name: string, bytes: number) => {
      at = Math.ceil(at / 16) * 16;
      layout.set(name, at);
      at += bytes;
    };
    place('shift', set.shift.length);
    place('candidateStart', set.candidateStart.length * 4);
    place('candidateIds', set.candidateIds.length * 2);
    place('offsets', offsets.length * 4);
    place('lengths', lengths.length * 4);
    place('bytes', total);
    place('records', RECORD_CAPACITY * RECORD_WORDS * 4);
    place('input', PIECE_BYTES + SLACK);
    let instance: { exports: object };
    let memory: WasmMemory;
    try {
      if (heapBase === undefined) {
        const probe = new api.Instance(module, { env: { memory: new api.Memory({ initial: 2 }) } });
        heapBase = (probe.exports as Exports).__heap_base.value;
      }
      const base = Math.ceil(heapBase / 16) * 16;
      // Fixed size: nothing in the C code grows it.
      const pages = Math.ceil((base + at) / PAGE);
      memory = new api.Memory({ initial: pages, maximum: pages });
      instance = new api.Instance(module, { env: { memory } });
      for (const [name, offset] of layout) layout.set(name, base + offset);
    } catch {
      return null;
    }
    const exports = instance.exports as Exports;
    const buffer = memory.buffer;
    const pos = (name: string) => layout.get(name)!;
    new Uint8Array(buffer, pos('shift'), set.shift.length).set(set.shift);
    new Int32Array(buffer, pos('candidateStart'), set.candidateStart.length).set(set.candidateStart);
    new Uint16Array(buffer, pos('candidateIds'), set.candidateIds.length).set(set.candidateIds);
    new Uint32Array(buffer, pos('offsets'), offsets.length).set(offsets);
    new Uint32Array(buffer, pos('lengths'), lengths.length).set(lengths);
    const bytes = new Uint8Array(buffer, pos('bytes'), total);
    set.encoded.forEach((b, id) => bytes.set(b, offsets[id]));
    exports.configure(
      pos('shift'),
      pos('candidateStart'),
      pos('candidateIds'),
      pos('offsets'),
      pos('lengths'),
      pos('bytes'),
      set.window,
      set.timestampSkip,
    );
    return new WasmLineScan(exports, pos('input'), pos('records'), memory);
  }

  /**
   * Scans the complete lines of `input[from, to)`; returns how many lines it reported in `records`
   * (at most RECORD_CAPACITY: then call again from `nextPosition`).
   */
  scan(from: number, to: number): number {
    return this.exports.scan(this.inputAt, from, to, this.recordsAt, RECORD_CAPACITY);
  }

  /** Where the last `scan` stopped: after the last newline it got to. */
  get nextPosition(): number {
    return this.exports.nextPosition();
  }

  /** Lines the last `scan` went through. */
  get lineCount(): number {
    return this.exports.lineCount();
  }
}
