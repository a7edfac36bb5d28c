import { afterEach, describe, expect, it } from 'vitest';
import type { HistoryStore } from '../../src/history/history-store.js';
import { queryStats } from '../../src/history/stats-query.js';
import { BACKENDS, NOW, rec } from './store-backends.js';

describe.each(BACKENDS)('history store on $name', (backend) => {
  let store: HistoryStore;
  let done: (() => Promise<void>) | null = null;
  const open = async () => {
    ({ store, done } = await backend.open());
  };
  afterEach(async () => {
    await done?.();
    done = null;
  });

  it('records a diagnosis and reads it back by job, labels and all numbers intact', async () => {
    await open();
    const r = rec({ keyCapture: 'pod=runner-x-workflow', captures: '{"pod":"runner-x-workflow"}', labels: ['arc', 'x64'] });
    await store.record(r);
    const got = await store.findJob(r.repo, r.runId, r.runAttempt, r.jobId);
    expect(got).toEqual({ ...r, labels: [] });
    expect(await store.findJob(r.repo, r.runId, 2, r.jobId)).toBeNull();
  });

  it('a job diagnosed again replaces its row and its labels', async () => {
    await open();
    const r = rec({ labels: ['a', 'b'] });
    await store.record(r);
    await store.record({ ...r, rootCause: null, rootTitle: null, classification: 'new', labels: ['c'] });
    const stats = await queryStats(store, [1], NOW);
    expect(stats.windows[0]).toMatchObject({ total: 1, unclassified: 1, unclassifiedShare: 1 });
    expect(stats.byRunnerLabel).toEqual([{ label: 'c', count: 1 }]);
  });

  it('migrating twice is a no-op and a newer schema is refused with what to do', async () => {
    await open();
    const { migrate } = await import('../../src/history/migrations.js');
    expect(await migrate(store.db)).toBe(1);
    await store.db.run('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)', [99, 0]);
    await expect(migrate(store.db)).rejects.toThrow(/schema version 99.*upgrade the app/);
  });

  it('prunes rows older than the retention, labels with them', async () => {
    await open();
    await store.record(rec({ ago: 100, labels: ['old'] }));
    await store.record(rec({ ago: 10, labels: ['recent'] }));
    expect(await store.prune(90, NOW)).toBe(1);
    const stats = await queryStats(store, [365], NOW);
    expect(stats.windows[0]!.total).toBe(1);
    expect(stats.byRunnerLabel).toEqual([{ label: 'recent', count: 1 }]);
  });

  it('marks earlier attempts of a run flaky once it passed, but not infrastructure ones', async () => {
    await open();
    await store.record(rec({ runId: 42, runAttempt: 1, jobId: 1, classification: 'new' }));
    await store.record(rec({ runId: 42, runAttempt: 1, jobId: 2, classification: 'infrastructure' }));
    expect(await store.markFlaky('octo/app', 42, 2)).toBe(1);
    expect((await store.findJob('octo/app', 42, 1, 1))?.classification).toBe('flaky');
    expect((await store.findJob('octo/app', 42, 1, 2))?.classification).toBe('infrastructure');
  });

  it('stats: windows, trend against the window before, by repository and label, newest examples', async () => {
    await open();
    for (const ago of [0, 0, 3, 8, 9]) await store.record(rec({ ago }));
    await store.record(rec({ ago: 0.5, rootCause: 'docker/no-space', rootTitle: 'No space', category: 'docker', repo: 'octo/lib', labels: ['big'] }));
    await store.record(rec({ ago: 2, rootCause: null, rootTitle: null, category: null, classification: 'new' }));
    // A base-branch job read only for comparison is not counted.
    await store.record(rec({ ago: 0, classification: null }));
    const s = await queryStats(store, [1, 7, 30], NOW);
    expect(s.windows.map((w) => [w.days, w.total, w.unclassified])).toEqual([[1, 3, 0], [7, 5, 1], [30, 7, 1]]);
    expect(s.windows[1]!.topCauses[0]).toEqual({
      id: 'hook/job-pod-exists', title: 'Job pod exists', category: 'k8s-hooks', count: 3, previous: 2,
    });
    expect(s.windows[1]!.classifications).toMatchObject({ infrastructure: 4, new: 1, flaky: 0 });
    expect(s.byRepository).toEqual([
      { repo: 'octo/app', count: 6, unclassified: 1 },
      { repo: 'octo/lib', count: 1, unclassified: 0 },
    ]);
    expect(s.byRunnerLabel).toEqual([{ label: 'arc-set', count: 6 }, { label: 'big', count: 1 }]);
    expect(s.examples[0]).toMatchObject({ rootCause: 'hook/job-pod-exists', diagnosedAt: new Date(NOW).toISOString() });
    expect(s.examples).toHaveLength(7);
    const hook = s.daily.series.find((x) => x.id === 'hook/job-pod-exists')!;
    expect(s.daily.days).toHaveLength(30);
    expect(hook.counts.at(-1)).toBe(2);
    expect(hook.counts.reduce((a, b) => a + b, 0)).toBe(5);
  });
});
