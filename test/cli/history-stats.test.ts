import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HistoryStore } from '../../src/history/history-store.js';
import { openPostgres } from '../../src/history/pg-client.js';
import { openSqlite } from '../../src/history/sqlite-client.js';
import { createTestDatabase } from '../helpers/pg-database.js';
import { rec } from '../history/store-backends.js';
import { runCli } from './run-cli.js';

const HOUR = 3_600_000;
let dir: string;
let pg: { url: string; drop: () => Promise<void> };

/** Two pod-exists in the last day, one no-space 3 days ago, one unclassified 10 days ago. */
async function seed(store: HistoryStore) {
  const now = Date.now();
  await store.record(rec({ diagnosedAt: now - HOUR }));
  await store.record(rec({ diagnosedAt: now - 2 * HOUR }));
  await store.record(rec({ diagnosedAt: now - 72 * HOUR, rootCause: 'docker/no-space', category: 'docker', repo: 'octo/lib' }));
  await store.record(rec({ diagnosedAt: now - 240 * HOUR, rootCause: null, rootTitle: null, category: null, classification: 'new' }));
  await store.close();
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-cli-stats-'));
  await seed(await HistoryStore.open(openSqlite(join(dir, 'history.sqlite'))));
  pg = await createTestDatabase(inject('databaseUrl'));
  await seed(await HistoryStore.open(openPostgres(pg.url)));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await pg.drop();
});

describe('runner-doctor stats', () => {
  it('prints the periods, top causes with trend, repositories and labels from the SQLite store', async () => {
    const { code, out, err } = await runCli(['stats'], { env: { DATA_DIR: dir } });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Last 24 hours: 2 failed jobs, unclassified 0.0% (0)');
    expect(out).toContain('Last 30 days: 4 failed jobs, unclassified 25.0% (1)');
    expect(out).toMatch(/^\s+2 {2}hook\/job-pod-exists {2}\(new\)$/m);
    expect(out).toMatch(/^\s+1 {2}octo\/lib \(0 unclassified\)$/m);
    expect(out).toMatch(/^\s+4 {2}arc-set$/m);
  });

  it('--days N --json: one period, the same numbers from PostgreSQL (DATABASE_URL)', async () => {
    const { code, out } = await runCli(['stats', '--days', '7', '--json'], { env: { DATABASE_URL: pg.url } });
    expect(code).toBe(0);
    const stats = JSON.parse(out) as { windows: { days: number; total: number; unclassified: number; topCauses: { id: string }[] }[] };
    expect(stats.windows).toHaveLength(1);
    expect(stats.windows[0]).toMatchObject({ days: 7, total: 3, unclassified: 0 });
    expect(stats.windows[0]!.topCauses.map((c) => c.id)).toEqual(['hook/job-pod-exists', 'docker/no-space']);
  });

  it('bad input: exit 2 with what to do', async () => {
    const missing = await runCli(['stats'], { env: { DATA_DIR: join(dir, 'nope') } });
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/no history store at .*nope\/history\.sqlite: set DATA_DIR/);
    const days = await runCli(['stats', '--days', 'x'], { env: { DATA_DIR: dir } });
    expect(days.err).toBe('runner-doctor: --days must be a whole number from 1 to 3650, got "x"\n');
  });
});
