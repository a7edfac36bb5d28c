import { formatSize, parseSize } from './parse-size.js';

/** Limits the operator sets through the environment; repositories can only lower `maxLogBytes`. */
export interface ServerConfig {
  /** `MAX_LOG_BYTES`: most log bytes kept per job (a repo's `maxLogBytes` above it is lowered). */
  maxLogBytes: number;
  /** `LOG_MEMORY_BUDGET`: log bytes held at once across all jobs; a job waits for its share. */
  logMemoryBudget: number;
  /** `LOG_TIMEOUT_SECONDS`: one job log download, start to end. */
  logTimeoutMs: number;
  /** `GITHUB_TIMEOUT_SECONDS`: every other GitHub API request (each attempt). */
  requestTimeoutMs: number;
  /** `GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS`: longest `retry-after` honoured; a longer one fails the call. */
  rateLimitMaxWaitMs: number;
  /** `DIAGNOSE_PR_COOLDOWN_SECONDS`: after a `/diagnose` on a PR, the next one waits this long. */
  diagnosePrCooldownMs: number;
  /** `DIAGNOSE_USER_COOLDOWN_SECONDS`: between two `/diagnose` from one person (any PR). */
  diagnoseUserCooldownMs: number;
}

export const MIN_LOG_BYTES = 64 * 1024;
/** The highest cap anyone can set: more does not fit the shipped Deployment's memory. */
export const MAX_LOG_BYTES_LIMIT = 512 * 1024 * 1024;

export const DEFAULT_SERVER_CONFIG: Readonly<ServerConfig> = Object.freeze({
  maxLogBytes: 50 * 1024 * 1024,
  logMemoryBudget: 100 * 1024 * 1024,
  logTimeoutMs: 120_000,
  requestTimeoutMs: 30_000,
  rateLimitMaxWaitMs: 60_000,
  diagnosePrCooldownMs: 60_000,
  diagnoseUserCooldownMs: 30_000,
});

/** Reads the limits from the environment; a bad value stops the start, naming the variable. */
export function readServerConfig(env: Record<string, string | undefined>): ServerConfig {
  const c: ServerConfig = { ...DEFAULT_SERVER_CONFIG };
  const size = (e: typeof env, name: string, min: number, max: number): number | undefined => {
    const raw = e[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = parseSize(raw);
    if (n === null || n < min || n > max) {
      throw new Error(`${name}=${JSON.stringify(raw)}: set a size from ${formatSize(min)} to ` +
        `${formatSize(max)}, e.g. \`50MiB\``);
    }
    return Math.floor(n);
  };
  const seconds = (e: typeof env, name: string, min: number, max: number): number | undefined => {
    const raw = e[name];
    if (raw === undefined || raw.trim() === '') return undefined;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) {
      throw new Error(`${name}=${JSON.stringify(raw)}: set a number of seconds from ${min} to ${max}`);
    }
    return Math.round(n * 1000);
  };
  c.maxLogBytes = size(env, 'MAX_LOG_BYTES', MIN_LOG_BYTES, MAX_LOG_BYTES_LIMIT) ?? c.maxLogBytes;
  c.logMemoryBudget =
    size(env, 'LOG_MEMORY_BUDGET', MIN_LOG_BYTES, 64 * 1024 ** 3) ?? Math.max(c.logMemoryBudget, c.maxLogBytes);
  if (c.logMemoryBudget < c.maxLogBytes) {
    throw new Error(
      `LOG_MEMORY_BUDGET (${formatSize(c.logMemoryBudget)}) is below MAX_LOG_BYTES (${formatSize(c.maxLogBytes)}): ` +
        'raise the budget or lower the cap, so one job fits',
    );
  }
  c.logTimeoutMs = seconds(env, 'LOG_TIMEOUT_SECONDS', 1, 3600) ?? c.logTimeoutMs;
  c.requestTimeoutMs = seconds(env, 'GITHUB_TIMEOUT_SECONDS', 1, 600) ?? c.requestTimeoutMs;
  c.rateLimitMaxWaitMs = seconds(env, 'GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS', 0, 3600) ?? c.rateLimitMaxWaitMs;
  c.diagnosePrCooldownMs = seconds(env, 'DIAGNOSE_PR_COOLDOWN_SECONDS', 0, 86_400) ?? c.diagnosePrCooldownMs;
  c.diagnoseUserCooldownMs = seconds(env, 'DIAGNOSE_USER_COOLDOWN_SECONDS', 0, 86_400) ?? c.diagnoseUserCooldownMs;
  return c;
}
