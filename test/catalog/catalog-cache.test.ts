import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCatalogCache, buildCatalogExamples } from '../../src/catalog/build-catalog-cache.js';
import {
  asCatalogCache, asCatalogExamples, type CachedEntry, type CatalogCache,
} from '../../src/catalog/catalog-cache.js';
import { compileCatalog } from '../../src/catalog/compile-catalog.js';
import { compilePattern } from '../../src/catalog/compile-pattern.js';
import { BUILTIN_CATALOG_DIR } from '../../src/catalog/load-catalog.js';
import { parseCatalogText } from '../../src/catalog/parse-catalog.js';
import { matchEntry } from '../../src/engine/match-pattern.js';

const files = readdirSync(BUILTIN_CATALOG_DIR)
  .filter((n) => /\.ya?ml$/.test(n))
  .sort()
  .map((name) => ({ name, text: readFileSync(path.join(BUILTIN_CATALOG_DIR, name), 'utf8') }));
const fail = (problem: string): never => {
  throw new Error(problem);
};

describe('the built-in catalog cache (lib/catalog-cache.json)', () => {
  const cache = buildCatalogCache(files);

  it('holds, after a JSON round trip, with the examples file, exactly the entries parsing the YAML gives', () => {
    const read = asCatalogCache(JSON.parse(JSON.stringify(cache)));
    const examples = asCatalogExamples(JSON.parse(JSON.stringify(buildCatalogExamples(files))));
    expect(Object.keys(read.files)).toEqual(files.map((f) => f.name));
    expect(Object.keys(examples.files)).toEqual(files.map((f) => f.name));
    for (const { name, text } of files) {
      expect(examples.files[name]!.sha256).toBe(read.files[name]!.sha256);
      const withExamples = examples.files[name]!.entries;
      const entries = read.files[name]!.entries.map((e, i) => ({ ...e, ...withExamples[i], file: name }));
      expect(entries, name).toStrictEqual(parseCatalogText(text, name));
      // What only `catalog lint` runs stays out of what every diagnosis reads (empty lists hold their places).
      const empty = (e: CachedEntry) => e.examples.length === 0 && e.counterexamples.length === 0;
      expect(read.files[name]!.entries.every(empty)).toBe(true);
    }
    expect(Object.values(examples.files).some((f) => f.entries.some((e) => e.examples.length > 0))).toBe(true);
  });

  it("holds each pattern's literals, group names and match facts as compiling it finds them", () => {
    const sources = Object.keys(cache.patterns);
    expect(sources.length).toBeGreaterThan(100);
    for (const source of sources) {
      const { literals, groupNames, literal, requires, startTable } = compilePattern(source, fail);
      const facts = {
        literals,
        groupNames,
        ...(literal ? { literal } : {}),
        ...(requires ? { requires } : {}),
        ...(startTable ? { startTable } : {}),
      };
      expect(cache.patterns[source], source).toEqual(facts);
    }
    // Plain literals need no program at all; most other patterns need more than their one prefilter literal.
    expect(Object.values(cache.patterns).filter((f) => f.literal !== undefined).length).toBeGreaterThan(50);
    expect(Object.values(cache.patterns).filter((f) => typeof f.requires === 'object').length).toBeGreaterThan(100);
    expect(Object.values(cache.patterns).filter((f) => f.startTable !== undefined).length).toBeGreaterThan(30);
  });

  it('is what the build wrote (the build writes it with the code it compiles; tsc alone leaves it stale)', () => {
    const built = fileURLToPath(new URL('../../lib/catalog-cache.json', import.meta.url));
    expect(existsSync(built), 'run `npm run build`').toBe(true);
    const read = JSON.parse(readFileSync(built, 'utf8')) as CatalogCache;
    // lib/'s cache also has each file's size and modification time as the build found them.
    for (const [name, f] of Object.entries(read.files)) {
      expect(typeof f.size, name).toBe('number');
      expect(typeof f.mtimeMs, name).toBe('number');
      delete f.size;
      delete f.mtimeMs;
    }
    expect(read).toEqual(JSON.parse(JSON.stringify(cache)));
    const examples = fileURLToPath(new URL('../../lib/catalog-examples.json', import.meta.url));
    expect(JSON.parse(readFileSync(examples, 'utf8'))).toEqual(JSON.parse(JSON.stringify(buildCatalogExamples(files))));
  });

  it('leaves out a file that does not validate and a pattern that does not compile', () => {
    const bad = buildCatalogCache([
      { name: 'bad.yaml', text: 'entries:\n  - id: 1\n' },
      { name: 'broken.yaml', text: 'entries: [' },
    ]);
    expect(bad).toEqual({ files: {}, patterns: {} });
    expect(buildCatalogExamples([{ name: 'broken.yaml', text: 'entries: [' }])).toEqual({ files: {} });
  });

  it('reads anything else than its own shape as empty (every file is then parsed)', () => {
    for (const v of [null, 'x', [], { files: [] }, { 'a.yaml': { sha256: 'x', doc: {} } }]) {
      expect(asCatalogCache(v)).toEqual({ files: {}, patterns: {} });
    }
  });
});

describe('patterns known from the cache', () => {
  it('match as compiled ones do, compiling their program on first use', () => {
    const source = 'pods \\\\*"(?<pod>[a-z0-9][a-z0-9.-]*-workflow)\\\\*" already exists';
    const eager = compilePattern(source, fail);
    const known = new Map([[source, { literals: eager.literals, groupNames: eager.groupNames }]]);
    const lazy = compilePattern(source, fail, known);
    // `re` is a getter (on the pattern's prototype), not a program compiled up front.
    expect('get' in Object.getOwnPropertyDescriptor(Object.getPrototypeOf(lazy) as object, 're')!).toBe(true);
    expect(lazy.literals).toEqual(eager.literals);
    expect(lazy.re.toString()).toBe(eager.re.toString());
    expect(lazy.re).toBe(lazy.re);
  });

  it('make the same compiled entries', () => {
    const entries = files.flatMap(({ name, text }) => parseCatalogText(text, name));
    const names = files.map((f) => f.name);
    const cache = buildCatalogCache(files);
    const eager = compileCatalog({ entries, files: names });
    const lazy = compileCatalog({ entries, files: names }, new Set(), new Map(Object.entries(cache.patterns)));
    const line = '2025-12-27T11:29:01.1234567Z pods "x-workflow" already exists';
    const matches = (c: typeof eager) => c.entries.map((e) => matchEntry(e, line));
    expect(matches(lazy)).toEqual(matches(eager));
    expect(matches(eager).filter(Boolean).length).toBeGreaterThan(0);
    const facts = (c: typeof eager) =>
      c.entries.map((e) => e.patterns.map((p) => [p.source, p.literals, p.groupNames, p.literal, p.requires]));
    expect(facts(lazy)).toEqual(facts(eager));
  });
});
