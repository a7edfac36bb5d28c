// The loader of the built package (lib/) with the build's scan plan file (lib/catalog-scan-plan.bin):
// used when it belongs to the catalog loaded, else the plan is built at run time, with the same result;
// likewise the scanner image (lib/catalog-scan-image.bin).
// In a copy of lib/ (catalog/ and node_modules/ linked), where the build's files can be damaged.
// Needs `npm run build` (npm test runs it first).
import {
  cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync,
} from 'node:fs';
import { isAscii } from 'node:buffer';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledCatalog } from '../../src/model/catalog.js';
import type { ScanPlan } from '../../src/engine/scan-plan.js';
import { oneMoreEntry } from '../helpers/inline-catalog.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const LOG = [
  '2025-12-27T11:29:01.1234567Z ##[group]Run make',
  '2025-12-27T11:29:02.1234567Z Error: ENOSPC: no space left on device, write',
  '2025-12-27T11:29:03.1234567Z ##[error]Process completed with exit code 1.',
  '',
].join('\n');

interface Lib {
  loadCatalog: (opts?: { extraTexts?: { file: string; text: string }[] }) => Promise<CompiledCatalog>;
  scanPlanFor: (c: CompiledCatalog) => ScanPlan;
  diagnose: (log: string, opts: { catalog: CompiledCatalog; source: string }) => Promise<{ stats: { ms: number } }>;
}

let copy = '';
let loads = 0;
/** A fresh instance of the copy's loader (its once-per-process reads start over); the engine is shared. */
async function lib(): Promise<Lib> {
  const url = (p: string) => `${pathToFileURL(path.join(copy, 'lib', p)).href}?load=${++loads}`;
  const { loadCatalog } = (await import(url('catalog/load-catalog.js'))) as Lib;
  const { scanPlanFor } = (await import(pathToFileURL(path.join(copy, 'lib/engine/scan-plan.js')).href)) as Lib;
  const { diagnose } = (await import(pathToFileURL(path.join(copy, 'lib/engine/diagnose.js')).href)) as Lib;
  return { loadCatalog, scanPlanFor, diagnose };
}
const PLAN = () => path.join(copy, 'lib/catalog-scan-plan.bin');

/** The plan's literals and tables, and what the log's diagnosis says (without its time). */
async function outcome(l: Lib, catalog: CompiledCatalog) {
  const plan = l.scanPlanFor(catalog);
  const d = await l.diagnose(LOG, { catalog, source: 'job.log' });
  const set = plan.literals;
  return {
    prebuilt: plan.prebuilt,
    same: {
      literals: set.literals,
      tables: [set.shift, set.candidateStart, set.candidateIds].map((t) =>
        Buffer.from(t.buffer, t.byteOffset, t.byteLength).toString('base64'),
      ),
      sizes: [set.window, set.maxLength, set.timestampSkip],
      lists: plan.patternsByLiteral.map((list) => list.map((p) => [p.owner, p.pattern.source, p.anchored])),
      owners: plan.owners,
      diagnosis: { ...d, stats: { ...d.stats, ms: 0 } },
    },
  };
}

beforeAll(() => {
  expect(existsSync(path.join(ROOT, 'lib/catalog-scan-plan.bin')), 'run `npm run build`').toBe(true);
  copy = mkdtempSync(path.join(tmpdir(), 'rd-scan-plan-'));
  cpSync(path.join(ROOT, 'lib'), path.join(copy, 'lib'), {
    recursive: true,
    filter: (p) => !p.includes('/lib/action') && !p.includes('/lib/bundle'),
  });
  writeFileSync(path.join(copy, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
  for (const d of ['catalog', 'node_modules']) symlinkSync(path.join(ROOT, d), path.join(copy, d), 'dir');
});
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('the build-time scan plan in the loader', () => {
  let built: Awaited<ReturnType<typeof outcome>>;

  it('is used for the built-in catalog, and gives what building it gives', async () => {
    const l = await lib();
    const loaded = await outcome(l, await l.loadCatalog());
    expect(loaded.prebuilt).toBe(true);
    rmSync(PLAN());
    built = await outcome(l, await (await lib()).loadCatalog());
    expect(built.prebuilt).toBe(false);
    expect(loaded.same).toEqual(built.same);
    expect(JSON.stringify(built.same.diagnosis)).toContain('ENOSPC');
  });

  it('is not used when cut short or from another catalog; the plan is built, the same', async () => {
    cpSync(path.join(ROOT, 'lib/catalog-scan-plan.bin'), PLAN());
    truncateSync(PLAN(), 1000);
    const l = await lib();
    const cut = await outcome(l, await l.loadCatalog());
    expect(cut.prebuilt).toBe(false);
    expect(cut.same).toEqual(built.same);
    // The plan file of a build of another catalog (its header's key is that catalog's).
    const other = readFileSync(path.join(ROOT, 'lib/catalog-scan-plan.bin'));
    other.write('0'.repeat(32), 8, 'latin1');
    writeFileSync(PLAN(), other);
    const foreign = await outcome(l, await (await lib()).loadCatalog());
    expect(foreign.prebuilt).toBe(false);
    expect(foreign.same).toEqual(built.same);
  });

  it('is not used for a catalog with more entries (--catalog)', async () => {
    cpSync(path.join(ROOT, 'lib/catalog-scan-plan.bin'), PLAN());
    const l = await lib();
    const text = `entries:\n${oneMoreEntry('test/more', 'More')}`;
    const catalog = await l.loadCatalog({ extraTexts: [{ file: 'more.yaml', text }] });
    const plan = l.scanPlanFor(catalog);
    expect(plan.prebuilt).toBe(false);
    expect(plan.literals.literals).toContain('one more needle');
    expect((await outcome(l, await l.loadCatalog())).prebuilt).toBe(true);
  });
});

describe('the build-time scanner image in the loader', () => {
  /** The copy's lib/ with the build's plan and image, and its WebAssembly scanner class. */
  async function withBuiltImage() {
    const image = path.join(copy, 'lib/catalog-scan-image.bin');
    cpSync(path.join(ROOT, 'lib/catalog-scan-plan.bin'), PLAN());
    cpSync(path.join(ROOT, 'lib/catalog-scan-image.bin'), image);
    const engine = pathToFileURL(path.join(copy, 'lib/engine/wasm-line-scan.js')).href;
    const { WasmLineScan } = (await import(engine)) as typeof import('../../src/engine/wasm-line-scan.js');
    return { image, WasmLineScan };
  }

  it('starts the built-in catalog\'s WebAssembly scanner; cut short or missing, the scanner configures itself', async () => {
    const { image, WasmLineScan } = await withBuiltImage();
    const scanner = async () => {
      const l = await lib();
      return WasmLineScan.create(l.scanPlanFor(await l.loadCatalog()).literals)!;
    };
    expect((await scanner()).prebuilt).toBe(true);
    const size = statSync(image).size;
    // Cut in its memory (the head, read first, is whole) or in its head.
    for (const cut of [size - 1, size - 70000, 1000]) {
      truncateSync(image, cut);
      expect((await scanner()).prebuilt).toBe(false);
      cpSync(path.join(ROOT, 'lib/catalog-scan-image.bin'), image);
    }
    rmSync(image);
    expect((await scanner()).prebuilt).toBe(false);
  });

  it('reads the memory of the file whose head it read: replaced since, the scanner configures itself', async () => {
    const { image, WasmLineScan } = await withBuiltImage();
    const l = await lib();
    const set = l.scanPlanFor(await l.loadCatalog()).literals;
    expect(set.wasmImage?.()).toBeTruthy();
    expect(WasmLineScan.create(set)!.prebuilt).toBe(true);
    // Same size, same head, other memory: only the file's identity tells.
    const other = readFileSync(image);
    other[other.length - 8]! ^= 0xff;
    writeFileSync(`${image}.new`, other);
    renameSync(`${image}.new`, image);
    expect(WasmLineScan.create(set)!.prebuilt).toBe(false);
  });
});

describe('the build-time catalog files', () => {
  it('are ASCII (read without UTF-8 decoding); one written in UTF-8 is read the same', async () => {
    const cacheFile = path.join(ROOT, 'lib/catalog-cache.json');
    const ascii = readFileSync(cacheFile);
    expect(isAscii(ascii)).toBe(true);
    expect(isAscii(readFileSync(path.join(ROOT, 'lib/catalog-examples.json')))).toBe(true);
    const text = ascii.toString('latin1');
    // The cache holds text beyond ASCII (as \u escapes), so the UTF-8 copy below differs from it.
    expect(text).toMatch(/\\u[0-9a-f]{4}/);
    const entries = async () => (await (await lib()).loadCatalog()).entries.map((c) => c.entry);
    const fromAscii = await entries();
    writeFileSync(path.join(copy, 'lib/catalog-cache.json'), JSON.stringify(JSON.parse(text)));
    expect(isAscii(readFileSync(path.join(copy, 'lib/catalog-cache.json')))).toBe(false);
    expect(await entries()).toEqual(fromAscii);
    expect(isAscii(Buffer.from(JSON.stringify(fromAscii)))).toBe(false);
  });
});
