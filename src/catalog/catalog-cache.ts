import type { CatalogEntry } from '../model/catalog.js';
import type { PatternFacts } from './compile-pattern.js';

/**
 * A cached entry: what diagnosis needs. The loader adds `file`, and the examples when asked for them. Its
 * `examples` and `counterexamples` are empty (they are in CatalogExamples): there so that the parsed entry
 * has their slots, and the loader completes it without changing its shape (a fifth of a millisecond).
 */
export type CachedEntry = Omit<CatalogEntry, 'file' | 'examples' | 'counterexamples'> & {
  examples: [];
  counterexamples: [];
};

/** One built-in file as the build read it. */
export interface CachedFile {
  /** Of the text the entries came from: the file is fresh when its text hashes the same. */
  sha256: string;
  /**
   * The file's size and modification time when the build read it (lib/ only: the Action's dist/ must build
   * byte for byte the same anywhere). The same both: fresh without reading it; else the SHA-256 decides.
   */
  size?: number;
  mtimeMs?: number;
  entries: CachedEntry[];
}

/**
 * The built-in catalog checked at build time (`lib/catalog-cache.json`, written by
 * scripts/build-catalog-cache.mjs with build-catalog-cache.ts): each file's validated entries, keyed
 * by file name with the SHA-256 of the text they came from, and what compiling each pattern found.
 * YAML parsing, schema validation and compiling 100+ RE2 programs were most of the CLI's start-up.
 * The entries' examples and counterexamples, which only `catalog lint` runs, are in CatalogExamples
 * (a quarter of the text the CLI would parse at every start otherwise).
 */
export interface CatalogCache {
  files: Record<string, CachedFile>;
  patterns: Record<string, PatternFacts>;
  /**
   * Ties lib/catalog-scan-plan.bin (the scan plan of exactly these entries: engine/scan-plan-file.ts) to
   * this cache: a hash of `files` and `patterns`, which the file's header repeats.
   */
  planKey?: string;
}

/**
 * `lib/catalog-programs.json`: the RE2 program of each built-in pattern that is not a plain literal, as
 * text (engine/re2-program.ts), which the engine runs without compiling the pattern. Used only with
 * the re2js of `re2js` and this `format`; each text is tied to its pattern by a hash.
 */
export interface CatalogPrograms {
  format: number;
  re2js: string;
  programs: Record<string, string>;
}
/** Bump when the text of a program changes meaning: a file of another format is not used. */
export const PROGRAMS_FORMAT = 1;

/** `lib/catalog-examples.json`: each cached file's entries' examples, in entry order, with that file's SHA-256. */
export interface CatalogExamples {
  files: Record<string, { sha256: string; entries: Pick<CatalogEntry, 'examples' | 'counterexamples'>[] }>;
}

const isObject = (o: unknown): o is object => typeof o === 'object' && o !== null && !Array.isArray(o);

/** A cache read from disk, or nothing usable (missing, unreadable, another shape): then every file is parsed. */
export function asCatalogCache(value: unknown): CatalogCache {
  const v = value as Partial<CatalogCache> | null;
  if (!isObject(v) || !isObject(v.files) || !isObject(v.patterns)) return { files: {}, patterns: {} };
  return v as CatalogCache;
}

/** The examples read from disk, or none usable: then the files whose examples are wanted are parsed. */
export function asCatalogExamples(value: unknown): CatalogExamples {
  const v = value as Partial<CatalogExamples> | null;
  return isObject(v) && isObject(v.files) ? (v as CatalogExamples) : { files: {} };
}

/**
 * The stored programs read from disk, by pattern source, when they are of this format and of the re2js
 * running here (`re2js`); else null: then each pattern is compiled.
 */
export function asCatalogPrograms(value: unknown, re2js: string | null): Record<string, string> | null {
  const v = value as Partial<CatalogPrograms> | null;
  const fits = isObject(v) && v.format === PROGRAMS_FORMAT && v.re2js === re2js && isObject(v.programs);
  return fits ? v.programs! : null;
}
