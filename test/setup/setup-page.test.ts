import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import yaml from 'js-yaml';
import type { Server } from 'probot';
import { afterEach, describe, expect, it } from 'vitest';
import { serve } from '../../src/serve.js';
import { createSetupHandler, type SetupOptions } from '../../src/setup/setup-handler.js';

const APP_YML = readFileSync('app.yml', 'utf8');
const PKG = { name: 'runner-doctor', version: '0.1.0' };
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** `npm start` in a directory without an app: the setup page, on a free port. */
async function start(env: Record<string, string> = {}, envText?: string) {
  const cwd = mkdtempSync(join(tmpdir(), 'rd-serve-'));
  if (envText !== undefined) writeFileSync(join(cwd, '.env'), envText);
  const port = await freePort();
  const server: Server = await serve({ HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'fatal', ...env }, cwd);
  stops.push(() => server.stop());
  return { base: `http://127.0.0.1:${port}`, cwd };
}

/** The manifest the page's form would post to GitHub, and the form's target. */
function form(html: string): { action: string; manifest: Record<string, any> } | null {
  const m = /<form action="([^"]+)" method="post"><input type="hidden" name="manifest" value="([^"]*)">/.exec(html);
  if (!m) return null;
  const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  return { action: unescape(m[1]!), manifest: JSON.parse(unescape(m[2]!)) as Record<string, any> };
}

describe('npm start without an app', () => {
  it('on localhost with no WEBHOOK_PROXY_URL or PUBLIC_URL, says what is needed and offers no registration', async () => {
    const { base } = await start();
    const res = await fetch(`${base}/probot`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(form(html)).toBeNull();
    expect(html).toContain('GitHub needs a public URL or a smee.io channel to send webhooks to.');
    expect(html).toContain('<a href="https://smee.io/new">https://smee.io/new</a>');
    expect(html).toContain('<code>WEBHOOK_PROXY_URL=https://smee.io/…</code>');
    expect(html).toContain('<code>PUBLIC_URL=https://your-host</code>');
    expect(html).not.toContain('http://localhost:3000/"');
  });

  it('with WEBHOOK_PROXY_URL in .env, registers the channel as the webhook, with app.yml’s permissions and events', async () => {
    const { base } = await start({}, '# written by hand\nWEBHOOK_PROXY_URL=https://smee.io/AbC123\n');
    expect((await fetch(base, { redirect: 'manual' })).headers.get('location')).toBe('/probot');
    const page = form(await (await fetch(`${base}/probot`)).text());
    const app = yaml.load(APP_YML) as Record<string, unknown>;
    expect(page!.action).toMatch(/^https:\/\/github\.com\/settings\/apps\/new\?state=[0-9a-f]{32}$/);
    expect(page!.manifest).toMatchObject({
      name: 'runner-doctor',
      hook_attributes: { url: 'https://smee.io/AbC123', active: true },
      redirect_url: `${base}/probot/setup`,
      public: false,
      default_events: app.default_events,
      default_permissions: app.default_permissions,
    });
  });

  it('with PUBLIC_URL, the webhook ends in /api/github/webhooks there', async () => {
    const { base } = await start({ PUBLIC_URL: 'https://doctor.example.com' });
    const page = form(await (await fetch(`${base}/probot`)).text());
    expect(page!.manifest.hook_attributes).toEqual({ url: 'https://doctor.example.com/api/github/webhooks', active: true });
  });
});

describe('the way back from GitHub', () => {
  async function handler(o: Partial<SetupOptions>, envText: string) {
    const dir = mkdtempSync(join(tmpdir(), 'rd-setup-'));
    const envFile = join(dir, '.env');
    writeFileSync(envFile, envText);
    const calls: string[] = [];
    const logs: string[] = [];
    const handle = createSetupHandler({
      env: { PUBLIC_URL: 'https://doctor.example.com' }, appYml: APP_YML, pkg: PKG, envFile,
      log: { info: (m) => void logs.push(m), warn: (m) => void logs.push(m) },
      fetch: (async (url: string, init: RequestInit) => {
        calls.push(`${init.method} ${url}`);
        return Response.json({
          id: 4242, slug: 'runner-doctor-test', html_url: 'https://github.com/apps/runner-doctor-test',
          pem: '-----BEGIN RSA PRIVATE KEY-----\nk\n-----END RSA PRIVATE KEY-----\n', webhook_secret: 'whs',
          client_id: 'Iv1.x', client_secret: 'never-written',
        }, { status: 201 });
      }) as typeof fetch,
      ...o,
    });
    const server: HttpServer = createServer((req, res) => void handle(req, res).then((done) => done || res.writeHead(404).end()));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    stops.push(() => new Promise((r) => server.close(() => r())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { base, envFile, calls, logs };
  }

  it('exchanges the code, writes the credentials into .env keeping its other lines, and sends you to install it', async () => {
    const { base, envFile, calls, logs } = await handler({}, '# mine\nLOG_LEVEL=debug\nPUBLIC_URL=https://doctor.example.com\n');
    const state = new URL(form(await (await fetch(`${base}/probot`)).text())!.action).searchParams.get('state');
    const res = await fetch(`${base}/probot/setup?code=abc123&state=${state}`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://github.com/apps/runner-doctor-test/installations/new');
    expect(calls).toEqual(['POST https://api.github.com/app-manifests/abc123/conversions']);
    const text = readFileSync(envFile, 'utf8');
    expect(text.startsWith('# mine\nLOG_LEVEL=debug\nPUBLIC_URL=https://doctor.example.com\n')).toBe(true);
    expect(parseEnv(text)).toEqual({
      LOG_LEVEL: 'debug', PUBLIC_URL: 'https://doctor.example.com', APP_ID: '4242',
      PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nk\n-----END RSA PRIVATE KEY-----\n', WEBHOOK_SECRET: 'whs',
    });
    expect(logs.at(-1)).toContain('registered the GitHub App runner-doctor-test (id 4242)');
    // A second visit says to restart instead of registering a second app.
    const again = await (await fetch(`${base}/probot`)).text();
    expect(form(again)).toBeNull();
    expect(again).toContain('Restart the server');
  });

  it('refuses a code without this server’s state, and writes nothing', async () => {
    const { base, envFile, calls } = await handler({}, 'KEEP=1\n');
    const res = await fetch(`${base}/probot/setup?code=abc123&state=forged`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('open /probot and register again');
    expect(calls).toEqual([]);
    expect(readFileSync(envFile, 'utf8')).toBe('KEEP=1\n');
  });
});
