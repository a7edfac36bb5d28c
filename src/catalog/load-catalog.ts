import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import yaml from 'js-yaml';
import { RE2JS } from 're2js';
import type { Captures, Confidence, Role } from '../engine/types.js';
import type { Catalog, CatalogEntry, CatalogExample, ContextRule } from './types.js';
import { extractLiterals, MIN_LITERAL_LENGTH } from './extract-literals.js';

/** An invalid catalog file or entry: names the file, the entry and the field, and what to do. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly entryId: string | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(
      `${file}${entryId ? `: entry ${entryId}` : ''}${field ? `: field ${field}` : ''}: ${problem}`,
    );
    this.name = 'CatalogError';
  }
}

export interface CompiledPattern {
  source: string;
  /** The RE2 program (built on first use for the built-in catalog). */
  readonly re: RE2JS;
  /** Literals for the prefilter: a line can only match if it contains one of them. */
  literals: string[];
  /** Named capture groups. */
  readonly groupNames: string[];
}

export interface CompiledContextRule {
  rule: ContextRule;
  /** Compiled inline pattern (null when the rule names another entry). */
  pattern: CompiledPattern | null;
}

export interface CompiledEntry {
  entry: CatalogEntry;
  patterns: CompiledPattern[];
  context: CompiledContextRule[];
  /** Captures of the first match in `text` over all patterns, or null when none matches. */
  matchLine(text: string): Captures | null;
  /** Every match of every pattern in `text`, captures merged (distinct values become arrays). */
  matchAll(text: string): Captures | null;
}

export interface CompiledCatalog {
  entries: CompiledEntry[];
  byId: Map<string, CompiledEntry>;
  files: string[];
}

export interface LoadCatalogOptions {
  /** Include the built-in `catalog/*.yaml` (default true). */
  builtin?: boolean;
  /** More YAML files (CLI `--catalog`). */
  extraFiles?: string[];
  /** YAML texts with the name to report in errors. */
  extraTexts?: { file: string; text: string }[];
  /** Already-parsed entries (repo config `signatures:`). */
  extraEntries?: { file: string; entries: unknown[] }[];
}

/** The directory of the built-in catalog (works from `src/` and from the compiled `lib/`). */
export const BUILTIN_CATALOG_DIR = fileURLToPath(new URL('../../catalog/', import.meta.url));

/** Loads, validates and compiles the catalog. Throws CatalogError on the first problem. */
export async function loadCatalog(opts: LoadCatalogOptions = {}): Promise<CompiledCatalog> {
  const catalog: Catalog = { entries: [], files: [] };
  const files: string[] = [];
  const builtinFiles = new Set<string>();
  if (opts.builtin !== false) {
    const names = (await readdir(BUILTIN_CATALOG_DIR)).filter((n) => /\.ya?ml$/.test(n)).sort();
    for (const n of names) builtinFiles.add(path.join(BUILTIN_CATALOG_DIR, n));
  }
  files.push(...builtinFiles, ...(opts.extraFiles ?? []));
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new CatalogError(file, null, null, `cannot read the file (${(err as Error).message}); check the path`);
    }
    const trusted = builtinFiles.has(file);
    const name = displayName(file);
    const cached = trusted ? (await builtinCache())[path.basename(file)] : undefined;
    const entries =
      cached && cached.sha256 === sha256(text) ? entriesFromDoc(cached.doc, name, true) : parseCatalogText(text, name, trusted);
    addEntries(catalog, name, entries, trusted);
  }
  for (const { file, text } of opts.extraTexts ?? []) addEntries(catalog, file, parseCatalogText(text, file));
  for (const { file, entries } of opts.extraEntries ?? []) addEntries(catalog, file, parseCatalogEntries(entries, file));
  return compileCatalog(catalog);
}

function displayName(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel.startsWith('..') ? file : rel;
}

// Entries of the built-in catalog: their regexes compile lazily (the suite proves they compile).
const trustedEntries = new WeakSet<CatalogEntry>();

function addEntries(catalog: Catalog, file: string, entries: CatalogEntry[], trusted = false): void {
  catalog.files.push(file);
  catalog.entries.push(...entries);
  if (trusted) for (const e of entries) trustedEntries.add(e);
}

/**
 * The built-in catalog parsed at build time (`lib/catalog-cache.json`, keyed by file name, with
 * the SHA-256 of the YAML it came from): YAML parsing is most of the CLI's start-up. A file whose
 * text changed since the build is parsed afresh, so the cache can never be stale.
 */
let cachePromise: Promise<Record<string, { sha256: string; doc: unknown }>> | null = null;
function builtinCache(): Promise<Record<string, { sha256: string; doc: unknown }>> {
  cachePromise ??= readFile(new URL('../catalog-cache.json', import.meta.url), 'utf8')
    .then((t) => JSON.parse(t) as Record<string, { sha256: string; doc: unknown }>)
    .catch(() => ({}));
  return cachePromise;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses one catalog YAML text: `entries: [...]` or a bare list. `trusted` skips compiling regexes now. */
export function parseCatalogText(text: string, file: string, trusted = false): CatalogEntry[] {
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (err) {
    const e = err as yaml.YAMLException;
    const where = e.mark ? `:${e.mark.line + 1}:${e.mark.column + 1}` : '';
    throw new CatalogError(`${file}${where}`, null, null, `invalid YAML: ${e.reason ?? e.message}`);
  }
  return entriesFromDoc(doc, file, trusted);
}

function entriesFromDoc(doc: unknown, file: string, trusted: boolean): CatalogEntry[] {
  if (doc === undefined || doc === null) return [];
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.entries) ? doc.entries : null;
  if (!list) throw new CatalogError(file, null, 'entries', 'expected a top-level `entries:` list of signatures');
  if (isRecord(doc)) {
    const extra = Object.keys(doc).filter((k) => k !== 'entries');
    if (extra.length) throw new CatalogError(file, null, extra[0]!, 'unknown top-level key; only `entries:` is allowed');
  }
  return parseCatalogEntries(list, file, trusted);
}

const ENTRY_KEYS = new Set([
  'id', 'title', 'role', 'category', 'priority', 'confidence', 'patterns', 'context', 'explains',
  'explanation', 'fix', 'references', 'examples', 'counterexamples',
]);
const ROLES: Role[] = ['root-cause', 'symptom', 'noise'];
const CONFIDENCES: Confidence[] = ['high', 'medium', 'low'];
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Validates parsed entries (from YAML or the repo config). Throws CatalogError. */
export function parseCatalogEntries(raw: unknown, file: string, trusted = false): CatalogEntry[] {
  if (!Array.isArray(raw)) throw new CatalogError(file, null, 'entries', 'expected a list of signatures');
  return raw.map((item, index) => parseEntry(item, file, index, trusted));
}

function parseEntry(item: unknown, file: string, index: number, trusted: boolean): CatalogEntry {
  const label = isRecord(item) && typeof item.id === 'string' ? item.id : `#${index + 1}`;
  const fail = (field: string | null, problem: string): never => {
    throw new CatalogError(file, label, field, problem);
  };
  if (!isRecord(item)) return fail(null, 'expected a mapping with id, title, role, ...');
  for (const k of Object.keys(item)) if (!ENTRY_KEYS.has(k)) fail(k, `unknown field; allowed: ${[...ENTRY_KEYS].join(', ')}`);

  const id = item.id;
  if (typeof id !== 'string' || !ID_RE.test(id)) fail('id', 'must be `family/name` in lowercase kebab-case, e.g. `hook/job-pod-exists`');
  const str = (field: string, required = true): string | undefined => {
    const v = item[field];
    if (v === undefined && !required) return undefined;
    if (typeof v !== 'string' || v.trim() === '') return fail(field, 'must be a non-empty string');
    return v;
  };
  const strList = (v: unknown, field: string): string[] => {
    if (v === undefined) return [];
    if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) return fail(field, 'must be a list of strings');
    return v as string[];
  };
  const title = str('title')!;
  const role = item.role as Role;
  if (!ROLES.includes(role)) fail('role', `must be one of ${ROLES.join(', ')}`);
  const category = str('category')!;
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(category)) fail('category', 'must be lowercase kebab-case, e.g. `k8s-hooks`');
  const priority = item.priority;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > 100) {
    fail('priority', 'must be a whole number from 0 to 100 (higher wins)');
  }
  const confidence = item.confidence as Confidence | undefined;
  if (confidence !== undefined && !CONFIDENCES.includes(confidence)) fail('confidence', `must be one of ${CONFIDENCES.join(', ')}`);
  const patterns = strList(item.patterns, 'patterns');
  if (patterns.length === 0) fail('patterns', 'needs at least one regex');
  patterns.forEach((p, i) => checkPattern(p, `patterns[${i}]`, fail, trusted));

  let context: ContextRule[] | undefined;
  if (item.context !== undefined) {
    if (!Array.isArray(item.context)) fail('context', 'must be a list of rules');
    context = (item.context as unknown[]).map((r, i) => parseContextRule(r, `context[${i}]`, fail, trusted));
  }
  const explains = item.explains === undefined ? undefined : strList(item.explains, 'explains');
  explains?.forEach((e, i) => {
    if (!ID_RE.test(e)) fail(`explains[${i}]`, 'must be an entry id like `runner/script-step-failed`');
  });
  const explanation = str('explanation')!;

  let fix: CatalogEntry['fix'];
  if (item.fix !== undefined) {
    const f = item.fix;
    if (!isRecord(f)) return fail('fix', 'must be a mapping with summary, steps, commands, generator');
    for (const k of Object.keys(f)) {
      if (!['summary', 'steps', 'commands', 'generator'].includes(k)) fail(`fix.${k}`, 'unknown field; allowed: summary, steps, commands, generator');
    }
    if (typeof f.summary !== 'string' || f.summary.trim() === '') fail('fix.summary', 'must be a non-empty string');
    if (f.generator !== undefined && (typeof f.generator !== 'string' || !/^[a-z0-9-]+$/.test(f.generator))) {
      fail('fix.generator', 'must be a generator name such as `nixery-missing-tools`');
    }
    fix = {
      summary: f.summary as string,
      steps: strList(f.steps, 'fix.steps'),
      commands: strList(f.commands, 'fix.commands'),
      ...(f.generator !== undefined ? { generator: f.generator as string } : {}),
    };
  }
  const references = strList(item.references, 'references');
  references.forEach((r, i) => {
    if (!/^https:\/\/\S+$/.test(r)) fail(`references[${i}]`, 'must be an https:// URL');
  });

  if (!Array.isArray(item.examples) || item.examples.length === 0) {
    fail('examples', 'needs at least one real-looking log line that must match');
  }
  const examples: CatalogExample[] = (item.examples as unknown[]).map((ex, i) => {
    if (typeof ex === 'string') return { line: ex };
    if (!isRecord(ex) || typeof ex.line !== 'string') return fail(`examples[${i}]`, 'must be a line, or `{ line, captures }`');
    const caps = ex.captures;
    if (caps !== undefined && (!isRecord(caps) || Object.values(caps).some((v) => typeof v !== 'string'))) {
      fail(`examples[${i}].captures`, 'must map capture names to strings');
    }
    return caps === undefined ? { line: ex.line } : { line: ex.line, captures: caps as Record<string, string> };
  });
  const counterexamples = strList(item.counterexamples, 'counterexamples');
  if (counterexamples.length === 0) fail('counterexamples', 'needs at least one close-looking line that must NOT match');

  return {
    id: id as string, title, role, category, priority: priority as number,
    ...(confidence ? { confidence } : {}),
    patterns,
    ...(context ? { context } : {}),
    ...(explains ? { explains } : {}),
    explanation,
    ...(fix ? { fix } : {}),
    references, examples, counterexamples, file,
  };
}

function parseContextRule(r: unknown, field: string, fail: (f: string, p: string) => never, trusted: boolean): ContextRule {
  if (!isRecord(r)) return fail(field, 'must be a mapping with `pattern` or `entry`, and `present`');
  for (const k of Object.keys(r)) {
    if (!['pattern', 'entry', 'present', 'within', 'where'].includes(k)) fail(`${field}.${k}`, 'unknown field; allowed: pattern, entry, present, within, where');
  }
  const hasPattern = typeof r.pattern === 'string';
  const hasEntry = typeof r.entry === 'string';
  if (hasPattern === hasEntry) fail(field, 'needs exactly one of `pattern` (a regex) or `entry` (an entry id)');
  if (hasPattern) checkPattern(r.pattern as string, `${field}.pattern`, fail, trusted);
  if (typeof r.present !== 'boolean') fail(`${field}.present`, 'must be true (must appear) or false (must not appear)');
  if (r.within !== undefined && (typeof r.within !== 'number' || !Number.isInteger(r.within) || r.within < 0)) {
    fail(`${field}.within`, 'must be a whole number of lines');
  }
  if (r.where !== undefined && !['before', 'after', 'any'].includes(r.where as string)) fail(`${field}.where`, 'must be before, after or any');
  return {
    ...(hasPattern ? { pattern: r.pattern as string } : { entry: r.entry as string }),
    present: r.present as boolean,
    ...(r.within !== undefined ? { within: r.within as number } : {}),
    ...(r.where !== undefined ? { where: r.where as ContextRule['where'] } : {}),
  };
}

function checkPattern(p: string, field: string, fail: (f: string, p: string) => never, lazy: boolean): void {
  compilePattern(p, (problem) => fail(field, problem), lazy);
}

// One RE2 program per distinct pattern source: validation and compilation share it. Repos'
// signatures feed it too, so in a long-running app it is bounded (cleared when full).
const compiled = new Map<string, RE2JS>();
const MAX_COMPILED = 5000;

function compileRe2(source: string): RE2JS {
  let re = compiled.get(source);
  if (!re) {
    re = RE2JS.compile(source);
    if (compiled.size >= MAX_COMPILED) compiled.clear();
    compiled.set(source, re);
  }
  return re;
}

/**
 * Finds a pattern's prefilter literals and compiles it with RE2 (linear time). With `lazy`
 * (the built-in catalog, which the test suite validates) the RE2 program is built the first
 * time a line needs it: most patterns never run on a given log, and start-up stays short.
 */
function compilePattern(source: string, fail: (problem: string) => never, lazy = false): CompiledPattern {
  if (!lazy) {
    try {
      compileRe2(source);
    } catch (err) {
      return fail(
        `invalid regex ${JSON.stringify(source)}: ${(err as Error).message}. Patterns use RE2 syntax (linear time): ` +
          'no backreferences, lookahead or lookbehind',
      );
    }
  }
  const literals = extractLiterals(source);
  if (literals.some((l) => l === null)) {
    return fail(
      `regex ${JSON.stringify(source)} has no literal text of at least ${MIN_LITERAL_LENGTH} characters outside groups and ` +
        'classes (in every `|` alternative); add one (e.g. a distinctive word of the message) so lines can be prefiltered',
    );
  }
  let groupNames: string[] | null = null;
  return {
    source,
    literals: [...new Set(literals as string[])],
    get re() {
      return compileRe2(source);
    },
    get groupNames() {
      groupNames ??= Object.keys(compileRe2(source).namedGroups());
      return groupNames;
    },
  };
}

/**
 * A compiled catalog plus more entries (repo config `signatures:`), without reading the built-in
 * files again. The base's patterns are already compiled, so this costs only the new entries.
 */
export function extendCatalog(base: CompiledCatalog, extra: { file: string; entries: unknown[] }[]): CompiledCatalog {
  const catalog: Catalog = { entries: base.entries.map((c) => c.entry), files: [...base.files] };
  for (const { file, entries } of extra) addEntries(catalog, file, parseCatalogEntries(entries, file));
  return compileCatalog(catalog);
}

/** Compiles validated entries; checks ids are unique and references between entries exist. */
export function compileCatalog(catalog: Catalog): CompiledCatalog {
  const byId = new Map<string, CompiledEntry>();
  const entries: CompiledEntry[] = [];
  for (const entry of catalog.entries) {
    const file = entry.file ?? '<catalog>';
    const fail = (field: string | null, problem: string): never => {
      throw new CatalogError(file, entry.id, field, problem);
    };
    const prior = byId.get(entry.id);
    if (prior) fail('id', `duplicate id (also defined in ${prior.entry.file ?? '<catalog>'}); choose another id`);
    const lazy = trustedEntries.has(entry);
    const patterns = entry.patterns.map((p, i) => compilePattern(p, (problem) => fail(`patterns[${i}]`, problem), lazy));
    const context = (entry.context ?? []).map((rule, i) => ({
      rule,
      pattern: rule.pattern ? compilePattern(rule.pattern, (problem) => fail(`context[${i}].pattern`, problem), lazy) : null,
    }));
    const compiled: CompiledEntry = {
      entry,
      patterns,
      context,
      matchLine: (text) => firstMatch(patterns, text),
      matchAll: (text) => allMatches(patterns, text),
    };
    byId.set(entry.id, compiled);
    entries.push(compiled);
  }
  for (const c of entries) {
    const fail = (field: string, problem: string): never => {
      throw new CatalogError(c.entry.file ?? '<catalog>', c.entry.id, field, problem);
    };
    c.entry.explains?.forEach((id, i) => {
      if (!byId.has(id)) fail(`explains[${i}]`, `no entry has the id ${id}`);
    });
    c.entry.context?.forEach((r, i) => {
      if (r.entry && !byId.has(r.entry)) fail(`context[${i}].entry`, `no entry has the id ${r.entry}`);
    });
  }
  return { entries, byId, files: catalog.files };
}

/** Runs one pattern on a line; captures of the first match, or null. */
export function matchPattern(p: CompiledPattern, text: string): Captures | null {
  const m = p.re.matcher(text);
  if (!m.find()) return null;
  return capturesOf(p, m);
}

function capturesOf(p: CompiledPattern, m: ReturnType<RE2JS['matcher']>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of p.groupNames) {
    const v = m.group(name);
    if (v !== null && v !== undefined) out[name] = v;
  }
  return out;
}

function firstMatch(patterns: CompiledPattern[], text: string): Captures | null {
  for (const p of patterns) {
    const caps = matchPattern(p, text);
    if (caps) return caps;
  }
  return null;
}

function allMatches(patterns: CompiledPattern[], text: string): Captures | null {
  let merged: Captures | null = null;
  for (const p of patterns) {
    const caps = matchAllPattern(p, text);
    if (!caps) continue;
    if (merged) mergeCaptures(merged, caps);
    else merged = caps;
  }
  return merged;
}

/** Every match of one pattern in `text`, captures merged; null when it does not match. */
export function matchAllPattern(p: CompiledPattern, text: string): Captures | null {
  const m = p.re.matcher(text);
  let merged: Captures | null = null;
  let from = 0;
  while (from <= text.length && m.find(from)) {
    const caps = capturesOf(p, m);
    if (merged) mergeCaptures(merged, caps);
    else merged = caps;
    // Step past the match (and past an empty one) so the loop always ends.
    from = Math.max(m.end(), m.start() + 1);
  }
  return merged;
}

/** Adds `add` into `into`: a name with several distinct values becomes a list, in first-seen order. */
export function mergeCaptures(into: Captures, add: Captures): void {
  for (const [k, v] of Object.entries(add)) {
    const values = Array.isArray(v) ? v : [v];
    for (const value of values) {
      const cur = into[k];
      if (cur === undefined) into[k] = value;
      else if (Array.isArray(cur)) {
        if (!cur.includes(value)) cur.push(value);
      } else if (cur !== value) into[k] = [cur, value];
    }
  }
}

/** Runs every entry's examples and counterexamples; returns problems (empty when all pass). */
export function lintCatalog(
  catalog: CompiledCatalog,
  normalize: (line: string) => string,
): { file: string; id: string; problem: string }[] {
  const problems: { file: string; id: string; problem: string }[] = [];
  for (const c of catalog.entries) {
    const file = c.entry.file ?? '<catalog>';
    c.entry.examples.forEach((ex, i) => {
      const caps = c.matchLine(normalize(ex.line));
      if (!caps) {
        problems.push({ file, id: c.entry.id, problem: `examples[${i}] does not match: ${ex.line}` });
        return;
      }
      for (const [k, want] of Object.entries(ex.captures ?? {})) {
        if (caps[k] !== want) {
          problems.push({
            file, id: c.entry.id,
            problem: `examples[${i}] captures ${k}=${JSON.stringify(caps[k] ?? null)}, expected ${JSON.stringify(want)}`,
          });
        }
      }
      // The prefilter must see every example, or the engine would never run the regex on it.
      if (!c.patterns.some((p) => p.literals.some((l) => ex.line.includes(l)))) {
        problems.push({ file, id: c.entry.id, problem: `examples[${i}] lacks every prefilter literal of the patterns` });
      }
    });
    c.entry.counterexamples.forEach((line, i) => {
      if (c.matchLine(normalize(line))) problems.push({ file, id: c.entry.id, problem: `counterexamples[${i}] matches but must not: ${line}` });
    });
  }
  return problems;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
