import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Catalog, CompiledCatalog } from '../model/catalog.js';
import { asCatalogCache, type CatalogCache } from './catalog-cache.js';
import { CatalogError } from './catalog-error.js';
import { compileCatalog } from './compile-catalog.js';

export type { CompiledCatalog } from '../model/catalog.js';

export interface LoadCatalogOptions {
  /** Include the built-in `catalog/*.yaml` (default true). */
  builtin?: boolean;
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
 */
export async function loadCatalog(opts: LoadCatalogOptions = {}): Promise<CompiledCatalog> {
  const catalog: Catalog = { entries: [], files: [] };
  const builtinFiles = new Set<string>();
  if (opts.builtin !== false) {
    const names = (await readdir(BUILTIN_CATALOG_DIR)).filter((n) => /\.ya?ml$/.test(n)).sort();
    for (const n of names) builtinFiles.add(path.join(BUILTIN_CATALOG_DIR, n));
  }
  const add = (file: string, entries: Catalog['entries']) => {
    catalog.files.push(file);
    catalog.entries.push(...entries);
  };
  // The YAML parser and the schema load only for text the build-time cache does not hold (start-up, issue 13).
  const parser = () => import('./parse-catalog.js');
  const files = [...builtinFiles, ...(opts.extraFiles ?? [])];
  // Read together, not one after another (start-up); a problem is still reported for the first file that has one.
  const [cache, reads] = await Promise.all([
    builtinFiles.size ? builtinCache() : asCatalogCache(null),
    Promise.allSettled(files.map((file) => readFile(file, 'utf8'))),
  ]);
  for (const [i, file] of files.entries()) {
    const read = reads[i]!;
    if (read.status === 'rejected') {
      const why = (read.reason as Error).message;
      throw new CatalogError(file, null, null, `cannot read the file (${why}); check the path`);
    }
    const text = read.value;
    const name = displayName(file);
    const base = path.basename(file);
    const cached = builtinFiles.has(file) && Object.hasOwn(cache.files, base) ? cache.files[base] : undefined;
    const fresh = cached !== undefined && cached.sha256 === sha256(text);
    if (fresh) add(name, cached.entries.map((e) => ({ ...e, file: name })));
    else add(name, (await parser()).parseCatalogText(text, name));
  }
  for (const { file, text } of opts.extraTexts ?? []) add(file, (await parser()).parseCatalogText(text, file));
  for (const { file, entries } of opts.extraEntries ?? []) {
    add(file, (await parser()).parseCatalogEntries(entries, file));
  }
  return compileCatalog(catalog, new Set(), new Map(Object.entries(cache.patterns)));
}

function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/**
 * The built-in catalog checked at build time (see catalog-cache.ts). A file whose text changed since
 * the build is parsed afresh, so the cache can never be stale. Parsed anew per load: the entries
 * are the caller's to keep.
 */
let cacheText: Promise<string | null> | null = null;
async function builtinCache(): Promise<CatalogCache> {
  cacheText ??= readFile(new URL('../catalog-cache.json', import.meta.url), 'utf8').catch(() => null);
  const text = await cacheText;
  try {
    return asCatalogCache(text === null ? null : JSON.parse(text));
  } catch {
    return asCatalogCache(null);
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
