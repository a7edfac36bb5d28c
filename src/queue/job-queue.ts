import pLimit from 'p-limit';

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
  add(job: WebhookJob): Promise<void>;
  /** Resolves when nothing is queued or running (tests, graceful shutdown). */
  onIdle(): Promise<void>;
}

export type JobProcessor = (job: WebhookJob) => Promise<void>;

/**
 * Runs jobs in this process, `concurrency` at a time (p-limit keeps the order). A job that
 * throws is logged by `onError` and does not stop the others.
 */
export function createInProcessQueue(
  process: JobProcessor,
  opts: { concurrency?: number; onError: (err: unknown, job: WebhookJob) => void },
): JobQueue {
  const limit = pLimit(opts.concurrency ?? 4);
  const running = new Set<Promise<void>>();
  return {
    add(job) {
      const p: Promise<void> = limit(() => process(job))
        .catch((err: unknown) => opts.onError(err, job))
        .finally(() => running.delete(p));
      running.add(p);
      return Promise.resolve();
    },
    async onIdle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
