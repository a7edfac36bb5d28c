import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildManifest } from './app-manifest.js';
import { updateEnvFile } from './env-file.js';
import { renderSetupPage } from './setup-page.js';
import { chooseWebhookUrl } from './webhook-url.js';

export interface SetupOptions {
  /** WEBHOOK_PROXY_URL, PUBLIC_URL, WEBHOOK_PATH, GHE_HOST, GHE_PROTOCOL, GH_ORG. */
  env: Record<string, string | undefined>;
  appYml: string;
  pkg: { name: string; version: string; description?: string; homepage?: string };
  /** The .env the credentials are written to. */
  envFile: string;
  log: { info: (msg: string) => void; warn: (msg: string) => void };
  /** Tests answer GitHub's manifest conversion themselves. */
  fetch?: typeof fetch;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

interface Conversion {
  id: number;
  slug?: string;
  html_url: string;
  pem: string;
  webhook_secret: string | null;
}

/**
 * The manifest flow, in place of Probot's setup app: Probot 14 registers the webhook at
 * `WEBHOOK_PROXY_URL || <page address>/` (wrong path, and unreachable from GitHub on localhost)
 * and reads none of it from app.yml. Here the webhook ends in WEBHOOK_PATH, and without a
 * reachable address the page says what to set instead of registering a dead app.
 */
export function createSetupHandler(o: SetupOptions): Handler {
  // GitHub returns `state` with the code: a code from some other page's flow is refused.
  const state = randomBytes(16).toString('hex');
  const webhookPath = o.env.WEBHOOK_PATH?.trim() || '/api/github/webhooks';
  const ghHost = o.env.GHE_HOST?.trim() || 'github.com';
  const web = `${o.env.GHE_HOST ? o.env.GHE_PROTOCOL?.trim() || 'https' : 'https'}://${ghHost}`;
  const api = o.env.GHE_HOST ? `${web}/api/v3` : 'https://api.github.com';
  const org = o.env.GH_ORG?.trim();
  const owner = org ? `/organizations/${encodeURIComponent(org)}` : '';
  const createAppUrl = `${web}${owner}/settings/apps/new?state=${state}`;
  const doFetch = o.fetch ?? fetch;
  let registered: string | null = null;

  return async (req, res) => {
    if (req.method !== 'GET') return false;
    const url = new URL(req.url ?? '/', 'http://setup.invalid');
    if (url.pathname === '/') {
      res.writeHead(302, { location: '/probot', 'content-type': 'text/plain' }).end('Found. Redirecting to /probot');
      return true;
    }
    if (url.pathname === '/probot') {
      const baseUrl = pageBaseUrl(req);
      const webhook = chooseWebhookUrl({
        proxyUrl: o.env.WEBHOOK_PROXY_URL,
        publicUrl: o.env.PUBLIC_URL,
        pageBaseUrl: baseUrl,
        webhookPath,
      });
      const manifest =
        webhook.url === null
          ? null
          : JSON.stringify(buildManifest(o.appYml, o.pkg, { baseUrl, webhookUrl: webhook.url }));
      if (webhook.url === null) {
        o.log.warn(`no app registered: ${webhook.problem}; set WEBHOOK_PROXY_URL or PUBLIC_URL`);
      }
      const { name, version } = o.pkg;
      const page = renderSetupPage({ name, version, webhook, createAppUrl, manifest, webhookPath, registered });
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
      return true;
    }
    if (url.pathname === '/probot/setup') {
      const code = url.searchParams.get('code') ?? '';
      if (url.searchParams.get('state') !== state || !/^[A-Za-z0-9_-]{1,200}$/.test(code)) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end(
          'This registration link is not from this server (state or code missing or wrong): ' +
            'open /probot and register again.\n',
        );
        return true;
      }
      const answer = await doFetch(`${api}/app-manifests/${code}/conversions`, {
        method: 'POST',
        headers: { accept: 'application/vnd.github+json', 'user-agent': `${o.pkg.name}/${o.pkg.version}` },
      });
      if (!answer.ok) {
        o.log.warn(`GitHub refused the manifest code (${answer.status}); it is valid for an hour and once`);
        res.writeHead(502, { 'content-type': 'text/plain' }).end(
          `GitHub answered ${answer.status} to the registration code: open /probot and register again.\n`,
        );
        return true;
      }
      const app = (await answer.json()) as Conversion;
      updateEnvFile(o.envFile, {
        APP_ID: String(app.id),
        PRIVATE_KEY: app.pem,
        WEBHOOK_SECRET: app.webhook_secret ?? '',
      });
      registered = app.slug ?? String(app.id);
      o.log.info(
        `registered the GitHub App ${registered} (id ${app.id}); APP_ID, PRIVATE_KEY and WEBHOOK_SECRET ` +
          `are in ${o.envFile}: install the app, then restart the server`,
      );
      const install = `${app.html_url}/installations/new`;
      res.writeHead(302, { location: install, 'content-type': 'text/plain' }).end(`Found. Redirecting to ${install}`);
      return true;
    }
    return false;
  };
}

/** The address the browser used, as Probot reads it (a reverse proxy's X-Forwarded-* first). */
function pageBaseUrl(req: IncomingMessage): string {
  const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim();
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted;
  const proto = first(req.headers['x-forwarded-proto']) ?? (encrypted ? 'https' : 'http');
  const host = first(req.headers['x-forwarded-host']) ?? req.headers.host ?? 'localhost';
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}
