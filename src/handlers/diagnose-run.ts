import type { ProbotOctokit, Logger } from 'probot';
import type { CompiledCatalog } from '../catalog/load-catalog.js';
import { describeProbes } from '../cluster/describe-probes.js';
import type { ProbeDiagnosis } from '../cluster/types.js';
import type { JobReport, RunSection } from '../comment/model.js';
import { formatBytes } from '../markdown/format-bytes.js';
import type { RepoConfig } from '../config/repo-config.js';
import { diagnose } from '../engine/diagnose.js';
import type { Diagnosis } from '../engine/types.js';
import { jobContextForApiJob } from '../workflow/job-context.js';
import { readWorkflow, type WorkflowModel } from '../workflow/workflow-model.js';
import { downloadJobLog } from '../github/download-job-log.js';
import { getFile } from '../github/get-file.js';
import { listFailedJobs, type ApiJob } from '../github/list-failed-jobs.js';
import { FAILED_CONCLUSIONS, type RunInfo } from './run-info.js';
import type { ServerConfig } from '../config/server-config.js';
import type { ByteBudget } from '../state/byte-budget.js';

export interface DiagnoseRunParams {
  owner: string;
  repo: string;
  run: RunInfo;
  config: RepoConfig;
  catalog: CompiledCatalog;
  probe?: ProbeDiagnosis | null;
  log: Logger;
  /** The operator's limits: log cap and download timeout. */
  server: Pick<ServerConfig, 'maxLogBytes' | 'logTimeoutMs'>;
  /** Log bytes held at once across all jobs of all events; none means no budget. */
  logBudget?: ByteBudget;
  /** The fix generators (`buildFixes` from src/fixes/build-fixes.ts), injected so tests can pass fakes. */
  buildFixes: BuildFixes;
  /** Classifies and records the diagnosed jobs (src/handlers/classify-jobs.ts); never throws. */
  classify?: (jobs: ApiJob[], reports: JobReport[]) => Promise<void>;
}

/** Signature of `buildFixes` in src/fixes/build-fixes.ts. */
export type BuildFixes = (
  d: Diagnosis,
  files: {
    workflow?: { path: string; text: string };
    hookTemplate?: { path: string; text: string };
    job?: string;
    repository?: string;
  },
) => Diagnosis;

type TextFile = { path: string; text: string };

/**
 * One run's section of the comment: every failed job of the attempt diagnosed, or the reason
 * it could not be. A job's failure (expired log, API error) stays in that job's report.
 */
export async function diagnoseRun(octokit: ProbotOctokit, p: DiagnoseRunParams): Promise<RunSection> {
  const { owner, repo, run } = p;
  const base = sectionBase(run);
  if (!FAILED_CONCLUSIONS.has(run.conclusion ?? '')) return { ...base, status: 'passed' };

  const notes: string[] = [];
  const workflow = await fetchText(octokit, { owner, repo, path: run.path, ref: run.head_sha }, notes, 'workflow file');
  let model: WorkflowModel | null = null;
  if (workflow) {
    try {
      model = readWorkflow(workflow.text, workflow.path);
    } catch (err) {
      notes.push(`Could not read the workflow file: ${(err as Error).message}`);
    }
  }
  const repoHookTemplate = await firstHookTemplate(octokit, p, notes);
  const jobs = await listFailedJobs(octokit, { owner, repo, runId: run.id, attempt: run.run_attempt });
  if (jobs.length === 0) {
    notes.push(
      run.conclusion === 'startup_failure'
        ? 'The run failed before any job started (startup failure): check the workflow file for syntax ' +
          'errors and the run page for details.'
        : 'No failed job was found in this run attempt.',
    );
  }
  const reports: JobReport[] = [];
  // A repository can lower the server's cap, never raise it.
  const cap = Math.min(p.config.maxLogBytes, p.server.maxLogBytes);
  // One job at a time per run, and each waits for its cap's share of the process-wide budget.
  for (const job of jobs) {
    const work = () => diagnoseJob(octokit, p, job, { workflow, model, repoHookTemplate }, cap);
    reports.push(await (p.logBudget ? p.logBudget.run(cap, work) : work()));
  }
  if (p.classify && reports.length) await p.classify(jobs, reports);
  return { ...base, status: 'failed', jobs: reports, notes };
}

function sectionBase(run: RunInfo): RunSection {
  return {
    workflowKey: run.path || String(run.workflow_id),
    workflowName: run.name || run.path,
    runId: run.id,
    runAttempt: run.run_attempt,
    runUrl: run.html_url,
    headSha: run.head_sha,
    status: 'failed',
    completedAt: run.updated_at,
    jobs: [],
    notes: [],
  };
}

async function diagnoseJob(
  octokit: ProbotOctokit,
  p: DiagnoseRunParams,
  job: ApiJob,
  files: { workflow: TextFile | null; model: WorkflowModel | null; repoHookTemplate: TextFile | null },
  maxLogBytes: number,
): Promise<JobReport> {
  const log = p.log.child({ job: job.id });
  const report: JobReport = {
    jobId: job.id,
    name: job.name,
    htmlUrl: job.html_url ?? `${p.run.html_url}/job/${job.id}`,
    diagnosis: null,
    error: null,
  };
  if (p.config.privateRunnerLogs === 'skip' && ranOnPrivateRunner(job)) {
    log.info({ outcome: 'skipped-private-runner' }, 'job log not read');
    return { ...report, error: 'Not diagnosed: the job ran on a self-hosted runner and ' +
      '`privateRunnerLogs: skip` is set.' };
  }
  try {
    const got = await downloadJobLog(octokit, {
      owner: p.owner,
      repo: p.repo,
      jobId: job.id,
      maxBytes: maxLogBytes,
      timeoutMs: p.server.logTimeoutMs,
    });
    if (!got.ok) {
      log.warn({ outcome: `log-${got.reason}` }, got.message);
      return { ...report, error: got.message };
    }
    const notes: string[] = [];
    if (got.truncated) {
      report.logTruncated = { keptBytes: got.keptBytes, totalBytes: got.totalBytes };
      notes.push(
        `The log (${formatBytes(got.totalBytes)}) was cut to its first and last ` +
          `${formatBytes(Math.floor(maxLogBytes / 2))} ` +
          `(maxLogBytes${maxLogBytes < p.config.maxLogBytes ? ', lowered to the server\'s MAX_LOG_BYTES' : ''}); ` +
          'line numbers after the cut are approximate.',
      );
    }
    let diagnosis = await diagnose(got.bytes, {
      catalog: p.catalog,
      source: `job:${job.id}`,
      job: jobContextForApiJob(job, files.model),
      ignore: p.config.ignore,
      notes,
    });
    let hookTemplate = files.repoHookTemplate;
    if (p.probe && diagnosis.rootCause) {
      try {
        const probed = await p.probe({ diagnosis, job: { runnerName: job.runner_name, startedAt: job.started_at } });
        report.probeLines = probed.lines;
        if (probed.snippets?.length) report.probeSnippets = probed.snippets;
        if (probed.hookTemplate) hookTemplate = probed.hookTemplate;
      } catch (err) {
        report.probeLines = [`The cluster probe failed: ${(err as Error).message}`];
      }
    } else if (!p.probe) {
      // Say what a probe would have looked at, so the reader knows where to look by hand.
      const would = describeProbes(diagnosis);
      if (would.length) report.probeLines = would;
    }
    diagnosis = p.buildFixes(diagnosis, {
      ...(files.workflow ? { workflow: files.workflow } : {}),
      ...(hookTemplate ? { hookTemplate } : {}),
      job: job.name,
      repository: `${p.owner}/${p.repo}`,
    });
    log.info({ outcome: 'diagnosed', rootCause: diagnosis.rootCause?.id ?? null }, 'job diagnosed');
    return { ...report, diagnosis };
  } catch (err) {
    // A bug or a bad input in one job must not take the others down.
    log.error({ outcome: 'job-error', err }, 'diagnosing the job failed');
    return { ...report, error: `runner-doctor could not diagnose this job: ${(err as Error).message}` };
  }
}

async function firstHookTemplate(
  octokit: ProbotOctokit,
  p: DiagnoseRunParams,
  notes: string[],
): Promise<TextFile | null> {
  for (const path of p.config.hookTemplates) {
    const file = await fetchText(
      octokit,
      { owner: p.owner, repo: p.repo, path, ref: p.run.head_sha },
      notes,
      'hook template',
    );
    if (file) return file;
  }
  return null;
}

async function fetchText(
  octokit: ProbotOctokit,
  where: { owner: string; repo: string; path: string; ref: string },
  notes: string[],
  what: string,
): Promise<TextFile | null> {
  try {
    const text = await getFile(octokit, where);
    if (text === null) notes.push(`The ${what} \`${where.path}\` does not exist at ${where.ref.slice(0, 7)}.`);
    return text === null ? null : { path: where.path, text };
  } catch (err) {
    notes.push(`Could not fetch the ${what} \`${where.path}\`: ${(err as Error).message}`);
    return null;
  }
}

/** Runner group of GitHub-hosted runners; anything else is the user's own (private) runner. */
const HOSTED_GROUP = 'GitHub Actions';

/** True when a job ran on a self-hosted runner (ARC scale sets carry no `self-hosted` label). */
function ranOnPrivateRunner(job: ApiJob): boolean {
  if (job.labels?.some((l) => l.toLowerCase() === 'self-hosted')) return true;
  return !!job.runner_group_name && job.runner_group_name !== HOSTED_GROUP;
}

