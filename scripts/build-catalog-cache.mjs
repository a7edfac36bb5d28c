// Parses the built-in catalog once at build time into lib/catalog-cache.json (see builtinCache in
// src/catalog/load-catalog.ts): each file's parsed YAML with the SHA-256 of its text. The Action's
// bundle gets the same cache (scripts/build-action.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';

export const CATALOG_DIR = new URL('../catalog/', import.meta.url);

/** The catalog's YAML files (sorted) and the cache built from them. */
export function buildCatalogCache() {
  const names = readdirSync(CATALOG_DIR).filter((n) => /\.ya?ml$/.test(n)).sort();
  const cache = {};
  for (const name of names) {
    const text = readFileSync(new URL(name, CATALOG_DIR), 'utf8');
    cache[name] = { sha256: createHash('sha256').update(text).digest('hex'), doc: yaml.load(text, { filename: name }) };
  }
  return { names, json: JSON.stringify(cache) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../lib/catalog-cache.json', import.meta.url), buildCatalogCache().json);
}
