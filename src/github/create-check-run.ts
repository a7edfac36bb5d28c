import type { ProbotOctokit } from 'probot';

/** GitHub's limit for a check run's `output.summary`. */
const MAX_SUMMARY = 65_535;

/**
 * Publishes a diagnosis as a completed, neutral check run on a commit (opt-in `checkRun: true`,
 * for runs without a pull request). Neutral: the diagnosis explains a failure, it is not one.
 */
export async function createCheckRun(
  octokit: ProbotOctokit,
  params: {
    owner: string;
    repo: string;
    headSha: string;
    name: string;
    title: string;
    summary: string;
    detailsUrl?: string;
  },
): Promise<number> {
  const summary =
    params.summary.length <= MAX_SUMMARY
      ? params.summary
      : `${params.summary.slice(0, MAX_SUMMARY - 40)}\n\n…(cut to fit the check run)`;
  const res = await octokit.rest.checks.create({
    owner: params.owner,
    repo: params.repo,
    head_sha: params.headSha,
    name: params.name,
    status: 'completed',
    conclusion: 'neutral',
    ...(params.detailsUrl ? { details_url: params.detailsUrl } : {}),
    output: { title: params.title.slice(0, 255), summary },
  });
  return res.data.id;
}
