import type { ProbotOctokit } from 'probot';
import { isStickyComment } from '../comment/model.js';

/** Who this app is, to tell its own sticky comment from a pasted copy of the marker. */
export interface AppIdentity {
  slug: string;
  id: number;
}

export interface UpsertParams {
  owner: string;
  repo: string;
  issueNumber: number;
  identity: AppIdentity;
  /**
   * Builds the new body from the current one (null when there is no sticky comment yet).
   * Return null to write nothing (e.g. a "passed" update when we never commented).
   */
  update: (existingBody: string | null) => { body: string; changed: boolean } | null;
}

export interface UpsertResult {
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped';
  commentId: number | null;
}

interface CommentLike {
  id: number;
  body?: string | null;
  user: { login: string; type?: string } | null;
  performed_via_github_app?: { id: number } | null;
}

/** True when the comment was written by this app (anyone can paste the marker). */
export function isOwnComment(comment: CommentLike, identity: AppIdentity): boolean {
  return comment.user?.login === `${identity.slug}[bot]` || comment.performed_via_github_app?.id === identity.id;
}

/**
 * Creates or updates this app's one sticky comment on a PR. Reads the comments (every page) right
 * before writing, so call it inside the PR's lock and after the slow work is done.
 */
export async function upsertStickyComment(octokit: ProbotOctokit, params: UpsertParams): Promise<UpsertResult> {
  const first = await writeOnce(octokit, params);
  if (first.ok) return first.result;
  // The create failed, but GitHub may have made the comment anyway (a 502 after the write):
  // read again, so a second attempt updates that comment instead of adding a twin.
  const second = await writeOnce(octokit, params);
  if (second.ok) return second.result;
  throw second.error;
}

async function writeOnce(
  octokit: ProbotOctokit,
  params: UpsertParams,
): Promise<{ ok: true; result: UpsertResult } | { ok: false; error: unknown }> {
  const { owner, repo, issueNumber } = params;
  const comments = (await octokit.paginate(octokit.rest.issues.listComments, {
    owner,
    repo,
    issue_number: issueNumber,
    per_page: 100,
  })) as CommentLike[];
  const existing = comments.find((c) => isOwnComment(c, params.identity) && isStickyComment(c.body ?? '')) ?? null;
  const next = params.update(existing ? existing.body ?? '' : null);
  if (next === null) return { ok: true, result: { outcome: 'skipped', commentId: existing?.id ?? null } };
  if (existing && !next.changed) return { ok: true, result: { outcome: 'unchanged', commentId: existing.id } };
  if (existing) {
    await octokit.rest.issues.updateComment({ owner, repo, comment_id: existing.id, body: next.body });
    return { ok: true, result: { outcome: 'updated', commentId: existing.id } };
  }
  try {
    // No blind retry of a create (Probot's retry plugin would send it again): the caller re-reads.
    const created = await octokit.rest.issues.createComment({
      owner, repo, issue_number: issueNumber, body: next.body, request: { retries: 0 },
    });
    return { ok: true, result: { outcome: 'created', commentId: created.data.id } };
  } catch (error) {
    const status = (error as { status?: number }).status;
    // A 4xx other than a timeout says the comment was not made (and will not be on a retry).
    if (status !== undefined && status >= 400 && status < 500 && status !== 408) throw error;
    return { ok: false, error };
  }
}
