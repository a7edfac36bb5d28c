import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CATALOG_JSON_SCHEMA_PATH, catalogJsonSchema } from '../../src/catalog/catalog-json-schema.js';
import { BUILTIN_CATALOG_DIR } from '../../src/catalog/load-catalog.js';

const published = readFileSync(CATALOG_JSON_SCHEMA_PATH, 'utf8');
const files = readdirSync(BUILTIN_CATALOG_DIR).filter((f) => f.endsWith('.yaml'));

describe(`the published JSON Schema (${CATALOG_JSON_SCHEMA_PATH})`, () => {
  it('is what the loader validates with (run `npm run schema` after changing src/catalog/catalog-schema.ts)', () => {
    expect(published).toBe(catalogJsonSchema());
  });

  it('accepts every built-in catalog file, which names it for editors on its first line', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(published));
    for (const f of files) {
      const text = readFileSync(path.join(BUILTIN_CATALOG_DIR, f), 'utf8');
      expect(text.split('\n')[0], f).toBe('# yaml-language-server: $schema=../schema/catalog.schema.json');
      expect(validate(yaml.load(text)) ? [] : validate.errors, f).toEqual([]);
    }
  });

  it('lets an editor flag what the loader refuses: a wrong role, an unknown field, a missing example', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(published));
    const entry = {
      id: 'x/y', title: 't', role: 'root-cause', category: 'c', priority: 1, patterns: ['abcdef'],
      explanation: 'e', examples: ['abcdef'], counterexamples: ['abc'],
    };
    expect(validate({ entries: [entry] })).toBe(true);
    for (const bad of [{ role: 'cause' }, { colour: 'red' }, { examples: [] }, { priority: 101 }]) {
      expect(validate({ entries: [{ ...entry, ...bad }] }), JSON.stringify(bad)).toBe(false);
    }
  });
});
