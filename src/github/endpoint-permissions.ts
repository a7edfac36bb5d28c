/**
 * The GitHub App permission each API call of the app needs (app.yml grants them), to name the one
 * missing when GitHub answers 403. `notFoundIsNormal`: a 404 there is an answer the caller handles
 * (file absent, log not ready, not a collaborator), not a sign that the app cannot see the repo.
 * Keep it in step with the calls in src/github/ and src/handlers/ (test/github/access-problems.test.ts).
 */
export interface EndpointPermission {
  method: string;
  /** As in GitHub's REST docs; `{name}` is one path segment. */
  route: string;
  permission: string;
  notFoundIsNormal?: boolean;
}

export const ENDPOINT_PERMISSIONS: readonly EndpointPermission[] = [
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/runs', permission: 'actions: read' },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/runs/{run_id}', permission: 'actions: read' },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs',
    permission: 'actions: read',
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs', permission: 'actions: read' },
  { method: 'GET', route: '/repos/{owner}/{repo}/actions/jobs/{job_id}', permission: 'actions: read' },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/actions/jobs/{job_id}/logs',
    permission: 'actions: read',
    notFoundIsNormal: true,
  },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/actions/runs/{run_id}/rerun-failed-jobs',
    permission: 'actions: write',
  },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/contents/{path*}',
    permission: 'contents: read',
    notFoundIsNormal: true,
  },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls', permission: 'pull_requests: read' },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{pull_number}', permission: 'pull_requests: read' },
  { method: 'GET', route: '/repos/{owner}/{repo}/pulls/{pull_number}/commits', permission: 'pull_requests: read' },
  { method: 'GET', route: '/repos/{owner}/{repo}/issues/{issue_number}/comments', permission: 'pull_requests: read' },
  { method: 'POST', route: '/repos/{owner}/{repo}/issues/{issue_number}/comments', permission: 'pull_requests: write' },
  { method: 'PATCH', route: '/repos/{owner}/{repo}/issues/comments/{comment_id}', permission: 'pull_requests: write' },
  {
    method: 'POST',
    route: '/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions',
    permission: 'pull_requests: write',
  },
  { method: 'POST', route: '/repos/{owner}/{repo}/check-runs', permission: 'checks: write' },
  {
    method: 'GET',
    route: '/repos/{owner}/{repo}/collaborators/{username}/permission',
    permission: 'metadata: read',
    notFoundIsNormal: true,
  },
];

/** `{name}` matches one segment, `{name*}` the rest of the path. */
function routePattern(route: string): RegExp {
  const body = route
    .split(/(\{[a-z_]+\*?\})/)
    .map((part) => (part.startsWith('{') ? (part.endsWith('*}') ? '.+' : '[^/]+') : part.replace(/[.]/g, '\\.')))
    .join('');
  return new RegExp(`^${body}$`);
}

const COMPILED = ENDPOINT_PERMISSIONS.map((entry) => ({ entry, pattern: routePattern(entry.route) }));

/** The entry for a request (`path` without the API base, query or GHE's /api/v3), or null. */
export function endpointPermission(method: string, path: string): EndpointPermission | null {
  const m = method.toUpperCase();
  return COMPILED.find((c) => c.entry.method === m && c.pattern.test(path))?.entry ?? null;
}
