import { expect, it } from 'vitest';
import { DEFAULT_SERVER_CONFIG, readServerConfig } from '../../src/config/server-config.js';

it('reads the limits from the environment, sizes with units', () => {
  const c = readServerConfig({
    MAX_LOG_BYTES: '8MiB', LOG_MEMORY_BUDGET: '64 MiB', GITHUB_TIMEOUT_SECONDS: '5', DIAGNOSE_PR_COOLDOWN_SECONDS: '0',
  });
  expect(c).toEqual({
    ...DEFAULT_SERVER_CONFIG,
    maxLogBytes: 8 * 1024 * 1024,
    logMemoryBudget: 64 * 1024 * 1024,
    requestTimeoutMs: 5000,
    diagnosePrCooldownMs: 0,
  });
  expect(readServerConfig({})).toEqual(DEFAULT_SERVER_CONFIG);
});

it.each([
  [{ MAX_LOG_BYTES: '1GiB' }, 'MAX_LOG_BYTES="1GiB": set a size from 64 KiB to 512 MiB, e.g. `50MiB`'],
  [{ MAX_LOG_BYTES: 'lots' }, 'MAX_LOG_BYTES="lots": set a size from 64 KiB to 512 MiB, e.g. `50MiB`'],
  [{ GITHUB_TIMEOUT_SECONDS: '0' }, 'GITHUB_TIMEOUT_SECONDS="0": set a number of seconds from 1 to 600'],
  [{ MAX_LOG_BYTES: '100MiB', LOG_MEMORY_BUDGET: '50MiB' }, 'LOG_MEMORY_BUDGET (50 MiB) is below MAX_LOG_BYTES (100 MiB)'],
])('refuses %j, naming the variable and what to set', (env, message) => {
  expect(() => readServerConfig(env)).toThrow(message);
});

it('raises the default budget to one job when only the cap is raised', () => {
  expect(readServerConfig({ MAX_LOG_BYTES: '300MiB' }).logMemoryBudget).toBe(300 * 1024 * 1024);
});
