import type { ProbotOctokit } from 'probot';

/** The parts of a `workflow_run` that tell which pull requests it belongs to. */
export interface RunRef {
  owner: string;
  repo: string;
  /** Id of the repository the run belongs to (the PRs' base). */
  repoId: number;
  headSha: string;
  headBranch: string | null;
  /** Login of the head repository's owner (a fork's owner for fork PRs). */
  headOwner: string | null;
  /** `workflow_run.pull_requests` from the payload. */
  pullRequests: { number: number; base?: { repo?: { id?: number } } }[];
}

/**
 * Open pull requests of this repository that the run tested. The payload's list is used when it
 * has PRs of this base repository; it is empty for fork PRs, so we ask `pulls.list` by
 * `owner:branch` and keep only PRs whose head is the run's commit.
 */
export async function findPullRequests(octokit: ProbotOctokit, run: RunRef): Promise<number[]> {
  const fromPayload = run.pullRequests
    .filter((pr) => pr.base?.repo?.id === run.repoId)
    .map((pr) => pr.number);
  if (fromPayload.length > 0) return [...new Set(fromPayload)].sort((a, b) => a - b);
  if (!run.headOwner || !run.headBranch) return [];
  const prs = await octokit.paginate(octokit.rest.pulls.list, {
    owner: run.owner,
    repo: run.repo,
    state: 'open',
    head: `${run.headOwner}:${run.headBranch}`,
    per_page: 100,
  });
  return prs
    .filter((pr) => pr.head.sha === run.headSha && pr.base.repo.id === run.repoId)
    .map((pr) => pr.number)
    .sort((a, b) => a - b);
}
