import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, isRetryable, retryDelayMs } from '../../src/queue/retry-policy.js';

const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 };
const http = (status: number, headers: Record<string, string> = {}, message = 'x') =>
  Object.assign(new Error(message), { status, response: { headers } });

describe('retryDelayMs', () => {
  it('waits what a secondary rate limit asks (retry-after), within the cap', () => {
    const d = retryDelayMs(http(403, { 'retry-after': '30' }, 'You have exceeded a secondary rate limit'), 1, policy);
    expect(d).toBeGreaterThanOrEqual(30_000);
    expect(d).toBeLessThan(31_000);
    expect(retryDelayMs(http(429, { 'retry-after': '3600' }), 1, policy)).toBeLessThan(61_000);
  });

  it('waits for the primary limit\'s reset', () => {
    const now = 1_700_000_000_000;
    const limited = http(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 20) });
    const d = retryDelayMs(limited, 1, policy, now);
    expect(d).toBeGreaterThanOrEqual(21_000);
  });

  it('waits a minute on a secondary limit named without retry-after', () => {
    const secondary = http(403, {}, 'You have exceeded a secondary rate limit');
    expect(retryDelayMs(secondary, 1, policy)).toBeGreaterThanOrEqual(60_000);
  });

  it('backs off exponentially on 5xx, timeouts and network errors', () => {
    const timeout = Object.assign(new Error('t'), { name: 'TimeoutError' });
    for (const err of [http(502), timeout, Object.assign(new Error('r'), { code: 'ECONNRESET' })]) {
      const first = retryDelayMs(err, 1, policy)!;
      const third = retryDelayMs(err, 3, policy)!;
      expect(first).toBeGreaterThanOrEqual(500);
      expect(first).toBeLessThanOrEqual(1000);
      expect(third).toBeGreaterThanOrEqual(2000);
      expect(third).toBeLessThanOrEqual(4000);
    }
    expect(retryDelayMs(http(500), 30, policy)).toBeLessThanOrEqual(60_000);
  });

  it('does not retry what waiting cannot cure: 404, 422, a plain 403, a bug', () => {
    for (const err of [http(404), http(422), http(403), new TypeError('x is undefined')]) {
      expect(retryDelayMs(err, 1, DEFAULT_RETRY_POLICY)).toBeNull();
      expect(isRetryable(err)).toBe(false);
    }
  });

  it('sees a timeout wrapped as the cause of another error', () => {
    const aborted = Object.assign(new Error('x'), { name: 'AbortError' });
    expect(isRetryable(new Error('request failed', { cause: aborted }))).toBe(true);
  });
});
