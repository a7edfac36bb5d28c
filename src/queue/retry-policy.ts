/**
 * Which failures of a whole event are worth another attempt, and when. Requests already retry
 * on their own for a short while; this is the longer horizon: GitHub down for minutes, a
 * secondary rate limit asking for a pause, a comment lock that stayed taken.
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff; doubled per attempt, with jitter, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 6, baseDelayMs: 5_000, maxDelayMs: 15 * 60_000 };

/**
 * Delay before attempt `attemptsMade + 1`, or null when the error will not go away by waiting
 * (a 404, a bad payload, a bug): those fail at once.
 */
export function retryDelayMs(err: unknown, attemptsMade: number, policy: RetryPolicy, now = Date.now()): number | null {
  const limited = rateLimitWait(err, now);
  if (limited !== null) return Math.min(limited, policy.maxDelayMs) + Math.floor(Math.random() * 1000);
  if (!isTransient(err)) return null;
  const backoff = policy.baseDelayMs * 2 ** Math.max(0, attemptsMade - 1);
  // Full jitter on half the delay: replicas that failed together do not come back together.
  return Math.min(policy.maxDelayMs, Math.floor(backoff / 2 + (Math.random() * backoff) / 2));
}

/** The wait GitHub asks for on a (secondary) rate limit, or null when it is none. */
export function rateLimitWait(err: unknown, now = Date.now()): number | null {
  const e = err as { status?: number; response?: { headers?: Record<string, string | number | undefined> } };
  if (e?.status !== 403 && e?.status !== 429) return null;
  const h = e.response?.headers ?? {};
  const retryAfter = Number(h['retry-after']);
  if (h['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return retryAfter * 1000;
  if (String(h['x-ratelimit-remaining']) === '0') {
    const reset = Number(h['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - now) + 1000;
  }
  // GitHub: a secondary limit without retry-after means wait at least a minute.
  const message = err instanceof Error ? err.message : '';
  return e.status === 429 || /secondary rate limit/i.test(message) ? 60_000 : null;
}

const TRANSIENT_NAMES = new Set(['TimeoutError', 'AbortError', 'LockTimeoutError']);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** 5xx, no answer (Octokit reports network errors as status 500), timeouts, a busy lock. */
export function isTransient(err: unknown): boolean {
  for (let e = err as Record<string, unknown> | undefined, depth = 0; e && depth < 4; e = e.cause as never, depth++) {
    if (typeof e.status === 'number' && e.status >= 500) return true;
    if (TRANSIENT_NAMES.has(String(e.name))) return true;
    if (TRANSIENT_CODES.has(String(e.code))) return true;
  }
  return false;
}

/** True when waiting may help: the queue should run the event again rather than drop it. */
export function isRetryable(err: unknown): boolean {
  return rateLimitWait(err) !== null || isTransient(err);
}
