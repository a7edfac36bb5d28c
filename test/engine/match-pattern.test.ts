import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RE2JS } from 're2js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { compilePattern, MAX_REQUIRED_STRINGS } from '../../src/catalog/compile-pattern.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { parseManifest } from '../../src/cli/corpus-manifest.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { lineShape } from '../../src/engine/line-shape.js';
import {
  matchAllPattern,
  matchAnchored,
  matchPattern,
  MAX_DFA_BYTES,
  MAX_MATCHES_PER_LINE,
} from '../../src/engine/match-pattern.js';
import { splitLine } from '../../src/engine/normalize-line.js';
import type { CompiledCatalog, CompiledPattern } from '../../src/model/catalog.js';
import { pathologicalLines } from '../../scripts/bench-scan.mjs';
import { rng, writeBenchLog } from '../../scripts/bench-log.mjs';

// A pattern that is a plain literal is matched with indexOf, and a line that fails RE2's own prefilter
// is rejected before the program is compiled; the first lines that pass go straight to the capture
// search, later ones through the DFA first. Each must give what RE2 alone gives: same captures, same
// positions (so the same later matches), same work counted against a repository's budget.

const fail = (problem: string): never => {
  throw new Error(problem);
};

/** The same pattern as RE2 alone runs it: a program of its own, no literal or prefilter facts. */
function re2Only(p: CompiledPattern): CompiledPattern {
  return { source: p.source, re: RE2JS.compile(p.source), literals: p.literals, groupNames: p.groupNames };
}

/** Every way the engine runs a pattern on a line, with the work each counts. */
function runs(p: CompiledPattern, raw: string) {
  const { timestamp, text, indent } = splitLine(raw);
  const shape = lineShape(text, indent, timestamp !== null);
  const work = { chars: 0 };
  const startWork = { chars: 0 };
  return {
    first: matchPattern(p, text),
    all: matchAllPattern(p, text, work),
    work: work.chars,
    start: matchAnchored(p, text, shape, 'start', startWork),
    startWork: startWork.chars,
    message: matchAnchored(p, text, shape, 'message'),
  };
}

function expectSameAsRe2(source: string, lines: string[]) {
  const fast = compilePattern(source, fail);
  const plain = re2Only(fast);
  for (const line of lines) expect(runs(fast, line), `${source} on ${JSON.stringify(line)}`).toEqual(runs(plain, line));
  return fast;
}

describe('a pattern that is a plain literal', () => {
  it('is recognised from the RE2 program, escapes and all; case folding, anchors and groups are not literals', () => {
    expect(compilePattern('exec format error', fail).literal).toBe('exec format error');
    expect(compilePattern(String.raw`Cannot find module '\./x\.js' \(code \d\)`, fail).literal).toBeUndefined();
    expect(compilePattern(String.raw`Cannot find module '\./x\.js'`, fail).literal).toBe("Cannot find module './x.js'");
    expect(compilePattern(String.raw`\QC++ (x)\E failed`, fail).literal).toBe('C++ (x) failed');
    expect(compilePattern('(?i)exec format error', fail).literal).toBeUndefined();
    expect(compilePattern('^exec format error', fail).literal).toBeUndefined();
    expect(compilePattern('exec format error$', fail).literal).toBeUndefined();
    expect(compilePattern('exec (?<what>format) error', fail).literal).toBeUndefined();
    expect(compilePattern('exec (format) error', fail).literal).toBeUndefined();
  });

  it('matches where RE2 does: position, several and overlapping matches, Unicode, case', () => {
    const lines = [
      '',
      'exec format error',
      '2025-12-27T11:29:01.1234567Z exec format error',
      '2025-12-27T11:29:01.1234567Z ##[error]exec format error: /bin/sh',
      '2025-12-27T11:29:01.1234567Z ##[error]Error: exec format error',
      '2025-12-27T11:29:01.1234567Z   exec format error (indented: quoted)',
      'Error: x exec format error, exec format error and exec format error',
      'EXEC FORMAT ERROR',
      'exec format erro',
      'exec format errorexec format error',
      '> exec format error',
    ];
    expectSameAsRe2('exec format error', lines);
    // Overlapping occurrences: the next scan starts after the match, as RE2's does.
    expectSameAsRe2('abcabc', ['abcabcabcabc', 'xabcabcabx', 'abcab', 'ab\u00e7abc abcabc']);
    // Non-ASCII and astral text: positions are UTF-16 units on both sides.
    const unicode = ['Größe überschritten', 'GRÖSSE ÜBERSCHRITTEN', 'x 🚀 größe überschritten 🚀 größe überschritten'];
    expect(expectSameAsRe2('größe überschritten', unicode).literal).toBe('größe überschritten');
    expectSameAsRe2('🚀 launch failed', ['🚀 launch failed', '🚀🚀 launch failed 🚀 launch failed', '\uD83D launch failed']);
  });

  it('stops at the matches-per-line cap and counts the same work as RE2 (repository budgets)', () => {
    const many = Array.from({ length: 3 * MAX_MATCHES_PER_LINE }, (_, i) => `ENOSPC ${i}`).join(' ');
    const fast = expectSameAsRe2('ENOSPC', [many, `${many} x`, 'ENOSPC'.repeat(40)]);
    const work = { chars: 0 };
    matchAllPattern(fast, many, work);
    // One scan per match up to the cap, each from where the last match ended to the end of the line.
    const ends = [...many.matchAll(/ENOSPC/g)].map((m) => m.index + 'ENOSPC'.length);
    const starts = [0, ...ends.slice(0, MAX_MATCHES_PER_LINE - 1)];
    expect(work.chars).toBe(starts.reduce((sum, from) => sum + many.length - from, 0));
  });

  it('never needs its RE2 program', () => {
    const source = 'OCI runtime exec failed: never compiled';
    const compile = vi.spyOn(RE2JS, 'compile');
    try {
      const known = new Map([[source, { literals: [source], groupNames: [], literal: source }]]);
      const p = compilePattern(source, fail, known);
      expect(runs(p, `##[error]${source}`).all).toEqual({});
      expect(runs(p, 'nothing here').all).toBeNull();
      expect(compile).not.toHaveBeenCalled();
    } finally {
      compile.mockRestore();
    }
  });
});

describe("a regex pattern's prefilter and DFA", () => {
  const source = String.raw`Failed to pull image "(?<image>[^"]+)": (?<reason>.+?)(?: \(retry \d+\))?$`;

  it('holds what RE2 requires of a line', () => {
    const p = compilePattern(source, fail);
    expect(p.literal).toBeUndefined();
    expect(p.requires).toEqual({ all: ['Failed to pull image "', '": '] });
    expect(compilePattern('(?i)failed to (?:pull|push) image', fail).requires).toBeUndefined();
    const pull = compilePattern(String.raw`(?:ImagePullBackOff|ErrImagePull) for container (?<c>\S+)`, fail);
    expect(pull.requires).toEqual({ all: [{ any: ['ImagePullBackOff', 'ErrImagePull'] }, ' for container '] });
  });

  it('search a line for a bounded number of strings, however many alternatives a pattern has', () => {
    // 200 words without a common prefix (re2js would factor one out).
    const letter = (i: number) => String.fromCharCode(i);
    const word = (i: number) => `${letter(65 + (i % 26))}${letter(97 + Math.floor(i / 26))}rror${i}`;
    const words = Array.from({ length: 200 }, (_, i) => word(i));
    const wide = compilePattern(`deploy failed: (?:${words.join('|')}) in (?<where>\\S+)`, fail);
    expect(wide.requires).toEqual({ all: ['deploy failed: ', ' in '] });
    expect(compilePattern(`(?:${words.join('|')}) deploy failed`, fail).requires).toBe(' deploy failed');
    const any = compilePattern(words.join('|'), fail);
    expect(any.requires).toBeUndefined();
    expect(words.length).toBeGreaterThan(MAX_REQUIRED_STRINGS);
    const lines = ['deploy failed: Aarror0 in prod', 'deploy failed: Aarror1 in prod', 'deploy failed: in in'];
    expectSameAsRe2(wide.source, lines);
    expectSameAsRe2(any.source, ['a Rhrror199 b', 'Rhrror200', `${words.join(' ')}`]);
  });

  it('match as RE2 does, before and after the DFA takes over, and when the prefilter rejects', () => {
    const miss = (i: number) => `Failed to pull image "img:${i}" but the line ends here`;
    const hit = (i: number) => `##[error]Failed to pull image "img:${i}": not found (retry ${i})`;
    const lines = [
      hit(1),
      'Failed to pull image "x"',
      ...Array.from({ length: 20 }, (_, i) => miss(i)),
      hit(2),
      `${hit(3)} and ${hit(4)}`,
      'Error: Failed to pull image "a": b',
      'unrelated',
      miss(99),
      hit(5),
      // Long lines: the DFA first, however few misses the pattern has had.
      `${'x'.repeat(5000)} ${miss(7)}`,
      `${'x'.repeat(5000)} ${hit(8)} ${'y'.repeat(3000)}`,
    ];
    expectSameAsRe2(source, lines);
    // The same lines on a pattern that has seen many misses already (DFA first from the start).
    const warm = compilePattern(source, fail);
    for (let i = 0; i < 20; i++) matchAllPattern(warm, miss(i));
    const plain = re2Only(warm);
    for (const line of lines) expect(runs(warm, line)).toEqual(runs(plain, line));
  });
});

describe("a program's DFA", () => {
  it('stays within its memory cap on a log made to grow it, with the answers of an uncapped one', () => {
    // Every distinct run of 15 a/b letters is a state of its DFA: 2^15 of them without a cap.
    const source = 'ERRORX(?:[ab]*a[ab]{14}Z)';
    const next = rng(7);
    const line = (n: number) => `Z ERRORX${Array.from({ length: n }, () => (next() < 0.5 ? 'a' : 'b')).join('')}c`;
    const misses = Array.from({ length: 10 }, () => line(20));
    const lines = [...misses, line(40_000), line(40_000), `${line(30)}aaaaaaaaaaaaaaaZ`];
    const fast = expectSameAsRe2(source, lines);
    const dfa = fast.re.re2().lazyDFA;
    expect(dfa.maxMem).toBe(MAX_DFA_BYTES);
    expect(dfa.maxMem - dfa.memBudget).toBeLessThanOrEqual(MAX_DFA_BYTES);
    // Uncapped, re2js's estimate of the same DFA is many times the cap.
    const plain = RE2JS.compile(source);
    for (const l of lines) plain.test(l);
    expect(plain.re2().lazyDFA.maxMem - plain.re2().lazyDFA.memBudget).toBeGreaterThan(4 * MAX_DFA_BYTES);
  });
});

describe('the whole catalog with match facts = RE2 alone', () => {
  let catalog: CompiledCatalog;
  let plain: CompiledCatalog;
  beforeAll(async () => {
    catalog = await loadCatalog();
    // Equal sources share one RE2-only pattern, as they share one program in the catalog.
    const programs = new Map<string, CompiledPattern>();
    const strip = (p: CompiledPattern) => programs.get(p.source) ?? programs.set(p.source, re2Only(p)).get(p.source)!;
    plain = {
      ...catalog,
      entries: catalog.entries.map((c) => ({
        ...c,
        patterns: c.patterns.map(strip),
        context: c.context.map((r) => ({ ...r, pattern: r.pattern && strip(r.pattern) })),
      })),
    };
  });

  const expectSameDiagnosis = async (bytes: Uint8Array) => {
    const out = async (c: CompiledCatalog) => {
      const d = await diagnose(bytes, { catalog: c, source: 'job.log' });
      return JSON.stringify({ ...d, stats: { ...d.stats, ms: 0 } });
    };
    const fast = await out(catalog);
    expect(fast).toBe(await out(plain));
    return fast;
  };

  it('on every corpus log', async () => {
    const dir = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
    const manifest = path.join(dir, 'corpus.yaml');
    const cases = parseManifest(readFileSync(manifest, 'utf8'), manifest);
    expect(cases.length).toBeGreaterThan(100);
    for (const c of cases) await expectSameDiagnosis(readFileSync(path.join(dir, c.file)));
    const literals = catalog.entries.flatMap((c) => c.patterns).filter((p) => p.literal !== undefined);
    expect(literals.length).toBeGreaterThan(50);
  });

  it('on the bench log and the pathological log', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-match-facts-'));
    try {
      const file = path.join(dir, 'bench.log');
      await writeBenchLog(file, 300 << 10);
      expect(await expectSameDiagnosis(readFileSync(file))).toContain('hook/copy-failed');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const lines = await pathologicalLines(root, catalog);
    const text = lines.map((l, i) => `2025-12-27T11:29:01.${String(i).padStart(7, '0')}Z ${l}\n`).join('');
    // Each line many times over, so that its patterns pass their DFA threshold.
    await expectSameDiagnosis(Buffer.from(text.repeat(12)));
  });
});
