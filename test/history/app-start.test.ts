import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, inject, it } from 'vitest';
import type { HistoryRuntime } from '../../src/history/history-runtime.js';
import { createRunnerDoctor } from '../../src/index.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { testProbot } from '../helpers/test-octokit.js';

let history: HistoryRuntime | null = null;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  await history?.stop();
  history = null;
  for (const c of cleanups.splice(0)) await c();
});

async function start(env: Record<string, string>): Promise<string[]> {
  const handlers: string[] = [];
  const app = createRunnerDoctor({ env, onHistory: (h) => (history = h), queue: () => ({ add: async () => 'queued' }) as never });
  await app(testProbot(), { cwd: process.cwd(), addHandler: (h) => void handlers.push(h.name || 'handler') });
  return handlers;
}

it('starts with no database configured: the SQLite file is created under DATA_DIR and migrated', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rd-start-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const data = join(dir, 'nested', 'data');
  const handlers = await start({ DATA_DIR: data });
  expect(existsSync(join(data, 'history.sqlite'))).toBe(true);
  expect(history!.store.db.dialect).toBe('sqlite');
  expect(await history!.store.db.all('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }]);
  // /metrics and /stats are served by the app's own handlers.
  expect(handlers).toHaveLength(2);
  expect(history!.statsToken).toBeNull();
});

it('starts with DATABASE_URL on PostgreSQL, migrated', async () => {
  const db = await createTestDatabase(inject('databaseUrl'));
  cleanups.push(() => db.drop());
  await start({ DATABASE_URL: db.url, STATS_TOKEN: 'x' });
  expect(history!.store.db.dialect).toBe('postgres');
  expect(await history!.store.db.all('SELECT version FROM schema_migrations')).toEqual([{ version: 1 }]);
  expect(history!.statsToken).toBe('x');
});

it('refuses to start on a bad setting, naming the variable', async () => {
  await expect(start({ DATABASE_URL: 'mysql://x' })).rejects.toThrow(/DATABASE_URL must be a PostgreSQL URL/);
  await expect(start({ HISTORY_DAYS: '0' })).rejects.toThrow(/HISTORY_DAYS must be a whole number of days from 1 to 3650/);
});
