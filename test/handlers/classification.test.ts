import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { createAppDeps } from '../../src/handlers/app-deps.js';
import { handleWorkflowRun } from '../../src/handlers/handle-workflow-run.js';
import { HistoryStore } from '../../src/history/history-store.js';
import { loadInfrastructureRule } from '../../src/history/infrastructure-rule.js';
import { openSqlite } from '../../src/history/sqlite-client.js';
import {
  API, apiJob, expectNockDone, recordUnmatched, mockConfig, mockCreateComment, mockFile, mockInstallationToken, mockJobs,
  mockListComments, mockLog,
} from '../helpers/github-api.js';
import { testProbot } from '../helpers/test-octokit.js';
import { HEAD_SHA, OWNER, REPO, workflowRunPayload, type RunPayloadOptions } from '../helpers/webhook-payloads.js';

const R = `/repos/${OWNER}/${REPO}`;
const POD_EXISTS_LOG = readFileSync(new URL('../fixtures/logs/seed-2-job-pod-exists-409.log', import.meta.url), 'utf8');
/** A log written for this test (not corpus): a node build that ran out of heap, a failure a change can cause. */
const OOM_LOG = [
  '2026-11-28T11:59:00.0000000Z ##[group]Run npm run build',
  '2026-11-28T11:59:01.0000000Z > webpack --mode production',
  '2026-11-28T11:59:30.0000000Z FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory',
  '2026-11-28T11:59:30.1000000Z ##[error]Process completed with exit code 134.',
].join('\n');
const WORKFLOW_ID = 2823525;
const BASE_SHA = 'b'.repeat(40);

let catalog: CompiledCatalog;
let probot: Probot;
let store: HistoryStore;
let dir: string;
let delivery = 0;
const unmatched = recordUnmatched();

beforeAll(async () => {
  nock.disableNetConnect();
  catalog = await loadCatalog();
});

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rd-classify-'));
  store = await HistoryStore.open(openSqlite(join(dir, 'history.sqlite')));
  probot = testProbot();
  const deps = createAppDeps({
    catalog, buildFixes, sleep: async () => undefined, fetchIdentity: async () => ({ slug: 'runner-doctor', id: 4242 }),
    history: { store, infrastructure: loadInfrastructureRule() },
  });
  probot.on('workflow_run.completed', (context) => handleWorkflowRun(context, deps));
});

afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  expectNockDone(unmatched);
});

/** Token, config, workflow file, the failed job and its log. */
function mockFailedRun(log: string, o: RunPayloadOptions & { config?: string } = {}) {
  mockInstallationToken();
  mockConfig(o.config ?? null);
  mockFile('.github/workflows/build.yml', HEAD_SHA, null);
  mockJobs(o.runId ?? 289782451, o.attempt ?? 1, [{ id: 11, name: 'build' }]);
  mockLog(11, log);
}

/** The base branch's completed runs of the workflow, newest first. */
function mockBaseRuns(branch: string, runs: { id: number; conclusion: string }[] | number) {
  const scope = nock(API)
    .get(`${R}/actions/workflows/${WORKFLOW_ID}/runs`)
    .query({ branch, status: 'completed', exclude_pull_requests: 'true', per_page: '4' });
  if (typeof runs === 'number') return scope.reply(runs, { message: `status ${runs}` });
  return scope.reply(200, {
    total_count: runs.length,
    workflow_runs: runs.map((r) => ({
      id: r.id, run_attempt: 1, html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${r.id}`, head_sha: BASE_SHA,
      conclusion: r.conclusion,
    })),
  });
}

/** The `build` job of a base run, with its conclusion. */
function mockBaseJob(runId: number, jobId: number, conclusion: string) {
  return nock(API)
    .get(`${R}/actions/runs/${runId}/attempts/1/jobs`)
    .query({ per_page: '100' })
    .reply(200, { total_count: 1, jobs: [apiJob({ id: jobId, name: 'build', conclusion }, runId)] });
}

async function commentFor(payload: Record<string, unknown>, pr = 2): Promise<string> {
  mockListComments(pr, []);
  const bodies: string[] = [];
  mockCreateComment(pr, bodies);
  await probot.receive({ id: `d-${++delivery}`, name: 'workflow_run', payload } as Parameters<Probot['receive']>[0]);
  expect(bodies).toHaveLength(1);
  return bodies[0]!;
}

describe('classification of a failed job', () => {
  it('infrastructure: says so without looking at the base branch, and records it', async () => {
    mockFailedRun(POD_EXISTS_LOG);
    const body = await commentFor(workflowRunPayload());
    expect(body).toContain('**Infrastructure**: not caused by this change');
    const row = await store.findJob(`${OWNER}/${REPO}`, 289782451, 1, 11);
    expect(row).toMatchObject({ rootCause: 'hook/job-pod-exists', classification: 'infrastructure', pr: 2, branch: 'feature' });
    expect(row?.evidenceLine).toBeGreaterThan(0);
  });

  it('broken on base: the newest base runs fail with the same cause (one log read, one from the store)', async () => {
    mockFailedRun(OOM_LOG);
    mockBaseRuns('master', [{ id: 901, conclusion: 'failure' }, { id: 900, conclusion: 'failure' }, { id: 899, conclusion: 'success' }]);
    mockBaseJob(901, 71, 'failure');
    mockBaseJob(900, 70, 'failure');
    mockBaseJob(899, 69, 'success');
    mockLog(71, OOM_LOG);
    // Run 900's job was diagnosed before: its log is not downloaded again.
    await store.record({
      repo: `${OWNER}/${REPO}`, workflow: '.github/workflows/build.yml', workflowName: 'Build and publish', jobName: 'build',
      jobId: 70, jobUrl: null, runId: 900, runAttempt: 1, headSha: BASE_SHA, branch: 'master', pr: null,
      rootCause: 'node/heap-out-of-memory', rootTitle: 'x', category: 'node', keyCapture: null, captures: null,
      evidenceLine: 3, classification: 'new', runnerName: null, labels: [], logBytes: 1, jobStartedAt: null, diagnosedAt: Date.now(),
    });
    const body = await commentFor(workflowRunPayload());
    expect(body).toContain(
      `**Broken on base**: also failing on \`master\` since [run 900](https://github.com/${OWNER}/${REPO}/actions/runs/900)`,
    );
    expect((await store.findJob(`${OWNER}/${REPO}`, 289782451, 1, 11))?.classification).toBe('broken-on-base');
    // The base job read now is stored for next time, unclassified (not reported to anyone).
    expect(await store.findJob(`${OWNER}/${REPO}`, 901, 1, 71)).toMatchObject({ rootCause: 'node/heap-out-of-memory', classification: null });
  });

  it('flaky: the same failure alternates with passes on the base branch', async () => {
    mockFailedRun(OOM_LOG);
    mockBaseRuns('master', [{ id: 901, conclusion: 'success' }, { id: 900, conclusion: 'failure' }]);
    mockBaseJob(901, 71, 'success');
    mockBaseJob(900, 70, 'failure');
    mockLog(70, OOM_LOG);
    const body = await commentFor(workflowRunPayload());
    expect(body).toContain('**Flaky**: the same failure alternates with passes on `master`');
    expect(body).toContain(`(passed in [run 901](https://github.com/${OWNER}/${REPO}/actions/runs/901))`);
  });

  it('flaky: the same job passed on this commit in an earlier attempt', async () => {
    mockFailedRun(OOM_LOG, { attempt: 2 });
    mockJobs(289782451, 1, [{ id: 5, name: 'build', conclusion: 'success' }]);
    mockBaseRuns('master', []);
    const body = await commentFor(workflowRunPayload({ attempt: 2 }));
    expect(body).toContain('**Flaky**: the same job passed on this commit in attempt 1.');
  });

  it('new: the base branch passes the job', async () => {
    mockFailedRun(OOM_LOG);
    mockBaseRuns('master', [{ id: 901, conclusion: 'success' }]);
    mockBaseJob(901, 71, 'success');
    const body = await commentFor(workflowRunPayload());
    expect(body).toContain('**New**: not seen in the latest run on `master`; most likely from this change.');
  });

  it('new: the base branch has no completed run of the workflow', async () => {
    mockFailedRun(OOM_LOG);
    mockBaseRuns('master', []);
    const body = await commentFor(workflowRunPayload());
    expect(body).toContain('**New**: `master` has no completed run of this workflow to compare with');
  });

  it('unknown: the lookup fails, the diagnosis is still posted', async () => {
    mockFailedRun(OOM_LOG);
    // A read that fails with 5xx is asked again (request policy): every attempt answers 502.
    mockBaseRuns('master', 502).persist();
    const body = await commentFor(workflowRunPayload());
    nock.cleanAll();
    expect(body).toContain('JavaScript heap');
    expect(body).toContain('**Unknown**: could not compare with `master`');
    expect((await store.findJob(`${OWNER}/${REPO}`, 289782451, 1, 11))?.classification).toBe('unknown');
  });

  it('a fork PR is compared with the base repository default branch', async () => {
    mockFailedRun(OOM_LOG);
    nock(API)
      .get(`${R}/pulls`)
      .query({ state: 'open', head: 'forker:feature', per_page: '100' })
      .reply(200, [{ number: 8, head: { sha: HEAD_SHA }, base: { repo: { id: 300029405 } } }]);
    mockBaseRuns('master', [{ id: 901, conclusion: 'failure' }]);
    mockBaseJob(901, 71, 'failure');
    mockLog(71, POD_EXISTS_LOG);
    const body = await commentFor(workflowRunPayload({ prs: 'fork' }), 8);
    // The base fails, but of another cause: this one is new.
    expect(body).toContain('**New**: not seen in the latest run on `master`');
    expect((await store.findJob(`${OWNER}/${REPO}`, 289782451, 1, 11))?.pr).toBe(8);
  });
});

describe('automatic re-run (repo config rerun:)', () => {
  const config = 'rerun:\n  signatures: [hook/job-pod-exists]\n  maxAttempts: 2\n';

  it('re-runs a listed infrastructure failure within budget and says so', async () => {
    mockFailedRun(POD_EXISTS_LOG, { config });
    const rerun = nock(API).post(`${R}/actions/runs/289782451/rerun-failed-jobs`).reply(201, {});
    const body = await commentFor(workflowRunPayload());
    expect(rerun.isDone()).toBe(true);
    expect(body).toContain('Re-run requested automatically (attempt 2 of at most 2)');
  });

  it('does not re-run once the attempt budget is spent', async () => {
    mockFailedRun(POD_EXISTS_LOG, { config, attempt: 2 });
    const body = await commentFor(workflowRunPayload({ attempt: 2 }));
    expect(body).not.toContain('Re-run');
  });

  it('never re-runs a new failure, even when its cause is listed', async () => {
    mockFailedRun(OOM_LOG, { config: 'rerun:\n  signatures: [node/heap-out-of-memory]\n' });
    mockBaseRuns('master', []);
    const body = await commentFor(workflowRunPayload());
    expect(body).toContain('**New**');
    expect(body).not.toContain('Re-run');
  });
});
