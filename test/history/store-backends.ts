import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { HistoryStore } from '../../src/history/history-store.js';
import { openPostgres } from '../../src/history/pg-client.js';
import { openSqlite } from '../../src/history/sqlite-client.js';
import type { DiagnosisRecord } from '../../src/history/types.js';
import { createTestDatabase } from '../helpers/pg-database.js';

/** The store on each database, fresh per call: the same test body runs on both. */
export const BACKENDS = [
  {
    name: 'sqlite',
    async open(): Promise<{ store: HistoryStore; url: string; done: () => Promise<void> }> {
      const dir = mkdtempSync(join(tmpdir(), 'rd-history-'));
      const file = join(dir, 'history.sqlite');
      const store = await HistoryStore.open(openSqlite(file));
      return { store, url: file, done: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  },
  {
    name: 'postgres',
    async open(): Promise<{ store: HistoryStore; url: string; done: () => Promise<void> }> {
      const db = await createTestDatabase(inject('databaseUrl'));
      const store = await HistoryStore.open(openPostgres(db.url));
      return { store, url: db.url, done: async () => { await store.close(); await db.drop(); } };
    },
  },
] as const;

const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 10, 29, 12);

let next = 1;
/** A diagnosis record; `ago` in days before NOW. */
export function rec(p: Partial<DiagnosisRecord> & { ago?: number } = {}): DiagnosisRecord {
  const n = next++;
  const { ago = 0, ...rest } = p;
  return {
    repo: 'octo/app', workflow: '.github/workflows/ci.yml', workflowName: 'CI', jobName: 'build', jobId: 1000 + n,
    jobUrl: `https://github.com/octo/app/actions/runs/${500 + n}/job/${1000 + n}`, runId: 500 + n, runAttempt: 1,
    headSha: 'a'.repeat(40), branch: 'feature', pr: 7, rootCause: 'hook/job-pod-exists', rootTitle: 'Job pod exists',
    category: 'k8s-hooks', keyCapture: null, captures: null, evidenceLine: 12, classification: 'infrastructure',
    runnerName: 'arc-runner-1', labels: ['arc-set'], logBytes: 2048, jobStartedAt: NOW - ago * DAY - 60_000,
    diagnosedAt: NOW - ago * DAY, ...rest,
  };
}
