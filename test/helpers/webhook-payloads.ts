import { createRequire } from 'node:module';

/**
 * Webhook payloads built from `@octokit/webhooks-examples` (GitHub's own examples), patched to
 * what the app handles: the examples have no failed workflow_run, no PR comment and no
 * `installation`, and their PR base repo id does not match their repository.
 */
const require = createRequire(import.meta.url);
const examples = require('@octokit/webhooks-examples') as { name: string; examples: Record<string, unknown>[] }[];

function example(name: string, pick: (e: Record<string, unknown>) => boolean): Record<string, any> {
  const found = examples.find((e) => e.name === name)?.examples.find(pick);
  if (!found) throw new Error(`no ${name} example matched in @octokit/webhooks-examples`);
  return structuredClone(found) as Record<string, any>;
}

export const OWNER = 'octo-org';
export const REPO = 'octo-repo';
export const REPO_ID = 300029405;
export const INSTALLATION_ID = 1;
export const HEAD_SHA = '3484a3fb816e0859fd6e1cea078d76385ff50625';

export interface RunPayloadOptions {
  runId?: number;
  attempt?: number;
  conclusion?: string;
  /** Workflow file path; also the section key. */
  path?: string;
  name?: string;
  workflowId?: number;
  /** PR numbers in the payload, or 'fork' for none (fork PRs) with the head in `forker/octo-repo`. */
  prs?: number[] | 'fork';
  headSha?: string;
}

/** A `workflow_run.completed` payload of a failed run of `octo-org/octo-repo`, PR #2 by default. */
export function workflowRunPayload(o: RunPayloadOptions = {}): Record<string, any> {
  const p = example('workflow_run', (e) => e.action === 'completed' && (e.workflow_run as any).pull_requests.length > 0);
  const run = p.workflow_run;
  const runId = o.runId ?? 289782451;
  const attempt = o.attempt ?? 1;
  run.id = runId;
  run.run_attempt = attempt;
  run.conclusion = o.conclusion ?? 'failure';
  run.path = o.path ?? '.github/workflows/build.yml';
  run.name = o.name ?? 'Build and publish';
  run.workflow_id = o.workflowId ?? 2823525;
  run.head_sha = o.headSha ?? HEAD_SHA;
  run.head_branch = 'feature';
  run.html_url = `https://github.com/${OWNER}/${REPO}/actions/runs/${runId}`;
  run.updated_at = '2026-11-28T12:00:00Z';
  const prTemplate = run.pull_requests[0];
  if (o.prs === 'fork') {
    run.pull_requests = [];
    run.head_repository = { ...run.head_repository, full_name: `forker/${REPO}`, owner: { ...run.head_repository.owner, login: 'forker' } };
  } else {
    run.pull_requests = (o.prs ?? [2]).map((n) => ({
      ...structuredClone(prTemplate),
      number: n,
      url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${n}`,
      head: { ...prTemplate.head, sha: run.head_sha, repo: { ...prTemplate.head.repo, id: REPO_ID } },
      base: { ...prTemplate.base, repo: { ...prTemplate.base.repo, id: REPO_ID } },
    }));
  }
  p.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return p;
}

export interface CommentPayloadOptions {
  body?: string;
  commenter?: string;
  commenterType?: 'User' | 'Bot';
  prAuthor?: string;
  prNumber?: number;
  commentId?: number;
  viaAppId?: number;
}

/** An `issue_comment.created` payload on PR #2 of `octo-org/octo-repo` (the example is on an issue). */
export function prCommentPayload(o: CommentPayloadOptions = {}): Record<string, any> {
  const p = example('issue_comment', (e) => e.action === 'created');
  const repository = workflowRunPayload().repository;
  const prNumber = o.prNumber ?? 2;
  p.repository = repository;
  p.issue.number = prNumber;
  p.issue.user = { ...p.issue.user, login: o.prAuthor ?? 'author', type: 'User' };
  p.issue.pull_request = {
    url: `https://api.github.com/repos/${OWNER}/${REPO}/pulls/${prNumber}`,
    html_url: `https://github.com/${OWNER}/${REPO}/pull/${prNumber}`,
  };
  p.comment.id = o.commentId ?? 555;
  p.comment.body = o.body ?? '/diagnose';
  p.comment.user = { ...p.comment.user, login: o.commenter ?? 'author', type: o.commenterType ?? 'User' };
  p.comment.performed_via_github_app = o.viaAppId ? { id: o.viaAppId } : null;
  p.sender = { ...p.sender, login: p.comment.user.login, type: p.comment.user.type };
  p.installation = { id: INSTALLATION_ID, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMQ==' };
  return p;
}
