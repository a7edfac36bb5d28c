import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../src/engine/types.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures');

export function fixture(rel: string): string {
  return readFileSync(path.join(FIXTURES, rel), 'utf8');
}

/**
 * Writes `files` into a fresh git repository, runs `git apply --check` then `git apply` with
 * `diff`, and returns the files' new contents. Throws with git's message when the diff is refused.
 */
export function gitApply(files: Record<string, string>, diff: string): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-fix-'));
  try {
    execFileSync('git', ['init', '-q'], { cwd: dir });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), text);
    }
    writeFileSync(path.join(dir, 'fix.diff'), diff);
    execFileSync('git', ['apply', '--check', 'fix.diff'], { cwd: dir, stdio: 'pipe' });
    execFileSync('git', ['apply', 'fix.diff'], { cwd: dir, stdio: 'pipe' });
    const out: Record<string, string> = {};
    for (const rel of Object.keys(files)) out[rel] = readFileSync(path.join(dir, rel), 'utf8');
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A finding as the engine builds it, with the catalog's fix text. */
export function makeFinding(id: string, generator: string, captures: Finding['captures'] = {}, inferred = false): Finding {
  return {
    id,
    title: id,
    role: 'root-cause',
    category: id.split('/')[0]!,
    priority: 50,
    confidence: inferred ? 'medium' : 'high',
    inferred,
    evidence: [],
    matchCount: inferred ? 0 : 1,
    captures,
    explanation: '',
    fix: { summary: `catalog summary for ${id}`, steps: ['Catalog step.'], commands: [], diff: null, generator },
    references: [],
    folded: [],
  };
}

/** Lines the diff adds and removes (without the +/- marker), for exact assertions. */
export function changedLines(diff: string): { added: string[]; removed: string[] } {
  const lines = diff.split('\n').filter((l) => !l.startsWith('+++') && !l.startsWith('---'));
  return {
    added: lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1)),
    removed: lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1)),
  };
}

import type { Diagnosis, FixSuggestion } from '../../../src/engine/types.js';
import { buildFixes, type FixFiles } from '../../../src/fixes/build-fixes.js';

/** A diagnosis whose root cause is `finding`. */
export function diagnosisOf(...findings: Finding[]): Diagnosis {
  return {
    version: 1,
    summary: findings[0]?.title ?? 'no root cause',
    rootCause: findings[0] ?? null,
    findings,
    stats: { bytes: 0, lines: 0, ms: 0 },
    nextSteps: [],
    notes: [],
  };
}

/** Runs buildFixes on one finding and returns its completed fix. */
export function fixFor(finding: Finding, files: FixFiles): FixSuggestion {
  return buildFixes(diagnosisOf(finding), files).findings[0]!.fix!;
}
