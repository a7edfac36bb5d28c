// Checks the built-in catalog once at build time into lib/catalog-cache.json (see
// src/catalog/catalog-cache.ts): each file's validated entries with the SHA-256 of its text, and
// what compiling each pattern found. Runs after `tsc` (it uses the compiled lib/). The Action's
// bundle gets the same cache (scripts/build-action.mjs).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CATALOG_DIR = new URL('../catalog/', import.meta.url);
const BUILDER = new URL('../lib/catalog/build-catalog-cache.js', import.meta.url);

/** The catalog's YAML files (sorted) and the cache built from them. */
export async function buildCatalogCache() {
  if (!existsSync(BUILDER)) throw new Error('lib/ is missing: run `npm run build` (tsc) first');
  const { buildCatalogCache: build } = await import(BUILDER.href);
  const names = readdirSync(CATALOG_DIR).filter((n) => /\.ya?ml$/.test(n)).sort();
  const files = names.map((name) => ({ name, text: readFileSync(new URL(name, CATALOG_DIR), 'utf8') }));
  return { names, json: JSON.stringify(build(files)) };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(new URL('../lib/catalog-cache.json', import.meta.url), (await buildCatalogCache()).json);
}
