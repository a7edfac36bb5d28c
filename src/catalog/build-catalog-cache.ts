import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../model/catalog.js';
import { scanPlanFor, scanPlanTables } from '../engine/scan-plan.js';
import { encodeScanImage } from '../engine/scan-image-file.js';
import { encodeScanPlan, PLAN_KEY_LENGTH } from '../engine/scan-plan-file.js';
import { startFilterOf } from '../engine/start-filter.js';
import { WasmLineScan } from '../engine/wasm-line-scan.js';
import {
  PROGRAMS_FORMAT, type CatalogCache, type CatalogExamples, type CatalogPrograms, type CachedEntry,
} from './catalog-cache.js';
import { compileCatalog } from './compile-catalog.js';
import { patternFacts, patternProblem, programText } from './compile-pattern.js';
import { parseCatalogText } from './parse-catalog.js';
import { re2jsVersion } from './re2js-version.js';

type CatalogFileText = { name: string; text: string };

/** The files that validate, with their entries and the SHA-256 of their text. */
function parsedFiles(files: CatalogFileText[]) {
  return files.flatMap(({ name, text }) => {
    try {
      return [{ name, entries: parseCatalogText(text, name), sha256: createHash('sha256').update(text).digest('hex') }];
    } catch {
      return [];
    }
  });
}

/**
 * The cache of catalog files (name and text; see catalog-cache.ts), run at build time. A file that
 * does not validate, and a pattern that does not compile, are left out: loading the catalog then
 * parses them afresh and reports the problem with its file and entry, as without a cache.
 */
export function buildCatalogCache(files: CatalogFileText[]): CatalogCache {
  const cache: CatalogCache = { files: {}, patterns: {} };
  for (const { name, entries, sha256 } of parsedFiles(files)) {
    // `file` is the name the loader shows (relative to its working directory): it adds it. The examples are
    // in catalogExamples (here empty lists: see CachedEntry).
    const left = new Set(['file', 'examples', 'counterexamples']);
    const cached = entries.map((e): CachedEntry => ({
      ...(Object.fromEntries(Object.entries(e).filter(([k]) => !left.has(k))) as Omit<CachedEntry, 'examples'>),
      examples: [],
      counterexamples: [],
    }));
    cache.files[name] = { sha256, entries: cached };
    const sources = entries.flatMap((e) => [...e.patterns, ...(e.context ?? []).flatMap((r) => r.pattern ?? [])]);
    for (const source of sources) {
      if (Object.hasOwn(cache.patterns, source) || patternProblem(source) !== null) continue;
      cache.patterns[source] = patternFacts(source);
    }
  }
  if (Object.keys(cache.files).length > 0) {
    const hash = createHash('sha256').update(JSON.stringify({ files: cache.files, patterns: cache.patterns }));
    cache.planKey = hash.digest('hex').slice(0, PLAN_KEY_LENGTH);
  }
  return cache;
}

/** The catalog the loader makes of `cache` alone (every built-in file fresh, nothing added), or null. */
function cachedCatalog(cache: CatalogCache) {
  const names = Object.keys(cache.files);
  if (names.length === 0 || cache.planKey === undefined) return null;
  const entries = names.flatMap((file) =>
    cache.files[file]!.entries.map((e): CatalogEntry => ({ ...e, examples: [], counterexamples: [], file })),
  );
  try {
    return compileCatalog({ entries, files: names }, new Set(), new Map(Object.entries(cache.patterns)));
  } catch {
    return null;
  }
}

/**
 * The build's two scan files of the catalog the loader makes of `cache` alone (every built-in file fresh,
 * nothing added), both tied to it by its planKey:
 * - `plan`, lib/catalog-scan-plan.bin: its scan plan (scan-plan-file.ts);
 * - `image`, lib/catalog-scan-image.bin: the WebAssembly scanner of that plan's literals, configured, and the
 *   plan's start filter (scan-image-file.ts); null where this Node cannot run the scanner.
 * Both null when the cache holds no file or its entries do not compile together (loading the catalog then
 * reports the problem). The catalog is compiled and planned once for both.
 */
export function buildScanFiles(cache: CatalogCache): { plan: Uint8Array | null; image: Uint8Array | null } {
  const catalog = cachedCatalog(cache);
  if (!catalog) return { plan: null, image: null };
  const scanPlan = scanPlanFor(catalog);
  const plan = encodeScanPlan(scanPlanTables(catalog, scanPlan), cache.planKey!);
  const wasm = WasmLineScan.image(scanPlan.literals);
  if (!wasm) return { plan, image: null };
  // The filter's line cap is set when it is used (prebuiltStartFilter): any value serves here.
  const startFilter = startFilterOf(scanPlan, 0) ?? new Uint8Array(0);
  return { plan, image: encodeScanImage({ ...wasm, startFilter }, cache.planKey!) };
}

/**
 * The programs of the cache's patterns that RE2 would run (not the plain literals), for
 * lib/catalog-programs.json; null when the re2js version cannot be told (the engine then compiles).
 */
export function buildCatalogPrograms(cache: CatalogCache): CatalogPrograms | null {
  const re2js = re2jsVersion();
  if (re2js === null) return null;
  const programs: Record<string, string> = {};
  for (const [source, facts] of Object.entries(cache.patterns)) {
    const text = facts.literal === undefined ? programText(source) : null;
    if (text !== null) programs[source] = text;
  }
  return { format: PROGRAMS_FORMAT, re2js, programs };
}

/** The examples and counterexamples of the files buildCatalogCache caches, for `catalog lint`. */
export function buildCatalogExamples(files: CatalogFileText[]): CatalogExamples {
  const out: CatalogExamples = { files: {} };
  for (const { name, entries, sha256 } of parsedFiles(files)) {
    const examples = entries.map((e) => ({ examples: e.examples, counterexamples: e.counterexamples }));
    out.files[name] = { sha256, entries: examples };
  }
  return out;
}
