import type { Logger, ProbotOctokit } from 'probot';
import type { CompiledCatalog } from '../catalog/load-catalog.js';
import type { JobReport } from '../comment/model.js';
import { redact } from '../markdown/redact.js';
import { diagnose } from '../engine/diagnose.js';
import { downloadJobLog } from '../github/download-job-log.js';
import type { ApiJob } from '../github/list-failed-jobs.js';
import { listAttemptJobs, listBranchRuns, type AttemptJob, type BaseRun } from '../github/workflow-runs.js';
import {
  classify,
  isInfrastructure,
  keyCapture,
  type BaseObservation,
  type InfrastructureRule,
  type JobFacts,
} from '../history/classify.js';
import type { HistoryStore } from '../history/history-store.js';
import type { DiagnosisRecord } from '../history/types.js';
import { countDiagnosis, logBytesRead } from '../metrics/app-metrics.js';
import type { AppDeps } from './app-deps.js';
import type { RunInfo } from './run-info.js';

/** Base-branch runs compared (one API call each for their jobs). */
const BASE_RUNS = 3;
/** Base-branch logs downloaded per run diagnosed, when the store does not know them. */
const BASE_LOGS = 2;
/** Earlier attempts of the same run looked at for a pass of the same job. */
const EARLIER_ATTEMPTS = 2;
/** Base-branch logs are only compared: a smaller cap than the job's own. */
const BASE_LOG_BYTES = 8 * 1024 * 1024;

export interface ClassifyJobsParams {
  owner: string;
  repo: string;
  run: RunInfo;
  /** The branch the PR merges into (or the default branch). */
  baseBranch: string | null;
  pr: number | null;
  catalog: CompiledCatalog;
  infrastructure: InfrastructureRule;
  store: HistoryStore | null;
  log: Logger;
  logTimeoutMs: number;
}

/**
 * Classifies every diagnosed job of a run (infrastructure, broken on base, flaky, new, unknown),
 * records it in the history store, and counts it for /metrics. Bounded: one call for the base
 * branch's runs, one per compared run and earlier attempt, at most BASE_LOGS log downloads,
 * and the store is asked before any of them. A failed lookup makes `unknown`, never an error.
 */
export async function classifyJobs(
  octokit: ProbotOctokit,
  p: ClassifyJobsParams,
  jobs: ApiJob[],
  reports: JobReport[],
): Promise<void> {
  const facts = new Map<JobReport, JobFacts>();
  for (const r of reports) {
    if (!r.diagnosis) continue;
    const root = r.diagnosis.rootCause;
    facts.set(r, {
      name: r.name,
      rootCause: root?.id ?? null,
      category: root?.category ?? null,
      keyCapture: safeKey(root?.captures),
    });
  }
  const needsLookup = [...facts.values()].some((f) => !isInfrastructure(f, p.infrastructure));
  let lookup: Lookup | null = null;
  if (needsLookup) {
    try {
      lookup = await lookUp(octokit, p, [...facts.values()]);
    } catch (err) {
      p.log.warn({ outcome: 'base-lookup-failed', err }, 'could not compare with the base branch');
    }
  }
  for (const [report, f] of facts) {
    const result = classify({
      job: f,
      infrastructure: p.infrastructure,
      passedInAttempt: lookup?.passedIn.get(f.name) ?? null,
      base: lookup ? lookup.base(f.name) : null,
    });
    report.classification = { ...result, ...(p.baseBranch ? { baseBranch: p.baseBranch } : {}) };
    countDiagnosis(f.rootCause, f.category, result.kind);
    logBytesRead.inc(report.diagnosis?.stats.bytes ?? 0);
  }
  if (p.store) await record(p, jobs, reports, facts);
}

interface Lookup {
  passedIn: Map<string, number>;
  base: (jobName: string) => BaseObservation[];
}

async function lookUp(octokit: ProbotOctokit, p: ClassifyJobsParams, facts: JobFacts[]): Promise<Lookup> {
  const { owner, repo, run } = p;
  const passedIn = new Map<string, number>();
  for (let a = run.run_attempt - 1; a >= Math.max(1, run.run_attempt - EARLIER_ATTEMPTS); a--) {
    for (const j of await listAttemptJobs(octokit, { owner, repo, runId: run.id, attempt: a })) {
      if (j.conclusion === 'success' && !passedIn.has(j.name)) passedIn.set(j.name, a);
    }
  }
  const runs = p.baseBranch
    ? (
        await listBranchRuns(octokit, {
          owner,
          repo,
          workflowId: run.workflow_id,
          branch: p.baseBranch,
          limit: BASE_RUNS + 1,
        })
      )
        .filter((b) => b.id !== run.id && b.head_sha !== run.head_sha)
        .slice(0, BASE_RUNS)
    : [];
  const wanted = new Set(facts.map((f) => f.name));
  const perRun: { run: BaseRun; jobs: Map<string, AttemptJob> }[] = [];
  for (const b of runs) {
    const jobs = await listAttemptJobs(octokit, { owner, repo, runId: b.id, attempt: b.run_attempt });
    perRun.push({ run: b, jobs: new Map(jobs.filter((j) => wanted.has(j.name)).map((j) => [j.name, j])) });
  }
  // What the failing base jobs failed of: the store first, then (a few) logs.
  const causes = new Map<number, { rootCause: string | null; keyCapture: string | null }>();
  let downloads = 0;
  for (const { run: b, jobs } of perRun) {
    for (const j of jobs.values()) {
      if (j.conclusion !== 'failure' && j.conclusion !== 'timed_out') continue;
      const stored = p.store
        ? await p.store.findJob(`${owner}/${repo}`, b.id, b.run_attempt, j.id).catch(() => null)
        : null;
      if (stored) {
        causes.set(j.id, { rootCause: stored.rootCause, keyCapture: stored.keyCapture });
      } else if (downloads < BASE_LOGS) {
        downloads++;
        const cause = await diagnoseBaseJob(octokit, p, b, j);
        if (cause) causes.set(j.id, cause);
      }
    }
  }
  return {
    passedIn,
    base: (name) =>
      perRun.map(({ run: b, jobs }) => {
        const j = jobs.get(name);
        const cause = j ? causes.get(j.id) : undefined;
        return { runId: b.id, runUrl: b.html_url, conclusion: j?.conclusion ?? null, ...(cause ?? {}) };
      }),
  };
}

async function diagnoseBaseJob(
  octokit: ProbotOctokit,
  p: ClassifyJobsParams,
  b: BaseRun,
  j: AttemptJob,
): Promise<{ rootCause: string | null; keyCapture: string | null } | null> {
  const got = await downloadJobLog(octokit, {
    owner: p.owner, repo: p.repo, jobId: j.id, maxBytes: BASE_LOG_BYTES, timeoutMs: p.logTimeoutMs,
  });
  if (!got.ok) return null;
  logBytesRead.inc(got.keptBytes);
  const d = await diagnose(got.bytes, { catalog: p.catalog, source: `job:${j.id}`, job: { name: j.name } });
  const cause = { rootCause: d.rootCause?.id ?? null, keyCapture: safeKey(d.rootCause?.captures) };
  if (p.store) {
    const at = Date.now();
    await p.store
      .record({
        repo: `${p.owner}/${p.repo}`,
        workflow: p.run.path,
        workflowName: p.run.name ?? p.run.path,
        jobName: j.name,
        jobId: j.id,
        jobUrl: j.html_url,
        runId: b.id,
        runAttempt: b.run_attempt,
        headSha: b.head_sha,
        branch: p.baseBranch,
        pr: null,
        rootCause: cause.rootCause,
        rootTitle: d.rootCause?.title ?? null,
        category: d.rootCause?.category ?? null,
        keyCapture: cause.keyCapture,
        captures: safeCaptures(d.rootCause?.captures),
        evidenceLine: d.rootCause?.evidence[0]?.line ?? null,
        classification: null,
        runnerName: null,
        labels: [],
        logBytes: d.stats.bytes,
        jobStartedAt: null,
        diagnosedAt: at,
      })
      .catch((err: unknown) => p.log.warn({ outcome: 'history-write-failed', err }, 'base job not recorded'));
  }
  return cause;
}

async function record(p: ClassifyJobsParams, jobs: ApiJob[], reports: JobReport[], facts: Map<JobReport, JobFacts>) {
  const byId = new Map(jobs.map((j) => [j.id, j]));
  const now = Date.now();
  for (const r of reports) {
    const f = facts.get(r);
    const d = r.diagnosis;
    if (!f || !d || !r.classification) continue;
    const job = byId.get(r.jobId);
    const started = job?.started_at ? Date.parse(job.started_at) : NaN;
    const row: DiagnosisRecord = {
      repo: `${p.owner}/${p.repo}`, workflow: p.run.path, workflowName: p.run.name ?? p.run.path, jobName: r.name,
      jobId: r.jobId, jobUrl: r.htmlUrl, runId: p.run.id, runAttempt: p.run.run_attempt, headSha: p.run.head_sha,
      branch: p.run.head_branch, pr: p.pr, rootCause: f.rootCause, rootTitle: d.rootCause?.title ?? null,
      category: f.category, keyCapture: f.keyCapture, captures: safeCaptures(d.rootCause?.captures),
      evidenceLine: d.rootCause?.evidence[0]?.line ?? null, classification: r.classification.kind,
      runnerName: job?.runner_name ?? null, labels: job?.labels ?? [], logBytes: d.stats.bytes,
      jobStartedAt: Number.isFinite(started) ? started : null, diagnosedAt: now,
    };
    try {
      await p.store!.record(row);
    } catch (err) {
      // The comment matters more than the history: log and go on.
      p.log.warn({ outcome: 'history-write-failed', err }, 'diagnosis not recorded');
    }
  }
}

function safeKey(captures: Record<string, string | string[]> | undefined): string | null {
  const k = keyCapture(captures);
  return k === null ? null : redact(k).slice(0, 300);
}

function safeCaptures(captures: Record<string, string | string[]> | undefined): string | null {
  if (!captures || !Object.keys(captures).length) return null;
  return redact(JSON.stringify(captures)).slice(0, 4000);
}

/** The closure diagnoseRun calls, or none when classification is off (no history deps). */
export function classifierFor(
  octokit: ProbotOctokit,
  deps: AppDeps,
  p: Pick<ClassifyJobsParams, 'owner' | 'repo' | 'run' | 'catalog' | 'log' | 'baseBranch' | 'pr'>,
): ((jobs: ApiJob[], reports: JobReport[]) => Promise<void>) | null {
  const h = deps.history;
  if (!h) return null;
  const params: ClassifyJobsParams = {
    ...p, infrastructure: h.infrastructure, store: h.store, logTimeoutMs: deps.server.logTimeoutMs,
  };
  return (jobs, reports) => classifyJobs(octokit, params, jobs, reports);
}

/**
 * The branch a run is compared with: its PR's base (same-repository PRs are in the payload),
 * else the repository's default branch (fork PRs arrive with an empty `pull_requests`).
 */
export function baseBranchOf(payload: Record<string, unknown>): string | null {
  const run = payload.workflow_run as { pull_requests?: unknown } | undefined;
  const prs = Array.isArray(run?.pull_requests) ? (run.pull_requests as { base?: { ref?: unknown } }[]) : [];
  const ref = prs[0]?.base?.ref;
  if (typeof ref === 'string' && ref) return ref;
  const def = (payload.repository as { default_branch?: unknown } | undefined)?.default_branch;
  return typeof def === 'string' && def ? def : null;
}
