import type { Context, Logger } from 'probot';
import { findPullRequests } from '../github/find-pull-requests.js';
import { applyRequestPolicy } from '../github/request-policy.js';
import { isRetryable } from '../queue/retry-policy.js';
import { countApiErrors } from '../metrics/count-api-errors.js';
import { webhookToComment } from '../metrics/app-metrics.js';
import { runDeps, type AppDeps } from './app-deps.js';
import { autoRerun } from './auto-rerun.js';
import { baseBranchOf, classifierFor } from './classify-jobs.js';
import { diagnoseRun } from './diagnose-run.js';
import { loadRepoConfig } from './load-repo-config.js';
import { publishCheckRun } from './publish-check-run.js';
import { publishSections } from './publish-sections.js';
import { FAILED_CONCLUSIONS, readRunInfo, type RunInfo } from './run-info.js';
import { readRepository } from './read-repository.js';

/**
 * `workflow_run.completed`: a failed run is diagnosed into each of its PRs' sticky comment; a
 * successful later attempt marks the workflow's section as passed. Errors are logged; only those
 * that waiting may cure (5xx, rate limits, timeouts) are thrown, for the queue to retry.
 */
export async function handleWorkflowRun(context: Context<'workflow_run.completed'>, deps: AppDeps): Promise<void> {
  const payload = context.payload as unknown as Record<string, unknown>;
  const repository = readRepository(payload);
  const run = readRunInfo(payload.workflow_run);
  // No `installation` check here: the app's wiring drops events without one before they are queued
  // (src/index.ts), and the Action's events have none (it authenticates with the workflow's token).
  const problem = typeof repository === 'string' ? repository : typeof run === 'string' ? run : null;
  if (typeof repository === 'string' || typeof run === 'string') {
    context.log.warn({ outcome: 'malformed-payload', field: problem }, 'workflow_run ignored');
    return;
  }
  const { owner, repo, repoId } = repository;
  const log = context.log.child({ repo: `${owner}/${repo}`, run: run.id, attempt: run.run_attempt });
  const failed = FAILED_CONCLUSIONS.has(run.conclusion ?? '');
  if (!failed && run.conclusion !== 'success') {
    log.debug({ outcome: 'ignored', conclusion: run.conclusion }, 'conclusion not handled');
    return;
  }
  const keys = [`delivery:${context.id}`, `run:${repoId}:${run.id}:${run.run_attempt}:${run.conclusion}`];
  // Owned by this delivery: its own retry (after a crash or a transient error) may claim again.
  if (!(await deps.claims.claim(keys, context.id))) {
    log.info({ outcome: 'duplicate', delivery: context.id }, 'already handled');
    return;
  }
  applyRequestPolicy(context.octokit, deps.requestPolicy);
  countApiErrors(context.octokit);
  try {
    const publishFailure = await handleClaimedRun(context, deps, { payload, owner, repo, repoId, run, failed, log });
    if (publishFailure === null) await deps.claims.complete(keys, context.id);
    else {
      // A PR left without its section: the queue's retry (transient) or GitHub's redelivery tries
      // again; PRs already done merge to "unchanged" and cost no write.
      await deps.claims.release(keys, context.id);
      if (isRetryable(publishFailure)) throw publishFailure;
    }
  } catch (err) {
    // Let a retry or a redelivery try again.
    await deps.claims.release(keys, context.id);
    log.error({ outcome: 'error', err }, 'workflow_run handling failed');
    // GitHub down, rate limited, timed out: the queue runs the event again later.
    if (isRetryable(err)) throw err;
  }
}

/** Everything after the claim; returns the first failed comment update, or null. */
async function handleClaimedRun(
  context: Context<'workflow_run.completed'>,
  deps: AppDeps,
  { payload, owner, repo, repoId, run, failed, log }: {
    payload: Record<string, unknown>; owner: string; repo: string; repoId: number; run: RunInfo; failed: boolean;
    log: Logger;
  },
): Promise<Error | null> {
  const { config, errors, catalog } = await loadRepoConfig(context, deps.catalog);
  if (!config.enabled) {
    log.info({ outcome: 'disabled' }, 'disabled by config');
    return null;
  }
  const headRepo = payload.workflow_run as {
    head_repository?: { owner?: { login?: string } } | null;
    pull_requests?: unknown;
  };
  const prs = await findPullRequests(context.octokit, {
    owner,
    repo,
    repoId,
    headSha: run.head_sha,
    headBranch: run.head_branch,
    headOwner: headRepo.head_repository?.owner?.login ?? null,
    pullRequests: Array.isArray(headRepo.pull_requests) ? headRepo.pull_requests.filter(isPullRequestRef) : [],
  });
  const wantsCheckRun = failed && config.checkRun;
  if (prs.length === 0 && !wantsCheckRun) {
    log.info({ outcome: 'no-pr' }, 'no open pull request for this run');
    return null;
  }
  if (!failed && run.run_attempt > 1) {
    // The run passed on a later attempt: its earlier failures were flaky, not the change's.
    await deps.history?.store?.markFlaky(`${owner}/${repo}`, run.id, run.run_attempt).catch(() => 0);
  }
  const classify = classifierFor(context.octokit, deps, {
    owner, repo, run, catalog, log, baseBranch: baseBranchOf(payload), pr: prs[0] ?? null,
  });
  const section = await diagnoseRun(context.octokit, {
    owner, repo, run, config, catalog, log, ...runDeps(deps), ...(classify ? { classify } : {}),
  });
  // Once per run attempt, even when this event is retried (a publish that failed transiently).
  const rerunKey = [`rerun:${repoId}:${run.id}:${run.run_attempt}`];
  if (await deps.claims.claim(rerunKey, context.id)) {
    await autoRerun(context.octokit, { owner, repo, run, rerun: config.rerun, section, log });
    await deps.claims.complete(rerunKey, context.id);
  }
  if (prs.length === 0) {
    const id = await publishCheckRun(context.octokit, { owner, repo, section, configErrors: errors });
    log.info({ outcome: 'check-run-created', checkRun: id }, 'no open pull request: diagnosis ' +
      'published as a check run');
    observeLatency(run.updated_at);
    return null;
  }
  const identity = await deps.identity();
  let failures = 0;
  let failure: Error | null = null;
  for (const prNumber of prs) {
    try {
      await publishSections(context.octokit, {
        owner, repo, prNumber, sections: [section], config, configErrors: errors, identity, locks: deps.locks, log,
      });
    } catch (err) {
      failures++;
      failure ??= err instanceof Error ? err : new Error(String(err));
      log.error({ outcome: 'publish-error', pr: prNumber, err }, 'could not update the comment');
    }
  }
  if (failures < prs.length) observeLatency(run.updated_at);
  return failure;
}

/** An entry of `workflow_run.pull_requests` with a number (the payload is typed loosely; null entries are skipped). */
function isPullRequestRef(v: unknown): v is { number: number; base?: { repo?: { id?: number } } } {
  return typeof v === 'object' && v !== null && Number.isSafeInteger((v as { number?: unknown }).number);
}

/** Seconds from the run's completion (when GitHub sends the webhook) to the diagnosis being published. */
function observeLatency(completedAt: string): void {
  const s = (Date.now() - Date.parse(completedAt)) / 1000;
  if (Number.isFinite(s) && s >= 0) webhookToComment.observe(s);
}
