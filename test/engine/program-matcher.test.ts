// A stored RE2 program (src/engine/re2-program.ts, run by program-matcher.ts) must answer exactly as
// re2js does with the pattern compiled: whether there is a match from a position, where it starts and
// ends, and every named group, for every built-in pattern, on lines that match (the catalog's examples)
// and lines that do not (corpus logs, the examples cut and changed), and for patterns made to reach every
// instruction (empty-width assertions, case folding, surrogate pairs, empty loops).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { RE2JS } from 're2js';
import { describe, expect, it } from 'vitest';
import { programText } from '../../src/catalog/compile-pattern.js';
import { parseProgram } from '../../src/engine/re2-program.js';
import { MAX_VISITED_BITS, ProgramMatcher } from '../../src/engine/program-matcher.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

let matched = 0;

/** Every difference between re2js and the stored program of `source` on `texts` (from each `froms`). */
function differences(source: string, texts: string[], froms: (text: string) => number[]): string[] {
  const re = RE2JS.compile(source);
  const text = programText(source);
  if (text === null) return [`${source}: no program`];
  const program = parseProgram(source, text);
  if (!program) return [`${source}: its program does not read back`];
  const mine = new ProgramMatcher(program);
  const theirs = re.matcher('');
  const names = Object.keys(re.namedGroups());
  const out: string[] = [];
  for (const t of texts) {
    if (!mine.fits(t.length)) continue;
    mine.reset(t);
    theirs.resetMatcherInput(t);
    for (const from of froms(t)) {
      if (from > t.length) continue;
      const a = theirs.find(from);
      const b = mine.find(from);
      if (a) matched++;
      const said = (found: boolean, m: typeof mine | typeof theirs) =>
        JSON.stringify(found ? [m.start(), m.end(), ...names.map((n) => m.group(n))] : null);
      if (said(a, theirs) !== said(b, mine)) {
        out.push(`${source} on ${JSON.stringify(t)} from ${from}: re2js ${said(a, theirs)}, stored ${said(b, mine)}`);
      }
    }
  }
  return out;
}

/** Lines changed around what a pattern looks for: cut, doubled, cased otherwise, with other code points. */
function variants(line: string): string[] {
  const mid = line.length >> 1;
  return [
    line,
    line.slice(0, mid),
    line.slice(mid),
    line + line,
    line.toUpperCase(),
    line.toLowerCase(),
    line.replace(/ /g, '\u00a0'),
    line.replace(/k/g, '\u212a').replace(/s/g, '\u017f'),
    `${line.slice(0, mid)}\u{1f600}${line.slice(mid)}`,
    `${line.slice(0, mid)}\ud800${line.slice(mid)}`,
    `${line.slice(0, mid)}\n${line.slice(mid)}`,
    line.replace(/\d/g, '\u0663'),
  ];
}

describe('stored RE2 programs', () => {
  it('answer as re2js for every built-in pattern, on matching and other lines', async () => {
    const catalog = await loadCatalog({ examples: true });
    const logs = path.join(ROOT, 'test/fixtures/logs');
    const logLines = readdirSync(logs)
      .filter((f) => f.endsWith('.log'))
      .flatMap((f) => readFileSync(path.join(logs, f), 'utf8').split('\n'))
      .filter((l, i, all) => l.length > 0 && all.indexOf(l) === i);
    const patterns = catalog.entries.flatMap((c) => [...c.patterns, ...c.context.flatMap((r) => r.pattern ?? [])]);
    const examples = catalog.entries.flatMap((c) => [
      ...c.entry.examples.map((e) => e.line),
      ...c.entry.counterexamples,
    ]);
    const texts = [...examples, ...logLines].flatMap(variants);
    const lower = texts.map((t) => t.toLowerCase());
    const froms = (t: string) => [0, 1, t.length >> 1, t.length - 1, t.length];
    let programs = 0;
    const found: string[] = [];
    matched = 0;
    for (const p of new Map(patterns.map((p) => [p.source, p])).values()) {
      // A plain literal never runs a program (CompiledPattern.literal).
      if (p.literal !== undefined) continue;
      programs++;
      // The lines the engine would run it on: those holding one of its literals (in any case, for (?i)).
      const literals = p.literals.map((l) => l.toLowerCase());
      found.push(...differences(p.source, texts.filter((_, i) => literals.some((l) => lower[i]!.includes(l))), froms));
    }
    expect(found.slice(0, 10)).toEqual([]);
    expect(programs).toBeGreaterThan(250);
    expect(matched).toBeGreaterThan(2000);
  }, 300_000);

  it('answer as re2js where each instruction and each way of reading a string matters', () => {
    const cases: [string, string[]][] = [
      ['^abc', ['abc', 'xabc', 'ab', '']],
      ['abc$', ['abc', 'abcx', 'xxabc']],
      ['(?m)^b$', ['a\nb\nc', 'b', 'ab']],
      ['\\bfoo\\b', ['foo', 'afoo', 'foo_', 'a foo.', 'éfooé']],
      ['\\Bfoo', ['afoo', 'foo', ' foo']],
      ['(?i)kelvin|(?i)straSSe', ['KELVIN', '\u212aelvin', 'stra\u017f\u017fe', 'STRASSE', 'strasse']],
      ['[kK]+', ['kK\u212a', '\u212a']],
      ['[cC]ontainers', ['Containers', 'containers', 'CONTAINERS']],
      ['(?s)a.c', ['a\nc', 'a\u{1f600}c', 'a\ud800c', 'abc']],
      ['a.c', ['a\nc', 'a\u{1f600}c', 'a\udc00c', 'a\ud83dc']],
      ['[^a]x', ['\u{1f600}x', 'ax', '\ud800x', '\udc00\ud800x']],
      ['(?<a>x*)*(?<b>y)?', ['', 'xxy', 'yx', 'xyxy']],
      ['(?<a>a|ab)(?<b>c|bcd)(?<d>d*)', ['abcd', 'abcdd', 'xabcd']],
      ['(?:(?<a>a)|b)+', ['abab', 'ba', 'bb']],
      ['(?<n>\\d+)-(?<m>\\d*?)x', ['12-34x', '1-x', '1-2-3x']],
      ['[\\x{1F600}-\\x{1F64F}]+(?<t>.)', ['\u{1f600}\u{1f601}z', 'z\u{1f64f}\u{1f600}']],
      ['\\x{10FFFF}|\\x{0}', ['\u{10ffff}', '\u0000', 'a']],
      ['a{2,3}?b', ['aaab', 'aab', 'ab']],
    ];
    const every = (t: string) => Array.from({ length: t.length + 1 }, (_, i) => i);
    expect(cases.flatMap(([source, texts]) => differences(source, texts.flatMap(variants), every))).toEqual([]);
  });

  it('keeps each matcher\'s match while another searches (their scratch space is shared)', () => {
    const matcher = (source: string) => new ProgramMatcher(parseProgram(source, programText(source)!)!);
    const a = matcher('Copying (?<from>\\S+) to pod (?<pod>\\S+)').reset('Copying ./x to pod y-1');
    const b = matcher('exit code (?<code>\\d+)').reset('Process completed with exit code 17.');
    expect(a.find()).toBe(true);
    expect(b.find(3)).toBe(true);
    expect([a.group('from'), a.group('pod'), a.start(), a.end()]).toEqual(['./x', 'y-1', 0, 22]);
    expect([b.group('code'), b.start(), b.end()]).toEqual(['17', 23, 35]);
  });

  it('leaves a text past its memory bound to re2js', () => {
    const source = 'Copying (?<from>\\S+) to pod (?<pod>\\S+)';
    const m = new ProgramMatcher(parseProgram(source, programText(source)!)!);
    const n = m.program.op.length;
    expect(m.fits(Math.floor(MAX_VISITED_BITS / n) - 1)).toBe(true);
    expect(m.fits(Math.floor(MAX_VISITED_BITS / n))).toBe(false);
  });
});
