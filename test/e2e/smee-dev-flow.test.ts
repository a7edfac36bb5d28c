import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { freePort } from '../helpers/redis-server.js';
import { waitFor } from '../helpers/app-process.js';
import { createStandInGithub, type StandInGithub } from '../helpers/stand-in-github.js';
import { testPrivateKey } from '../helpers/test-octokit.js';
import { workflowRunPayload } from '../helpers/webhook-payloads.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SECRET = 'smee-flow-secret';
let api: StandInGithub | null = null;
let channel: Server | null = null;
let child: ChildProcess | null = null;

afterEach(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  child = null;
  channel?.closeAllConnections();
  await new Promise((r) => (channel ? channel.close(r) : r(null)));
  channel = null;
  await api?.close();
  api = null;
});

/**
 * The README's development flow, `WEBHOOK_PROXY_URL=<smee channel> npm start`: a stand-in channel
 * (server-sent events, as smee.io sends them) carries one signed delivery; the app's smee-client
 * (a dependency, no npx) forwards it to /api/github/webhooks, and the comment is posted.
 */
it('WEBHOOK_PROXY_URL: npm start forwards the channel’s deliveries to the app, which diagnoses them', async () => {
  api = createStandInGithub();
  const { host } = await api.listen('smee');
  const payload = workflowRunPayload({ runId: 91 });
  const body = JSON.stringify(payload);
  const delivery = {
    'x-github-event': 'workflow_run',
    'x-github-delivery': 'smee-1',
    'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
    body: payload,
  };
  const listeners: ServerResponse[] = [];
  channel = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    listeners.push(res);
    res.write(`data: ${JSON.stringify(delivery)}\n\n`);
  });
  await new Promise<void>((r) => channel!.listen(0, '127.0.0.1', () => r()));
  const channelUrl = `http://127.0.0.1:${(channel.address() as AddressInfo).port}/AbC123`;

  const port = await freePort();
  const cwd = mkdtempSync(join(tmpdir(), 'rd-smee-'));
  let output = '';
  child = spawn(process.execPath, [join(ROOT, 'bin/runner-doctor.js'), 'serve'], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '', HOME: cwd, APP_ID: '4242', PRIVATE_KEY: testPrivateKey(), WEBHOOK_SECRET: SECRET,
      WEBHOOK_PROXY_URL: channelUrl, HOST: '127.0.0.1', PORT: String(port), GHE_HOST: host, GHE_PROTOCOL: 'http',
      DATA_DIR: join(cwd, 'data'), LOG_LEVEL: 'info', LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitFor('the forwarded delivery’s comment', () => api!.comments.length > 0 || child!.exitCode !== null);
  expect(listeners.length, output).toBeGreaterThan(0);
  expect(api.comments.map((c) => c.pr), output).toEqual([2]);
  expect(api.comments[0]!.body).toContain('<!-- runner-doctor:sticky -->');
  expect(output).not.toContain('npm install --save-dev smee-client');
});
