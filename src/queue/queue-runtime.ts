import { Redis } from 'ioredis';
import type { Logger } from 'probot';
import { MemoryClaims } from '../state/memory-claims.js';
import { RedisClaims } from '../state/redis-claims.js';
import { RedisLock } from '../state/redis-lock.js';
import type { ClaimStore, PrLock } from '../state/shared-state.js';
import { createInProcessQueue, type JobProcessor, type JobQueue, type WebhookJob } from './job-queue.js';
import { recordQueueEvent, setQueueCounts } from './queue-metrics.js';
import type { QueueConfig } from './queue-config.js';
import { createRedisQueue } from './redis-queue.js';

/** The queue and the state replicas share, in one of the two modes. */
export interface QueueRuntime {
  mode: 'redis' | 'in-process';
  claims: ClaimStore;
  /** Null in process: the handlers' own in-process lock is used. */
  locks: PrLock | null;
  /** `process` null: enqueue only (RUN_WORKERS=false). */
  createQueue(process: JobProcessor | null): JobQueue;
  /** Closes connections (after the queue is closed). */
  close(): Promise<void>;
}

/** Builds the runtime for `config`; with Redis, the connections are opened here. */
export function createQueueRuntime(config: QueueConfig, log: Logger): QueueRuntime {
  const events = {
    onError: (err: unknown, job: WebhookJob, attemptsMade: number) => {
      recordQueueEvent('failed');
      const fields = { outcome: 'job-failed', delivery: job.id, event: job.name, attempts: attemptsMade, err };
      log.error(fields, 'event failed for good');
    },
    onRetry: (err: unknown, job: WebhookJob, attemptsMade: number, delayMs: number) => {
      recordQueueEvent('retried');
      const fields = { outcome: 'job-retry', delivery: job.id, attempts: attemptsMade, delayMs, err };
      log.warn(fields, 'event failed, will retry');
    },
    onCompleted: () => recordQueueEvent('completed'),
  };
  if (!config.redisUrl) {
    return {
      mode: 'in-process',
      claims: new MemoryClaims(),
      locks: null,
      createQueue: (process) =>
        createInProcessQueue(process!, { ...events, concurrency: config.concurrency, retry: config.retry }),
      close: () => Promise.resolve(),
    };
  }
  // Commands wait for Redis to come back rather than fail (BullMQ needs this for its workers).
  const connect = () => {
    const r = new Redis(config.redisUrl!, { maxRetriesPerRequest: null });
    r.on('error', (err) => log.warn({ outcome: 'redis-error', err: { message: err.message } }, 'Redis connection'));
    return r;
  };
  const state = connect();
  const queueConnection = connect();
  return {
    mode: 'redis',
    claims: new RedisClaims(state),
    // Renewed while held; a holder that died frees it after the lock's expiry.
    locks: new RedisLock(state),
    createQueue: (process) => {
      const queue = createRedisQueue({
        ...events,
        connection: queueConnection,
        process,
        concurrency: config.concurrency,
        retry: config.retry,
        lockDurationMs: config.lockMs,
        onConnectionError: (err) =>
          log.warn({ outcome: 'queue-error', err: { message: (err as Error).message } }, 'queue connection'),
        onStalled: (id) => {
          recordQueueEvent('stalled');
          log.warn({ outcome: 'job-stalled', job: id }, 'a worker stopped renewing its job: it runs again');
        },
      });
      setQueueCounts(() => queue.counts());
      return queue;
    },
    close: async () => {
      await Promise.allSettled([state.quit(), queueConnection.quit()]);
    },
  };
}
