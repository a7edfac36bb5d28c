import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createNodeMiddleware, createProbot, ProbotOctokit } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { PERMISSION_UNKNOWN_REPLY } from '../../src/handlers/handle-diagnose-command.js';
import { createRunnerDoctor } from '../../src/index.js';
import { createInProcessQueue, type JobQueue } from '../../src/queue/job-queue.js';
import { FakeGitHub, failFirst } from '../helpers/fake-github.js';
import { testPrivateKey } from '../helpers/test-octokit.js';
import { HEAD_SHA, prCommentPayload, workflowRunPayload } from '../helpers/webhook-payloads.js';

/**
 * GitHub misbehaving, over real HTTP: the app must neither lose the event nor write twice.
 * Probot's Octokit with its retry plugin on (it is what sent a failed create twice); throttling
 * off, so the retries seen are the app's own and writes are not spaced a second apart.
 */
const Octokit = ProbotOctokit.defaults((o: Record<string, unknown>) => ({ ...o, throttle: { enabled: false } }));
const SECRET = 'faults-secret';
let api: FakeGitHub;
let appServer: Server | undefined;
let appBase: string;
let queue: JobQueue;
let waits: number[];

async function startApp(env: Record<string, string> = {}): Promise<void> {
  api = new FakeGitHub();
  const base = await api.start();
  waits = [];
  const probot = createProbot({
    env: {
      APP_ID: '4242', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET,
      GHE_HOST: base.replace('http://', ''), GHE_PROTOCOL: 'http', LOG_LEVEL: (process.env.TEST_LOG_LEVEL as 'warn' | undefined) ?? 'fatal',
    },
    overrides: { Octokit: Octokit },
  });
  const app = createRunnerDoctor({
    env,
    sleep: async (ms) => void waits.push(ms),
    queue: (work) => (queue = createInProcessQueue(work, { concurrency: 4, onError: () => undefined })),
  });
  const middleware = await createNodeMiddleware(app, { probot });
  appServer = createServer((req, res) => void middleware(req, res, () => res.writeHead(404).end()));
  await new Promise<void>((resolve) => appServer!.listen(0, '127.0.0.1', () => resolve()));
  appBase = `http://127.0.0.1:${(appServer.address() as AddressInfo).port}`;
}

afterEach(async () => {
  await new Promise<void>((resolve) => (appServer ? appServer.close(() => resolve()) : resolve()));
  await api.stop();
});

async function send(event: string, payload: unknown, delivery: string): Promise<number> {
  const body = JSON.stringify(payload);
  const res = await fetch(`${appBase}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-github-event': event, 'x-github-delivery': delivery,
      'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    },
    body,
  });
  return res.status;
}

const R = '/api/v3/repos/octo-org/octo-repo';

describe('GitHub faults', () => {
  it('a comment that GitHub creates but answers 502 for is not created twice', async () => {
    await startApp();
    api.faults.push(failFirst('POST', `${R}/issues/2/comments`, 1, (req, res, gh) => {
      gh.addComment((JSON.parse(req.body) as { body: string }).body);
      res.writeHead(502).end('Bad Gateway');
    }));
    expect(await send('workflow_run', workflowRunPayload(), 'd-502')).toBe(200);
    await queue.onIdle();
    expect(api.comments).toHaveLength(1);
    expect(api.comments[0]!.body).toContain('<!-- runner-doctor:sticky -->');
    expect(api.count('POST', '/issues/2/comments')).toBe(1);
  });

  it('a comment write that fails leaves the event unclaimed, so the redelivery posts it', async () => {
    await startApp();
    api.faults.push(failFirst('POST', `${R}/issues/2/comments`, 2, (_req, res) => void res.writeHead(500).end('oops')));
    await send('workflow_run', workflowRunPayload(), 'd-redeliver');
    await queue.onIdle();
    expect(api.comments).toHaveLength(0);
    await send('workflow_run', workflowRunPayload(), 'd-redeliver');
    await queue.onIdle();
    expect(api.comments).toHaveLength(1);
  });

  it('a 403 with retry-after on listing jobs is retried after the wait GitHub asked for', async () => {
    await startApp();
    api.faults.push(failFirst('GET', '/attempts/1/jobs', 1, (_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json', 'retry-after': '7' });
      res.end(JSON.stringify({ message: 'You have exceeded a secondary rate limit.' }));
    }));
    await send('workflow_run', workflowRunPayload(), 'd-403');
    await queue.onIdle();
    expect(waits).toContain(7000);
    expect(api.count('GET', '/attempts/1/jobs')).toBe(2);
    expect(api.comments).toHaveLength(1);
  });

  it('a retry-after beyond the bound fails the event instead of holding it', async () => {
    await startApp({ GITHUB_RATE_LIMIT_MAX_WAIT_SECONDS: '60' });
    api.faults.push(failFirst('GET', '/attempts/1/jobs', 1, (_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '3600' });
      res.end(JSON.stringify({ message: 'slow down' }));
    }));
    await send('workflow_run', workflowRunPayload(), 'd-429');
    await queue.onIdle();
    expect(waits).toEqual([]);
    expect(api.comments).toHaveLength(0);
    // Not lost: the redelivery is handled.
    await send('workflow_run', workflowRunPayload(), 'd-429');
    await queue.onIdle();
    expect(api.comments).toHaveLength(1);
  });

  it('a listing that never answers times out (GITHUB_TIMEOUT_SECONDS) and is asked again', async () => {
    await startApp({ GITHUB_TIMEOUT_SECONDS: '1' });
    // Hold the first answer forever (the server closes it at the end of the test).
    api.faults.push(failFirst('GET', '/attempts/1/jobs', 1, () => undefined));
    await send('workflow_run', workflowRunPayload(), 'd-stall');
    await queue.onIdle();
    expect(api.count('GET', '/attempts/1/jobs')).toBe(2);
    expect(api.comments).toHaveLength(1);
  });

  it('replies once when the permission check itself keeps failing', async () => {
    await startApp({ DIAGNOSE_USER_COOLDOWN_SECONDS: '0', DIAGNOSE_PR_COOLDOWN_SECONDS: '0' });
    api.faults.push(failFirst('GET', '/collaborators/visitor/permission', 100, (_req, res) => void res.writeHead(502).end('Bad Gateway')));
    for (const d of ['p1', 'p2', 'p3']) await send('issue_comment', prCommentPayload({ commenter: 'visitor' }), d);
    await queue.onIdle();
    const replies = api.requests.filter((r) => r.method === 'POST' && r.path === `${R}/issues/2/comments`);
    expect(replies.map((r) => (JSON.parse(r.body) as { body: string }).body)).toEqual([PERMISSION_UNKNOWN_REPLY]);
    expect(api.reactions).toEqual([]);
  });

  it('50 /diagnose at once from the PR author: one diagnosis, one short reply', async () => {
    await startApp();
    await Promise.all(Array.from({ length: 50 }, (_, i) => send('issue_comment', prCommentPayload(), `burst-${i}`)));
    await queue.onIdle();
    expect(api.count('GET', '/actions/jobs/31/logs')).toBe(1);
    expect(api.reactions).toEqual(['eyes', 'rocket']);
    const posts = api.requests.filter((r) => r.method === 'POST' && r.path === `${R}/issues/2/comments`);
    const bodies = posts.map((r) => (JSON.parse(r.body) as { body: string }).body);
    expect(bodies.filter((b) => b.startsWith('<!-- runner-doctor:sticky -->'))).toHaveLength(1);
    expect(bodies.filter((b) => !b.startsWith('<!-- runner-doctor:sticky -->'))).toEqual([
      expect.stringMatching(/^`\/diagnose` (is already running|was run (on this pull request|by you) moments ago)/),
    ]);
  });

  it('/diagnose <id> of a run on another branch is refused without reading it; ids past 2^53 stay exact', async () => {
    await startApp({ DIAGNOSE_USER_COOLDOWN_SECONDS: '0', DIAGNOSE_PR_COOLDOWN_SECONDS: '0' });
    const other = { ...workflowRunPayload({ runId: 777, headSha: 'f'.repeat(40) }).workflow_run };
    api.runs.set('777', other);
    await send('issue_comment', prCommentPayload({ body: '/diagnose 777' }), 'other-branch');
    await send('issue_comment', prCommentPayload({ body: '/diagnose 9007199254740993' }), 'big-id');
    await queue.onIdle();
    expect(api.count('GET', '/actions/runs/9007199254740993')).toBe(1);
    expect(api.requests.some((r) => r.path.includes('/attempts/'))).toBe(false);
    const replies = api.requests
      .filter((r) => r.method === 'POST' && r.path === `${R}/issues/2/comments`)
      .map((r) => (JSON.parse(r.body) as { body: string }).body);
    expect(replies.sort()).toEqual([
      'Run 777 tested fffffff, which is not a commit of this pull request; `/diagnose` only reads this pull request\'s runs.',
      'There is no run 9007199254740993 in octo-org/octo-repo.',
    ]);
    expect(HEAD_SHA).not.toBe(other.head_sha);
  });

  it('an event without installation.id is dropped before the queue: no API call, no comment', async () => {
    await startApp();
    const payload = workflowRunPayload();
    delete payload.installation;
    expect(await send('workflow_run', payload, 'no-installation')).toBe(200);
    await queue.onIdle();
    expect(api.requests).toEqual([]);
    expect(api.comments).toEqual([]);
  });
});
