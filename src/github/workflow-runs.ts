import type { ProbotOctokit } from 'probot';

export interface BaseRun {
  id: number;
  run_attempt: number;
  html_url: string;
  head_sha: string;
  conclusion: string | null;
}

export interface AttemptJob {
  id: number;
  name: string;
  conclusion: string | null;
  html_url: string | null;
}

/**
 * The newest completed runs of one workflow on a branch (one page of at most `limit`, newest
 * first): what "is it failing on main too?" is answered from.
 */
export async function listBranchRuns(
  octokit: ProbotOctokit,
  p: { owner: string; repo: string; workflowId: number; branch: string; limit: number },
): Promise<BaseRun[]> {
  const { data } = await octokit.request('GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', {
    owner: p.owner,
    repo: p.repo,
    workflow_id: p.workflowId,
    branch: p.branch,
    status: 'completed',
    exclude_pull_requests: true,
    per_page: p.limit,
  });
  const runs = (data as { workflow_runs?: unknown }).workflow_runs;
  return Array.isArray(runs) ? (runs as BaseRun[]).slice(0, p.limit) : [];
}

/** Every job of one run attempt, first page only (100 jobs): a bounded look, enough to find a job by name. */
export async function listAttemptJobs(
  octokit: ProbotOctokit,
  p: { owner: string; repo: string; runId: number; attempt: number },
): Promise<AttemptJob[]> {
  const { data } = await octokit.request(
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
    {
      owner: p.owner,
      repo: p.repo,
      run_id: p.runId,
      attempt_number: p.attempt,
      per_page: 100,
    },
  );
  const jobs = (data as { jobs?: unknown }).jobs;
  return Array.isArray(jobs) ? (jobs as AttemptJob[]) : [];
}

/** `POST .../rerun-failed-jobs` (needs `actions: write`). */
export async function rerunFailedJobs(
  octokit: ProbotOctokit,
  p: { owner: string; repo: string; runId: number },
): Promise<void> {
  await octokit.request('POST /repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs', {
    owner: p.owner,
    repo: p.repo,
    run_id: p.runId,
  });
}
