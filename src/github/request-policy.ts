import type { ProbotOctokit } from 'probot';

export interface RequestPolicy {
  /** Per attempt, for requests that bring no signal of their own (log downloads do). */
  timeoutMs: number;
  /** Longest rate-limit wait honoured; a longer `retry-after` fails the call at once. */
  maxWaitMs: number;
  /** Retries per request (rate limits, and server errors of reads). Default 3. */
  maxRetries?: number;
  /** Injected for tests; default setTimeout. */
  sleep?: (ms: number) => Promise<void>;
}

const applied = new WeakSet<object>();

/**
 * The one retry policy for this octokit, whatever plugins it was built with (Probot's retry
 * plugin is turned off per request, so nothing retries twice):
 * - every attempt has a timeout, unless the caller brought its own signal (log downloads);
 * - a rate-limited request (403/429 with `retry-after`, or an exhausted `x-ratelimit-remaining`)
 *   is sent again after the wait GitHub asks for, when within `maxWaitMs`; it was not processed,
 *   so this is safe for any method;
 * - a read (GET/HEAD) that failed with 5xx, a network error or the timeout is sent again after
 *   1 s, 2 s, 4 s; a write is not (it may have happened: the caller re-reads, see
 *   upsert-sticky-comment.ts).
 */
export function applyRequestPolicy(octokit: ProbotOctokit, policy: RequestPolicy): ProbotOctokit {
  if (applied.has(octokit)) return octokit;
  applied.add(octokit);
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const maxRetries = policy.maxRetries ?? 3;
  octokit.hook.wrap('request', async (request, options) => {
    // before-after-hook binds every hook to the same options object and ignores arguments
    // passed down the chain: change the request by replacing `options.request` (never mutate
    // it: Octokit shares that object between requests).
    const callerSignal = (options.request as { signal?: AbortSignal } | undefined)?.signal;
    const ownSignal = !callerSignal;
    const read = options.method === 'GET' || options.method === 'HEAD';
    for (let attempt = 0; ; attempt++) {
      options.request = {
        ...options.request,
        retries: 0,
        ...(ownSignal ? { signal: AbortSignal.timeout(policy.timeoutMs) } : {}),
      };
      try {
        return await request(options);
      } catch (err) {
        // The caller's own deadline passed: theirs to report, not ours to retry.
        if (callerSignal?.aborted) throw err;
        const limited = rateLimitWaitMs(err);
        const wait = limited ?? (read && isTransient(err) ? 1000 * 2 ** attempt : null);
        if (wait === null || attempt >= maxRetries || wait > policy.maxWaitMs)
          throw timeoutNamed(err, policy, ownSignal);
        await sleep(wait);
      }
    }
  });
  return octokit;
}

/** How long GitHub asks us to wait, or null when the error is no rate limit. */
export function rateLimitWaitMs(err: unknown, now = Date.now()): number | null {
  const e = err as { status?: number; response?: { headers?: Record<string, string | number | undefined> } };
  if (e.status !== 403 && e.status !== 429) return null;
  const h = e.response?.headers ?? {};
  const retryAfter = Number(h['retry-after']);
  if (h['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (String(h['x-ratelimit-remaining']) === '0') {
    const reset = Number(h['x-ratelimit-reset']);
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - now) + 1000 : null;
  }
  // A secondary limit without retry-after: GitHub says wait at least a minute.
  return e.status === 429 ? 60_000 : null;
}

/** 5xx, or no answer at all (Octokit reports network errors and aborts as status 500). */
function isTransient(err: unknown): boolean {
  const status = (err as { status?: number }).status;
  return status === undefined || status >= 500;
}

/** An aborted fetch says "This operation was aborted"; say which limit it was. */
function timeoutNamed(err: unknown, policy: RequestPolicy, ownSignal: boolean): unknown {
  const name = (err as { name?: string; cause?: { name?: string } }).cause?.name ?? (err as { name?: string }).name;
  if (ownSignal && (name === 'TimeoutError' || name === 'AbortError') && err instanceof Error) {
    err.message = `GitHub did not answer within ${policy.timeoutMs / 1000} s (GITHUB_TIMEOUT_SECONDS)`;
  }
  return err;
}
