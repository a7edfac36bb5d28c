import type { Logger, ProbotOctokit } from 'probot';
import type { RunSection } from '../comment/model.js';
import type { RerunConfig } from '../config/parse-rerun.js';
import { rerunFailedJobs } from '../github/workflow-runs.js';
import { reruns } from '../metrics/app-metrics.js';
import type { RunInfo } from './run-info.js';

/**
 * Opt-in (repo config `rerun:`): asks GitHub to re-run the run's failed jobs when EVERY failed
 * job is infrastructure with a listed root cause and the attempt budget allows. A job that may
 * be the change's (new, unknown, broken on base, flaky, undiagnosed) blocks it: re-running
 * would hide it behind a retry. Marks the jobs so the comment says what was done.
 */
export async function autoRerun(
  octokit: ProbotOctokit,
  p: { owner: string; repo: string; run: RunInfo; rerun: RerunConfig | null; section: RunSection; log: Logger },
): Promise<void> {
  const { rerun, section, run } = p;
  if (!rerun || section.status !== 'failed' || section.jobs.length === 0) return;
  if (run.run_attempt >= rerun.maxAttempts) {
    p.log.info({ outcome: 'rerun-budget-spent', attempt: run.run_attempt }, 'no automatic re-run: ' +
      'attempt budget spent');
    return;
  }
  const listed = new Set(rerun.signatures);
  const eligible = section.jobs.every(
    (j) => j.classification?.kind === 'infrastructure' && listed.has(j.diagnosis?.rootCause?.id ?? ''),
  );
  if (!eligible) return;
  let outcome: 'requested' | 'failed' = 'requested';
  try {
    await rerunFailedJobs(octokit, { owner: p.owner, repo: p.repo, runId: run.id });
    for (const j of section.jobs) reruns.inc({ root_cause: j.diagnosis!.rootCause!.id });
    p.log.info({ outcome: 'rerun-requested', attempt: run.run_attempt }, 'failed jobs re-run automatically');
  } catch (err) {
    outcome = 'failed';
    p.log.warn({ outcome: 'rerun-failed', err }, 'automatic re-run refused');
  }
  for (const j of section.jobs) {
    j.classification = {
      ...j.classification!,
      rerun: { outcome, attempt: run.run_attempt, maxAttempts: rerun.maxAttempts },
    };
  }
}
