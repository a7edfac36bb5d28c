/**
 * The WebAssembly scanner of the built-in catalog's literal set as the build left it, in one binary file
 * (lib/catalog-scan-image.bin): the scanner's memory once configured (its tables and the C code's own
 * variables) and where its parts lie. A run copies it into a new instance's memory instead of building the
 * tables (wasm-line-scan.ts): withoutRedundant, the two configure calls and the copies of the JS tables
 * then never run, and V8 does not spend an optimising compile on configure code that runs once per process.
 * Bytes in, bytes out: the loader (src/catalog/load-catalog.ts) reads the file when the scanner starts.
 *
 * Layout: a header of 32-bit words (HEADER_WORDS: magic, format, the plan key, the sizes and places),
 * then the module's bytes, the memory and the start filter, each at a multiple of 4 bytes, in the byte order of the
 * machine that built it (another one sees another magic number: the scanner then configures itself).
 */
import { keyedHeader, PLAN_KEY_LENGTH } from './scan-plan-file.js';

/** A configured scanner's memory and layout (see WasmLineScan.image). */
export interface WasmImage {
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
  /** memory[0, recordsAt). */
  memory: Uint8Array;
  /**
   * The plan's start filter (start-filter.ts, startFilterOf), which the scanner gets when the engine may
   * leave lines out; empty when the build made none (then it is made at run time).
   */
  startFilter: Uint8Array;
}

const MAGIC = 0x52445349;
/** Bump when what WasmLineScan.image saves changes meaning. */
export const SCAN_IMAGE_FORMAT = 2;
const HEADER_WORDS = 2 + PLAN_KEY_LENGTH / 4 + 8;
const COUNTS_AT = 2 + PLAN_KEY_LENGTH / 4;
const pad4 = (n: number) => Math.ceil(n / 4) * 4;

/** The file's bytes for `image`, tied to the scan plan file of `key` (both are of one literal set). */
export function encodeScanImage(image: WasmImage, key: string): Uint8Array {
  if (key.length !== PLAN_KEY_LENGTH || !/^[\x20-\x7e]*$/.test(key)) throw new Error(`bad scan image key ${key}`);
  const moduleAt = HEADER_WORDS * 4;
  const memoryAt = moduleAt + pad4(image.module.length);
  const filterAt = memoryAt + pad4(image.memory.length);
  const total = filterAt + pad4(image.startFilter.length);
  const out = new Uint8Array(total);
  const words = new Uint32Array(out.buffer, 0, HEADER_WORDS);
  words[0] = MAGIC;
  words[1] = SCAN_IMAGE_FORMAT;
  out.set(Buffer.from(key, 'latin1'), 8);
  const counts = [image.pages, image.inputAt, image.recordsAt, image.capacity];
  const lengths = [image.module.length, image.memory.length, image.startFilter.length];
  [...counts, ...lengths, total].forEach((v, i) => (words[COUNTS_AT + i] = v));
  out.set(image.module, moduleAt);
  out.set(image.memory, memoryAt);
  out.set(image.startFilter, filterAt);
  return out;
}

/**
 * The image in `file` when it is a whole file of this format tied to `key`, else null (the scanner then
 * configures itself). Its arrays are views of `file` (no copy).
 */
export function decodeScanImage(file: Uint8Array, key: string): WasmImage | null {
  const header = keyedHeader(file, MAGIC, SCAN_IMAGE_FORMAT, key, HEADER_WORDS);
  if (!header) return null;
  const { bytes, words } = header;
  const [pages, inputAt, recordsAt, capacity, moduleLength, memoryLength, filterLength, total] =
    words.subarray(COUNTS_AT);
  const moduleAt = HEADER_WORDS * 4;
  const memoryAt = moduleAt + pad4(moduleLength!);
  const filterAt = memoryAt + pad4(memoryLength!);
  if (total !== bytes.length || filterAt + pad4(filterLength!) !== total || memoryLength !== recordsAt) return null;
  return {
    module: bytes.subarray(moduleAt, moduleAt + moduleLength!),
    pages: pages!,
    inputAt: inputAt!,
    recordsAt: recordsAt!,
    capacity: capacity!,
    memory: bytes.subarray(memoryAt, memoryAt + memoryLength!),
    startFilter: bytes.subarray(filterAt, filterAt + filterLength!),
  };
}
