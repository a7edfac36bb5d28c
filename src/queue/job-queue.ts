import pLimit from 'p-limit';
import { retryDelayMs, type RetryPolicy } from './retry-policy.js';

/**
 * A webhook event accepted for diagnosis. Plain data (no octokit, no closures), so a queue that
 * stores jobs elsewhere (Redis) can carry it; the worker authenticates again by installation.
 */
export interface WebhookJob {
  /** `x-github-delivery`. */
  id: string;
  name: 'workflow_run' | 'issue_comment';
  payload: Record<string, unknown>;
}

/**
 * Where the webhook path hands work off: `add` returns once the job is accepted (not done), so
 * GitHub gets its answer at once and `/ping` is never queued behind a diagnosis.
 */
export interface JobQueue {
  /** 'duplicate' when this delivery id was accepted before and has not finally failed. */
  add(job: WebhookJob): Promise<'queued' | 'duplicate'>;
  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  onIdle(): Promise<void>;
  /**
   * Stops taking jobs and waits up to `graceMs` for the running ones; what is left is handed
   * back (Redis: another replica takes it) or, in process, lost with the process.
   */
  close(graceMs: number): Promise<void>;
}

export type JobProcessor = (job: WebhookJob) => Promise<void>;

/** What a queue reports besides success (logs and /metrics). */
export interface QueueEvents {
  /** Gave up: the error was not transient, or the attempts ran out. */
  onError: (err: unknown, job: WebhookJob, attemptsMade: number) => void;
  /** A transient error; the job runs again after `delayMs`. */
  onRetry?: (err: unknown, job: WebhookJob, attemptsMade: number, delayMs: number) => void;
  onCompleted?: (job: WebhookJob) => void;
}

/**
 * Runs jobs in this process, `concurrency` at a time (p-limit keeps the order), with the same
 * retries as the Redis queue. Delivery ids are remembered (bounded) so a redelivery of an event
 * still queued, running or done is not run twice; one that finally failed may run again.
 */
export function createInProcessQueue(
  process: JobProcessor,
  opts: QueueEvents & { concurrency?: number; retry?: RetryPolicy; maxRemembered?: number },
): JobQueue {
  const limit = pLimit(opts.concurrency ?? 4);
  const running = new Set<Promise<void>>();
  const timers = new Map<NodeJS.Timeout, () => void>();
  const accepted = new Set<string>();
  const maxRemembered = opts.maxRemembered ?? 10_000;
  let closed = false;

  const track = (p: Promise<void>) => {
    running.add(p);
    void p.finally(() => running.delete(p));
  };
  const attempt = (job: WebhookJob, attemptsMade: number): Promise<void> =>
    limit(async () => {
      if (closed) return void opts.onError(new Error('not started: the process is shutting down'), job, attemptsMade);
      try {
        await process(job);
        opts.onCompleted?.(job);
      } catch (err) {
        const made = attemptsMade + 1;
        const delay = opts.retry && made < opts.retry.attempts ? retryDelayMs(err, made, opts.retry) : null;
        if (delay === null || closed) {
          accepted.delete(job.id);
          opts.onError(err, job, made);
          return;
        }
        opts.onRetry?.(err, job, made, delay);
        // Held in `running` through the wait, so onIdle means "nothing left to do".
        track(
          new Promise<void>((resolve) => {
            const t = setTimeout(() => {
              timers.delete(t);
              resolve(attempt(job, made));
            }, delay);
            timers.set(t, () => resolve(attempt(job, made)));
          }),
        );
      }
    });

  return {
    add(job) {
      if (closed) return Promise.reject(new Error('runner-doctor is shutting down: not taking new events'));
      if (accepted.has(job.id)) return Promise.resolve('duplicate');
      accepted.add(job.id);
      if (accepted.size > maxRemembered) accepted.delete(accepted.values().next().value as string);
      track(attempt(job, 0));
      return Promise.resolve('queued');
    },
    async onIdle() {
      while (running.size > 0) await Promise.all([...running]);
    },
    async close(graceMs) {
      closed = true;
      // Waiting retries and queued jobs will not run in this process any more: they end now,
      // reported as failed (closed), so onIdle settles.
      for (const [t, end] of timers) {
        clearTimeout(t);
        end();
      }
      timers.clear();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...running]),
        new Promise<void>((r) => (timer = setTimeout(r, graceMs))),
      ]).finally(() => clearTimeout(timer));
    },
  };
}
