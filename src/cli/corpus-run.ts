import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { diagnose } from '../engine/diagnose.js';
import type { Diagnosis, JobContext } from '../engine/types.js';
import { jobContextFromWorkflow } from '../workflow/job-context.js';
import { readWorkflow } from '../workflow/workflow-model.js';
import type { CompiledCatalog } from '../model/catalog.js';
import { familyOf, type CorpusCase } from './corpus-manifest.js';

/** What runner-doctor answers on one corpus case, next to what the manifest expects. */
export interface CaseResult {
  case: CorpusCase;
  diagnosis: Diagnosis;
  /** The root cause found (id) or null. */
  actual: string | null;
  /** Line of the root cause's first evidence, when there is one. */
  actualLine: number | null;
  /** Same id, and the same line when the manifest gives one. */
  correct: boolean;
  /** Why not, in words (empty when correct). */
  problem: string;
}

async function jobContext(c: CorpusCase, dir: string): Promise<JobContext | undefined> {
  if (!c.workflow) return undefined;
  const file = path.resolve(dir, c.workflow);
  return jobContextFromWorkflow(readWorkflow(await readFile(file, 'utf8'), file), c.job);
}

/** Diagnoses one case's log (streamed, as the CLI reads it) and compares the answer with the manifest. */
export async function runCase(c: CorpusCase, dir: string, catalog: CompiledCatalog): Promise<CaseResult> {
  const diagnosis = await diagnose(createReadStream(path.join(dir, c.file)), {
    catalog,
    source: c.file,
    job: await jobContext(c, dir),
  });
  const root = diagnosis.rootCause;
  const actual = root?.id ?? null;
  const actualLine = root?.evidence[0]?.line ?? null;
  const line = c.line ?? c.rootCauseLine;
  let problem = '';
  if (actual !== c.rootCause) problem = `expected ${c.rootCause ?? 'no root cause'}, got ${actual ?? 'no root cause'}`;
  else if (line !== undefined && actualLine !== line) problem = `right id, but on line ${actualLine} ` +
    `instead of ${line}`;
  return { case: c, diagnosis, actual, actualLine, correct: problem === '', problem };
}

export interface CorpusStats {
  cases: number;
  real: number;
  correct: number;
  /** Correct among real logs (the figure README quotes). */
  realCorrect: number;
  /** Real logs of an infra or user-code failure that got no root cause at all. */
  realUnclassified: number;
  realFailed: number;
  byKind: Record<string, { cases: number; correct: number }>;
  byFamily: Record<string, { cases: number; correct: number }>;
  misses: CaseResult[];
}

/** Counts per expected family and kind, accuracy, and the unclassified rate, over real logs and all. */
export function corpusStats(results: CaseResult[]): CorpusStats {
  const stats: CorpusStats = {
    cases: results.length, real: 0, correct: 0, realCorrect: 0, realUnclassified: 0, realFailed: 0,
    byKind: {}, byFamily: {}, misses: [],
  };
  for (const r of results) {
    const real = r.case.source !== undefined;
    if (r.correct) stats.correct++;
    else stats.misses.push(r);
    if (!real) continue;
    stats.real++;
    if (r.correct) stats.realCorrect++;
    const kind = r.case.kind ?? 'infra';
    if (kind !== 'green') {
      stats.realFailed++;
      if (r.actual === null) stats.realUnclassified++;
    }
    for (const [map, key] of [[stats.byKind, kind], [stats.byFamily, familyOf(r.case.rootCause)]] as const) {
      const row = (map[key] ??= { cases: 0, correct: 0 });
      row.cases++;
      if (r.correct) row.correct++;
    }
  }
  return stats;
}
