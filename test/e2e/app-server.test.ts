import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createNodeMiddleware, createProbot } from 'probot';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunnerDoctor } from '../../src/index.js';
import { createInProcessQueue, type JobQueue } from '../../src/queue/job-queue.js';
import { TestOctokit, testPrivateKey } from '../helpers/test-octokit.js';
import { HEAD_SHA, OWNER, REPO, prCommentPayload, workflowRunPayload } from '../helpers/webhook-payloads.js';

/**
 * End to end over real HTTP: the Probot middleware from `src/index.ts` on a free port, GitHub's
 * API played by a local server (reached through GHE_HOST / GHE_PROTOCOL, as on GHES), webhooks
 * signed like GitHub signs them. No nock here: every byte crosses a socket.
 */
const SECRET = 'e2e-webhook-secret';
const fixture = (p: string) => readFileSync(new URL(`../fixtures/${p}`, import.meta.url), 'utf8');
const POD_EXISTS_LOG = fixture('logs/seed-2-job-pod-exists-409.log');
const WORKFLOW = fixture('workflows/seed-build-and-publish.yml');

interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: string;
}

let api: Server;
let apiBase: string;
let appServer: Server;
let appBase: string;
const seen: Seen[] = [];
const created: string[] = [];
/** Everything the app logged, as JSON lines (the default level, info). */
const logLines: string[] = [];
let queue: JobQueue;
const reactions: string[] = [];

/** The fake GitHub API: just the routes the app calls for one failed run on PR #2. */
function route(req: IncomingMessage, body: string, res: ServerResponse): void {
  const url = new URL(req.url!, 'http://x');
  const p = url.pathname;
  const json = (status: number, data: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(data));
  };
  const R = `/api/v3/repos/${OWNER}/${REPO}`;
  if (req.method === 'POST' && p === '/api/v3/app/installations/1/access_tokens') {
    return json(201, { token: 'ghs_e2e', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
  }
  if (req.method === 'GET' && p === '/api/v3/app') return json(200, { id: 4242, slug: 'runner-doctor' });
  if (p.endsWith('/contents/.github/runner-doctor.yml')) return json(404, { message: 'Not Found' });
  if (p === `${R}/contents/.github/workflows/build.yml` && url.searchParams.get('ref') === HEAD_SHA) {
    return json(200, { type: 'file', encoding: 'base64', content: Buffer.from(WORKFLOW).toString('base64') });
  }
  if (p === `${R}/actions/runs/289782451/attempts/1/jobs`) {
    return json(200, {
      total_count: 1,
      jobs: [{
        id: 31, name: 'build-and-push', html_url: `https://github.com/${OWNER}/${REPO}/actions/runs/289782451/job/31`,
        status: 'completed', conclusion: 'failure', started_at: '2025-12-27T14:02:10Z',
        runner_name: 'instant-cf-cached-privileged-kubernetes-qt46h-runner-z7w2p', runner_group_name: 'Default',
        labels: ['instant-cf-cached-privileged-kubernetes'], steps: [],
      }],
    });
  }
  if (p === `${R}/actions/jobs/31/logs`) {
    res.writeHead(302, { location: `${apiBase}/blobs/job-31.txt?sig=short-lived` });
    return void res.end();
  }
  if (p === '/blobs/job-31.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    return void res.end(POD_EXISTS_LOG);
  }
  if (req.method === 'GET' && p === `${R}/issues/2/comments`) {
    return json(200, created.map((body, i) => ({ id: i + 1, body, user: { login: 'runner-doctor[bot]', type: 'Bot' } })));
  }
  if (req.method === 'PATCH' && p === `${R}/issues/comments/1`) {
    created[0] = (JSON.parse(body) as { body: string }).body;
    return json(200, { id: 1 });
  }
  if (req.method === 'POST' && p === `${R}/issues/comments/555/reactions`) {
    reactions.push((JSON.parse(body) as { content: string }).content);
    return json(201, {});
  }
  if (req.method === 'GET' && p === `${R}/pulls/2`) return json(200, { number: 2, head: { sha: HEAD_SHA } });
  if (req.method === 'GET' && p === `${R}/actions/runs` && url.searchParams.get('head_sha') === HEAD_SHA) {
    const run = workflowRunPayload({ runId: 289782451 }).workflow_run;
    return json(200, { total_count: 1, workflow_runs: [run] });
  }
  if (req.method === 'POST' && p === `${R}/issues/2/comments`) {
    created.push((JSON.parse(body) as { body: string }).body);
    return json(201, { id: 1 });
  }
  json(404, { message: `e2e fake API has no route for ${req.method} ${p}` });
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function close(server: Server | undefined): Promise<void> {
  return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** Posts a signed webhook and waits until the app has finished with it (the answer comes first). */
async function post(payload: unknown, opts: { delivery: string; secret?: string; event?: string }) {
  const res = await postRaw(JSON.stringify(payload), opts);
  await queue.onIdle();
  return res;
}

function postRaw(body: string, opts: { delivery: string; secret?: string; event?: string }) {
  const signature = `sha256=${createHmac('sha256', opts.secret ?? SECRET).update(body).digest('hex')}`;
  return fetch(`${appBase}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': opts.event ?? 'workflow_run',
      'x-github-delivery': opts.delivery,
      'x-hub-signature-256': signature,
    },
    body,
  });
}

beforeAll(async () => {
  api = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
      route(req, body, res);
    });
  });
  apiBase = await listen(api);
  const probot = createProbot({
    env: {
      APP_ID: '4242',
      PRIVATE_KEY: testPrivateKey(),
      WEBHOOK_SECRET: SECRET,
      GHE_HOST: apiBase.replace('http://', ''),
      GHE_PROTOCOL: 'http',
    },
    // Retry and throttling off for the test only; production keeps Probot's defaults.
    overrides: {
      Octokit: TestOctokit,
      log: pino({ level: 'info' }, new Writable({ write: (c: Buffer, _e, done) => void (logLines.push(c.toString()), done()) })),
    },
  });
  const app = createRunnerDoctor({
    queue: (work) => (queue = createInProcessQueue(work, { onError: (err) => void logLines.push(String(err)) })),
  });
  const middleware = await createNodeMiddleware(app, { probot });
  appServer = createServer((req, res) => {
    void middleware(req, res, () => {
      res.writeHead(404).end();
    });
  });
  appBase = await listen(appServer);
});

afterAll(async () => {
  await close(appServer);
  await close(api);
});

describe('runner-doctor over HTTP', () => {
  it('rejects a webhook with a bad signature and calls nothing', async () => {
    const res = await post(workflowRunPayload(), { delivery: 'forged', secret: 'not-the-secret' });
    expect(res.status).toBe(400);
    expect(seen).toEqual([]);
    expect(created).toEqual([]);
  });

  it('answers 413 to a body declared over 25 MB without reading it, and logs no payload', async () => {
    const body = JSON.stringify({ ...workflowRunPayload(), pad: 'x'.repeat(26 * 1024 * 1024) });
    const res = await postRaw(body, { delivery: 'huge-declared' });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
    expect(logLines.join('').length).toBeLessThan(10_000);
  });

  it('answers 413 to a streamed body (no content-length) once it passes 25 MB', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(c) {
        if (sent++ < 30) c.enqueue(chunk);
        else c.close();
      },
    });
    const res = await fetch(`${appBase}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': 'huge-streamed',
        'x-hub-signature-256': 'sha256=00',
      },
      body: stream,
      duplex: 'half',
    });
    expect(res.status).toBe(413);
    expect(seen).toEqual([]);
  });

  it('rejects an unsigned 8 MB body with a log line that holds no payload', async () => {
    const marker = 'PAYLOAD-MARKER-'.repeat(4);
    const body = JSON.stringify({ ...workflowRunPayload(), pad: `${marker}${'y'.repeat(8 * 1024 * 1024)}` });
    const res = await postRaw(body, { delivery: 'forged-big', secret: 'wrong' });
    expect(res.status).toBe(400);
    const log = logLines.join('');
    expect(log).toContain('forged-big');
    expect(log).not.toContain(marker);
    expect(log.length).toBeLessThan(10_000);
    expect(seen).toEqual([]);
  });

  it('diagnoses a signed failed workflow_run and posts the comment to the configured API host', async () => {
    const res = await post(workflowRunPayload(), { delivery: 'real-1' });
    expect(res.status).toBe(200);
    expect(created).toHaveLength(1);
    expect(created[0]).toContain('<!-- runner-doctor:sticky -->');
    expect(created[0]).toContain('### ❌ Build and publish: 1 job failed');
    expect(created[0]).toContain('A workflow pod from an earlier run still exists');
    // Every call went to the GHES-style base URL, with the installation token on API calls.
    const apiCalls = seen.filter((s) => s.url.startsWith('/api/v3/repos/'));
    expect(apiCalls.length).toBeGreaterThan(0);
    expect(apiCalls.every((s) => s.authorization === 'token ghs_e2e')).toBe(true);
    expect(seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v3/app/installations/1/access_tokens',
        `GET /api/v3/repos/${OWNER}/${REPO}/actions/runs/289782451/attempts/1/jobs`,
        `GET /api/v3/repos/${OWNER}/${REPO}/actions/jobs/31/logs`,
        'GET /blobs/job-31.txt',
        `POST /api/v3/repos/${OWNER}/${REPO}/issues/2/comments`,
      ]),
    );
  });

  it('answers a redelivery of the same delivery id without a second comment', async () => {
    const before = seen.length;
    const res = await post(workflowRunPayload(), { delivery: 'real-1' });
    expect(res.status).toBe(200);
    expect(created).toHaveLength(1);
    expect(seen.length).toBe(before);
  });

  it('runs /diagnose from the PR author: looks up its own identity, reacts, and updates the same comment', async () => {
    const res = await post(prCommentPayload({ body: '/diagnose' }), { delivery: 'comment-1', event: 'issue_comment' });
    expect(res.status).toBe(200);
    expect(reactions).toEqual(['eyes', 'rocket']);
    expect(created).toHaveLength(1);
    expect(created[0]).toContain('### ❌ Build and publish: 1 job failed');
    expect(seen.some((s) => s.method === 'GET' && s.url === '/api/v3/app')).toBe(true);
    // Same run and attempt as the comment already holds: found by marker and author, nothing to rewrite.
    const writes = seen.filter((s) => s.url.startsWith(`/api/v3/repos/${OWNER}/${REPO}/issues/`) && s.method !== 'GET' && !s.url.endsWith('/reactions'));
    expect(writes.map((s) => s.method)).toEqual(['POST']);
  });
});
