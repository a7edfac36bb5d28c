import type { ProbotOctokit } from 'probot';
import type { ApiStep } from '../engine/types.js';

/** The fields of a job (`GET .../attempts/{n}/jobs`) the app uses. */
export interface ApiJob {
  id: number;
  name: string;
  html_url: string | null;
  status: string;
  conclusion: string | null;
  started_at: string | null;
  runner_name: string | null;
  runner_group_name?: string | null;
  labels: string[];
  steps?: ApiStep[];
}

/** Job conclusions that mean the job failed (cancelled and skipped jobs are not diagnosed). */
const FAILED = new Set(['failure', 'timed_out']);

/** The failed jobs of one run attempt, in API order (every page). */
export async function listFailedJobs(
  octokit: ProbotOctokit,
  params: { owner: string; repo: string; runId: number; attempt: number },
): Promise<ApiJob[]> {
  const jobs = (await octokit.paginate(
    'GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
    {
      owner: params.owner,
      repo: params.repo,
      run_id: params.runId,
      attempt_number: params.attempt,
      per_page: 100,
    },
  )) as ApiJob[];
  return jobs.filter((job) => job.conclusion !== null && FAILED.has(job.conclusion));
}
