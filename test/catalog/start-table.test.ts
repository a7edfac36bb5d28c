import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { beforeAll, describe, expect, it } from 'vitest';
import { compilePattern } from '../../src/catalog/compile-pattern.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { MAX_START_INSTS, MAX_START_STATES, startTableOf } from '../../src/catalog/start-table.js';
import { startRejects } from '../../src/engine/match-pattern.js';
import { normalizeLine } from '../../src/engine/normalize-line.js';
import type { CompiledCatalog, StartTable } from '../../src/model/catalog.js';
import { rng } from '../../scripts/bench-log.mjs';

// A start table rejects a line before RE2 runs; it must never reject a line RE2 matches. Each check
// below compares it with RE2 alone (a fresh program, no facts) on lines that hold the pattern's
// literals, the catalog's examples, and lines made from them to look as much like a match as possible.

const fail = (problem: string): never => {
  throw new Error(problem);
};

function tableOf(source: string): StartTable | undefined {
  return startTableOf(RE2JS.compile(source));
}

/** Checks every line; returns how many the table rejected (each of them one RE2 does not match). */
function expectSound(source: string, table: StartTable, lines: Iterable<string>) {
  const re = RE2JS.compile(source);
  let rejected = 0;
  let matched = 0;
  for (const line of lines) {
    const matches = re.test(line);
    if (matches) matched++;
    if (!startRejects(table, line)) continue;
    rejected++;
    expect(matches, `${source} rejected ${JSON.stringify(line)}, which RE2 matches`).toBe(false);
  }
  return { rejected, matched };
}

/** Lines like `line`: a few characters inserted, removed or replaced near its start, from `alphabet`. */
function variants(line: string, alphabet: string, next: () => number, count: number): string[] {
  const pick = (s: string) => s[Math.floor(next() * s.length)] ?? '';
  const out: string[] = [];
  for (let n = 0; n < count; n++) {
    let s = line;
    const edits = 1 + Math.floor(next() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(next() * Math.min(s.length + 1, 40));
      const kind = Math.floor(next() * 4);
      if (kind === 0) s = s.slice(0, at) + pick(alphabet) + s.slice(at);
      else if (kind === 1) s = s.slice(0, at) + s.slice(at + 1);
      else if (kind === 2) s = s.slice(0, at) + pick(alphabet) + s.slice(at + 1);
      else s = s.slice(0, at);
    }
    out.push(s);
  }
  return out;
}

function corpusLines(): string[] {
  const dir = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name.endsWith('.log')) files.push(p);
    }
  };
  walk(dir);
  return files.flatMap((f) => readFileSync(f, 'utf8').split('\n').map(normalizeLine));
}

describe('a start table', () => {
  it('is built only for a pattern anchored at the start of the text that it can reject lines of', () => {
    expect(tableOf(String.raw`^\s*(?<line>\d+):\d+\s+error\s+`)).toBeDefined();
    expect(tableOf('(?i)^error: (?<m>.+)')).toBeDefined();
    // Not anchored, anchored to a line in multi-line mode, or only one alternative anchored.
    expect(tableOf('error: (?<m>.+)')).toBeUndefined();
    expect(tableOf('(?m)^error: ')).toBeUndefined();
    expect(tableOf('^error: |warning: ')).toBeUndefined();
    // A match may be empty, or begin with anything.
    expect(tableOf('^(?:error)?')).toBeUndefined();
    expect(tableOf('(?s)^.*error')).toBeUndefined();
  });

  it('rejects what RE2 rejects, and stops where it cannot tell (non-ASCII, a reachable match)', () => {
    const eslint = String.raw`^\s*(?<line>\d+):(?<column>\d+)\s+error\s+(?<message>.+?)\s{2,}(?<rule>[@\w/-]+)$`;
    const t = tableOf(eslint)!;
    expect(startRejects(t, 'utils_test.go:12: request error: connection reset by peer')).toBe(true);
    expect(startRejects(t, '  12:5  error  Unexpected any  @typescript-eslint/no-explicit-any')).toBe(false);
    expect(startRejects(t, '12:5 warning  x  rule')).toBe(true);
    expect(startRejects(t, '')).toBe(false);
    const c = String.raw`^(?<file>[^\s:]+\.(?:c|cc|cpp|h)):(?<line>\d+):\d+: (?:fatal )?error: (?<message>.+)`;
    const ct = tableOf(c)!;
    expect(startRejects(ct, 'utils_test.go:12: request error: x')).toBe(true);
    expect(startRejects(ct, 'src/a.c:1:2: fatal error: x.h: No such file')).toBe(false);
    // Case folding, and characters outside ASCII (where it leaves the line to RE2).
    const folded = tableOf('(?i)^error: (?<m>.+)')!;
    expect(startRejects(folded, 'ERROR: x')).toBe(false);
    expect(startRejects(folded, 'eRrOr; x')).toBe(true);
    expect(startRejects(folded, 'erroř: x')).toBe(false);
    const lines = ['ERROR: x', 'eRrOr; x', 'erroř: x', 'error: ', 'error: x', 'errors: x', ' error: x'];
    expect(expectSound('(?i)^error: (?<m>.+)', folded, lines).rejected).toBe(3);
    // Characters outside ASCII whose case folds into it (long s, the Kelvin sign), and the reverse.
    for (const [source, words] of [
      ['(?i)^\u017Ftop', ['stop', 'STOP', '\u017Ftop', 'xtop']],
      ['(?i)^\u212Aelvin', ['kelvin', 'Kelvin', '\u212Aelvin', 'xelvin']],
      ['(?i)^kelvin', ['\u212Aelvin', 'KELVIN', 'xelvin']],
      ['^[^\\x00-\\x7f]x', ['\u00e9x', 'ax']],
    ] as const) {
      const r = expectSound(source, tableOf(source)!, words);
      expect([r.rejected, r.matched], source).toEqual([1, words.length - 1]);
    }
  });

  it('stays within its caps on a repository pattern made to grow it', () => {
    // Every distinct run of up to 12 a/b letters is a state of its DFA.
    const t = tableOf('^(?:[ab]*a[ab]{11}Z)')!;
    expect(t.next.length).toBeLessThanOrEqual(MAX_START_STATES * t.width);
    const next = rng(3);
    const line = () => Array.from({ length: 60 }, () => (next() < 0.5 ? 'a' : 'b')).join('');
    const lines = [...Array.from({ length: 200 }, line), `${line()}aaaaaaaaaaaZ`, `${line()}abbbbbbbbbbbZ`, 'abZ', 'c'];
    const { rejected, matched } = expectSound('^(?:[ab]*a[ab]{11}Z)', t, lines);
    expect(rejected).toBeGreaterThan(0);
    expect(matched).toBe(2);
    const huge = `^x{${MAX_START_INSTS}}y{${MAX_START_INSTS}} failed`;
    expect(RE2JS.compile(huge).re2().prog.numInst()).toBeGreaterThan(MAX_START_INSTS);
    expect(tableOf(huge)).toBeUndefined();
    // A program small enough whose states are costly to follow (every `\w*` loop stays alive): no table.
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN';
    const costly = `^(?:\\w*${[...letters].join('\\w*')})`;
    expect(RE2JS.compile(costly).re2().prog.numInst()).toBeLessThan(MAX_START_INSTS);
    expect(tableOf(costly)).toBeUndefined();
    expect(tableOf(`^(?:\\w*${[...letters.slice(0, 4)].join('\\w*')})`)).toBeDefined();
    // Compiling a repository's pattern builds its table (the built-in ones come from the build-time cache).
    expect(compilePattern('^error: (?<m>.+)', fail).startTable).toEqual(tableOf('^error: (?<m>.+)'));
  });
});

describe("the built-in catalog's start tables", () => {
  let catalog: CompiledCatalog;
  let lines: string[];
  beforeAll(async () => {
    catalog = await loadCatalog({ examples: true });
    lines = corpusLines();
  });

  it('never reject a line RE2 matches: corpus lines, examples, and lines made from the examples', () => {
    const next = rng(11);
    const entries = catalog.entries.flatMap((c) => c.patterns.map((p) => ({ p, entry: c.entry })));
    const anchored = entries.filter(({ p }) => p.startTable !== undefined);
    // Every pattern that begins with `^` has one (from the build-time cache, as the CLI loads it).
    const caret = entries.filter(({ p }) => p.source.startsWith('^'));
    expect(anchored.length).toBe(caret.length);
    expect(anchored.length).toBeGreaterThan(30);
    let rejected = 0;
    let matched = 0;
    for (const { p, entry } of anchored) {
      expect(p.startTable).toEqual(tableOf(p.source));
      const examples = [...entry.examples.map((e) => normalizeLine(e.line)), ...entry.counterexamples];
      const alphabet = `${p.source}${p.literals.join('')} \t:0123456789azAZ#[]`;
      const made = examples.flatMap((l) => variants(l, alphabet, next, 200));
      const withLiteral = lines.filter((l) => p.literals.some((lit) => l.includes(lit)));
      const r = expectSound(p.source, p.startTable!, [...examples, ...made, ...withLiteral]);
      rejected += r.rejected;
      matched += r.matched;
    }
    // The comparisons are not empty: many lines matched, many were rejected.
    expect(matched).toBeGreaterThan(1000);
    expect(rejected).toBeGreaterThan(1000);
  });
});
