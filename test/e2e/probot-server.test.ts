import { createServer } from 'node:net';
import { Probot, Server } from 'probot';
import { afterAll, expect, it } from 'vitest';
import app from '../../src/index.js';
import { testPrivateKey } from '../helpers/test-octokit.js';

/**
 * `probot run` (the Docker image's command) serves through Probot's `Server`, which puts the
 * webhook middleware first: the body cap must hold there too, not only with createNodeMiddleware.
 */
let server: Server | undefined;

afterAll(async () => {
  await server?.stop();
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

it('answers 413 to an oversized webhook under Probot\'s Server, and still answers /ping', async () => {
  const port = await freePort();
  server = new Server({
    host: '127.0.0.1',
    port,
    Probot: Probot.defaults({ appId: 4242, privateKey: testPrivateKey(), secret: 's', logLevel: 'fatal' }),
  });
  await server.load(app);
  await server.start();
  const res = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': 'd1',
      'x-hub-signature-256': 'sha256=00',
    },
    body: `{"pad":"${'x'.repeat(26 * 1024 * 1024)}"}`,
  });
  expect(res.status).toBe(413);
  const ping = await fetch(`http://127.0.0.1:${port}/ping`);
  expect(await ping.text()).toBe('PONG');
});
