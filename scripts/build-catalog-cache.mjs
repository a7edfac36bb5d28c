// Checks the built-in catalog once at build time into lib/catalog-cache.json (see
// src/catalog/catalog-cache.ts): each file's validated entries with the SHA-256 of its text, and
// what compiling each pattern found; the scan plan of that catalog into lib/catalog-scan-plan.bin (see
// src/engine/scan-plan-file.ts) and its WebAssembly scanner, configured, into lib/catalog-scan-image.bin
// (src/engine/scan-image-file.ts); the RE2 programs of its patterns into lib/catalog-programs.json
// (src/catalog/catalog-cache.ts, CatalogPrograms); and the entries' examples into lib/catalog-examples.json,
// which only `catalog lint` reads. Runs after `tsc` (it uses the compiled lib/). The Action's bundle gets
// the same cache without the files' sizes and times (scripts/build-action.mjs: dist/ must be the
// same wherever it is built).
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CATALOG_DIR = new URL('../catalog/', import.meta.url);
const BUILDER = new URL('../lib/catalog/build-catalog-cache.js', import.meta.url);

/**
 * The catalog's YAML files (sorted), the cache built from them (`json`) and their examples (`examplesJson`).
 * `stats`: record each file's size and modification time, so that the loader need not read an unchanged file.
 */
export async function buildCatalogCache({ stats = false } = {}) {
  if (!existsSync(BUILDER)) throw new Error('lib/ is missing: run `npm run build` (tsc) first');
  const { buildCatalogCache: build, buildCatalogExamples, buildCatalogPrograms, buildScanFiles } = await import(
    BUILDER.href
  );
  const names = readdirSync(CATALOG_DIR).filter((n) => /\.ya?ml$/.test(n)).sort();
  const files = names.map((name) => {
    const url = new URL(name, CATALOG_DIR);
    // Stat before reading: a file changed between the two then looks changed to the loader too.
    const { size, mtimeMs } = statSync(url);
    return { name, text: readFileSync(url, 'utf8'), size, mtimeMs };
  });
  const cache = build(files);
  // From the cache before the sizes and times go in (the plan does not depend on them).
  const { plan, image } = buildScanFiles(cache);
  if (stats) {
    for (const { name, size, mtimeMs } of files) {
      if (Object.hasOwn(cache.files, name)) Object.assign(cache.files[name], { size, mtimeMs });
    }
  }
  const examplesJson = asciiJson(buildCatalogExamples(files));
  const programs = buildCatalogPrograms(cache);
  const programsJson = programs && asciiJson(programs);
  return { names, json: asciiJson(cache), examplesJson, programsJson, plan, image };
}

/** JSON in ASCII: other characters as `\u` escapes, so the loader reads it without UTF-8 decoding. */
function asciiJson(value) {
  const escape = (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, escape);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { json, examplesJson, programsJson, plan, image } = await buildCatalogCache({ stats: true });
  writeFileSync(new URL('../lib/catalog-cache.json', import.meta.url), json);
  for (const [name, bytes] of [['catalog-scan-plan.bin', plan], ['catalog-scan-image.bin', image]]) {
    const file = new URL(`../lib/${name}`, import.meta.url);
    if (bytes) writeFileSync(file, bytes);
    else rmSync(file, { force: true });
  }
  writeFileSync(new URL('../lib/catalog-examples.json', import.meta.url), examplesJson);
  const programsFile = new URL('../lib/catalog-programs.json', import.meta.url);
  if (programsJson) writeFileSync(programsFile, programsJson);
  else rmSync(programsFile, { force: true });
}
