import { describe, expect, it } from 'vitest';
import { extendCatalog } from '../../src/catalog/extend-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { inlineCatalog } from '../helpers/inline-catalog.js';

const BUILTIN = `
entries:
  - id: runner/disk-full
    title: Disk full
    role: root-cause
    category: runner
    priority: 80
    patterns: ['No space left on device']
    explanation: full
    examples: ['write /x: No space left on device']
    counterexamples: ['space left']
`;

const repoSignature = (pattern: string) => ({
  id: 'repo/slow-thing',
  title: 'A repository signature',
  role: 'symptom',
  category: 'repo',
  priority: 50,
  patterns: [pattern],
  explanation: 'x',
  examples: ['aaaaa'],
  counterexamples: ['bbbbb'],
});

describe("a repository's signatures have bounded work per job", () => {
  it('finishes a pattern that rescans to the end of a 65,000-character line, and says the line was cut', async () => {
    // Issue 8: this valid RE2 pattern on one such line took 46 s (each of ~13,000 matches rescanned the line).
    const catalog = extendCatalog(await inlineCatalog(BUILTIN), [
      { file: '.github/runner-doctor.yml', entries: [repoSignature('aaaaa(?:[^b]*c)?')] },
    ]);
    const d = await diagnose(`${'a'.repeat(65_000)}\nwrite /x: No space left on device\n`, { catalog, source: 'job.log' });
    expect(d.findings.map((f) => [f.id, f.evidence[0]!.line])).toEqual([
      ['runner/disk-full', 2],
      ['repo/slow-thing', 1],
    ]);
    expect(d.notes).toContain(
      'Repository signatures examined only the first 8 KiB of 1 long line(s) (a bound on their work).',
    );
  });

  it('stops them once the job budget is spent, while the built-in catalog reads on', async () => {
    const catalog = extendCatalog(await inlineCatalog(BUILTIN), [
      { file: 'repo.yml', entries: [repoSignature('aaaaa(?:[^b]*c)?')] },
    ]);
    const lines = Array.from({ length: 40 }, () => 'a'.repeat(5000));
    lines.push('write /x: No space left on device');
    const d = await diagnose(lines.join('\n') + '\n', { catalog, source: 'job.log', repoSignatureChars: 200_000 });
    expect(d.rootCause!.evidence[0]!.line).toBe(41);
    const repo = d.findings.find((f) => f.id === 'repo/slow-thing')!;
    expect(repo.matchCount).toBeLessThan(40);
    expect(d.notes.find((n) => n.startsWith('Repository signatures stopped at line'))).toMatch(
      new RegExp(`^Repository signatures stopped at line ${repo.matchCount + 1}: `),
    );
  });

  it('leaves the built-in catalog unbounded: long lines and many matches are still found', async () => {
    const catalog = await inlineCatalog(BUILTIN);
    const d = await diagnose(`${'x'.repeat(30_000)} No space left on device\n`, { catalog, source: 'job.log' });
    expect(d.rootCause!.id).toBe('runner/disk-full');
    expect(d.notes).toEqual([]);
  });
});
