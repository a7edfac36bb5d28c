import type { ProbotOctokit } from 'probot';
import { countApiError } from './app-metrics.js';

const counted = new WeakSet<object>();

/** Counts this octokit's failed requests by status for /metrics (once per octokit; errors pass through). */
export function countApiErrors(octokit: ProbotOctokit): void {
  if (counted.has(octokit)) return;
  counted.add(octokit);
  octokit.hook.error('request', (err) => {
    countApiError(err);
    throw err;
  });
}
