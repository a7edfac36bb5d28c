import { isAscii } from 'node:buffer';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Catalog, CatalogEntry, CompiledCatalog } from '../model/catalog.js';
import {
  asCatalogCache, asCatalogExamples, asCatalogPrograms, type CachedFile, type CatalogCache, type CatalogExamples,
} from './catalog-cache.js';
import type { WasmImage } from '../engine/scan-image-file.js';
import { decodeScanPlan, type ScanPlanTables } from '../engine/scan-plan-file.js';
import { presetScanPlan } from '../engine/scan-plan.js';
import { CatalogError } from './catalog-error.js';
import { compileCatalog } from './compile-catalog.js';
import { readScanImage } from './read-scan-image.js';
import { re2jsVersion } from './re2js-version.js';

export type { CompiledCatalog } from '../model/catalog.js';

export interface LoadCatalogOptions {
  /** Include the built-in `catalog/*.yaml` (default true). */
  builtin?: boolean;
  /**
   * The built-in entries' examples and counterexamples (default false: only `catalog lint` runs them, and
   * leaving them out of the start-up read spares the CLI a quarter of the cache). Without them a built-in
   * entry read from the build-time cache has none (empty lists); entries parsed from YAML always have theirs.
   */
  examples?: boolean;
  /** More YAML files (CLI `--catalog`). */
  extraFiles?: string[];
  /** YAML texts with the name to report in errors. */
  extraTexts?: { file: string; text: string }[];
  /** Already-parsed entries (repo config `signatures:`). */
  extraEntries?: { file: string; entries: unknown[] }[];
}

/** The directory of the built-in catalog (works from `src/` and from the compiled `lib/`). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

/**
 * Reads, validates and compiles the catalog: the only module here that does I/O. Throws
 * CatalogError (file, entry, field) on the first problem, a broken built-in regex included.
 * The reads are synchronous: a few small files, read once per process, and `node:fs/promises` alone
 * costs the CLI's start-up more than they take (issue 13).
 */
export async function loadCatalog(opts: LoadCatalogOptions = {}): Promise<CompiledCatalog> {
  const catalog: Catalog = { entries: [], files: [] };
  const builtin = opts.builtin !== false
    ? readdirSync(BUILTIN_CATALOG_DIR).filter((n) => /\.ya?ml$/.test(n)).sort()
    : [];
  const add = (file: string, entries: Catalog['entries']) => {
    catalog.files.push(file);
    catalog.entries.push(...entries);
  };
  // The YAML parser and the schema load only for text the build-time cache does not hold (start-up, issue 13).
  const parser = () => import('./parse-catalog.js');
  const cache = builtin.length ? builtinCache() : asCatalogCache(null);
  const examples = builtin.length && opts.examples ? builtinExamples() : null;
  // The build's scan plan fits only the catalog the cache alone makes: every built-in file from it, nothing more.
  let planFits = builtin.length > 0 && sameNames(Object.keys(cache.files), builtin);
  // displayName for each built-in file from the folder's, computed once (path.relative is slow when cold).
  const folder = builtin.length ? path.relative(process.cwd(), BUILTIN_CATALOG_DIR) : '';
  for (const base of builtin) {
    const file = path.join(BUILTIN_CATALOG_DIR, base);
    const name = displayName(file, folder === '' ? base : path.join(folder, base));
    let text: string | undefined;
    const read = () => (text ??= readText(file));
    const cached = Object.hasOwn(cache.files, base) ? cache.files[base] : undefined;
    const wanted = examples ? (Object.hasOwn(examples.files, base) ? examples.files[base]! : null) : false;
    const entries = cached && freshEntries(cached, file, read, wanted);
    if (entries) {
      for (const e of entries) (e as CatalogEntry).file = name;
      add(name, entries);
    }
    else {
      planFits = false;
      add(name, (await parser()).parseCatalogText(read(), name));
    }
  }
  const extra = [opts.extraFiles, opts.extraTexts, opts.extraEntries].some((list) => list && list.length > 0);
  for (const file of opts.extraFiles ?? []) {
    const name = displayName(file);
    add(name, (await parser()).parseCatalogText(readText(file), name));
  }
  for (const { file, text } of opts.extraTexts ?? []) add(file, (await parser()).parseCatalogText(text, file));
  for (const { file, entries } of opts.extraEntries ?? []) {
    add(file, (await parser()).parseCatalogEntries(entries, file));
  }
  // Looked up in the parsed object itself: no Map of 385 entries built per load.
  const patterns = cache.patterns;
  const known = {
    get: (source: string) => (Object.hasOwn(patterns, source) ? patterns[source] : undefined),
    program: builtinProgram,
  };
  const compiled = compileCatalog(catalog, new Set(), known);
  const tables = planFits && !extra && cache.planKey !== undefined ? builtinScanPlan(cache.planKey) : null;
  if (tables) presetScanPlan(compiled, tables);
  return compiled;
}

const sameNames = (a: string[], b: string[]) => a.length === b.length && a.every((name, i) => name === b[i]);

/**
 * A built-in file's cached entries when its text is the one the cache was built from, else null (then
 * it is parsed). A file whose size and modification time are those the build recorded is not read;
 * any other (an edit, a checkout, `npm pack`/install, which set their own times) is read (`read`) and
 * its SHA-256 compared, so the cache is never taken for a file changed since the build. `examples`:
 * false when not wanted (the entries get none), else the file's from lib/catalog-examples.json (null:
 * none there), which must be of the same text.
 */
export function freshEntries(
  cached: CachedFile,
  file: string,
  read: () => string,
  examples: CatalogExamples['files'][string] | null | false,
): Omit<CatalogEntry, 'file'>[] | null {
  let stat;
  try {
    stat = statSync(file);
  } catch (err) {
    throw unreadable(file, err);
  }
  if (cached.size !== stat.size || cached.mtimeMs !== stat.mtimeMs) {
    // A size other than the recorded one is another text: no need to hash it.
    if (cached.size !== undefined && cached.size !== stat.size) return null;
    if (sha256(read()) !== cached.sha256) return null;
  }
  // The cached entries are the caller's (the cache is parsed anew per load): completed in place, not copied.
  const entries = cached.entries as Omit<CatalogEntry, 'file'>[];
  if (examples === false) {
    // The build's cache has them empty already (CachedEntry); a cache without them gets them.
    const empty = (list: unknown) => Array.isArray(list) && list.length === 0;
    for (const e of entries) {
      if (!empty(e.examples) || !empty(e.counterexamples)) Object.assign(e, { examples: [], counterexamples: [] });
    }
    return entries;
  }
  if (examples === null || examples.sha256 !== cached.sha256 || examples.entries.length !== cached.entries.length) {
    return null;
  }
  entries.forEach((e, i) => Object.assign(e, examples.entries[i]!));
  return entries;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw unreadable(file, err);
  }
}

function unreadable(file: string, err: unknown): CatalogError {
  const why = (err as Error).message;
  return new CatalogError(file, null, null, `cannot read the file (${why}); check the path`);
}

/** `file` as shown: relative to the working folder when under it; `relative` when the caller has it already. */
function displayName(file: string, relative = path.relative(process.cwd(), file)): string {
  return relative.startsWith('..') ? file : relative;
}

/**
 * The built-in catalog checked at build time (see catalog-cache.ts), parsed anew per load: the
 * entries are the caller's to keep. The text is read once per process.
 */
let cacheText: string | null | undefined;
function builtinCache(): CatalogCache {
  cacheText ??= readOrNull(new URL('../catalog-cache.json', import.meta.url));
  return asCatalogCache(parsedOrNull(cacheText));
}

/**
 * The build's scan plan of the built-in catalog (lib/catalog-scan-plan.bin) when it belongs to the cache
 * with `key`, else null (missing, truncated, another build's: the plan is then built at run time). Read
 * once per process; the tables are read-only, so catalogs loaded later share them.
 */
let planFile: Uint8Array | null | undefined;
let decoded: { key: string; tables: ScanPlanTables | null } | undefined;
function builtinScanPlan(key: string): ScanPlanTables | null {
  if (planFile === undefined) planFile = bytesOrNull(new URL('../catalog-scan-plan.bin', import.meta.url));
  if (decoded?.key !== key) {
    const tables = planFile && decodeScanPlan(planFile, key);
    if (tables) tables.wasmImage = () => builtinScanImage(key);
    decoded = { key, tables };
  }
  return decoded.tables;
}

/**
 * The build's WebAssembly scanner of the plan's literals (lib/catalog-scan-image.bin) when it belongs to the
 * plan with `key`, else null (the scanner then configures itself). Its head is read when a scanner first
 * starts (a log big enough for WebAssembly), once per plan key (one per process); its memory by each scanner.
 */
let image: { key: string; image: WasmImage | null } | undefined;
function builtinScanImage(key: string): WasmImage | null {
  if (image?.key !== key) {
    image = { key, image: readScanImage(new URL('../catalog-scan-image.bin', import.meta.url), key) };
  }
  return image.image;
}

/**
 * The text of the program the build stored for `source` (lib/catalog-programs.json), when the file is
 * of this format and of the re2js running here; else undefined (the pattern is then compiled). Read
 * when a pattern first needs its program: a log none of whose lines reach a regex never reads it.
 */
let storedPrograms: Record<string, string> | null | undefined;
function builtinProgram(source: string): string | undefined {
  if (storedPrograms === undefined) {
    const text = readOrNull(new URL('../catalog-programs.json', import.meta.url));
    storedPrograms = asCatalogPrograms(parsedOrNull(text), re2jsVersion());
  }
  const text = storedPrograms && Object.hasOwn(storedPrograms, source) ? storedPrograms[source] : undefined;
  return typeof text === 'string' ? text : undefined;
}

function builtinExamples(): CatalogExamples {
  return asCatalogExamples(parsedOrNull(readOrNull(new URL('../catalog-examples.json', import.meta.url))));
}

/** The value of a build-time JSON file's text, or null when there is none or it does not parse (damaged). */
function parsedOrNull(text: string | null): unknown {
  try {
    return text === null ? null : (JSON.parse(text) as unknown);
  } catch {
    return null;
  }
}

/**
 * The text of a build-time JSON file, or null. The build writes them in ASCII (other characters as
 * `\u` escapes): read as latin1, the text is a one-byte string, with no UTF-8 decoding; a file that is
 * not ASCII (written otherwise) is decoded as UTF-8.
 */
function readOrNull(url: URL): string | null {
  const bytes = bytesOrNull(url);
  return bytes && bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
}

/** The bytes of a build-time file, or null when it cannot be read (the caller then builds what it holds). */
function bytesOrNull(url: URL): Buffer | null {
  try {
    return readFileSync(url);
  } catch {
    return null;
  }
}

/**
 * SHA-256 in hex; node:crypto loads only when a file must be hashed (loading it was 3 ms of start-up).
 * With require, not process.getBuiltinModule: Node 22.0-22.2 lack that.
 */
function sha256(text: string): string {
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text).digest('hex');
}
