/**
 * Setting up a WebAssembly line scanner (wasm/line-scan.c) for a literal set: compiling the module once,
 * then either copying the build's image of its configured memory into a new instance (partsFromImage)
 * or laying out and building its tables here (configuredParts). WasmLineScan runs what this makes.
 */
import type { LiteralSet } from './literal-set.js';
import type { WasmImage } from './scan-image-file.js';
import { MAX_STRIPPED } from './strip-escapes.js';
import { LINE_SCAN_WASM } from './wasm/line-scan-module.js';

/** The largest piece scanned at once: bigger chunks are fed in pieces, so memory is fixed. */
export const PIECE_BYTES = 1 << 20;
/** Lines reported per call at least; a piece with more calls again. */
export const RECORD_CAPACITY = 4096;
/** Words of a record before its literal ids. */
const RECORD_WORDS = 4;
/** The C loop reads whole 16-byte blocks, up to 18 bytes past the piece. */
const SLACK = 32;
export const PAGE = 65536;
/** Entries of the C code's hash tables. */
const TABLE = 1 << 16;
/**
 * Pages set aside for a start filter (setFilter): the built-in catalog's takes 62 KiB; a bigger one
 * (many more patterns) is not used. Touched only when a filter is set.
 */
export const FILTER_PAGES = 2;

export interface Exports {
  configure(...args: number[]): number;
  configureIds(...args: number[]): void;
  configureFilter(filter: number): void;
  droppedStamped(): number;
  lineIds(buf: number, from: number, to: number, out: number): number;
  scan(buf: number, from: number, to: number, out: number, capacity: number): number;
  nextPosition(): number;
  lineCount(): number;
  full(): number;
  window(): number;
  __heap_base: { value: number };
}

// The little of the WebAssembly API used here (Node's types leave it out without the DOM library).
type WasmModule = object;
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: object };
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
}
const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** A scanner's instance and where its parts lie in its memory. */
export interface ScannerParts {
  exports: Exports;
  memory: WasmMemory;
  /** Where a piece goes to be scanned (PIECE_BYTES long). */
  inputAt: number;
  /** Where scan() writes its records, `capacity` words. */
  recordsAt: number;
  capacity: number;
  /** Where the start filter goes (FILTER_PAGES after the scanner's own memory). */
  filterAt: number;
  /** True when started from an image, false when configured here: the same scanner either way. */
  prebuilt: boolean;
}

let compiled: WasmModule | null | undefined;
/** The module's bytes (an image made with other bytes is not used). */
let bytesOfModule: Uint8Array | undefined;
/** What every instance of the module shares: where its own data and stack end, its short-literal bound. */
let constants: { heapBase: number; window: number } | null | undefined;

/** The compiled module, or null where this Node has no WebAssembly SIMD (then the JS scanner runs). */
function wasmModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      bytesOfModule = Buffer.from(LINE_SCAN_WASM, 'base64');
      compiled = api ? new api.Module(bytesOfModule) : null;
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** The bytes of the module the parts were made with (for an image), once it has been compiled. */
export const moduleBytes = (): Uint8Array | undefined => bytesOfModule;

/** The module's constants, read from a small instance of it (not needed when starting from an image). */
function moduleConstants(): { heapBase: number; window: number } | null {
  const module = wasmModule();
  if (constants === undefined) {
    try {
      const probe = new api!.Instance(module!, { env: { memory: new api!.Memory({ initial: 2 }) } });
      const e = probe.exports as Exports;
      constants = { heapBase: e.__heap_base.value, window: e.window() };
    } catch {
      constants = null;
    }
  }
  return constants;
}

/**
 * An instance whose memory is `image` (everything configure() and configureIds() leave there: tables and
 * the C code's own variables), or null when the image is of another module, does not hold together or
 * cannot be read. Neither configure function runs: no tables built, and no optimising compile of code
 * that runs once. The saved memory is read straight into the instance's (no buffer in between).
 */
export function partsFromImage(image: WasmImage, set: LiteralSet): ScannerParts | null {
  const module = wasmModule();
  if (!api || !module || !bytesOfModule || !sameBytes(image.module, bytesOfModule)) return null;
  const { pages, inputAt, recordsAt, capacity } = image;
  const fits =
    capacity >= RECORD_CAPACITY * RECORD_WORDS + RECORD_WORDS + set.literals.length &&
    recordsAt % 4 === 0 &&
    recordsAt + capacity * 4 <= inputAt &&
    inputAt + PIECE_BYTES + SLACK <= pages * PAGE;
  if (!fits) return null;
  try {
    const total = pages + FILTER_PAGES;
    const memory = new api.Memory({ initial: total, maximum: total });
    const exports = new api.Instance(module, { env: { memory } }).exports as Exports;
    // After the instance's own data is in: the image holds it too, configured (without a filter).
    if (!image.readMemory(new Uint8Array(memory.buffer, 0, recordsAt))) return null;
    return { exports, memory, inputAt, recordsAt, capacity, filterAt: pages * PAGE, prebuilt: true };
  } catch {
    return null;
  }
}

/** An instance for `set` with its tables built here, or null where WebAssembly cannot run it. */
export function configuredParts(set: LiteralSet): ScannerParts | null {
  const module = wasmModule();
  const constants = module && moduleConstants();
  // Literal ids are 16-bit in the C tables.
  if (!api || !module || !constants || set.literals.length > 0xffff) return null;
  const literals = packed(withoutRedundant(set, constants.window));
  // Laid out after the C code's own data and stack, each part 16-byte aligned.
  const layout = new Map<string, number>();
  let at = 0;
  const place = (name: string, bytes: number) => {
    at = Math.ceil(at / 16) * 16;
    layout.set(name, at);
    at += bytes;
  };
  place('offsets', literals.count * 4);
  place('lengths', literals.count * 4);
  place('bytes', literals.total);
  place('shift', TABLE);
  // The C code's candidate starts are 16-bit (ids are): half the memory of 32-bit ones to fill or read.
  place('starts', (TABLE + 1) * 2);
  place('ids', literals.count * 2);
  place('bits', TABLE / 8);
  // The whole set, for the ids of a reported line's literals: LiteralSet's tables and bytes.
  const all = packed(set.encoded);
  place('idsShift', set.shift.length);
  place('idsStart', set.candidateStart.length * 2);
  place('idsCandidates', set.candidateIds.length * 4);
  place('allOffsets', all.count * 4);
  place('allLengths', all.count * 4);
  place('allBytes', all.total);
  place('seen', all.count * 4);
  // Room for RECORD_CAPACITY records, and for one more with every id (scan stops short of less).
  const capacity = RECORD_CAPACITY * RECORD_WORDS + RECORD_WORDS + all.count;
  place('records', capacity * 4);
  place('input', PIECE_BYTES + SLACK);
  place('stripped', MAX_STRIPPED + SLACK);
  let exports: Exports;
  let memory: WasmMemory;
  let pages: number;
  try {
    const base = Math.ceil(constants.heapBase / 16) * 16;
    for (const [name, offset] of layout) layout.set(name, base + offset);
    // Fixed size: nothing in the C code grows it. Room for a start filter after the rest.
    pages = Math.ceil((base + at) / PAGE);
    const total = pages + FILTER_PAGES;
    memory = new api.Memory({ initial: total, maximum: total });
    exports = new api.Instance(module, { env: { memory } }).exports as Exports;
  } catch {
    return null;
  }
  const pos = (name: string) => layout.get(name)!;
  literals.write(memory.buffer, pos('offsets'), pos('lengths'), pos('bytes'));
  const ready = exports.configure(
    pos('offsets'),
    pos('lengths'),
    pos('bytes'),
    literals.count,
    set.timestampSkip,
    pos('shift'),
    pos('starts'),
    pos('ids'),
    pos('bits'),
    pos('stripped'),
  );
  if (ready !== 1) return null;
  new Uint8Array(memory.buffer, pos('idsShift'), set.shift.length).set(set.shift);
  new Uint16Array(memory.buffer, pos('idsStart'), set.candidateStart.length).set(set.candidateStart);
  new Int32Array(memory.buffer, pos('idsCandidates'), set.candidateIds.length).set(set.candidateIds);
  all.write(memory.buffer, pos('allOffsets'), pos('allLengths'), pos('allBytes'));
  exports.configureIds(
    pos('idsShift'),
    pos('idsStart'),
    pos('idsCandidates'),
    pos('allOffsets'),
    pos('allLengths'),
    pos('allBytes'),
    set.window,
    all.count,
    pos('seen'),
  );
  exports.configureFilter(0);
  const [inputAt, recordsAt] = [pos('input'), pos('records')];
  return { exports, memory, inputAt, recordsAt, capacity, filterAt: pages * PAGE, prebuilt: false };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) =>
  a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);

/** Byte strings laid end to end as the C code takes them: each one's offset and length, then the bytes. */
function packed(list: readonly Uint8Array[]) {
  const lengths = Uint32Array.from(list, (b) => b.length);
  const offsets = new Uint32Array(list.length);
  let total = 0;
  lengths.forEach((n, id) => {
    offsets[id] = total;
    total += n;
  });
  return {
    count: list.length,
    total,
    write(buffer: ArrayBuffer, offsetsAt: number, lengthsAt: number, bytesAt: number): void {
      new Uint32Array(buffer, offsetsAt, list.length).set(offsets);
      new Uint32Array(buffer, lengthsAt, list.length).set(lengths);
      const bytes = new Uint8Array(buffer, bytesAt, total);
      list.forEach((b, id) => bytes.set(b, offsets[id]));
    },
  };
}

/**
 * The literals that matter for "does the line hold any": one holding a shorter literal adds nothing
 * (`error: ` where `error` is). Checked against the short ones (under `window` bytes) only: few, and
 * they are most of it. On the strings first (a byte search per pair costs milliseconds at start-up),
 * then confirmed on the bytes, which are what is searched.
 */
function withoutRedundant(set: LiteralSet, window: number): Uint8Array[] {
  const short = set.encoded.flatMap((b, id) => (b.length < window ? [id] : []));
  return set.encoded.filter((b, id) =>
    short.every((s) => {
      const other = set.encoded[s]!;
      if (other.length >= b.length || !set.literals[id]!.includes(set.literals[s]!)) return true;
      const bytes = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.length);
      return !bytes(b).includes(bytes(other));
    }),
  );
}
