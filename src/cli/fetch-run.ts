import type { ProbotOctokit } from 'probot';
import type { CompiledCatalog } from '../catalog/load-catalog.js';
import { diagnose } from '../engine/diagnose.js';
import type { Diagnosis } from '../engine/types.js';
import { buildFixes } from '../fixes/build-fixes.js';
import { jobContextForApiJob } from '../workflow/job-context.js';
import { readWorkflow, type WorkflowModel } from '../workflow/workflow-model.js';
import { getFile } from '../github/get-file.js';
import { listFailedJobs, type ApiJob } from '../github/list-failed-jobs.js';
import { streamJobLog } from '../github/stream-job-log.js';
import { isWorkflowPath } from '../handlers/run-info.js';
import { createClient, explainGitHubError, type CallContext } from './github-client.js';
import { resolveToken } from './github-token.js';
import { jobMatches } from './pick-job.js';
import { apiBaseUrl, type RunTarget } from './run-target.js';
import { UsageError } from './usage-error.js';

/** A whole log download may take this long (logs can be hundreds of MB). */
const LOG_TIMEOUT_MS = 10 * 60_000;

export interface RunJobResult {
  source: string;
  job: string;
  heading: string;
  diagnosis: Diagnosis;
}

export interface FetchedRun {
  results: RunJobResult[];
  /** The workflow file at the run's head SHA, when it could be read (fix diffs target it). */
  workflow: { path: string; text: string } | null;
  /** Said on stderr: jobs that could not be diagnosed, a workflow that could not be read. */
  problems: string[];
  /** Said on stdout when nothing failed. */
  nothingFailed: string | null;
}

interface ApiRun {
  id: number;
  run_attempt?: number;
  path: string;
  head_sha: string;
  html_url: string;
  conclusion: string | null;
  status: string | null;
  name?: string | null;
}

/**
 * `runner-doctor diagnose <run URL>`: the failed jobs of the run's attempt (the latest unless the URL
 * names one, or the one job the URL names), each log streamed into the engine, with the workflow
 * file at the run's head SHA for the job's image and the fix diffs.
 */
export async function fetchRun(
  target: RunTarget,
  opts: {
    env: NodeJS.ProcessEnv;
    catalog: CompiledCatalog;
    ignore: string[];
    hookTemplate?: { path: string; text: string };
    jobArg?: string;
  },
): Promise<FetchedRun> {
  const { owner, repo, runId } = target;
  const baseUrl = apiBaseUrl(target, opts.env);
  const { token, from } = await resolveToken(opts.env, target.webHost);
  const octokit = await createClient(token, baseUrl);
  const ctx = (action: string, permission = 'Actions: read'): CallContext => ({
    action, permission, owner, repo, tokenFrom: from, baseUrl,
  });
  const call = async <T>(c: CallContext, f: () => Promise<T>): Promise<T> => {
    try {
      return await f();
    } catch (err) {
      throw explainGitHubError(err, c);
    }
  };

  const run = await call(ctx(`read run ${runId} of ${owner}/${repo}`), async () =>
    (await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })).data as ApiRun);
  const attempt = target.attempt ?? run.run_attempt ?? 1;
  const jobs = await pickJobs(octokit, target, attempt, opts.jobArg, call, ctx);
  const problems: string[] = [];
  if (jobs.length === 0) {
    const concluded = `concluded ${run.conclusion ?? 'without a conclusion'}`;
    const state = run.status === 'completed' ? concluded : `is ${run.status}`;
    const which = `Run ${runId} (attempt ${attempt}) of ${owner}/${repo}`;
    const what = `${which} ${state} and has no failed job: nothing to diagnose.`;
    return { results: [], workflow: null, problems, nothingFailed: what };
  }

  let workflow: { path: string; text: string } | null = null;
  let model: WorkflowModel | null = null;
  if (isWorkflowPath(run.path)) {
    try {
      const text = await call(ctx(`read ${run.path} at ${run.head_sha.slice(0, 7)}`, 'Contents: read'), () =>
        getFile(octokit, { owner, repo, path: run.path, ref: run.head_sha }));
      if (text === null) {
        problems.push(`${run.path} does not exist at ${run.head_sha.slice(0, 7)}: diagnosed without the workflow`);
      }
      else {
        workflow = { path: run.path, text };
        model = readWorkflow(text, run.path);
      }
    } catch (err) {
      problems.push(`${(err as Error).message}; diagnosed without the workflow`);
    }
  }

  const results: RunJobResult[] = [];
  for (const job of jobs) {
    const source = job.html_url ?? `${run.html_url}/job/${job.id}`;
    let chunks: AsyncIterable<Uint8Array>;
    try {
      chunks = await call(ctx(`download the log of job "${job.name}"`), () =>
        streamJobLog(octokit, { owner, repo, jobId: job.id, signal: AbortSignal.timeout(LOG_TIMEOUT_MS) }));
    } catch (err) {
      problems.push(`job "${job.name}": ${(err as Error).message}`);
      continue;
    }
    let diagnosis: Diagnosis;
    try {
      const context = jobContextForApiJob(job, model);
      diagnosis = await diagnose(chunks, { catalog: opts.catalog, source, job: context, ignore: opts.ignore });
    } catch (err) {
      // The download broke off (network, timeout): the other jobs still get their answer.
      problems.push(`job "${job.name}": the log download broke off (${(err as Error).message})`);
      continue;
    }
    diagnosis = buildFixes(diagnosis, {
      ...(workflow ? { workflow } : {}),
      ...(opts.hookTemplate ? { hookTemplate: opts.hookTemplate } : {}),
      job: job.name,
      repository: `${owner}/${repo}`,
    });
    results.push({ source, job: job.name, heading: `${job.name} (${source})`, diagnosis });
  }
  return { results, workflow, problems, nothingFailed: null };
}

async function pickJobs(
  octokit: ProbotOctokit,
  target: RunTarget,
  attempt: number,
  jobArg: string | undefined,
  call: <T>(c: CallContext, f: () => Promise<T>) => Promise<T>,
  ctx: (action: string) => CallContext,
): Promise<ApiJob[]> {
  const { owner, repo, runId } = target;
  if (target.jobId !== undefined) {
    const jobId = target.jobId;
    type RunJob = ApiJob & { run_id: number };
    const job = await call(ctx(`read job ${jobId} of ${owner}/${repo}`), async () =>
      (await octokit.rest.actions.getJobForWorkflowRun({ owner, repo, job_id: jobId })).data as RunJob);
    if (job.run_id !== runId) throw new UsageError(`job ${jobId} belongs to run ${job.run_id}, not ${runId}`);
    return [job];
  }
  const failed = await call(ctx(`list the jobs of run ${runId} attempt ${attempt}`), () =>
    listFailedJobs(octokit, { owner, repo, runId, attempt }));
  if (!jobArg) return failed;
  const picked = failed.filter((j) => jobMatches(j.name, jobArg, null));
  if (picked.length === 0) {
    const names = failed.map((j) => j.name).join(', ') || 'none';
    throw new UsageError(`--job "${jobArg}": run ${runId} has no such failed job; its failed jobs: ${names}`);
  }
  return picked;
}

/** What the API and the workflow say about a job: its image, runner, labels and steps. */
