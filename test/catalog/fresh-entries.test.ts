// When the loader takes a built-in file's entries from the build-time cache (lib/catalog-cache.json)
// and when it parses the file: never for a text other than the one the cache was built from.
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildCatalogCache, buildCatalogExamples } from '../../src/catalog/build-catalog-cache.js';
import type { CachedFile } from '../../src/catalog/catalog-cache.js';
import { CatalogError } from '../../src/catalog/catalog-error.js';
import { BUILTIN_CATALOG_DIR, freshEntries } from '../../src/catalog/load-catalog.js';
import { parseCatalogText } from '../../src/catalog/parse-catalog.js';

const NAME = 'network.yaml';
const TEXT = readFileSync(path.join(BUILTIN_CATALOG_DIR, NAME), 'utf8');

let dir: string;
let file: string;
let reads: number;
const read = () => {
  reads++;
  return readFileSync(file, 'utf8');
};
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-fresh-'));
  file = path.join(dir, NAME);
  writeFileSync(file, TEXT);
  reads = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The cache entry the build makes for the file as it is now (`stats`: with its size and time, as in lib/). */
function cached(stats = true): CachedFile {
  const entry = buildCatalogCache([{ name: NAME, text: TEXT }]).files[NAME]!;
  const { size, mtimeMs } = statSync(file);
  return stats ? { ...entry, size, mtimeMs } : entry;
}

const parsed = () => parseCatalogText(TEXT, NAME).map((e) => {
  const copy: Partial<typeof e> = { ...e };
  delete copy.file;
  return copy;
});
const withoutExamples = () => parsed().map((e) => ({ ...e, examples: [], counterexamples: [] }));
const later = (f: string, s: number) => utimesSync(f, new Date(), new Date(statSync(f).mtimeMs + s * 1000));

describe('a built-in file and its cache entry', () => {
  it('unchanged since the build (same size and time): the cached entries, the file not read', () => {
    expect(freshEntries(cached(), file, read, false)).toStrictEqual(withoutExamples());
    expect(reads).toBe(0);
  });

  it('from a cache whose entries have no (empty) example lists: given empty ones', () => {
    const c = cached();
    const bare = c.entries.map((e) => {
      const copy: Partial<typeof e> = { ...e };
      delete copy.examples;
      delete copy.counterexamples;
      return copy;
    });
    const entries = freshEntries({ ...c, entries: bare as typeof c.entries }, file, read, false);
    expect(entries).toStrictEqual(withoutExamples());
    const junk = c.entries.map((e) => ({ ...e, examples: [{ line: 'x' }] }));
    expect(freshEntries({ ...c, entries: junk as unknown as typeof c.entries }, file, read, false))
      .toStrictEqual(withoutExamples());
  });

  it('touched, copied or installed (another time, same text): read and hashed, the cached entries', () => {
    const c = cached();
    later(file, 60);
    expect(freshEntries(c, file, read, false)).toStrictEqual(withoutExamples());
    expect(reads).toBe(1);
    // The Action's cache has no sizes and times: always hashed.
    expect(freshEntries(cached(false), file, read, false)).toStrictEqual(withoutExamples());
    expect(reads).toBe(2);
  });

  it('edited, same size: read, hashed, parsed afresh (null)', () => {
    const c = cached();
    const edited = TEXT.replace(/priority: (\d)(\d)/, (_m, a: string, b: string) => `priority: ${b}${a}`);
    expect(edited).not.toBe(TEXT);
    writeFileSync(file, edited);
    later(file, 1);
    expect(statSync(file).size).toBe(c.size);
    expect(freshEntries(c, file, read, false)).toBeNull();
    expect(reads).toBe(1);
  });

  it('edited to another size: parsed afresh without hashing', () => {
    const c = cached();
    writeFileSync(file, `${TEXT}\n`);
    utimesSync(file, new Date(), new Date(c.mtimeMs!));
    expect(freshEntries(c, file, read, false)).toBeNull();
    expect(reads).toBe(0);
  });

  it("with examples asked for: merged from lib/catalog-examples.json when of the same text, else parsed", () => {
    const examples = buildCatalogExamples([{ name: NAME, text: TEXT }]).files[NAME]!;
    expect(freshEntries(cached(), file, read, examples)).toStrictEqual(parsed());
    expect(freshEntries(cached(), file, read, { ...examples, sha256: 'other' })).toBeNull();
    expect(freshEntries(cached(), file, read, { ...examples, entries: examples.entries.slice(1) })).toBeNull();
    expect(freshEntries(cached(), file, read, null)).toBeNull();
  });

  it('gone: a catalog error naming the file', () => {
    const c = cached();
    rmSync(file);
    expect(() => freshEntries(c, file, read, false)).toThrow(CatalogError);
    expect(() => freshEntries(c, file, read, false)).toThrow(/cannot read the file/);
  });
});
