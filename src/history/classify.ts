import type { Classification } from './types.js';

/** The catalog's word on which categories are infrastructure (catalog/classification.json). */
export interface InfrastructureRule {
  categories: ReadonlySet<string>;
  /** Root-cause ids of those categories that a change can cause itself. */
  except: ReadonlySet<string>;
}

/** The failed job being classified. */
export interface JobFacts {
  name: string;
  rootCause: string | null;
  category: string | null;
  /** `name=value` of the root cause's first capture, when it has one. */
  keyCapture: string | null;
}

/** The same job in one completed run of the same workflow on the base branch. */
export interface BaseObservation {
  runId: number;
  runUrl: string;
  /** The job's conclusion there (`success`, `failure`, ...), or null when the run had no such job. */
  conclusion: string | null;
  /** When it failed and its diagnosis is known (stored, or read now). */
  rootCause?: string | null;
  keyCapture?: string | null;
}

export interface ClassifyInput {
  job: JobFacts;
  infrastructure: InfrastructureRule;
  /** Attempt number of an earlier attempt of this run in which the same job passed, if any. */
  passedInAttempt: number | null;
  /** The base branch's runs, newest first; null when the lookup failed. */
  base: BaseObservation[] | null;
}

export interface ClassificationResult {
  kind: Classification;
  /** broken-on-base: the oldest of the newest consecutive base runs failing the same way ("since"). */
  since?: { runId: number; runUrl: string };
  /** flaky: the attempt that passed, or the base run in which the job passed. */
  passedInAttempt?: number;
  passedOnBase?: { runId: number; runUrl: string };
  /** How many base runs were compared (0: the base branch has no completed run of this workflow). */
  baseRuns?: number;
}

/** What a job report carries: the result, the branch compared with, and the automatic re-run if one was asked. */
export interface JobClassification extends ClassificationResult {
  baseBranch?: string;
  /** `requested`: POST rerun-failed-jobs was sent for attempt `attempt + 1`; `failed`: it was refused. */
  rerun?: { outcome: 'requested' | 'failed'; attempt: number; maxAttempts: number };
}

const FAILED = new Set(['failure', 'timed_out']);

export function isInfrastructure(job: JobFacts, rule: InfrastructureRule): boolean {
  return !!job.rootCause && !!job.category && rule.categories.has(job.category) && !rule.except.has(job.rootCause);
}

/** Same root cause id and, when both have a key capture, the same one. */
function sameCause(job: JobFacts, b: BaseObservation): boolean {
  if (!job.rootCause || b.rootCause !== job.rootCause) return false;
  return !job.keyCapture || !b.keyCapture || job.keyCapture === b.keyCapture;
}

/**
 * Did this change break the job? In order: the cause is infrastructure; the job passed in an
 * earlier attempt on the same commit (flaky); the base branch's newest run fails the same way
 * (broken on base); the same failure alternates with passes on the base branch (flaky); else new.
 * Without a base lookup, a job that is not infrastructure is `unknown`.
 */
export function classify(input: ClassifyInput): ClassificationResult {
  const { job, base } = input;
  if (isInfrastructure(job, input.infrastructure)) return { kind: 'infrastructure' };
  if (input.passedInAttempt !== null) return { kind: 'flaky', passedInAttempt: input.passedInAttempt };
  if (base === null) return { kind: 'unknown' };
  const runs = base.filter((b) => b.conclusion !== null);
  const baseRuns = base.length;
  let since: BaseObservation | null = null;
  for (const b of runs) {
    if (!(b.conclusion && FAILED.has(b.conclusion)) || !sameCause(job, b)) break;
    since = b;
  }
  if (since) return { kind: 'broken-on-base', since: { runId: since.runId, runUrl: since.runUrl }, baseRuns };
  const failedSame = runs.some((b) => b.conclusion && FAILED.has(b.conclusion) && sameCause(job, b));
  const passed = runs.find((b) => b.conclusion === 'success');
  if (failedSame && passed)
    return { kind: 'flaky', passedOnBase: { runId: passed.runId, runUrl: passed.runUrl }, baseRuns };
  return { kind: 'new', baseRuns };
}

/** The first capture of a root cause as `name=value` (its key for "the same failure"), or null. */
export function keyCapture(captures: Record<string, string | string[]> | undefined): string | null {
  const first = captures ? Object.entries(captures)[0] : undefined;
  if (!first) return null;
  const [name, value] = first;
  return `${name}=${Array.isArray(value) ? value[0] ?? '' : value}`;
}
