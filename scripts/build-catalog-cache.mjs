// Parses the built-in catalog once at build time into lib/catalog-cache.json (see builtinCache in
// src/catalog/load-catalog.ts): each file's parsed YAML with the SHA-256 of its text.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import yaml from 'js-yaml';

const dir = new URL('../catalog/', import.meta.url);
const cache = {};
for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
  const text = readFileSync(new URL(name, dir), 'utf8');
  cache[name] = { sha256: createHash('sha256').update(text).digest('hex'), doc: yaml.load(text, { filename: name }) };
}
writeFileSync(new URL('../lib/catalog-cache.json', import.meta.url), JSON.stringify(cache));
