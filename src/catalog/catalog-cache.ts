import type { CatalogEntry } from '../model/catalog.js';
import type { PatternFacts } from './compile-pattern.js';

/**
 * The built-in catalog checked at build time (`lib/catalog-cache.json`, written by
 * scripts/build-catalog-cache.mjs with build-catalog-cache.ts): each file's validated entries, keyed
 * by file name with the SHA-256 of the text they came from, and what compiling each pattern found.
 * YAML parsing, schema validation and compiling 100+ RE2 programs were most of the CLI's start-up.
 */
export interface CatalogCache {
  files: Record<string, { sha256: string; entries: Omit<CatalogEntry, 'file'>[] }>;
  patterns: Record<string, PatternFacts>;
}

/** A cache read from disk, or nothing usable (missing, unreadable, another shape): then every file is parsed. */
export function asCatalogCache(value: unknown): CatalogCache {
  const v = value as Partial<CatalogCache> | null;
  const isObject = (o: unknown) => typeof o === 'object' && o !== null && !Array.isArray(o);
  if (!isObject(v) || !isObject(v!.files) || !isObject(v!.patterns)) return { files: {}, patterns: {} };
  return v as CatalogCache;
}
