import type { ProbotOctokit } from 'probot';

/** Roles that may run `/diagnose` on someone else's pull request. */
const ALLOWED_ROLES = new Set(['write', 'maintain', 'admin']);

/**
 * Whether `username` may run `/diagnose` on a PR: its author always may; anyone else needs write
 * access or more (`author_association` is unreliable, so we ask the permission endpoint).
 */
export async function mayRunDiagnose(
  octokit: ProbotOctokit,
  params: { owner: string; repo: string; username: string; prAuthor: string | null },
): Promise<boolean> {
  if (params.prAuthor !== null && params.username === params.prAuthor) return true;
  try {
    const res = await octokit.rest.repos.getCollaboratorPermissionLevel({
      owner: params.owner,
      repo: params.repo,
      username: params.username,
    });
    // role_name knows "maintain"; permission folds it into "write".
    const role = (res.data as { role_name?: string }).role_name ?? res.data.permission;
    return ALLOWED_ROLES.has(role) || ALLOWED_ROLES.has(res.data.permission);
  } catch (err) {
    // Not a collaborator (or no such user): no access.
    if ((err as { status?: number }).status === 404) return false;
    throw err;
  }
}
