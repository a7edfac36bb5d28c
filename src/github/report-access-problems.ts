import type { Logger, ProbotOctokit } from 'probot';
import type { RecentKeys } from '../state/recent-keys.js';
import { describeAccessProblem } from './access-problem.js';

const watched = new WeakSet<object>();

/**
 * Logs what a 401/403/404 of this installation's octokit means (a missing permission, a suspended
 * or removed installation, bad credentials), once per installation and problem per window of
 * `once`, not once per event. Errors pass through unchanged: handlers still report them.
 */
export function reportAccessProblems(
  octokit: ProbotOctokit,
  where: { installationId: number; repo: string; log: Logger; once: RecentKeys },
): void {
  if (watched.has(octokit)) return;
  watched.add(octokit);
  octokit.hook.error('request', (err) => {
    const problem = describeAccessProblem(err, where);
    if (problem && where.once.claim(`${where.installationId} ${problem.key}`)) {
      where.log.warn(
        {
          outcome: 'access-problem',
          installation: where.installationId,
          repo: where.repo,
          status: problem.status,
          request: problem.request,
        },
        problem.message,
      );
    }
    throw err;
  });
}
