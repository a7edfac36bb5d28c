import type { Context, Logger, ProbotOctokit } from 'probot';
import { isStickyComment, type RunSection } from '../comment/model.js';
import { mayRunDiagnose } from '../github/check-permission.js';
import { addReaction, type Reaction } from '../github/reactions.js';
import { isOwnComment } from '../github/upsert-sticky-comment.js';
import { runDeps, type AppDeps } from './app-deps.js';
import { diagnoseRun } from './diagnose-run.js';
import { loadRepoConfig } from './load-repo-config.js';
import { parseDiagnoseCommand, type DiagnoseCommand } from './parse-diagnose-command.js';
import { publishSections } from './publish-sections.js';
import { readRepository } from './read-repository.js';
import { FAILED_CONCLUSIONS, type RunInfo } from './run-info.js';

export const DENIED_REPLY =
  '`/diagnose` can be run by the pull request\'s author or by someone with write access to this repository.';

interface CommentPayload {
  issue?: { number?: number; pull_request?: unknown; user?: { login?: string } | null };
  comment?: { id?: number; body?: string | null; user?: { login?: string; type?: string } | null; performed_via_github_app?: { id: number } | null };
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
  if (typeof repository === 'string' || typeof issue.number !== 'number' || typeof comment.id !== 'number' || !comment.user?.login) {
    context.log.warn({ outcome: 'malformed-payload' }, '/diagnose ignored');
    return;
  }
  const { owner, repo, repoId } = repository;
  const prNumber = issue.number;
  const commentId = comment.id;
  const user = comment.user.login;
  const log = context.log.child({ repo: `${owner}/${repo}`, pr: prNumber, comment: commentId });
  if (!deps.seen.claim(`delivery:${context.id}`)) {
    log.info({ outcome: 'duplicate' }, 'already handled');
    return;
  }
  const reply = (body: string) => context.octokit.rest.issues.createComment({ owner, repo, issue_number: prNumber, body });
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
    const allowed = await mayRunDiagnose(context.octokit, { owner, repo, username: user, prAuthor: issue.user?.login ?? null });
    if (!allowed) {
      // One reply per person and PR: repeating the command must not make the app spam the thread.
      if (deps.seen.claim(`denied:${repoId}:${prNumber}:${user.toLowerCase()}`)) await reply(DENIED_REPLY);
      log.info({ outcome: 'denied', user }, '/diagnose not allowed');
      return;
    }
    await react('eyes');
    const reason = await diagnoseAndPublish(context, deps, { owner, repo, prNumber, command, log });
    if (reason === null) {
      await react('rocket');
      log.info({ outcome: 'done' }, '/diagnose done');
    } else {
      await react('confused');
      await reply(reason);
      log.info({ outcome: 'nothing-to-do', reason }, '/diagnose finished without a diagnosis');
    }
  } catch (err) {
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
    return `\`${command.arg.replace(/`/g, "'").slice(0, 100)}\` is not a run id or a run URL; use \`/diagnose\`, \`/diagnose 123456789\` or \`/diagnose https://github.com/${owner}/${repo}/actions/runs/123456789\`.`;
  }
  if (command.kind === 'run' && command.owner && (command.owner.toLowerCase() !== owner.toLowerCase() || command.repo?.toLowerCase() !== repo.toLowerCase())) {
    return `That run belongs to ${command.owner}/${command.repo}; \`/diagnose\` only reads runs of ${owner}/${repo}.`;
  }
  const { config, errors, catalog } = await loadRepoConfig(context, deps.catalog);
  if (!config.enabled) return 'runner-doctor is disabled for this repository (`enabled: false` in `.github/runner-doctor.yml`).';
  const pr = await context.octokit.rest.pulls.get({ owner, repo, pull_number: prNumber });
  const headSha = pr.data.head.sha;
  const runs = command.kind === 'run' ? [await getRun(context.octokit, owner, repo, command.runId)] : await latestRuns(context.octokit, owner, repo, headSha);
  const wanted = runs.filter((r) => FAILED_CONCLUSIONS.has(r.conclusion ?? '') || r.conclusion === 'success');
  if (!wanted.some((r) => FAILED_CONCLUSIONS.has(r.conclusion ?? ''))) {
    return command.kind === 'run'
      ? `Run ${command.runId} did not fail (conclusion: ${runs[0]?.conclusion ?? 'none yet'}); nothing to diagnose.`
      : `No failed workflow run for the head commit ${headSha.slice(0, 7)}; nothing to diagnose.`;
  }
  const sections: RunSection[] = [];
  for (const run of wanted) {
    sections.push(
      await diagnoseRun(context.octokit, { owner, repo, run, config, catalog, log: log.child({ run: run.id }), ...runDeps(deps) }),
    );
  }
  await publishSections(context.octokit, {
    owner, repo, prNumber, sections, config, configErrors: errors, identity: await deps.identity(), locks: deps.locks, log, explicit: true,
  });
  return null;
}

async function getRun(octokit: ProbotOctokit, owner: string, repo: string, runId: number): Promise<RunInfo> {
  const res = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId });
  return res.data as unknown as RunInfo;
}

/** The newest completed run of each workflow for a commit (the list shows each run's latest attempt). */
async function latestRuns(octokit: ProbotOctokit, owner: string, repo: string, headSha: string): Promise<RunInfo[]> {
  const runs = (await octokit.paginate(octokit.rest.actions.listWorkflowRunsForRepo, {
    owner, repo, head_sha: headSha, status: 'completed', per_page: 100,
  })) as unknown as RunInfo[];
  const newest = new Map<number, RunInfo>();
  for (const r of runs) {
    const seen = newest.get(r.workflow_id);
    if (!seen || (r.run_number ?? 0) > (seen.run_number ?? 0) || ((r.run_number ?? 0) === (seen.run_number ?? 0) && r.id > seen.id)) newest.set(r.workflow_id, r);
  }
  return [...newest.values()].sort((a, b) => a.id - b.id);
}
