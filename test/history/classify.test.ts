import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { classify, keyCapture, type BaseObservation, type ClassifyInput } from '../../src/history/classify.js';
import { loadInfrastructureRule } from '../../src/history/infrastructure-rule.js';

const rule = loadInfrastructureRule();
const job = { name: 'build', rootCause: 'code/go-test-failed', category: 'test', keyCapture: 'package=./pkg/a' };
const run = (id: number, conclusion: string | null, rootCause?: string, key?: string): BaseObservation => ({
  runId: id, runUrl: `https://github.com/o/r/actions/runs/${id}`, conclusion,
  ...(rootCause ? { rootCause, keyCapture: key ?? 'package=./pkg/a' } : {}),
});
const input = (base: BaseObservation[] | null, o: Partial<ClassifyInput> = {}): ClassifyInput => ({
  job, infrastructure: rule, passedInAttempt: null, base, ...o,
});

describe('catalog/classification.json', () => {
  it('names only categories and ids the catalog has', async () => {
    const catalog = await loadCatalog();
    const categories = new Set(catalog.entries.map((e) => e.entry.category));
    for (const c of rule.categories) expect(categories.has(c), `category ${c}`).toBe(true);
    for (const id of rule.except) expect(catalog.byId.get(id)?.entry.role, id).toBe('root-cause');
  });
});

describe('classify', () => {
  it('broken on base since the oldest of the newest runs failing the same way', () => {
    const r = classify(input([run(3, 'failure', job.rootCause), run(2, 'failure', job.rootCause), run(1, 'success')]));
    expect(r).toEqual({ kind: 'broken-on-base', since: { runId: 2, runUrl: 'https://github.com/o/r/actions/runs/2' }, baseRuns: 3 });
  });

  it('the same id with another key capture is not the same failure', () => {
    expect(classify(input([run(3, 'failure', job.rootCause, 'package=./pkg/b')])).kind).toBe('new');
  });

  it('a base failure of another cause, or with no known cause, is not "broken on base"', () => {
    expect(classify(input([run(3, 'failure', 'network/dns-failed')])).kind).toBe('new');
    expect(classify(input([run(3, 'failure')])).kind).toBe('new');
    expect(classify(input([run(3, 'failure', job.rootCause)], { job: { ...job, rootCause: null, category: null } })).kind).toBe('new');
  });

  it('flaky when the newest base run passes but an older one failed the same way, or an earlier attempt passed', () => {
    expect(classify(input([run(3, 'success'), run(2, 'failure', job.rootCause)])).kind).toBe('flaky');
    expect(classify(input(null, { passedInAttempt: 1 }))).toEqual({ kind: 'flaky', passedInAttempt: 1 });
  });

  it('infrastructure by the catalog category, but not for a cause the change can make; unknown without a lookup', () => {
    const infra = { ...job, rootCause: 'network/dns-failed', category: 'network' };
    expect(classify(input(null, { job: infra })).kind).toBe('infrastructure');
    const timeout = { ...job, rootCause: 'runner/job-timeout', category: 'runner' };
    expect(classify(input(null, { job: timeout })).kind).toBe('unknown');
    expect(classify(input([], { job: timeout }))).toEqual({ kind: 'new', baseRuns: 0 });
  });

  it('a base run without the job does not count as a pass', () => {
    expect(classify(input([run(3, null), run(2, 'failure', job.rootCause)])).kind).toBe('broken-on-base');
  });

  it('keyCapture: the first capture as name=value', () => {
    expect(keyCapture({ pod: 'x-workflow', ns: 'arc' })).toBe('pod=x-workflow');
    expect(keyCapture({ pkg: ['a', 'b'] })).toBe('pkg=a');
    expect(keyCapture({})).toBeNull();
  });
});
