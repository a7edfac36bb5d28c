import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import type { Catalog, CompiledCatalog } from '../model/catalog.js';
import { CatalogError } from './catalog-error.js';
import { compileCatalog } from './compile-catalog.js';
import { entriesFromDoc, parseCatalogEntries, parseCatalogText } from './parse-catalog.js';

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
  for (const file of [...builtinFiles, ...(opts.extraFiles ?? [])]) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new CatalogError(file, null, null, `cannot read the file (${(err as Error).message}); check the path`);
    }
    const name = displayName(file);
    const cached = builtinFiles.has(file) ? (await builtinCache())[path.basename(file)] : undefined;
    const fresh = cached !== undefined && cached.sha256 === sha256(text);
    add(name, fresh ? entriesFromDoc(cached.doc, name) : parseCatalogText(text, name));
  }
  for (const { file, text } of opts.extraTexts ?? []) add(file, parseCatalogText(text, file));
  for (const { file, entries } of opts.extraEntries ?? []) add(file, parseCatalogEntries(entries, file));
  return compileCatalog(catalog);
}

function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

/**
 * The built-in catalog's YAML parsed at build time (`lib/catalog-cache.json`, keyed by file name,
 * with the SHA-256 of the text it came from): YAML parsing was most of the CLI's start-up. A file
 * whose text changed since the build is parsed afresh, so the cache can never be stale. The
 * cached document is validated like any other.
 */
let cachePromise: Promise<Record<string, { sha256: string; doc: unknown }>> | null = null;
function builtinCache(): Promise<Record<string, { sha256: string; doc: unknown }>> {
  cachePromise ??= readFile(new URL('../catalog-cache.json', import.meta.url), 'utf8')
    .then((t) => JSON.parse(t) as Record<string, { sha256: string; doc: unknown }>)
    .catch(() => ({}));
  return cachePromise;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
