import type { ProbotOctokit } from 'probot';
import { mergeSection } from '../comment/merge.js';
import type { RunSection } from '../comment/model.js';
import { createCheckRun } from '../github/create-check-run.js';

/** A failed run without a pull request, as a check run on its head commit (config `checkRun: true`). */
export async function publishCheckRun(
  octokit: ProbotOctokit,
  p: { owner: string; repo: string; section: RunSection; configErrors: string[] },
): Promise<number> {
  const { section } = p;
  const { body } = mergeSection(null, section, { configErrors: p.configErrors });
  const roots = [...new Set(section.jobs.map((j) => j.diagnosis?.rootCause?.title).filter((t): t is string => !!t))];
  const title =
    roots.length === 1 ? roots[0]! : roots.length > 1 ? `${roots.length} root causes in ` +
      `${section.jobs.length} failed jobs` : 'No known root cause found';
  return createCheckRun(octokit, {
    owner: p.owner,
    repo: p.repo,
    headSha: section.headSha,
    name: `runner-doctor: ${section.workflowName}`,
    title,
    summary: body,
    detailsUrl: section.runUrl,
  });
}
