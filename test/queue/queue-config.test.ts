import { describe, expect, it } from 'vitest';
import { readQueueConfig } from '../../src/queue/queue-config.js';

describe('readQueueConfig', () => {
  it('defaults to everything in process', () => {
    const c = readQueueConfig({});
    expect(c).toMatchObject({ redisUrl: null, runWorkers: true, concurrency: 4, lockMs: 30_000, graceMs: 25_000 });
  });

  it('reads the Redis mode and its settings', () => {
    const c = readQueueConfig({
      REDIS_URL: 'redis://redis:6379/0', RUN_WORKERS: 'false', WORKER_CONCURRENCY: '8', QUEUE_LOCK_SECONDS: '10',
      SHUTDOWN_GRACE_SECONDS: '50', QUEUE_ATTEMPTS: '3', QUEUE_BACKOFF_SECONDS: '2',
    });
    expect(c).toMatchObject({
      redisUrl: 'redis://redis:6379/0', runWorkers: false, concurrency: 8, lockMs: 10_000, graceMs: 50_000,
    });
    expect(c.retry).toMatchObject({ attempts: 3, baseDelayMs: 2000 });
  });

  it('stops the start naming the variable and what it takes', () => {
    expect(() => readQueueConfig({ REDIS_URL: 'localhost:6379' })).toThrow('REDIS_URL must start with redis://');
    expect(() => readQueueConfig({ WORKER_CONCURRENCY: '0' }))
      .toThrow('WORKER_CONCURRENCY must be a whole number from 1 to 64 (got "0")');
    expect(() => readQueueConfig({ RUN_WORKERS: 'no' })).toThrow('RUN_WORKERS must be true or false');
    expect(() => readQueueConfig({ RUN_WORKERS: 'false' })).toThrow('RUN_WORKERS=false needs REDIS_URL');
  });
});
