import type { JobClassification } from '../history/classify.js';
import { codeSpan, safeUrl } from '../markdown/escape.js';

/**
 * The one line that answers "did my change break this?" above a job's diagnosis, plus what the
 * automatic re-run did. Branch names are untrusted and go through codeSpan.
 */
export function classificationLine(c: JobClassification): string {
  const base = c.baseBranch ? codeSpan(c.baseBranch) : 'the base branch';
  let line: string;
  switch (c.kind) {
    case 'infrastructure':
      line = '🏗️ **Infrastructure**: not caused by this change (runner, container hooks, docker or job image).';
      break;
    case 'broken-on-base':
      line = `🔁 **Broken on base**: also failing on ${base} since ${runLink(c.since)}, with the same root cause.`;
      break;
    case 'flaky':
      line = c.passedInAttempt
        ? `🎲 **Flaky**: the same job passed on this commit in attempt ${c.passedInAttempt}.`
        : `🎲 **Flaky**: the same failure alternates with passes on ${base} (passed in ${runLink(c.passedOnBase)}).`;
      break;
    case 'new':
      line =
        c.baseRuns === 0
          ? `🆕 **New**: ${base} has no completed run of this workflow to compare with; most likely from this change.`
          : `🆕 **New**: not seen in the latest ${c.baseRuns === 1 ? 'run' : `${c.baseRuns} runs`} on ${base}; ` +
            'most likely from this change.';
      break;
    default:
      line = `❔ **Unknown**: could not compare with ${base} (the GitHub API lookup failed).`;
  }
  if (c.rerun?.outcome === 'requested') {
    line += ` 🔄 Re-run requested automatically (attempt ${c.rerun.attempt + 1} of at most ${c.rerun.maxAttempts}).`;
  } else if (c.rerun?.outcome === 'failed') {
    line += ' The automatic re-run was refused by GitHub (the app needs `actions: write`).';
  }
  return line;
}

function runLink(r: { runId: number; runUrl: string } | undefined): string {
  return r ? `[run ${r.runId}](${safeUrl(r.runUrl)})` : 'an earlier run';
}
