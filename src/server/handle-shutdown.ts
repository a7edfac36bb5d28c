import type { Logger } from 'probot';
import type { JobQueue } from '../queue/job-queue.js';
import type { QueueRuntime } from '../queue/queue-runtime.js';

let installed = false;

/**
 * SIGTERM (a rolling deploy, a scale-down): stop taking events, let the running ones finish
 * within the grace period, close the connections, exit. With Redis, what is still running past
 * the grace period is taken by another replica once its job lock expires; in process, it is lost
 * (README says so). Once per process: a second app instance in one process (tests) adds nothing.
 */
export function handleShutdown(p: { queue: JobQueue; runtime: QueueRuntime; graceMs: number; log: Logger }): void {
  if (installed) return;
  installed = true;
  process.once('SIGTERM', () => {
    p.log.info({ outcome: 'shutdown', graceMs: p.graceMs }, 'SIGTERM: finishing running events');
    void (async () => {
      try {
        await p.queue.close(p.graceMs);
        await p.runtime.close();
        p.log.info({ outcome: 'shutdown-done' }, 'stopped');
        process.exit(0);
      } catch (err) {
        p.log.error({ outcome: 'shutdown-error', err }, 'shutdown failed');
        process.exit(1);
      }
    })();
  });
}
