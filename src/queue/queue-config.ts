import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy.js';

/** How events are queued and worked on, from the environment (README, "Several replicas"). */
export interface QueueConfig {
  /** `REDIS_URL`: the durable queue and shared state; null: all in this process. */
  redisUrl: string | null;
  /** `RUN_WORKERS` (default true): false makes a replica that only answers webhooks. */
  runWorkers: boolean;
  /** `WORKER_CONCURRENCY`: events worked on at once per process (default 4). */
  concurrency: number;
  /** `QUEUE_LOCK_SECONDS`: how soon a dead worker's job is taken by another replica (default 30). */
  lockMs: number;
  /** `SHUTDOWN_GRACE_SECONDS`: on SIGTERM, how long running events may finish (default 25). */
  graceMs: number;
  /** `QUEUE_ATTEMPTS`, `QUEUE_BACKOFF_SECONDS`: retries of an event that failed transiently. */
  retry: RetryPolicy;
}

/** Reads the queue settings; a bad value stops the start naming the variable and what it takes. */
export function readQueueConfig(env: NodeJS.ProcessEnv): QueueConfig {
  const url = env.REDIS_URL?.trim() || null;
  if (url && !/^rediss?:\/\//.test(url)) {
    throw new Error(
      `REDIS_URL must start with redis:// or rediss:// (got "${url.slice(0, 20)}..."); unset it to run without Redis`,
    );
  }
  const runWorkers = env.RUN_WORKERS?.trim().toLowerCase() ?? 'true';
  if (runWorkers !== 'true' && runWorkers !== 'false') {
    throw new Error(`RUN_WORKERS must be true or false (got "${env.RUN_WORKERS}")`);
  }
  if (runWorkers === 'false' && !url) {
    throw new Error('RUN_WORKERS=false needs REDIS_URL: without Redis nothing else would run the queued events');
  }
  return {
    redisUrl: url,
    runWorkers: runWorkers === 'true',
    concurrency: int(env, 'WORKER_CONCURRENCY', 4, 1, 64),
    lockMs: int(env, 'QUEUE_LOCK_SECONDS', 30, 1, 3600) * 1000,
    graceMs: int(env, 'SHUTDOWN_GRACE_SECONDS', 25, 0, 3600) * 1000,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      attempts: int(env, 'QUEUE_ATTEMPTS', DEFAULT_RETRY_POLICY.attempts, 1, 50),
      baseDelayMs: int(env, 'QUEUE_BACKOFF_SECONDS', DEFAULT_RETRY_POLICY.baseDelayMs / 1000, 0, 3600) * 1000,
    },
  };
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  }
  return n;
}
