import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { REPO_CONFIG_JSON_SCHEMA_PATH, repoConfigJsonSchema } from '../../src/config/repo-config-schema.js';

const published = readFileSync(REPO_CONFIG_JSON_SCHEMA_PATH, 'utf8');
const dir = 'test/fixtures/config';
const load = (f: string) => yaml.load(readFileSync(path.join(dir, f), 'utf8'));

describe(`the published repo config JSON Schema (${REPO_CONFIG_JSON_SCHEMA_PATH})`, () => {
  it('is what the config is validated with (run `npm run schema` after changing repo-config-schema.ts)', () => {
    expect(published).toBe(repoConfigJsonSchema());
  });

  it('accepts the example with every setting and flags each bad field of the invalid example', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(published));
    expect(readdirSync(dir)).toEqual(expect.arrayContaining(['full.yml', 'invalid.yml']));
    expect(validate(load('full.yml')) ? [] : validate.errors).toEqual([]);
    expect(validate(load('invalid.yml'))).toBe(false);
    const bad = new Set((validate.errors ?? []).map((e) => e.instancePath.split('/')[1] ?? e.params));
    for (const field of ['enabled', 'comment', 'maxLogBytes']) expect([...bad], field).toContain(field);
  });

  it('lets an editor flag a typo, a wrong value and an out-of-range size', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(published));
    expect(validate({ comment: 'on-match', maxLogBytes: '100 MiB' })).toBe(true);
    for (const bad of [{ commnt: 'always' }, { comment: 'never' }, { maxLogBytes: 1 }, { rerun: { signatures: [] } }]) {
      expect(validate(bad), JSON.stringify(bad)).toBe(false);
    }
  });
});
