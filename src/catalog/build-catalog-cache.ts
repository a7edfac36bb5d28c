import { createHash } from 'node:crypto';
import type { CatalogCache } from './catalog-cache.js';
import { patternFacts, patternProblem } from './compile-pattern.js';
import { parseCatalogText } from './parse-catalog.js';

/**
 * The cache of catalog files (name and text; see catalog-cache.ts), run at build time. A file that
 * does not validate, and a pattern that does not compile, are left out: loading the catalog then
 * parses them afresh and reports the problem with its file and entry, as without a cache.
 */
export function buildCatalogCache(files: { name: string; text: string }[]): CatalogCache {
  const cache: CatalogCache = { files: {}, patterns: {} };
  for (const { name, text } of files) {
    let entries;
    try {
      entries = parseCatalogText(text, name);
    } catch {
      continue;
    }
    const sha256 = createHash('sha256').update(text).digest('hex');
    // `file` is the name the loader shows (relative to its working directory): it adds it.
    const withoutFile = entries.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'file')));
    cache.files[name] = { sha256, entries: withoutFile as CatalogCache['files'][string]['entries'] };
    const sources = entries.flatMap((e) => [...e.patterns, ...(e.context ?? []).flatMap((r) => r.pattern ?? [])]);
    for (const source of sources) {
      if (Object.hasOwn(cache.patterns, source) || patternProblem(source) !== null) continue;
      cache.patterns[source] = patternFacts(source);
    }
  }
  return cache;
}
