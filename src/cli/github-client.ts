import type { ProbotOctokit } from 'probot';
import { UsageError } from './usage-error.js';

/** A deadline for each API call (the log download brings its own). */
const CALL_TIMEOUT_MS = 60_000;

/**
 * An Octokit for the CLI: the token, the API base (GitHub Enterprise Server too), quiet, one retry
 * on a server error, and a wait for a rate limit only when it is short. Probot is loaded only here:
 * diagnosing local files does not pay for it.
 */
export async function createClient(token: string, baseUrl: string): Promise<ProbotOctokit> {
  const { ProbotOctokit } = await import('probot');
  const retryIfShort = (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount === 0 && retryAfter <= 60;
  const Client = ProbotOctokit.defaults((o: Record<string, unknown>) => ({
    ...o,
    retry: { retries: 1 },
    throttle: { enabled: true, onRateLimit: retryIfShort, onSecondaryRateLimit: retryIfShort },
  }));
  const quiet = () => undefined;
  const timedFetch: typeof fetch = (url, init) =>
    fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(CALL_TIMEOUT_MS) });
  return new Client({
    auth: { token },
    baseUrl,
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    request: { fetch: timedFetch },
  });
}

export interface CallContext {
  /** What was being done, as a phrase: "read run 42 of acme/app". */
  action: string;
  /** The token permission it needs: "Actions: read". */
  permission: string;
  owner: string;
  repo: string;
  /** Where the token came from. */
  tokenFrom: string;
  baseUrl: string;
}

/** A failed API call as one line that says what to do. */
export function explainGitHubError(err: unknown, c: CallContext): UsageError {
  if (err instanceof UsageError) return err;
  const e = err as { status?: number; message?: string; response?: { headers?: Record<string, string | undefined> } };
  const headers = e.response?.headers ?? {};
  const repo = `${c.owner}/${c.repo}`;
  switch (e.status) {
    case 401:
      return new UsageError(
        `GitHub rejected the token from ${c.tokenFrom} (401) to ${c.action}: it is wrong or expired; ` +
          'set GITHUB_TOKEN to a valid one or run `gh auth login`',
      );
    case 403:
    case 429: {
      if (headers['x-ratelimit-remaining'] === '0' || e.status === 429) {
        const reset = Number(headers['x-ratelimit-reset']);
        const at = Number.isFinite(reset) && reset > 0 ? new Date(reset * 1000).toISOString().slice(11, 16) : null;
        const when = at ? ` until ${at} UTC` : '';
        return new UsageError(
          `GitHub's API rate limit is used up${when} (${e.status}): wait, or use a token with a higher limit`,
        );
      }
      if (headers['x-github-sso']) {
        return new UsageError(`${repo} needs SSO (403) to ${c.action}: authorize the token for its organization`);
      }
      return new UsageError(
        `GitHub refused (403) to ${c.action}: the token from ${c.tokenFrom} needs "${c.permission}" on ${repo} ` +
          '(fine-grained token: that repository permission; classic token: the repo scope)',
      );
    }
    case 404:
      return new UsageError(
        `GitHub found nothing (404) to ${c.action}: ` +
          `check the URL, and that the token from ${c.tokenFrom} can see ${repo}`,
      );
    case 410:
      return new UsageError(
        `the logs are gone (410) to ${c.action}: ` +
          "GitHub keeps logs for the repository's retention period (90 days by default)",
      );
    default: {
      const cause = (err as { cause?: { code?: string; cause?: { code?: string } } }).cause;
      const code = cause?.code ?? cause?.cause?.code;
      if (e.status === undefined || e.status === 500 && code) {
        return new UsageError(
          `cannot reach ${c.baseUrl} to ${c.action} (${code ?? e.message ?? 'no answer'}): check the network, ` +
            'and GITHUB_API_URL for GitHub Enterprise Server',
        );
      }
      return new UsageError(`GitHub answered ${e.status} to ${c.action}: ${(e.message ?? '').split('\n')[0]}`);
    }
  }
}
