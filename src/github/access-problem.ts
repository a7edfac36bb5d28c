import { endpointPermission } from './endpoint-permissions.js';
import { rateLimitWaitMs } from './request-policy.js';

/** What a 401/403/404 from GitHub means for the app's setup, in words an operator can act on. */
export interface AccessProblem {
  /** One report per installation and key per window: the permission, or the installation's state. */
  key: string;
  message: string;
  /** `METHOD /path` that got the answer (the API base left out). */
  request: string;
  status: number;
}

interface RequestErrorLike {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
}

const SETTINGS_HINT =
  "add it under Permissions in the app's settings, then accept the new permissions on the installation " +
  '(Settings → GitHub Apps → Configure)';

/** The path of an API URL: GHE's `/api/v3` prefix, the host and the query dropped. */
function apiPath(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0]!;
  }
  return path.replace(/^\/api\/v3(?=\/)/, '');
}

/** `actions=read; contents=read,pull_requests=read` → `actions: read, or contents: read and pull_requests: read`. */
export function acceptedPermissions(header: string | number | undefined): string | null {
  if (header === undefined) return null;
  const sets = String(header)
    .split(';')
    .map((set) =>
      set
        .split(',')
        .map((p) => p.trim().replace(/\s*=\s*/, ': '))
        .filter(Boolean)
        .join(' and '),
    )
    .filter(Boolean);
  return sets.length ? sets.join(', or ') : null;
}

function githubMessage(err: RequestErrorLike): string {
  const data = err.response?.data as { message?: unknown } | undefined;
  const text = typeof data?.message === 'string' ? data.message : (err.message ?? '');
  return text.split('\n')[0]!.slice(0, 200);
}

/**
 * Names the permission or installation problem behind a failed request, or null when the error is
 * none (other statuses, rate limits, a 404 the caller expects). `repo` is the event's repository.
 */
export function describeAccessProblem(
  err: unknown,
  where: { installationId: number; repo: string },
): AccessProblem | null {
  const e = err as RequestErrorLike;
  const status = e.status;
  if (status !== 401 && status !== 403 && status !== 404) return null;
  if (rateLimitWaitMs(err) !== null || /rate limit/i.test(githubMessage(e))) return null;
  const method = (e.request?.method ?? 'GET').toUpperCase();
  const path = apiPath(e.request?.url ?? '');
  const request = `${method} ${path}`;
  const said = githubMessage(e);
  const answered = `${request} answered ${status}${said ? ` "${said}"` : ''}`;
  const installation = `installation ${where.installationId}`;
  const base = { request, status };
  if (/^\/app\/installations\/[^/]+\/access_tokens$/.test(path)) {
    if (status === 401) return { ...base, key: 'credentials', message: credentialsMessage(answered) };
    if (status === 403) {
      return {
        ...base,
        key: 'suspended',
        message:
          `the installation was suspended (${installation}, ${where.repo}): ${answered}; ` +
          "unsuspend it in the account's Settings → GitHub Apps → Configure",
      };
    }
    return {
      ...base,
      key: 'not-installed',
      message:
        `the app is not installed on ${where.repo} any more (${installation} is gone): ${answered}; ` +
        'install it again from the app’s public page or its settings (Install App)',
    };
  }
  if (status === 401) return { ...base, key: 'credentials', message: credentialsMessage(answered) };
  if (status === 403 && /suspended/i.test(said)) {
    return {
      ...base,
      key: 'suspended',
      message: `the installation was suspended (${installation}, ${where.repo}): ${answered}`,
    };
  }
  const endpoint = endpointPermission(method, path);
  if (status === 403) {
    const accepted = acceptedPermissions(e.response?.headers?.['x-accepted-github-permissions']);
    const permission = accepted ?? endpoint?.permission ?? null;
    if (!permission) {
      return {
        ...base,
        key: `forbidden ${request}`,
        message:
          `a permission is missing on ${where.repo} (${installation}): ${answered}; ` +
          "compare app.yml with the app's settings",
      };
    }
    return {
      ...base,
      key: `permission ${permission}`,
      message: `${permission} is missing on ${where.repo} (${installation}): ${answered}; ${SETTINGS_HINT}`,
    };
  }
  if (endpoint?.notFoundIsNormal) return null;
  return {
    ...base,
    key: `not-found ${where.repo}`,
    message:
      `the app is not installed on ${where.repo}, or the repository is not among the repositories ` +
      `${installation} may access (or the ${endpoint ? 'object was deleted' : 'object does not exist'}): ` +
      `${answered}; add the repository in the installation's settings (Configure → Repository access)`,
  };
}

function credentialsMessage(answered: string): string {
  return (
    `GitHub refused the app's credentials: ${answered}; check that APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) ` +
    "belong to the same app, that the key was not revoked, and that this server's clock is right"
  );
}
