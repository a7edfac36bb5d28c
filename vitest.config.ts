import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // nock patches globals per worker; forks keep each file isolated.
    pool: 'forks',
  },
});
