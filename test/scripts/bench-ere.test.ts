import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { normalizeLine } from '../../src/engine/normalize-line.js';
import { catalogPatternsAsEre, re2ToEre } from '../../scripts/bench-ere.mjs';

// `npm run bench` times grep on the catalog's patterns translated to ERE: the translation must keep their meaning.

const hasGnuGrep = (() => {
  try {
    return /GNU grep/.test(execFileSync('grep', ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
})();

/** The input lines grep -E selects with these patterns. */
function grepLines(patterns: string[], lines: string[]): string[] {
  const r = spawnSync('grep', ['-E', ...patterns.flatMap((p) => ['-e', p])], {
    input: lines.join('\n') + '\n',
    encoding: 'utf8',
    env: { ...process.env, LC_ALL: 'C' },
  });
  if (r.status === 2) throw new Error(`grep failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

describe('re2ToEre', () => {
  it('turns named and non-capturing groups into plain groups and RE2 shorthands into POSIX classes', () => {
    expect(re2ToEre('pods \\\\*"(?<pod>[a-z0-9][a-z0-9.-]*-workflow)\\\\*" already exists')).toBe(
      'pods \\\\*"([a-z0-9][a-z0-9.-]*-workflow)\\\\*" already exists',
    );
    expect(re2ToEre('(?:exec|stat) /__e/(?<node>node\\d+(?:_alpine)?)/bin/node')).toBe('(exec|stat) /__e/(node[0-9]+(_alpine)?)/bin/node');
    expect(re2ToEre('at (?<endpoint>[a-z]+://\\S*[^\\s.])')).toBe('at ([a-z]+://[^[:space:]]*[^[:space:].])');
    expect(re2ToEre('\\w+\\s\\W')).toBe('[[:alnum:]_]+[[:space:]][^[:alnum:]_]');
  });

  it('makes lazy quantifiers greedy and drops backslashes ERE does not need', () => {
    expect(re2ToEre('a.*?b.+?c(?:d)??')).toBe('a.*b.+c(d)?');
    expect(re2ToEre("\\'\\-\\/ \\. \\[x\\] \\$")).toBe("'-/ \\. \\[x\\] \\$");
    expect(re2ToEre('[\\]a\\-z]')).toBe('[]az-]');
    expect(re2ToEre('[\\d\\w]')).toBe('[0-9[:alnum:]_]');
  });

  it('refuses what it cannot translate, naming the pattern', () => {
    expect(() => re2ToEre('(?i)error')).toThrow('cannot translate "(?i)error" to grep -E: flags or lookaround groups');
    expect(() => re2ToEre('\\pL+')).toThrow('unsupported escape \\p');
    expect(() => re2ToEre('[abc')).toThrow('unterminated character class');
  });
});

describe.skipIf(!hasGnuGrep)('the built-in catalog under grep -E', () => {
  it('every example line matches its entry, and no counterexample of a plain entry does', async () => {
    const catalog = await loadCatalog();
    for (const c of catalog.entries) {
      const eres = c.entry.patterns.map(re2ToEre);
      const examples = c.entry.examples.map((e) => normalizeLine(e.line));
      expect(grepLines(eres, examples), c.entry.id).toEqual(examples);
      // Counterexamples may be excluded by context rules, which grep cannot see.
      if (!c.entry.context?.length) expect(grepLines(eres, c.entry.counterexamples.map(normalizeLine)), c.entry.id).toEqual([]);
    }
  });

  it('translates every pattern of the catalog directory', () => {
    const dir = fileURLToPath(new URL('../../catalog/', import.meta.url));
    const eres = catalogPatternsAsEre(dir);
    expect(eres.length).toBeGreaterThan(50);
    expect(grepLines(eres, ['nothing to see here'])).toEqual([]);
  });
});
