import type { Context, Logger, ProbotOctokit } from 'probot';
import { isStickyComment, type RunSection } from '../comment/model.js';
import { mayRunDiagnose } from '../github/check-permission.js';
import { addReaction, type Reaction } from '../github/reactions.js';
import { applyRequestPolicy } from '../github/request-policy.js';
import type { Limited } from '../state/command-limiter.js';
import { isOwnComment } from '../github/upsert-sticky-comment.js';
import { runDeps, type AppDeps } from './app-deps.js';
import { classifierFor } from './classify-jobs.js';
import { diagnoseRun } from './diagnose-run.js';
import { loadRepoConfig } from './load-repo-config.js';
import { parseDiagnoseCommand, type DiagnoseCommand } from './parse-diagnose-command.js';
import { publishSections } from './publish-sections.js';
import { readRepository } from './read-repository.js';
import { FAILED_CONCLUSIONS, readRunInfo, type RunInfo } from './run-info.js';

export const DENIED_REPLY =
  '`/diagnose` can be run by the pull request\'s author or by someone with write access to this repository.';

/** When GitHub would not say whether the commenter may run `/diagnose` (the check failed, not "no"). */
export const PERMISSION_UNKNOWN_REPLY =
  'runner-doctor could not check whether you may run `/diagnose` (GitHub did not answer); try again in a few minutes.';

/** The one reply to a `/diagnose` that came too soon. */
export function limitedReply(l: Limited): string {
  if (l.reason === 'running') return '`/diagnose` is already running on this pull request; its result ' +
    'will update the comment.';
  const who = l.reason === 'pr-cooldown' ? 'on this pull request' : 'by you';
  return `\`/diagnose\` was run ${who} moments ago; try again in ${l.retryInS} s. Further commands until ` +
    `then are ignored.`;
}

interface CommentPayload {
  issue?: { number?: number; pull_request?: unknown; user?: { login?: string } | null };
  comment?: {
    id?: number;
    body?: string | null;
    user?: { login?: string; type?: string } | null;
    performed_via_github_app?: { id: number } | null;
  };
}

/**
 * `issue_comment.created` with a `/diagnose` line on a PR: permission check, eyes, diagnose the
 * latest failed run of each workflow for the PR's head (or the run named), update the sticky
 * comment, then rocket (or confused plus a one-line reason). Never throws.
 */
export async function handleDiagnoseCommand(context: Context<'issue_comment.created'>, deps: AppDeps): Promise<void> {
  const payload = context.payload as unknown as Record<string, unknown> & CommentPayload;
  const { issue, comment } = payload;
  if (!issue?.pull_request || typeof comment?.body !== 'string') return;
  const command = parseDiagnoseCommand(comment.body);
  if (!command) return;
  const repository = readRepository(payload);
  if (
    typeof repository === 'string' ||
    typeof issue.number !== 'number' ||
    typeof comment.id !== 'number' ||
    !comment.user?.login
  ) {
    context.log.warn({ outcome: 'malformed-payload' }, '/diagnose ignored');
    return;
  }
  const { owner, repo, repoId } = repository;
  const prNumber = issue.number;
  const commentId = comment.id;
  const user = comment.user.login;
  const log = context.log.child({ repo: `${owner}/${repo}`, pr: prNumber, comment: commentId });
  const deliveryKey = `delivery:${context.id}`;
  if (!deps.seen.claim(deliveryKey)) {
    log.info({ outcome: 'duplicate' }, 'already handled');
    return;
  }
  applyRequestPolicy(context.octokit, deps.requestPolicy);
  const prKey = `${repoId}#${prNumber}`;
  const userKey = user.toLowerCase();
  /** One refusal per person and PR in a while: repeating the command must not make the app spam the thread. */
  const replyOnce = async (body: string) => {
    if (deps.commands.firstNotice(`${prKey}:${userKey}`)) await reply(body);
  };
  const reply = (body: string) =>
    context.octokit.rest.issues.createComment({ owner, repo, issue_number: prNumber, body });
  const react = (content: Reaction) =>
    addReaction(context.octokit, { owner, repo, commentId, content }).catch((err: unknown) =>
      log.warn({ outcome: 'reaction-failed', content, err }, 'could not react'),
    );
  try {
    const byBot = context.isBot || comment.user.type === 'Bot' || isStickyComment(comment.body);
    if (byBot || isOwnComment(comment as Parameters<typeof isOwnComment>[0], await deps.identity())) {
      log.debug({ outcome: 'ignored-bot' }, 'comment by a bot');
      return;
    }
    const limited = deps.commands.check(prKey, userKey);
    if (limited) {
      await replyOnce(limitedReply(limited));
      log.info({ outcome: 'rate-limited', reason: limited.reason, user }, '/diagnose too soon');
      return;
    }
    // Each command looked at costs API calls, allowed or not: the person's cooldown starts now.
    deps.commands.noteUser(userKey);
    let allowed: boolean;
    try {
      allowed = await mayRunDiagnose(context.octokit, {
        owner,
        repo,
        username: user,
        prAuthor: issue.user?.login ?? null,
      });
    } catch (err) {
      log.warn({ outcome: 'permission-check-failed', user, err }, 'could not check the permission');
      await replyOnce(PERMISSION_UNKNOWN_REPLY);
      return;
    }
    if (!allowed) {
      await replyOnce(DENIED_REPLY);
      log.info({ outcome: 'denied', user }, '/diagnose not allowed');
      return;
    }
    const reason = await deps.commands.run(prKey, async () => {
      await react('eyes');
      return diagnoseAndPublish(context, deps, { owner, repo, prNumber, command, log });
    });
    if (reason === null) {
      await react('rocket');
      log.info({ outcome: 'done' }, '/diagnose done');
    } else {
      await react('confused');
      await reply(reason);
      log.info({ outcome: 'nothing-to-do', reason }, '/diagnose finished without a diagnosis');
    }
  } catch (err) {
    // Nothing was published: a redelivery of this event may try again.
    deps.seen.forget(deliveryKey);
    log.error({ outcome: 'error', err }, '/diagnose failed');
    await react('confused');
    await reply(`runner-doctor could not finish \`/diagnose\`: ${(err as Error).message}`).catch(() => undefined);
  }
}

/** Returns null on success, else the one-line reason to reply with. */
async function diagnoseAndPublish(
  context: Context<'issue_comment.created'>,
  deps: AppDeps,
  p: { owner: string; repo: string; prNumber: number; command: DiagnoseCommand; log: Logger },
): Promise<string | null> {
  const { owner, repo, prNumber, command, log } = p;
  if (command.kind === 'invalid') {
    const arg = command.arg.replace(/`/g, "'").slice(0, 100);
    return (
      `\`${arg}\` is not a run id or a run URL; use \`/diagnose\`, \`/diagnose 123456789\` or ` +
      `\`/diagnose https://github.com/${owner}/${repo}/actions/runs/123456789\`.`
    );
  }
  if (
    command.kind === 'run' &&
    command.owner &&
    (command.owner.toLowerCase() !== owner.toLowerCase() || command.repo?.toLowerCase() !== repo.toLowerCase())
  ) {
    return `That run belongs to ${command.owner}/${command.repo}; \`/diagnose\` only reads runs of ${owner}/${repo}.`;
  }
  const { config, errors, catalog } = await loadRepoConfig(context, deps.catalog);
  if (!config.enabled)
    return 'runner-doctor is disabled for this repository (`enabled: false` in `.github/runner-doctor.yml`).';
  const pr = await context.octokit.rest.pulls.get({ owner, repo, pull_number: prNumber });
  const headSha = pr.data.head.sha;
  let runs: RunInfo[];
  if (command.kind === 'run') {
    const run = await getRun(context.octokit, owner, repo, command.runId);
    if (run === null) return `There is no run ${command.runId} in ${owner}/${repo}.`;
    if (typeof run === 'string') return `Run ${command.runId} could not be read (its \`${run}\` is ` +
      `missing or invalid).`;
    // A run of another branch would become a section of this PR's comment: only this PR's commits.
    if (
      run.head_sha !== headSha &&
      !(await isPullRequestCommit(context.octokit, owner, repo, prNumber, run.head_sha))
    ) {
      return (
        `Run ${command.runId} tested ${run.head_sha.slice(0, 7)}, which is not a commit of this ` +
        `pull request; \`/diagnose\` only reads this pull request's runs.`
      );
    }
    runs = [run];
  } else {
    runs = await latestRuns(context.octokit, owner, repo, headSha);
  }
  const wanted = runs.filter((r) => FAILED_CONCLUSIONS.has(r.conclusion ?? '') || r.conclusion === 'success');
  if (!wanted.some((r) => FAILED_CONCLUSIONS.has(r.conclusion ?? ''))) {
    return command.kind === 'run'
      ? `Run ${command.runId} did not fail (conclusion: ${runs[0]?.conclusion ?? 'none yet'}); nothing to diagnose.`
      : `No failed workflow run for the head commit ${headSha.slice(0, 7)}; nothing to diagnose.`;
  }
  const sections: RunSection[] = [];
  // Partial answers (GHES proxies, stand-ins) may lack the base: compare with nothing rather than fail.
  const baseRef = (pr.data.base as { ref?: unknown } | undefined)?.ref;
  const baseBranch = typeof baseRef === 'string' && baseRef ? baseRef : null;
  for (const run of wanted) {
    const runLog = log.child({ run: run.id });
    const classify = classifierFor(context.octokit, deps, {
      owner, repo, run, catalog, log: runLog, baseBranch, pr: prNumber,
    });
    sections.push(
      await diagnoseRun(context.octokit, {
        owner, repo, run, config, catalog, log: runLog, ...runDeps(deps), ...(classify ? { classify } : {}),
      }),
    );
  }
  await publishSections(context.octokit, {
    owner,
    repo,
    prNumber,
    sections,
    config,
    configErrors: errors,
    identity: await deps.identity(),
    locks: deps.locks,
    log,
    explicit: true,
  });
  return null;
}

/** The run, the name of the field that makes it unusable (as for a webhook's run), or null (no such run). */
async function getRun(
  octokit: ProbotOctokit,
  owner: string,
  repo: string,
  runId: string,
): Promise<RunInfo | string | null> {
  // The id goes into the path as written: exact even past 2^53.
  try {
    const res = await octokit.request('GET /repos/{owner}/{repo}/actions/runs/{run_id}', {
      owner,
      repo,
      run_id: runId as unknown as number,
    });
    return readRunInfo(res.data);
  } catch (err) {
    if ((err as { status?: number }).status === 404) return null;
    throw err;
  }
}

/** GitHub lists at most 250 commits of a pull request; a run of an older one is refused. */
async function isPullRequestCommit(
  octokit: ProbotOctokit,
  owner: string,
  repo: string,
  prNumber: number,
  sha: string,
): Promise<boolean> {
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listCommits, {
    owner,
    repo,
    pull_number: prNumber,
    per_page: 100,
  })) {
    if (page.data.some((c) => c.sha === sha)) return true;
  }
  return false;
}

/** The newest completed run of each workflow for a commit (the list shows each run's latest attempt). */
async function latestRuns(octokit: ProbotOctokit, owner: string, repo: string, headSha: string): Promise<RunInfo[]> {
  const runs = (await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, {
    owner, repo, head_sha: headSha, status: 'completed', per_page: 100,
  })) as unknown as unknown[];
  const newest = new Map<number, RunInfo>();
  for (const raw of runs) {
    const r = readRunInfo(raw);
    // A malformed run (bad id or path) is skipped, not fetched from.
    if (typeof r === 'string' || r.head_sha !== headSha) continue;
    const seen = newest.get(r.workflow_id);
    if (
      !seen ||
      (r.run_number ?? 0) > (seen.run_number ?? 0) ||
      ((r.run_number ?? 0) === (seen.run_number ?? 0) && r.id > seen.id)
    )
      newest.set(r.workflow_id, r);
  }
  return [...newest.values()].sort((a, b) => a.id - b.id);
}
