import { xml } from '../render/stats-chart-svg.js';
import type { WebhookUrl } from './webhook-url.js';

export interface SetupPageInput {
  name: string;
  version: string;
  webhook: WebhookUrl;
  /** GitHub's "new app from a manifest" form, with the state this server checks on the way back. */
  createAppUrl: string;
  /** The manifest JSON; null when there is no webhook URL to register. */
  manifest: string | null;
  webhookPath: string;
  /** Set once an app was registered by this process. */
  registered: string | null;
}

const STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2328}' +
  'code{background:#f6f8fa;padding:.1em .3em;border-radius:4px}pre{background:#f6f8fa;padding:1em;overflow:auto}' +
  '.problem{border-left:4px solid #d1242f;padding:.2em 1em;background:#fff5f5}' +
  'button{font-size:1rem;padding:.5em 1em;cursor:pointer}';

/** The setup page: register the app, or first say what makes its webhook reachable. Every value escaped. */
export function renderSetupPage(p: SetupPageInput): string {
  const head =
    `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Set up ${xml(p.name)}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>` +
    `<h1>Set up ${xml(p.name)} <small>v${xml(p.version)}</small></h1>`;
  const tail = '</body></html>';
  if (p.registered) {
    return `${head}<p>The GitHub App <strong>${xml(p.registered)}</strong> is registered and its credentials are in ` +
      '<code>.env</code>. Restart the server (<code>npm start</code>) to run it.</p>' + tail;
  }
  if (p.webhook.url === null || p.manifest === null) {
    const problem = p.webhook.url === null ? p.webhook.problem : 'no webhook URL';
    return `${head}<div class="problem"><p><strong>GitHub needs a public URL or a smee.io channel to send webhooks ` +
      `to.</strong> Not registering an app now: ${xml(problem)}.</p></div>` +
      '<p>Choose one, put it in <code>.env</code>, restart the server and open this page again:</p><ol>' +
      '<li><strong>Development, no public address:</strong> open ' +
      '<a href="https://smee.io/new">https://smee.io/new</a> ' +
      'and set the channel it creates as <code>WEBHOOK_PROXY_URL=https://smee.io/…</code>. The app is registered ' +
      'with that channel as its webhook, and runner-doctor forwards the channel to ' +
      `<code>${xml(p.webhookPath)}</code> ` +
      'here (smee-client is installed with it). Anyone who knows the channel URL can read the deliveries: use it ' +
      'for development only.</li>' +
      '<li><strong>A server GitHub can reach:</strong> set <code>PUBLIC_URL=https://your-host</code>, the address in ' +
      `front of this server (ingress, reverse proxy, tunnel). The webhook is then <code>https://your-host` +
      `${xml(p.webhookPath)}</code>. Opening this page through that address works too.</li></ol>` +
      '<p>Or register the app by hand (permissions and events as in <code>app.yml</code>) and set ' +
      '<code>APP_ID</code>, <code>PRIVATE_KEY</code> and <code>WEBHOOK_SECRET</code> in <code>.env</code>.</p>' +
      tail;
  }
  return `${head}<p>Registers a GitHub App from <code>app.yml</code> on GitHub. Its webhook will be ` +
    `<code>${xml(p.webhook.url)}</code> (from ${xml(p.webhook.via)}). GitHub then sends you back here, and ` +
    'the app\'s <code>APP_ID</code>, <code>PRIVATE_KEY</code> and <code>WEBHOOK_SECRET</code> are written to ' +
    '<code>.env</code> (other lines in it are kept).</p>' +
    `<form action="${xml(p.createAppUrl)}" method="post"><input type="hidden" name="manifest" ` +
    `value="${xml(p.manifest)}"><button type="submit">Register the GitHub App</button></form>` + tail;
}
