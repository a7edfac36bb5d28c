// The WebAssembly scanner image the build writes for the built-in catalog (lib/catalog-scan-image.bin)
// against a scanner configured at run time: the same layout and memory, the same lines reported; never
// used when it does not fit (cut short, another plan, another module), and then the scanner configures itself.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchLog } from '../../scripts/bench-log.mjs';
import { buildCatalogCache, buildScanFiles } from '../../src/catalog/build-catalog-cache.js';
import { compileCatalog } from '../../src/catalog/compile-catalog.js';
import { BUILTIN_CATALOG_DIR } from '../../src/catalog/load-catalog.js';
import type { CatalogEntry } from '../../src/model/catalog.js';
import { LineScanner, LiteralSet, type CandidateLine } from '../../src/engine/line-scanner.js';
import { decodeScanImage, type WasmImage } from '../../src/engine/scan-image-file.js';
import { decodeScanPlan } from '../../src/engine/scan-plan-file.js';
import { presetScanPlan, scanPlanFor, type ScanPlan } from '../../src/engine/scan-plan.js';
import { prebuiltStartFilter, startFilterOf } from '../../src/engine/start-filter.js';
import { PIECE_BYTES, WasmLineScan } from '../../src/engine/wasm-line-scan.js';
import { expectRefusesDamaged } from '../helpers/damaged-file.js';

const files = readdirSync(BUILTIN_CATALOG_DIR)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(BUILTIN_CATALOG_DIR, name), 'utf8') }));
const cache = buildCatalogCache(files);
const key = cache.planKey!;
const imageBytes = buildScanFiles(cache).image!;

/** The built-in catalog's literal set as the loader makes it from the plan file, with `image` as its scanner image. */
function setWith(image: (() => WasmImage | null) | undefined): LiteralSet {
  return planWith(image).literals;
}

/** The built-in catalog's scan plan as the loader makes it from the plan file, with `image` as its scanner image. */
function planWith(image: (() => WasmImage | null) | undefined): ScanPlan {
  const names = Object.keys(cache.files);
  const entries = names.flatMap((file) =>
    cache.files[file]!.entries.map((e): CatalogEntry => ({ ...e, examples: [], counterexamples: [], file })),
  );
  const catalog = compileCatalog({ entries, files: names }, new Set(), new Map(Object.entries(cache.patterns)));
  const tables = decodeScanPlan(buildScanFiles(cache).plan!, key)!;
  if (image) tables.wasmImage = image;
  presetScanPlan(catalog, tables);
  const plan = scanPlanFor(catalog);
  expect(plan.prebuilt).toBe(true);
  return plan;
}

let log: Buffer;
let dir = '';
beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-scan-image-'));
  // Two pieces and more of a job log: literal hits, coloured lines, a long line, a line across pieces.
  await writeBenchLog(path.join(dir, 'job.log'), 2 * PIECE_BYTES + 4096);
  // With lines whose colour codes split a literal (reported as coloured, searched again without codes).
  const split = '2025-12-27T11:29:01.1234567Z \u001b[31merr\u001b[0mor: no space left\n';
  log = Buffer.concat([Buffer.from(split.repeat(3)), readFileSync(path.join(dir, 'job.log')), Buffer.from(split)]);
});
afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every candidate line of the log as the scanner of `set` hands it on (WebAssembly from the start). */
function candidates(set: LiteralSet) {
  const seen: { line: number; literals: number[]; escaped: boolean; text: string }[] = [];
  const onLine = (c: CandidateLine) =>
    seen.push({ line: c.line, literals: [...c.literals], escaped: c.escaped, text: Buffer.from(c.bytes).toString() });
  const scanner = new LineScanner(set, onLine, undefined, { wasmFrom: 0 });
  for (let i = 0; i < log.length; i += PIECE_BYTES) scanner.push(log.subarray(i, i + PIECE_BYTES));
  scanner.end();
  return { seen, lines: scanner.lines };
}

describe('the scanner image file', () => {
  it('starts a scanner with the layout and memory of one configured at run time', () => {
    const image = decodeScanImage(imageBytes, key)!;
    expect(image).not.toBeNull();
    const fromImage = WasmLineScan.create(setWith(() => image))!;
    const configured = WasmLineScan.create(setWith(undefined))!;
    expect(fromImage.prebuilt).toBe(true);
    expect(configured.prebuilt).toBe(false);
    expect(fromImage.input.byteOffset).toBe(configured.input.byteOffset);
    expect(fromImage.records.byteOffset).toBe(configured.records.byteOffset);
    expect(fromImage.records.length).toBe(configured.records.length);
    expect(fromImage.input.buffer.byteLength).toBe(configured.input.buffer.byteLength);
    // The memory below the records: the tables and the C code's variables, byte for byte.
    const below = (s: WasmLineScan) => Buffer.from(s.input.buffer, 0, s.records.byteOffset);
    expect(below(fromImage).equals(below(configured))).toBe(true);
    const saved = new Uint8Array(image.recordsAt);
    expect(image.readMemory(saved)).toBe(true);
    expect(below(fromImage).equals(saved)).toBe(true);
    // Into room of another size, nothing is read.
    expect(image.readMemory(new Uint8Array(image.recordsAt - 4))).toBe(false);
  });

  it('gives a scanner that hands on the lines a configured one does', () => {
    let reads = 0;
    const image = decodeScanImage(imageBytes, key)!;
    const withImage = candidates(setWith(() => (reads++, image)));
    expect(reads).toBe(1);
    const without = candidates(setWith(undefined));
    expect(withImage).toEqual(without);
    expect(without.seen.length).toBeGreaterThan(100);
    expect(without.seen.some((c) => c.escaped)).toBe(true);
    // And what the JavaScript loop alone hands on.
    const js: typeof without.seen = [];
    const scanner = new LineScanner(
      setWith(undefined),
      (c) => {
        const text = Buffer.from(c.bytes).toString();
        js.push({ line: c.line, literals: [...c.literals], escaped: c.escaped, text });
      },
      undefined,
      { wasmFrom: Infinity },
    );
    for (let i = 0; i < log.length; i += PIECE_BYTES) scanner.push(log.subarray(i, i + PIECE_BYTES));
    scanner.end();
    expect(js.map((c) => [c.line, c.literals.sort(), c.text])).toEqual(
      without.seen.map((c) => [c.line, c.literals.sort(), c.text]),
    );
  });

  it('holds the plan\'s start filter, byte for byte the one built at run time, for any line cap', () => {
    // Read into a Buffer, as the loader reads the file.
    const file = Buffer.from(imageBytes);
    const image = decodeScanImage(file, key)!;
    expect(image.startFilter.length).toBeGreaterThan(100);
    const plan = planWith(() => image);
    for (const max of [65536, 1000]) {
      const built = startFilterOf(plan, max)!;
      const prebuilt = prebuiltStartFilter(plan, max)!;
      expect(Buffer.from(prebuilt).equals(Buffer.from(built))).toBe(true);
    }
    // Setting the cap changes neither the file's bytes nor the image read from them.
    expect(file.equals(imageBytes)).toBe(true);
    expect(Buffer.from(image.startFilter).equals(decodeScanImage(imageBytes, key)!.startFilter)).toBe(true);
    // No image, or one without a filter: none prebuilt (the scanner's caller builds it).
    expect(prebuiltStartFilter(planWith(undefined), 65536)).toBeNull();
    expect(prebuiltStartFilter(planWith(() => ({ ...image, startFilter: new Uint8Array(0) })), 65536)).toBeNull();
  });

  it('is not read when cut short, longer, of another format, or tied to another plan', () => {
    // Compared as text: a deep comparison of 800 KB of bytes takes seconds.
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
    expectRefusesDamaged(decodeScanImage, imageBytes, key, ({ readMemory, module, startFilter, ...sizes }) => {
      const memory = new Uint8Array(sizes.recordsAt);
      const read = readMemory(memory) && base64(memory);
      return { ...sizes, module: base64(module), startFilter: base64(startFilter), memory: read };
    });
  });

  it('of another module, or whose parts do not fit, is not used: the scanner configures itself', () => {
    const image = decodeScanImage(imageBytes, key)!;
    const module = Uint8Array.from(image.module);
    module[module.length - 1]! ^= 0xff;
    const tooSmall = { ...image, pages: Math.floor(image.inputAt / 65536) };
    const fewerRecords = { ...image, capacity: 16 };
    const reference = candidates(setWith(undefined));
    for (const bad of [{ ...image, module }, tooSmall, fewerRecords]) {
      const set = setWith(() => bad);
      expect(WasmLineScan.create(set)!.prebuilt).toBe(false);
      expect(candidates(set)).toEqual(reference);
    }
    expect(WasmLineScan.create(setWith(() => null))!.prebuilt).toBe(false);
  });
});
