import { readFileSync } from 'node:fs';
import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { mergeSection } from '../../src/comment/merge.js';
import { STICKY_MARKER } from '../../src/comment/model.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { createAppDeps, type AppDeps } from '../../src/handlers/app-deps.js';
import { handleWorkflowRun } from '../../src/handlers/handle-workflow-run.js';
import {
  API, expectNockDone, recordUnmatched, botComment, mockConfig, mockCreateComment, mockFile, mockInstallationToken, mockJobs, mockListComments, mockLog,
  mockUpdateComment,
} from '../helpers/github-api.js';
import { testProbot } from '../helpers/test-octokit.js';
import { HEAD_SHA, OWNER, REPO, workflowRunPayload, type RunPayloadOptions } from '../helpers/webhook-payloads.js';
import { visibleText } from '../markdown/github-render.js';

const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const POD_EXISTS_LOG = fixture('logs/seed-2-job-pod-exists-409.log');
const WORKFLOW = fixture('workflows/seed-build-and-publish.yml');
const WORKFLOW_PATH = '.github/workflows/build.yml';

let catalog: CompiledCatalog;
let podExistsTitle: string;
let probot: Probot;
let deps: AppDeps;
let delivery = 0;
const unmatched = recordUnmatched();

beforeAll(async () => {
  nock.disableNetConnect();
  catalog = await loadCatalog();
  podExistsTitle = catalog.byId.get('hook/job-pod-exists')!.entry.title;
});

beforeEach(() => {
  probot = testProbot();
  deps = createAppDeps({ catalog, buildFixes, sleep: async () => undefined, fetchIdentity: async () => ({ slug: 'runner-doctor', id: 4242 }) });
  probot.on('workflow_run.completed', (context) => handleWorkflowRun(context, deps));
});

afterEach(() => expectNockDone(unmatched));

function receive(payload: Record<string, unknown>, id = `delivery-${++delivery}`) {
  return probot.receive({ id, name: 'workflow_run', payload } as Parameters<Probot['receive']>[0]);
}

/** The calls every diagnosed run makes before the comment: token, config, jobs, workflow, logs. */
function mockRun(o: RunPayloadOptions & { logs: Record<number, string | Buffer | number>; names?: Record<number, string>; config?: string | null }) {
  mockInstallationToken();
  mockConfig(o.config ?? null);
  const ids = Object.keys(o.logs).map(Number);
  mockFile(o.path ?? WORKFLOW_PATH, o.headSha ?? HEAD_SHA, WORKFLOW);
  mockJobs(o.runId ?? 289782451, o.attempt ?? 1, ids.map((id) => ({ id, name: o.names?.[id] ?? 'build-and-push' })));
  for (const id of ids) mockLog(id, o.logs[id]!);
}

describe('workflow_run.completed', () => {
  it('diagnoses a failed run and creates one sticky comment on its PR', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG } });
    mockListComments(2, [botComment(1, 'Thanks!', 'alice')]);
    const bodies: string[] = [];
    const create = mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(create.isDone()).toBe(true);
    expect(bodies).toHaveLength(1);
    const body = bodies[0]!;
    expect(body.startsWith(STICKY_MARKER)).toBe(true);
    expect(body).toContain('### ❌ Build and publish: 1 job failed');
    expect(body).toContain(podExistsTitle);
    expect(body).toContain('build-and-push');
    expect(body).toContain(`[Run 289782451, attempt 1](https://github.com/${OWNER}/${REPO}/actions/runs/289782451)`);
    // Evidence links point at the line within the step, from the API's steps[].
    expect(body).toMatch(/\(https:\/\/github\.com\/octo-org\/octo-repo\/actions\/runs\/289782451\/job\/11#step:2:\d+\)/);
  });

  it("updates its existing comment and never touches a look-alike comment by another user", async () => {
    const old = mergeSection(null, {
      workflowKey: '.github/workflows/other.yml', workflowName: 'Other', runId: 5, runAttempt: 1, runUrl: 'https://github.com/x/y/actions/runs/5',
      headSha: HEAD_SHA, status: 'failed', completedAt: '2026-11-28T11:00:00Z', jobs: [], notes: [],
    }).body;
    mockRun({ logs: { 11: POD_EXISTS_LOG } });
    mockListComments(2, [botComment(30, `${STICKY_MARKER}\nfake`, 'mallory'), botComment(31, old)]);
    const bodies: string[] = [];
    mockUpdateComment(31, bodies);
    await receive(workflowRunPayload());
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('### ❌ Other: failed');
    expect(bodies[0]).toContain('### ❌ Build and publish: 1 job failed');
  });

  it('finds a fork PR through pulls.list when the payload has no PRs', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG } });
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/pulls`)
      .query({ state: 'open', head: 'forker:feature', per_page: '100' })
      .reply(200, [{ number: 8, head: { sha: HEAD_SHA }, base: { repo: { id: 300029405 } } }]);
    mockListComments(8, []);
    const bodies: string[] = [];
    mockCreateComment(8, bodies);
    await receive(workflowRunPayload({ prs: 'fork' }));
    expect(bodies).toHaveLength(1);
  });

  it('does nothing visible when the run has no open PR (no job, log or comment call)', async () => {
    mockInstallationToken();
    mockConfig(null);
    nock(API).get(`/repos/${OWNER}/${REPO}/pulls`).query(true).reply(200, []);
    await receive(workflowRunPayload({ prs: 'fork' }));
  });

  it('with checkRun: true, publishes a run without a PR as a neutral check run on its commit', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config: 'checkRun: true\n' });
    nock(API).get(`/repos/${OWNER}/${REPO}/pulls`).query(true).reply(200, []);
    const sent: Record<string, any>[] = [];
    nock(API)
      .post(`/repos/${OWNER}/${REPO}/check-runs`, (b: Record<string, any>) => (sent.push(b), true))
      .reply(201, { id: 3 });
    await receive(workflowRunPayload({ prs: 'fork' }));
    expect(sent).toHaveLength(1);
    const { output, ...rest } = sent[0]!;
    expect(rest).toEqual({
      head_sha: HEAD_SHA,
      name: 'runner-doctor: Build and publish',
      status: 'completed',
      conclusion: 'neutral',
      details_url: `https://github.com/${OWNER}/${REPO}/actions/runs/289782451`,
    });
    expect(output.title).toBe(podExistsTitle);
    expect(output.summary).toContain('### ❌ Build and publish: 1 job failed');
  });

  it('reports 410, 404, 500 and a network error for their jobs and still diagnoses the others', async () => {
    mockInstallationToken();
    mockConfig(null);
    mockFile(WORKFLOW_PATH, HEAD_SHA, WORKFLOW);
    mockJobs(289782451, 1, [
      { id: 21, name: 'expired' }, { id: 22, name: 'not-ready' }, { id: 23, name: 'server-error' },
      { id: 24, name: 'network' }, { id: 25, name: 'build-and-push' },
    ]);
    mockLog(21, 410);
    mockLog(22, 404);
    // Reads are tried four times (three retries) before a job reports the failure.
    nock(API).get(`/repos/${OWNER}/${REPO}/actions/jobs/23/logs`).times(4).reply(500, { message: 'status 500' });
    nock(API).get(`/repos/${OWNER}/${REPO}/actions/jobs/24/logs`).times(4).replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    mockLog(25, POD_EXISTS_LOG);
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    const body = bodies[0]!;
    expect(body).toContain('### ❌ Build and publish: 5 jobs failed');
    expect(body).toContain('The log has expired (HTTP 410)');
    expect(body).toContain('The log is not available yet (HTTP 404)');
    expect(body).toContain('Could not download the log (HTTP 500).');
    expect(body).toContain('Could not download the log (ECONNRESET).');
    expect(body).toContain(podExistsTitle);
  });

  it('diagnoses a log of invalid bytes without failing', async () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]), Buffer.from(POD_EXISTS_LOG)]);
    mockRun({ logs: { 11: bytes } });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain(podExistsTitle);
  });

  it.each([
    ['no workflow_run.id', (p: Record<string, any>) => delete p.workflow_run.id],
    ['no repository', (p: Record<string, any>) => delete p.repository],
    ['workflow_run is a string', (p: Record<string, any>) => (p.workflow_run = 'oops')],
    ['a negative run id', (p: Record<string, any>) => (p.workflow_run.id = -5)],
    ['a run id past 2^53', (p: Record<string, any>) => (p.workflow_run.id = 2 ** 53 + 2)],
    ['a fractional attempt', (p: Record<string, any>) => (p.workflow_run.run_attempt = 1.5)],
    ['attempt 0', (p: Record<string, any>) => (p.workflow_run.run_attempt = 0)],
    ['a path that leaves .github/workflows', (p: Record<string, any>) => (p.workflow_run.path = '.github/workflows/../../secrets.yml')],
    ['a path elsewhere in the repo', (p: Record<string, any>) => (p.workflow_run.path = 'deploy/values.yaml')],
    ['a head_sha that is no commit id', (p: Record<string, any>) => (p.workflow_run.head_sha = 'main')],
  ])('ignores a malformed payload (%s) without any API call or crash', async (_what, patch) => {
    const payload = workflowRunPayload();
    patch(payload);
    await expect(receive(payload)).resolves.toBeUndefined();
  });

  it('ignores a redelivery (same delivery id) and the same run attempt under another delivery id', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG } });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload(), 'same-delivery');
    await receive(workflowRunPayload(), 'same-delivery');
    await receive(workflowRunPayload(), 'other-delivery');
    expect(bodies).toHaveLength(1);
  });

  it('hands a 5xx to the queue to retry, and lets that retry (same delivery) run', async () => {
    mockInstallationToken();
    mockConfig(null);
    mockFile(WORKFLOW_PATH, HEAD_SHA, WORKFLOW);
    nock(API).get(`/repos/${OWNER}/${REPO}/actions/runs/289782451/attempts/1/jobs`).query(true).times(4).reply(500, { message: 'boom' });
    // Thrown for the queue (src/queue/) to run again later; nothing stays claimed.
    await expect(receive(workflowRunPayload(), 'retry-me')).rejects.toThrow('boom');
    mockConfig(null);
    mockFile(WORKFLOW_PATH, HEAD_SHA, WORKFLOW);
    mockJobs(289782451, 1, [{ id: 11, name: 'build-and-push' }]);
    mockLog(11, POD_EXISTS_LOG);
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload(), 'retry-me');
    expect(bodies).toHaveLength(1);
  });

  it('holds all 20 runs finishing at once in exactly one comment', async () => {
    mockInstallationToken().persist();
    nock(API).get(`/repos/${OWNER}/${REPO}/contents/.github%2Frunner-doctor.yml`).times(20).reply(404, {});
    nock(API).get(`/repos/${OWNER}/.github/contents/.github%2Frunner-doctor.yml`).times(20).reply(404, {});
    const state: { id: number; body: string; user: { login: string } }[] = [];
    let creates = 0;
    let updates = 0;
    // Exactly 20 reads, ONE create and 19 updates: a second create would find no interceptor and fail.
    nock(API)
      .get(`/repos/${OWNER}/${REPO}/issues/2/comments`).query(true).times(20).reply(() => [200, state])
      .post(`/repos/${OWNER}/${REPO}/issues/2/comments`).reply((_uri, b) => {
        creates++;
        state.push({ id: 77, body: (b as { body: string }).body, user: { login: 'runner-doctor[bot]' } });
        return [201, { id: 77 }];
      })
      .patch(`/repos/${OWNER}/${REPO}/issues/comments/77`).times(19).reply((_uri, b) => {
        updates++;
        state[0]!.body = (b as { body: string }).body;
        return [200, { id: 77 }];
      });
    const payloads = Array.from({ length: 20 }, (_, i) => {
      const path = `.github/workflows/wf-${String(i).padStart(2, '0')}.yml`;
      mockFile(path, HEAD_SHA, WORKFLOW);
      mockJobs(1000 + i, 1, [{ id: 5000 + i, name: 'build-and-push' }]);
      mockLog(5000 + i, POD_EXISTS_LOG);
      return workflowRunPayload({ runId: 1000 + i, path, name: `Workflow ${String(i).padStart(2, '0')}`, workflowId: 9000 + i });
    });
    await Promise.all(payloads.map((p) => receive(p)));
    expect(creates).toBe(1);
    expect(updates).toBe(19);
    const body = state[0]!.body;
    // Twenty full diagnoses do not fit in one comment: older sections collapse, none is lost.
    expect(body.length).toBeLessThanOrEqual(60_000);
    for (let i = 0; i < 20; i++) {
      const n = String(i).padStart(2, '0');
      expect(body).toContain(`"workflowKey":".github/workflows/wf-${n}.yml"`);
      expect(body).toMatch(new RegExp(`### ❌ Workflow ${n}: (1 job )?failed`));
    }
  });

  it('marks the section passed when a later attempt succeeds', async () => {
    const failed = mergeSection(null, {
      workflowKey: WORKFLOW_PATH, workflowName: 'Build and publish', runId: 289782451, runAttempt: 1,
      runUrl: 'https://github.com/x/y/actions/runs/289782451', headSha: HEAD_SHA, status: 'failed',
      completedAt: '2026-11-28T11:00:00Z', jobs: [], notes: [],
    }).body;
    mockInstallationToken();
    mockConfig(null);
    mockListComments(2, [botComment(31, failed)]);
    const bodies: string[] = [];
    mockUpdateComment(31, bodies);
    await receive(workflowRunPayload({ conclusion: 'success', attempt: 2 }));
    expect(bodies[0]).toContain('### ✅ Build and publish passed');
    expect(bodies[0]).toContain('the earlier failure diagnosis no longer applies');
    expect(bodies[0]).not.toContain('### ❌ Build and publish');
  });

  it('stays quiet on a success when it never commented', async () => {
    mockInstallationToken();
    mockConfig(null);
    mockListComments(2, []);
    await receive(workflowRunPayload({ conclusion: 'success' }));
  });

  it('shows config errors in the comment and uses the defaults', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config: 'comment: sometimes\nmaxLogByte: 5\n' });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain('The runner-doctor config has problems');
    expect(bodies[0]).toContain('.github/runner-doctor.yml: comment:');
    expect(bodies[0]).toContain('.github/runner-doctor.yml: maxLogByte: unknown setting; did you mean `maxLogBytes`?');
    expect(bodies[0]).toContain(podExistsTitle);
  });

  it('says so in the comment when the config file is not valid YAML, and uses the defaults', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config: 'comment: [always\n' });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain('.github/runner-doctor.yml: could not be read (');
    expect(bodies[0]).toContain('using the defaults.');
    expect(bodies[0]).toContain(podExistsTitle);
  });

  it('does nothing more when the config disables the app', async () => {
    mockInstallationToken();
    mockConfig('enabled: false\n');
    await receive(workflowRunPayload());
  });

  it('with comment: on-match, does not comment when no root cause was found', async () => {
    mockRun({ logs: { 11: '2026-01-01T00:00:00.0000000Z nothing to see\n' }, config: 'comment: on-match\n' });
    mockListComments(2, []);
    await receive(workflowRunPayload());
  });

  it('passes the repo hook template and the probe result to the fix generators, and the probe lines to the comment', async () => {
    const calls: { hookTemplate?: { path: string; text: string }; workflow?: { path: string }; job?: string }[] = [];
    const probed: unknown[] = [];
    deps = createAppDeps({
      catalog,
      fetchIdentity: async () => ({ slug: 'runner-doctor', id: 4242 }),
      buildFixes: (d, files) => {
        calls.push(files);
        return d;
      },
      probe: async (input) => {
        probed.push(input.job);
        return {
          lines: ['pod `x-workflow` is Terminating since 3 h (finalizer `example.com/hold`)'],
          actions: [],
          hookTemplate: { path: 'cluster:arc-runners/hook-template', text: 'live' },
          snippets: [{ title: 'Role rules to add', language: 'yaml', body: '- apiGroups: [""]\n  resources: [pods]\n  verbs: [delete]' }],
        };
      },
    });
    probot = testProbot();
    probot.on('workflow_run.completed', (context) => handleWorkflowRun(context, deps));
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config: 'hookTemplates: [deploy/missing.yaml, deploy/hook.yaml]\n' });
    mockFile('deploy/missing.yaml', HEAD_SHA, null);
    mockFile('deploy/hook.yaml', HEAD_SHA, 'spec: {}\n');
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(probed).toEqual([{ runnerName: 'arc-runner-set-7lzfm-runner-4gq2x', startedAt: '2025-12-27T14:02:10Z' }]);
    // The live template from the cluster wins over the repository's copy.
    expect(calls).toEqual([{ workflow: { path: WORKFLOW_PATH, text: WORKFLOW }, hookTemplate: { path: 'cluster:arc-runners/hook-template', text: 'live' }, job: 'build-and-push', repository: `${OWNER}/${REPO}` }]);
    expect(bodies[0]).toContain('**Cluster checks**\n- pod `x-workflow` is Terminating since 3 h');
    expect(bodies[0]).toContain('Role rules to add:\n```yaml\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [delete]\n```');
    expect(bodies[0]).not.toContain('Live cluster probes are off');
    expect(bodies[0]).toContain('deploy/missing.yaml');
  });

  it("uses the repository's own signatures, and lists those whose examples fail", async () => {
    const config = [
      'signatures:',
      '  - id: team/stale-pod',
      '    title: Our runner left a pod behind',
      '    role: root-cause',
      '    category: k8s-hooks',
      '    priority: 100',
      "    patterns: ['already exists']",
      '    explanation: Ask the platform team.',
      "    examples: ['pods x already exists']",
      "    counterexamples: ['pods x created']",
      '  - id: team/never',
      '    title: Never seen',
      '    role: noise',
      '    category: misc',
      '    priority: 1',
      "    patterns: ['never ever matches']",
      '    explanation: x',
      "    examples: ['this example does not match']",
      "    counterexamples: ['ok']",
      '',
    ].join('\n');
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain('Our runner left a pod behind');
    expect(visibleText(bodies[0]!)).toContain(
      'team/never: examples[0] does not match: this example does not match; fix the pattern or the example',
    );
  });

  it('says what a cluster probe would have checked when probes are off', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG } });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain('**Cluster checks**\n- Live cluster probes are off (set `KUBE_PROBES=1` on the server). They would have read the runner\'s `<runner>-workflow` pod');
  });

  it('uses the repo hook template at the head SHA when there is no probe', async () => {
    const calls: { hookTemplate?: { path: string; text: string } }[] = [];
    deps = createAppDeps({ catalog, sleep: async () => undefined, fetchIdentity: async () => ({ slug: 'runner-doctor', id: 4242 }), buildFixes: (d, files) => (calls.push(files), d) });
    probot = testProbot();
    probot.on('workflow_run.completed', (context) => handleWorkflowRun(context, deps));
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config: 'hookTemplates: [deploy/hook.yaml]\n' });
    mockFile('deploy/hook.yaml', HEAD_SHA, 'spec: {}\n');
    mockListComments(2, []);
    mockCreateComment(2, []);
    await receive(workflowRunPayload());
    expect(calls.map((c) => c.hookTemplate)).toEqual([{ path: 'deploy/hook.yaml', text: 'spec: {}\n' }]);
  });

  it('caps a big log by maxLogBytes, still finds the cause near the end, and says the log was cut', async () => {
    const filler = Array.from({ length: 20000 }, (_, i) => `2025-12-27T14:02:12.0000000Z build output line ${i}`).join('\n') + '\n';
    const lines = POD_EXISTS_LOG.split('\n');
    const log = lines.slice(0, 20).join('\n') + '\n' + filler + lines.slice(20).join('\n');
    mockRun({ logs: { 11: log }, config: 'maxLogBytes: 64KiB\n' });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain(podExistsTitle);
    expect(bodies[0]).toMatch(/was cut to its first and last 32\.0 KiB/);
  });

  it('with privateRunnerLogs: titles, shows the root cause title but no log lines', async () => {
    mockRun({ logs: { 11: POD_EXISTS_LOG }, config: 'privateRunnerLogs: titles\n' });
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain(podExistsTitle);
    expect(bodies[0]).not.toContain('already exists');
  });

  it('with privateRunnerLogs: skip, does not read logs of self-hosted runners', async () => {
    mockInstallationToken();
    mockConfig('privateRunnerLogs: skip\n');
    mockFile(WORKFLOW_PATH, HEAD_SHA, WORKFLOW);
    mockJobs(289782451, 1, [{ id: 11, name: 'build-and-push' }]);
    mockListComments(2, []);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain('Not diagnosed: the job ran on a self-hosted runner and `privateRunnerLogs: skip` is set.');
  });

  it('with comment: on-match, still updates an existing comment so it never goes stale', async () => {
    const old = mergeSection(null, {
      workflowKey: WORKFLOW_PATH, workflowName: 'Build and publish', runId: 289782450, runAttempt: 1,
      runUrl: 'https://github.com/x/y/actions/runs/289782450', headSha: HEAD_SHA, status: 'failed',
      completedAt: '2026-11-28T11:00:00Z', jobs: [], notes: [],
    }).body;
    mockRun({ logs: { 11: '2026-01-01T00:00:00.0000000Z nothing to see\n' }, config: 'comment: on-match\n' });
    mockListComments(2, [botComment(31, old)]);
    const bodies: string[] = [];
    mockUpdateComment(31, bodies);
    await receive(workflowRunPayload());
    expect(bodies[0]).toContain('[Run 289782451, attempt 1]');
    expect(bodies[0]).not.toContain('[Run 289782450, attempt 1]');
  });

  it('ignores conclusions it does not handle (cancelled) without any call', async () => {
    await receive(workflowRunPayload({ conclusion: 'cancelled' }));
  });
});
