import type { Catalog, CatalogEntry, CompiledCatalog } from '../model/catalog.js';
import { compileCatalog } from './compile-catalog.js';
import { parseCatalogEntries } from './parse-catalog.js';

/**
 * A compiled catalog plus a repository's signatures (`signatures:` in its config), without
 * reading the built-in files again: only the new entries are compiled, and they are untrusted.
 */
export function extendCatalog(base: CompiledCatalog, extra: { file: string; entries: unknown[] }[]): CompiledCatalog {
  const catalog: Catalog = { entries: base.entries.map((c) => c.entry), files: [...base.files] };
  const untrusted = new Set<CatalogEntry>(base.entries.filter((c) => c.untrusted).map((c) => c.entry));
  for (const { file, entries } of extra) {
    const parsed = parseCatalogEntries(entries, file);
    catalog.files.push(file);
    catalog.entries.push(...parsed);
    for (const e of parsed) untrusted.add(e);
  }
  return compileCatalog(catalog, untrusted);
}
