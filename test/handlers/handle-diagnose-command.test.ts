import { readFileSync } from 'node:fs';
import nock from 'nock';
import type { Probot } from 'probot';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { buildFixes } from '../../src/fixes/build-fixes.js';
import { createAppDeps, type AppDeps } from '../../src/handlers/app-deps.js';
import { DENIED_REPLY, handleDiagnoseCommand } from '../../src/handlers/handle-diagnose-command.js';
import {
  API, expectNockDone, recordUnmatched, mockConfig, mockCreateComment, mockFile, mockInstallationToken, mockJobs, mockListComments, mockLog,
} from '../helpers/github-api.js';
import { testProbot } from '../helpers/test-octokit.js';
import { HEAD_SHA, OWNER, REPO, prCommentPayload, type CommentPayloadOptions } from '../helpers/webhook-payloads.js';

const R = `/repos/${OWNER}/${REPO}`;
const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const POD_EXISTS_LOG = fixture('logs/seed-2-job-pod-exists-409.log');
const WORKFLOW = fixture('workflows/seed-build-and-publish.yml');

let catalog: CompiledCatalog;
let probot: Probot;
let deps: AppDeps;
let delivery = 0;
const unmatched = recordUnmatched();

beforeAll(async () => {
  nock.disableNetConnect();
  catalog = await loadCatalog();
});

beforeEach(() => {
  probot = testProbot();
  deps = createAppDeps({ catalog, buildFixes, sleep: async () => undefined, fetchIdentity: async () => ({ slug: 'runner-doctor', id: 4242 }) });
  probot.on('issue_comment.created', (context) => handleDiagnoseCommand(context, deps));
});

afterEach(() => expectNockDone(unmatched));

function comment(o: CommentPayloadOptions = {}) {
  return probot.receive({ id: `d-${++delivery}`, name: 'issue_comment', payload: prCommentPayload(o) } as Parameters<Probot['receive']>[0]);
}

function mockReaction(content: string) {
  return nock(API).post(`${R}/issues/comments/555/reactions`, { content }).reply(201, { content });
}

function mockReply(sink: string[]) {
  return mockCreateComment(2, sink, 901);
}

function run(id: number, workflowId: number, conclusion: string, runNumber: number, name = `Workflow ${workflowId}`) {
  return {
    id, run_attempt: 1, run_number: runNumber, name, path: `.github/workflows/wf-${workflowId}.yml`, workflow_id: workflowId,
    html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/${id}`, head_sha: HEAD_SHA, head_branch: 'feature',
    status: 'completed', conclusion, updated_at: '2026-11-28T12:00:00Z',
  };
}

/** Everything a successful `/diagnose` of failed run `runId` (workflow 1) costs after the permission check. */
function mockDiagnosis(runId: number, runs: ReturnType<typeof run>[] | 'single') {
  mockReaction('eyes');
  mockConfig(null);
  nock(API).get(`${R}/pulls/2`).reply(200, { number: 2, head: { sha: HEAD_SHA } });
  if (runs === 'single') nock(API).get(`${R}/actions/runs/${runId}`).reply(200, run(runId, 1, 'failure', 9));
  else {
    nock(API)
      .get(`${R}/actions/runs`)
      .query({ head_sha: HEAD_SHA, status: 'completed', per_page: '100' })
      .reply(200, { total_count: runs.length, workflow_runs: runs });
  }
  mockFile('.github/workflows/wf-1.yml', HEAD_SHA, WORKFLOW);
  mockJobs(runId, 1, [{ id: 31, name: 'build-and-push' }]);
  mockLog(31, POD_EXISTS_LOG);
  mockListComments(2, []);
}

describe('/diagnose', () => {
  it('lets the PR author diagnose the latest failed run of each workflow: eyes, one comment, rocket', async () => {
    mockInstallationToken();
    mockDiagnosis(100, [run(90, 1, 'failure', 7), run(100, 1, 'failure', 8), run(101, 2, 'success', 3)]);
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    const rocket = mockReaction('rocket');
    await comment({ body: 'CI is red again\n/diagnose' });
    expect(rocket.isDone()).toBe(true);
    expect(bodies).toHaveLength(1);
    expect(bodies[0]).toContain('### ❌ Workflow 1: 1 job failed');
    expect(bodies[0]).toContain('[Run 100, attempt 1]');
    // The passing workflow had nothing stale to replace, so it is left out.
    expect(bodies[0]).not.toContain('Workflow 2');
  });

  it('diagnoses the run named by id', async () => {
    mockInstallationToken();
    mockDiagnosis(20507531951, 'single');
    const bodies: string[] = [];
    mockCreateComment(2, bodies);
    mockReaction('rocket');
    await comment({ body: '/diagnose 20507531951' });
    expect(bodies[0]).toContain('[Run 20507531951, attempt 1]');
  });

  it.each([
    ['admin', 'admin'],
    ['write', 'maintain'],
    ['write', 'write'],
  ])('allows a collaborator with %s/%s', async (permission, role_name) => {
    mockInstallationToken();
    nock(API).get(`${R}/collaborators/helper/permission`).reply(200, { permission, role_name });
    mockDiagnosis(100, [run(100, 1, 'failure', 8)]);
    mockCreateComment(2, []);
    mockReaction('rocket');
    await comment({ commenter: 'helper' });
  });

  it.each([
    ['read', 'triage'],
    ['read', 'read'],
    ['none', 'none'],
  ])('answers %s/%s once with a short reply and nothing else', async (permission, role_name) => {
    mockInstallationToken();
    // The second command comes within the person's cooldown: not even the permission is asked again.
    nock(API).get(`${R}/collaborators/visitor/permission`).reply(200, { permission, role_name });
    const replies: string[] = [];
    mockReply(replies);
    await comment({ commenter: 'visitor' });
    await comment({ commenter: 'visitor' });
    expect(replies).toEqual([DENIED_REPLY]);
  });

  it('ignores bots, its own comments and comments that are not on a PR or not a command (no API call)', async () => {
    await comment({ commenter: 'dependabot[bot]', commenterType: 'Bot' });
    await comment({ commenter: 'runner-doctor[bot]', commenterType: 'Bot', body: '/diagnose' });
    await comment({ commenter: 'someone-else', viaAppId: 4242 });
    await comment({ body: 'please /diagnose this' });
    const notPr = prCommentPayload();
    delete notPr.issue.pull_request;
    await probot.receive({ id: 'not-pr', name: 'issue_comment', payload: notPr } as Parameters<Probot['receive']>[0]);
  });

  it('reacts confused with a reason when the argument is not a run', async () => {
    mockInstallationToken();
    mockReaction('eyes');
    mockReaction('confused');
    const replies: string[] = [];
    mockReply(replies);
    await comment({ body: '/diagnose yesterday' });
    expect(replies).toEqual([
      '`yesterday` is not a run id or a run URL; use `/diagnose`, `/diagnose 123456789` or `/diagnose https://github.com/octo-org/octo-repo/actions/runs/123456789`.',
    ]);
  });

  it("refuses a run URL of another repository", async () => {
    mockInstallationToken();
    mockReaction('eyes');
    mockReaction('confused');
    const replies: string[] = [];
    mockReply(replies);
    await comment({ body: '/diagnose https://github.com/evil/repo/actions/runs/1' });
    expect(replies).toEqual(['That run belongs to evil/repo; `/diagnose` only reads runs of octo-org/octo-repo.']);
  });

  it('says so when no run failed for the head commit', async () => {
    mockInstallationToken();
    mockReaction('eyes');
    mockConfig(null);
    nock(API).get(`${R}/pulls/2`).reply(200, { number: 2, head: { sha: HEAD_SHA } });
    nock(API).get(`${R}/actions/runs`).query(true).reply(200, { total_count: 1, workflow_runs: [run(5, 1, 'success', 1)] });
    mockReaction('confused');
    const replies: string[] = [];
    mockReply(replies);
    await comment();
    expect(replies).toEqual(['No failed workflow run for the head commit 3484a3f; nothing to diagnose.']);
  });

  it('replies that the app is disabled when the config says enabled: false', async () => {
    mockInstallationToken();
    mockReaction('eyes');
    mockConfig('enabled: false\n');
    mockReaction('confused');
    const replies: string[] = [];
    mockReply(replies);
    await comment();
    expect(replies).toEqual(['runner-doctor is disabled for this repository (`enabled: false` in `.github/runner-doctor.yml`).']);
  });

  it('reacts confused and replies once when the API fails, without crashing', async () => {
    mockInstallationToken();
    mockReaction('eyes');
    mockConfig(null);
    nock(API).get(`${R}/pulls/2`).times(4).reply(500, { message: 'Server Error' });
    mockReaction('confused');
    const replies: string[] = [];
    mockReply(replies);
    await expect(comment()).resolves.toBeUndefined();
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatch(/^runner-doctor could not finish `\/diagnose`: Server Error/);
  });
});
