import { createHash } from 'node:crypto';
import type { CatalogCache, CatalogExamples, CachedEntry } from './catalog-cache.js';
import { patternFacts, patternProblem } from './compile-pattern.js';
import { parseCatalogText } from './parse-catalog.js';

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
    // in catalogExamples.
    const left = new Set(['file', 'examples', 'counterexamples']);
    const cached = entries.map((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !left.has(k))));
    cache.files[name] = { sha256, entries: cached as CachedEntry[] };
    const sources = entries.flatMap((e) => [...e.patterns, ...(e.context ?? []).flatMap((r) => r.pattern ?? [])]);
    for (const source of sources) {
      if (Object.hasOwn(cache.patterns, source) || patternProblem(source) !== null) continue;
      cache.patterns[source] = patternFacts(source);
    }
  }
  return cache;
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
