/**
 * The scan plan of the built-in catalog as one binary file (lib/catalog-scan-plan.bin, written by the
 * build): its literals, their search tables and the literal -> pattern index, so that a run reads them
 * with one readFileSync into typed arrays instead of building them (a sixth of a small log's time,
 * issue 13). Bytes in, bytes out: the loader (src/catalog/load-catalog.ts) does the I/O and decides
 * when the file applies; scan-plan.ts checks it against the catalog before using it.
 *
 * Layout: a header of 32-bit words (HEADER_WORDS), then the sections in the order of `sections`, each
 * at a multiple of 4 bytes, in the byte order of the machine that built it (another one sees another
 * magic number and builds the plan itself).
 */
import { TIMESTAMP_LENGTH, type LiteralTables } from './literal-set.js';
import type { WasmImage } from './scan-image-file.js';

const MAGIC = 0x52445350;
/** Bump when what scanPlanFor or literalTables compute changes: a file of another format is not used. */
export const SCAN_PLAN_FORMAT = 1;
/** Length of the key tying the file to the catalog cache it was built from (catalog-cache.ts `planKey`). */
export const PLAN_KEY_LENGTH = 32;
const HEADER_WORDS = 24;
const TABLE = 65536;

/** What the file holds: the plan in the indexes scan-plan.ts resolves against the catalog. */
export interface ScanPlanTables {
  literals: string[];
  encoded: Uint8Array[];
  tables: LiteralTables;
  /** Pattern owners (entries' own patterns, context rules) the plan was built with. */
  ownerCount: number;
  /** Literal id -> its patterns: planned[2k] the owner, planned[2k + 1] the pattern's index in its entry. */
  plannedStart: Int32Array;
  planned: Int32Array;
  groupLiteral: number;
  endGroupLiteral: number;
  errorLiteral: number;
  exitCodeLiteral: number;
  /** Literal ids of the STEP_OPENERS lines. */
  openers: Int32Array;
  /** The build's WebAssembly scanner image of these literals (not in this file: the loader adds its reader). */
  wasmImage?: () => WasmImage | null;
}

/** The header's fields after magic, format and key, in order. */
const COUNTS = [
  'literalCount',
  'textBytes',
  'ownerCount',
  'plannedCount',
  'window',
  'maxLength',
  'timestampSkip',
  'groupLiteral',
  'endGroupLiteral',
  'errorLiteral',
  'exitCodeLiteral',
  'openerCount',
  'totalBytes',
] as const;
type Counts = Record<(typeof COUNTS)[number], number>;
const COUNTS_AT = 2 + PLAN_KEY_LENGTH / 4;

/** Byte length of each section, in file order. */
function sections(c: Counts): [string, number][] {
  return [
    ['shift', TABLE],
    ['candidateStart', (TABLE + 1) * 4],
    ['candidateIds', c.literalCount * 4],
    ['literalOffsets', (c.literalCount + 1) * 4],
    ['plannedStart', (c.literalCount + 1) * 4],
    ['planned', c.plannedCount * 8],
    ['openers', c.openerCount * 4],
    ['text', c.textBytes],
  ];
}

function layout(c: Counts): { at: Map<string, number>; end: number } {
  const at = new Map<string, number>();
  let end = HEADER_WORDS * 4;
  for (const [name, bytes] of sections(c)) {
    at.set(name, end);
    end += Math.ceil(bytes / 4) * 4;
  }
  return { at, end };
}

/** The file's bytes for `tables`, tied to `key` (PLAN_KEY_LENGTH ASCII characters). */
export function encodeScanPlan(t: ScanPlanTables, key: string): Uint8Array {
  if (key.length !== PLAN_KEY_LENGTH || !/^[\x20-\x7e]*$/.test(key)) throw new Error(`bad scan plan key ${key}`);
  const text = Buffer.from(t.literals.map((l) => `${l}\n`).join(''), 'utf8');
  const offsets = new Int32Array(t.literals.length + 1);
  t.literals.forEach((l, i) => (offsets[i + 1] = offsets[i]! + Buffer.byteLength(l, 'utf8') + 1));
  const counts: Counts = {
    literalCount: t.literals.length,
    textBytes: text.length,
    ownerCount: t.ownerCount,
    plannedCount: t.planned.length / 2,
    window: t.tables.window,
    maxLength: t.tables.maxLength,
    timestampSkip: t.tables.timestampSkip,
    groupLiteral: t.groupLiteral,
    endGroupLiteral: t.endGroupLiteral,
    errorLiteral: t.errorLiteral,
    exitCodeLiteral: t.exitCodeLiteral,
    openerCount: t.openers.length,
    totalBytes: 0,
  };
  const { at, end } = layout(counts);
  counts.totalBytes = end;
  const out = new Uint8Array(end);
  const words = new Uint32Array(out.buffer, 0, HEADER_WORDS);
  words[0] = MAGIC;
  words[1] = SCAN_PLAN_FORMAT;
  out.set(Buffer.from(key, 'latin1'), 8);
  COUNTS.forEach((name, i) => (words[COUNTS_AT + i] = counts[name]));
  const put = (name: string, data: Uint8Array | Int32Array) =>
    out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), at.get(name));
  put('shift', t.tables.shift);
  put('candidateStart', t.tables.candidateStart);
  put('candidateIds', t.tables.candidateIds);
  put('literalOffsets', offsets);
  put('plannedStart', t.plannedStart);
  put('planned', t.planned);
  put('openers', t.openers);
  put('text', text);
  return out;
}

/**
 * The tables in `bytes` when they are a whole file of this format tied to `key`, else null (the
 * caller then builds the plan). The typed arrays are views of `bytes` (no copy).
 */
export function decodeScanPlan(file: Uint8Array, key: string): ScanPlanTables | null {
  const header = keyedHeader(file, MAGIC, SCAN_PLAN_FORMAT, key, HEADER_WORDS);
  if (!header) return null;
  const { bytes, words } = header;
  const counts = Object.fromEntries(COUNTS.map((name, i) => [name, words[COUNTS_AT + i]!])) as Counts;
  const { at, end } = layout(counts);
  if (counts.totalBytes !== end || bytes.length !== end || counts.literalCount === 0) return null;
  const ints = (name: string, n: number) => new Int32Array(bytes.buffer, bytes.byteOffset + at.get(name)!, n);
  const n = counts.literalCount;
  const offsets = ints('literalOffsets', n + 1);
  const textAt = bytes.byteOffset + at.get('text')!;
  const text = new Uint8Array(bytes.buffer, textAt, counts.textBytes);
  const literals = Buffer.from(text.buffer, textAt, counts.textBytes).toString('utf8').split('\n');
  if (literals.pop() !== '' || literals.length !== n || offsets[0] !== 0 || offsets[n] !== counts.textBytes) {
    return null;
  }
  const encoded: Uint8Array[] = [];
  let shortest = Infinity;
  let longest = 0;
  for (let i = 0; i < n; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]! - 1;
    // Each literal's bytes end at its own newline (the text decoded into the same strings).
    if (to < from || to >= counts.textBytes || text[to] !== 10) return null;
    encoded.push(text.subarray(from, to));
    shortest = Math.min(shortest, to - from);
    longest = Math.max(longest, to - from);
  }
  const { window, maxLength, timestampSkip } = counts;
  if (window !== shortest || maxLength !== longest || timestampSkip > TIMESTAMP_LENGTH) return null;
  const candidateIds = ints('candidateIds', n);
  const candidateStart = ints('candidateStart', TABLE + 1);
  const plannedStart = ints('plannedStart', n + 1);
  const planned = ints('planned', counts.plannedCount * 2);
  if (candidateStart[TABLE] !== n || plannedStart[n] !== counts.plannedCount) return null;
  if (!candidateIds.every((id) => id >= 0 && id < n)) return null;
  return {
    literals,
    encoded,
    tables: {
      window: counts.window,
      maxLength: counts.maxLength,
      shift: new Uint8Array(bytes.buffer, bytes.byteOffset + at.get('shift')!, TABLE),
      candidateStart,
      candidateIds,
      timestampSkip: counts.timestampSkip,
    },
    ownerCount: counts.ownerCount,
    plannedStart,
    planned,
    groupLiteral: counts.groupLiteral,
    endGroupLiteral: counts.endGroupLiteral,
    errorLiteral: counts.errorLiteral,
    exitCodeLiteral: counts.exitCodeLiteral,
    openers: ints('openers', counts.openerCount),
  };
}

/**
 * The first `headerWords` words of `file` and its bytes, 4-byte aligned, when it starts with `magic`, `format`
 * and `key` (PLAN_KEY_LENGTH bytes); else null. Typed array views need the alignment, which a file read into a
 * pooled Buffer may lack (then it is copied).
 */
export function keyedHeader(
  file: Uint8Array,
  magic: number,
  format: number,
  key: string,
  headerWords: number,
): { bytes: Uint8Array; words: Uint32Array } | null {
  const bytes = file.byteOffset % 4 === 0 ? file : file.slice();
  if (bytes.length < headerWords * 4) return null;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, headerWords);
  if (words[0] !== magic || words[1] !== format) return null;
  if (Buffer.from(bytes.buffer, bytes.byteOffset + 8, PLAN_KEY_LENGTH).toString('latin1') !== key) return null;
  return { bytes, words };
}
