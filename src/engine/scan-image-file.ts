/**
 * The WebAssembly scanner of the built-in catalog's literal set as the build left it, in one binary file
 * (lib/catalog-scan-image.bin): the scanner's memory once configured (its tables and the C code's own
 * variables) and where its parts lie. A run reads it into a new instance's memory instead of building the
 * tables (wasm-line-scan.ts): withoutRedundant, the two configure calls and the copies of the JS tables
 * then never run, and V8 does not spend an optimising compile on configure code that runs once per process.
 * Bytes in, bytes out: the loader (src/catalog/load-catalog.ts) reads the file when the scanner starts.
 *
 * Layout: a header of 32-bit words (HEADER_WORDS: magic, format, the plan key, the sizes and places), then
 * the module's bytes, the start filter and the memory, each at a multiple of 4 bytes, in the byte order of the
 * machine that built it (another one sees another magic number: the scanner then configures itself). The
 * memory is last: a run reads the rest first (the head), then the memory straight into the scanner's own
 * (WasmImage.readMemory), with no buffer in between to fill and copy (issue 13).
 */
import { keyedHeader, PLAN_KEY_LENGTH } from './scan-plan-file.js';

/** Where a configured scanner's parts lie, and its start filter (see WasmLineScan.image). */
export interface WasmImageLayout {
  /** The module the image was made with: the image is used only with the same bytes. */
  module: Uint8Array;
  /** WebAssembly pages of the scanner's memory (fixed size). */
  pages: number;
  /** Where a piece of the log is scanned. */
  inputAt: number;
  /** Where the records of reported lines go; the image holds the memory below it. */
  recordsAt: number;
  /** Words of room for records. */
  capacity: number;
  /**
   * The plan's start filter (start-filter.ts, startFilterOf), which the scanner gets when the engine may
   * leave lines out; empty when the build made none (then it is made at run time).
   */
  startFilter: Uint8Array;
}

/** What the build saves: the layout and memory[0, recordsAt). */
export interface SavedWasmImage extends WasmImageLayout {
  memory: Uint8Array;
}

/** What a scanner starts from: the layout, and the memory read when asked for. */
export interface WasmImage extends WasmImageLayout {
  /** Fills `into` (recordsAt bytes) with the saved memory; false when it cannot (then `into` is not to be used). */
  readMemory: (into: Uint8Array) => boolean;
  /** Where the memory lies, as data another thread can get (read from a file: see read-scan-image.ts). */
  source?: WasmImageSource;
}

/** Where an image's memory lies: at `memoryAt` in `file`, a file of that identity (another is not read). */
export interface WasmImageSource {
  file: string;
  memoryAt: number;
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

/** An image as data that can be posted to another thread (its layout and source), or null when it has no source. */
export type WasmImageData = WasmImageLayout & { source: WasmImageSource };

export function wasmImageData(image: WasmImage): WasmImageData | null {
  const { module, pages, inputAt, recordsAt, capacity, startFilter, source } = image;
  return source ? { module, pages, inputAt, recordsAt, capacity, startFilter, source } : null;
}

const MAGIC = 0x52445349;
/** Bump when what WasmLineScan.image saves, or the layout, changes meaning. */
export const SCAN_IMAGE_FORMAT = 3;
const HEADER_WORDS = 2 + PLAN_KEY_LENGTH / 4 + 8;
const COUNTS_AT = 2 + PLAN_KEY_LENGTH / 4;
/** Bytes a reader takes first: the header, and the module and filter when they fit (the built-in catalog's do). */
export const SCAN_IMAGE_HEAD_BYTES = 128 * 1024;
const pad4 = (n: number) => Math.ceil(n / 4) * 4;

/** The file's bytes for `image`, tied to the scan plan file of `key` (both are of one literal set). */
export function encodeScanImage(image: SavedWasmImage, key: string): Uint8Array {
  if (key.length !== PLAN_KEY_LENGTH || !/^[\x20-\x7e]*$/.test(key)) throw new Error(`bad scan image key ${key}`);
  const moduleAt = HEADER_WORDS * 4;
  const filterAt = moduleAt + pad4(image.module.length);
  const memoryAt = filterAt + pad4(image.startFilter.length);
  const total = memoryAt + pad4(image.memory.length);
  const out = new Uint8Array(total);
  const words = new Uint32Array(out.buffer, 0, HEADER_WORDS);
  words[0] = MAGIC;
  words[1] = SCAN_IMAGE_FORMAT;
  out.set(Buffer.from(key, 'latin1'), 8);
  const counts = [image.pages, image.inputAt, image.recordsAt, image.capacity];
  const lengths = [image.module.length, image.startFilter.length, image.memory.length];
  [...counts, ...lengths, total].forEach((v, i) => (words[COUNTS_AT + i] = v));
  out.set(image.module, moduleAt);
  out.set(image.startFilter, filterAt);
  out.set(image.memory, memoryAt);
  return out;
}

/**
 * The layout of the image whose file is `size` bytes long and starts with `head`, when it is of this format,
 * tied to `key`, and whole; and where its memory lies in the file (`memoryAt`). Null otherwise, and
 * `{ need }` when `head` is too short to hold the module and filter (read that many bytes and call again).
 * Its arrays are views of `head` (no copy).
 */
export function decodeScanImageHead(
  head: Uint8Array,
  key: string,
  size: number,
): { layout: WasmImageLayout; memoryAt: number } | { need: number } | null {
  const header = keyedHeader(head, MAGIC, SCAN_IMAGE_FORMAT, key, HEADER_WORDS);
  if (!header) return null;
  const { bytes, words } = header;
  const [pages, inputAt, recordsAt, capacity, moduleLength, filterLength, memoryLength, total] =
    words.subarray(COUNTS_AT);
  const moduleAt = HEADER_WORDS * 4;
  const filterAt = moduleAt + pad4(moduleLength!);
  const memoryAt = filterAt + pad4(filterLength!);
  if (total !== size || memoryAt + pad4(memoryLength!) !== total || memoryLength !== recordsAt) return null;
  if (bytes.length < memoryAt) return { need: memoryAt };
  const layout = {
    module: bytes.subarray(moduleAt, moduleAt + moduleLength!),
    pages: pages!,
    inputAt: inputAt!,
    recordsAt: recordsAt!,
    capacity: capacity!,
    startFilter: bytes.subarray(filterAt, filterAt + filterLength!),
  };
  return { layout, memoryAt };
}

/**
 * The image in `file` (the whole file's bytes) when it is a whole file of this format tied to `key`, else null
 * (the scanner then configures itself). Its arrays are views of `file` (no copy).
 */
export function decodeScanImage(file: Uint8Array, key: string): WasmImage | null {
  const head = decodeScanImageHead(file, key, file.length);
  if (!head || 'need' in head) return null;
  const { layout, memoryAt } = head;
  const memory = file.subarray(memoryAt, memoryAt + layout.recordsAt);
  return {
    ...layout,
    readMemory: (into) => {
      if (into.length !== memory.length) return false;
      into.set(memory);
      return true;
    },
  };
}
