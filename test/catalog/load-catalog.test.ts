import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogError } from '../../src/catalog/catalog-error.js';
import { extendCatalog } from '../../src/catalog/extend-catalog.js';
import { lintCatalog } from '../../src/catalog/lint-catalog.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { parseCatalogEntries } from '../../src/catalog/parse-catalog.js';
import { matchEntry, matchEntryAll } from '../../src/engine/match-pattern.js';
import { inlineCatalog } from '../helpers/inline-catalog.js';

const entry = (over: Record<string, unknown> = {}) => ({
  id: 'x/thing-broke',
  title: 'A thing broke',
  role: 'root-cause',
  category: 'runner',
  priority: 50,
  patterns: ['the thing (?<what>[a-z]+) broke'],
  explanation: 'It broke: {what}.',
  examples: [{ line: '2025-12-27T11:29:01.1234567Z the thing gear broke', captures: { what: 'gear' } }],
  counterexamples: ['the thing is fine'],
  ...over,
});

function problem(raw: unknown): string {
  try {
    parseCatalogEntries(raw, 'user.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(CatalogError);
    return (err as Error).message;
  }
  throw new Error('expected a CatalogError');
}

describe('catalog validation', () => {
  it('accepts a complete entry', () => {
    expect(parseCatalogEntries([entry()], 'user.yaml')[0]).toMatchObject({ id: 'x/thing-broke', file: 'user.yaml' });
  });

  it.each([
    [{ id: 'NoSlash' }, 'user.yaml: entry NoSlash: field id: must be `family/name` in lowercase kebab-case'],
    [{ role: 'cause' }, 'user.yaml: entry x/thing-broke: field role: must be one of root-cause, symptom, noise'],
    [{ priority: 101 }, 'field priority: must be a whole number from 0 to 100'],
    [{ patterns: [] }, 'field patterns: needs at least one regex'],
    [{ patterns: ['(a)\\1 broke things'] }, 'field patterns[0]: invalid regex'],
    [{ patterns: ['(?=lookahead) thing broke'] }, 'no backreferences, lookahead or lookbehind'],
    [{ patterns: ['[a-z]+\\d+(x|y)'] }, 'field patterns[0]: regex "[a-z]+\\\\d+(x|y)" has no literal text of at least 5 characters'],
    [{ patterns: ['thing broke|\\d+'] }, 'in every `|` alternative'],
    [{ examples: [] }, 'field examples: needs at least one real-looking log line'],
    [{ counterexamples: [] }, 'field counterexamples: needs at least one close-looking line'],
    [{ references: ['http://insecure'] }, 'field references[0]: must be an https:// URL'],
    [{ fix: { summary: 's', generator: 'Bad Name' } }, 'field fix.generator: must be a generator name'],
    [{ fix: { summary: 's', diff: 'x' } }, 'field fix.diff: unknown field'],
    [{ colour: 'red' }, 'field colour: unknown field'],
    [{ context: [{ pattern: '(x|y)', present: true }] }, 'field context[0].pattern: regex "(x|y)" has no literal'],
    [{ context: [{ pattern: 'failed to create', entry: 'a/b', present: true }] }, 'needs exactly one of `pattern`'],
    [{ context: [{ entry: 'a/b', present: 'yes' }] }, 'field context[0].present: must be true'],
    [{ probe: 'Stale Pod' }, 'field probe: must name a cluster probe such as `stale-pod`'],
    [{ wrapper: 'yes' }, 'field wrapper: must be true or false'],
    [{ next: ['ok', ''] }, 'field next[1]: must be a non-empty markdown line'],
    [{ examples: [{ line: 'x', capture: {} }] }, 'field examples[0].capture: unknown field; allowed: line, captures'],
    [
      { infer: [{ symptoms: ['a/b'], check: 'nixery-missing-hook-tools', confidence: 'high', lead: 'x' }] },
      'field infer[0].confidence: must be medium or low (an inference is never certain)',
    ],
  ])('rejects %j with a message naming file, entry and field', (over, message) => {
    expect(problem([entry(over)])).toContain(message);
  });

  it('refuses an inference rule naming a context check the engine does not have', async () => {
    const rule = { symptoms: ['x/thing-broke'], check: 'moon-phase', confidence: 'low', lead: 'x' };
    await expect(inlineCatalog(`entries:\n  - ${JSON.stringify(entry({ infer: [rule] }))}\n`)).rejects.toThrow(
      'test-catalog.yaml: entry x/thing-broke: field infer[0].check: unknown check; known: nixery-missing-hook-tools',
    );
  });

  it('names the file and entry of a regex that does not compile, from a catalog file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-cat-'));
    const file = path.join(dir, 'broken.yaml');
    writeFileSync(file, `entries:\n  - ${JSON.stringify(entry({ patterns: ['fine pattern', 'the thing (broke'] }))}\n`);
    await expect(loadCatalog({ builtin: false, extraFiles: [file] })).rejects.toThrow(
      /broken\.yaml: entry x\/thing-broke: field patterns\[1\]: invalid regex "the thing \(broke"/,
    );
  });

  it('names an entry without an id by its position', () => {
    expect(problem([entry(), { title: 't' }])).toContain('user.yaml: entry #2:');
  });

  it('rejects duplicate ids and dangling references across files', async () => {
    const text = `entries:\n  - ${JSON.stringify(entry())}\n`;
    await expect(
      loadCatalog({ builtin: false, extraTexts: [{ file: 'a.yaml', text }, { file: 'b.yaml', text }] }),
    ).rejects.toThrow('b.yaml: entry x/thing-broke: field id: duplicate id (also defined in a.yaml)');
    await expect(
      inlineCatalog(`entries:\n  - ${JSON.stringify(entry({ explains: ['x/nowhere'] }))}\n`),
    ).rejects.toThrow('field explains[0]: no entry has the id x/nowhere');
  });

  it('reports YAML syntax errors with line and column', async () => {
    await expect(inlineCatalog('entries:\n  - id: [unclosed\n', 'bad.yaml')).rejects.toThrow(/^bad\.yaml:3:1: invalid YAML/);
    await expect(inlineCatalog('just: a mapping\n', 'm.yaml')).rejects.toThrow('m.yaml: field entries: expected a top-level `entries:` list');
  });

  it('reports a missing catalog file by path', async () => {
    await expect(loadCatalog({ builtin: false, extraFiles: ['/nonexistent/sigs.yaml'] })).rejects.toThrow(
      '/nonexistent/sigs.yaml: cannot read the file',
    );
  });

  it('loads extra files after the built-in catalog and lints their examples', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-cat-'));
    const file = path.join(dir, 'mine.yaml');
    writeFileSync(
      file,
      `entries:\n  - ${JSON.stringify(entry({ examples: [{ line: 'the thing gear broke', captures: { what: 'cog' } }, 'nothing here at all', 'the thi\u001b[0mng gear bro\u001b[0mke'], counterexamples: ['the thing gear broke'] }))}\n`,
    );
    const catalog = await loadCatalog({ extraFiles: [file] });
    expect(catalog.byId.has('x/thing-broke')).toBe(true);
    expect(catalog.entries.length).toBeGreaterThan(1);
    const problems = lintCatalog(catalog).filter((p) => p.id === 'x/thing-broke');
    expect(problems.map((p) => p.problem)).toEqual([
      'examples[0] captures what="gear", expected "cog"',
      'examples[1] does not match: nothing here at all',
      // examples[2] has colour codes inside the literal: the scanner looks past them, so it passes.
      'counterexamples[0] matches but must not: the thing gear broke',
    ]);
  });

  it('matches all occurrences in a line and merges the captures', async () => {
    const c = await inlineCatalog(
      `entries:\n  - ${JSON.stringify(
        entry({
          patterns: ['Duplicate value: \\\\*"(?<volume>[a-z]+)'],
          examples: [{ line: 'spec.volumes[16].name: Duplicate value: "externals"', captures: { volume: 'externals' } }],
        }),
      )}\n`,
    );
    expect(matchEntryAll(c.entries[0]!, '[spec.volumes[16].name: Duplicate value: "externals", spec.volumes[18].name: Duplicate value: "github"]')).toEqual({
      volume: ['externals', 'github'],
    });
  });

  it('extends a compiled catalog with repo signatures, keeping the base and refusing a reused id', async () => {
    const base = await loadCatalog();
    const ext = extendCatalog(base, [{ file: 'repo.yml', entries: [entry()] }]);
    expect(ext.entries).toHaveLength(base.entries.length + 1);
    expect(matchEntry(ext.byId.get('x/thing-broke')!, 'the thing cog broke')).toEqual({ what: 'cog' });
    expect(base.byId.has('x/thing-broke')).toBe(false);
    expect(() => extendCatalog(base, [{ file: 'repo.yml', entries: [entry({ id: 'hook/job-pod-exists' })] }])).toThrow(
      /^repo\.yml: entry hook\/job-pod-exists: field id: duplicate id \(also defined in /,
    );
  });
});
