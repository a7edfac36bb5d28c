import { Counter, Gauge } from 'prom-client';

/**
 * Queue figures for /metrics, on prom-client's default registry (whatever else the app counts
 * there is served by the same endpoint). Module-level: one set per process.
 */
const events = new Counter({
  name: 'runner_doctor_queue_events_total',
  help:
    'Queued webhook events by outcome: completed, retried (transient error, runs again), failed (for good), ' +
    'stalled (worker died)',
  labelNames: ['outcome'] as const,
});

let readCounts: (() => Promise<Record<string, number>>) | null = null;

new Gauge({
  name: 'runner_doctor_queue_jobs',
  help: 'Jobs in the Redis queue by state (failed: kept 7 days for inspection)',
  labelNames: ['state'] as const,
  async collect() {
    if (!readCounts) return;
    try {
      for (const [state, n] of Object.entries(await readCounts())) this.set({ state }, n);
    } catch {
      // Redis unreachable: the scrape still answers, without this gauge's fresh values.
    }
  },
});

export type QueueOutcome = 'completed' | 'retried' | 'failed' | 'stalled';

export function recordQueueEvent(outcome: QueueOutcome): void {
  events.inc({ outcome });
}

/** Where the gauge reads the Redis queue's job counts (the last queue built in this process). */
export function setQueueCounts(fn: () => Promise<Record<string, number>>): void {
  readCounts = fn;
}
