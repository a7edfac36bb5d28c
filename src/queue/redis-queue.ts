import { createHash } from 'node:crypto';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobProcessor, JobQueue, QueueEvents, WebhookJob } from './job-queue.js';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';

export const QUEUE_NAME = 'runner-doctor-events';

export interface RedisQueueOptions extends QueueEvents {
  /** Connections with `maxRetriesPerRequest: null` (BullMQ's requirement; commands wait for Redis). */
  connection: Redis;
  /** Key prefix (default `runner-doctor`), so several installations can share one Redis. */
  prefix?: string;
  /** Run jobs in this process; null: enqueue only. */
  process: JobProcessor | null;
  concurrency: number;
  retry: RetryPolicy;
  /**
   * How long a worker's claim on a running job lasts without renewal (renewed at half). A worker
   * that dies frees its jobs after this; another replica's stalled check then takes them.
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose worker died. Default: lockDurationMs. */
  stalledIntervalMs?: number;
  /** Longest wait for Redis to accept a job before the webhook fails (GitHub then shows it). */
  addTimeoutMs?: number;
  /** Worker and connection errors (Redis down, lost locks): logged, never thrown. */
  onConnectionError: (err: unknown) => void;
  onStalled?: (jobId: string) => void;
}

export interface RedisQueue extends JobQueue {
  /** Jobs per state, for /metrics. */
  counts(): Promise<Record<'waiting' | 'active' | 'delayed' | 'failed' | 'completed', number>>;
}

/**
 * The durable queue (BullMQ on Redis). A job is kept until a worker finishes it: a worker killed
 * mid-job stops renewing its lock, and the job goes back to waiting for any replica. Delivery ids
 * are the job ids, so a redelivery of a queued or done event adds nothing; one of a job that
 * finally failed runs it again.
 */
export function createRedisQueue(opts: RedisQueueOptions): RedisQueue {
  const prefix = opts.prefix ?? 'runner-doctor';
  const queue = new Queue<WebhookJob>(QUEUE_NAME, { connection: opts.connection, prefix });
  queue.on('error', opts.onConnectionError);
  const lockDuration = opts.lockDurationMs ?? 30_000;
  let worker: Worker<WebhookJob> | null = null;
  const processFn = opts.process;
  if (processFn) {
    worker = new Worker<WebhookJob>(
      QUEUE_NAME,
      async (job: Job<WebhookJob>) => {
        try {
          await processFn(job.data);
        } catch (err) {
          const delay = retryDelayMs(err, job.attemptsMade + 1, opts.retry);
          if (delay === null) throw new UnrecoverableError(describe(err));
          throw Object.assign(asError(err), { retryDelayMs: delay });
        }
      },
      {
        connection: opts.connection,
        prefix,
        concurrency: opts.concurrency,
        lockDuration,
        stalledInterval: opts.stalledIntervalMs ?? lockDuration,
        // A job whose worker died twice is not retried a third time that way: it may be what kills them.
        maxStalledCount: 2,
        settings: { backoffStrategy: (_n: number, _t?: string, err?: Error) => delayOf(err, opts.retry) },
      },
    );
    worker.on('error', opts.onConnectionError);
    worker.on('stalled', (id) => opts.onStalled?.(id));
    worker.on('completed', (job) => opts.onCompleted?.(job.data));
    worker.on('failed', (job, err) => {
      if (!job) return opts.onConnectionError(err);
      const final = err instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
      if (final) opts.onError(err, job.data, job.attemptsMade);
      else opts.onRetry?.(err, job.data, job.attemptsMade, delayOf(err, opts.retry));
    });
  }

  const addTimeout = opts.addTimeoutMs ?? 8_000;
  return {
    async add(job) {
      const jobId = jobIdOf(job.id);
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        const late = () => reject(new Error(`Redis did not take the event within ${addTimeout / 1000} s`));
        timer = setTimeout(late, addTimeout);
      });
      const enqueue = async (): Promise<'queued' | 'duplicate'> => {
        const existing = await queue.getJob(jobId);
        if (existing) {
          if (!(await existing.isFailed())) return 'duplicate';
          // GitHub's redelivery of an event that finally failed: give it another round.
          await existing.retry('failed');
          return 'queued';
        }
        await queue.add(job.name, job, {
          jobId,
          attempts: opts.retry.attempts,
          backoff: { type: 'github' },
          // Done jobs stay a day, so a redelivery's id is still known; failed ones a week, to look at.
          removeOnComplete: { age: 24 * 3600, count: 50_000 },
          removeOnFail: { age: 7 * 24 * 3600, count: 10_000 },
        });
        return 'queued';
      };
      try {
        return await Promise.race([enqueue(), timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async onIdle() {
      for (;;) {
        const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
        if (Object.values(c).every((n) => n === 0)) return;
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async close(graceMs) {
      if (worker) {
        let timer: NodeJS.Timeout | undefined;
        const graceful = worker.close();
        const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), graceMs)));
        // Past the grace period the jobs still running are left to their lock's expiry: another
        // replica's stalled check takes them from there.
        if ((await Promise.race([graceful, late])) === 'late') await worker.close(true);
        clearTimeout(timer);
      }
      await queue.close();
    },
    async counts() {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      return {
        waiting: c.waiting ?? 0,
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
        completed: c.completed ?? 0,
      };
    },
  };
}

/** BullMQ refuses integer-looking ids and uses `:` in its keys: anything unusual is hashed. */
export function jobIdOf(deliveryId: string): string {
  if (/^[A-Za-z0-9-]{1,100}$/.test(deliveryId)) return `d-${deliveryId}`;
  return `h-${createHash('sha256').update(deliveryId).digest('hex')}`;
}

function delayOf(err: unknown, policy: RetryPolicy): number {
  const d = (err as { retryDelayMs?: unknown } | undefined)?.retryDelayMs;
  return typeof d === 'number' ? d : policy.baseDelayMs;
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(describe(err));
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
