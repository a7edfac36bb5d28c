import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // The app's default SQLite history file goes to a temporary directory, not the checkout.
    env: { DATA_DIR: join(tmpdir(), `runner-doctor-test-data-${process.pid}`) },
    testTimeout: 20_000,
    // nock patches globals per worker; forks keep each file isolated.
    pool: 'forks',
    // One file per core. Vitest's default in `run` mode is one fewer (one file at a time on 2 cores), but many
    // files here mostly wait (on app processes, Redis, PostgreSQL, spawned CLIs), so both cores stay busy.
    maxWorkers: availableParallelism(),
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      // The summary is printed by `npm test`; the per-file table and HTML go to coverage/.
      reporter: ['text-summary', ['text', { file: 'coverage.txt' }], 'html'],
    },
    // Real services for the tests that need them: PostgreSQL (history store; TEST_DATABASE_URL) and
    // redis-server (queue and shared state; TEST_REDIS_URL), each started here when not given.
    globalSetup: ['test/setup/postgres.ts', 'test/setup/redis.ts'],
  },
});
