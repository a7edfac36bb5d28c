import { describe, expect, it } from 'vitest';
import { createInProcessQueue, type WebhookJob } from '../../src/queue/job-queue.js';

const job = (id: string): WebhookJob => ({ id, name: 'workflow_run', payload: {} });
const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const status = (n: number) => Object.assign(new Error(`status ${n}`), { status: n });

describe('in-process queue', () => {
  it('retries a transient failure and reports the final outcome once', async () => {
    const calls: string[] = [];
    const failed: [string, number][] = [];
    const retried: number[] = [];
    let completed = 0;
    const q = createInProcessQueue(
      async (j) => {
        calls.push(j.id);
        if (calls.length < 3) throw status(502);
      },
      {
        retry,
        onError: (_e, j, n) => failed.push([j.id, n]),
        onRetry: (_e, _j, n) => retried.push(n),
        onCompleted: () => completed++,
      },
    );
    expect(await q.add(job('a'))).toBe('queued');
    await q.onIdle();
    expect(calls).toEqual(['a', 'a', 'a']);
    expect(retried).toEqual([1, 2]);
    expect(completed).toBe(1);
    expect(failed).toEqual([]);
  });

  it('fails at once what waiting cannot cure, and when the attempts run out', async () => {
    const failed: [string, number][] = [];
    const q = createInProcessQueue(
      async (j) => {
        throw j.id === 'bug' ? new TypeError('bug') : status(503);
      },
      { retry, onError: (_e, j, n) => failed.push([j.id, n]) },
    );
    await q.add(job('bug'));
    await q.add(job('down'));
    await q.onIdle();
    expect(failed.sort()).toEqual([['bug', 1], ['down', 3]]);
  });

  it('turns away a redelivery of a queued or done event, runs one of a failed event again', async () => {
    let runs = 0;
    const q = createInProcessQueue(
      async (j) => {
        runs++;
        if (j.id === 'bad' && runs === 2) throw new Error('not transient');
      },
      { onError: () => undefined },
    );
    expect(await q.add(job('ok'))).toBe('queued');
    expect(await q.add(job('ok'))).toBe('duplicate');
    await q.onIdle();
    expect(await q.add(job('ok'))).toBe('duplicate');
    expect(await q.add(job('bad'))).toBe('queued');
    await q.onIdle();
    expect(await q.add(job('bad'))).toBe('queued');
    await q.onIdle();
    expect(runs).toBe(3);
  });

  it('on close: lets running jobs finish, drops waiting retries, takes nothing new', async () => {
    const failed: string[] = [];
    let finished = 0;
    let release!: () => void;
    const q = createInProcessQueue(
      async (j) => {
        if (j.id === 'slow') await new Promise<void>((r) => (release = r));
        if (j.id === 'flaky') throw status(500);
        finished++;
      },
      {
        concurrency: 2,
        retry: { attempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000 },
        onError: (_e, j) => failed.push(j.id),
      },
    );
    await q.add(job('slow'));
    await q.add(job('flaky'));
    await new Promise((r) => setTimeout(r, 10));
    const closing = q.close(5_000);
    await expect(q.add(job('late'))).rejects.toThrow('shutting down');
    release();
    await closing;
    await q.onIdle();
    expect(finished).toBe(1);
    expect(failed).toEqual(['flaky']);
  });
});
