/**
 * Where the manifest flow registers the app's webhook. GitHub must reach it, so a loopback or
 * private address never is one: then there is no URL, and the setup page says what to set.
 */
export type WebhookUrl =
  | { url: string; via: 'WEBHOOK_PROXY_URL' | 'PUBLIC_URL' | 'page address' }
  | { url: null; problem: string };

export interface WebhookUrlInput {
  /** `WEBHOOK_PROXY_URL`: a smee.io channel; smee-client forwards it to WEBHOOK_PATH here. */
  proxyUrl?: string | undefined;
  /** `PUBLIC_URL`: the https address GitHub reaches this server at (an ingress, a tunnel). */
  publicUrl?: string | undefined;
  /** The address the setup page was opened at (Host / X-Forwarded-* headers). */
  pageBaseUrl: string;
  /** `WEBHOOK_PATH`, default /api/github/webhooks. */
  webhookPath: string;
}

/** Hosts GitHub cannot reach: loopback, private ranges, link-local, and names without a dot. */
export function isPrivateHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost') || h.endsWith('.local') || h.endsWith('.internal')) return true;
  if (h.includes(':')) return h === '::1' || h === '::' || /^(fc|fd|fe8|fe9|fea|feb)/.test(h);
  const v4 = /^(\d+)\.(\d+)\.\d+\.\d+$/.exec(h);
  if (v4) {
    const [a, b] = [Number(v4[1]), Number(v4[2])];
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
      (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
  }
  return !h.includes('.');
}

function parseHttpUrl(raw: string): URL | null {
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u : null;
  } catch {
    return null;
  }
}

export function chooseWebhookUrl(input: WebhookUrlInput): WebhookUrl {
  const path = input.webhookPath.startsWith('/') ? input.webhookPath : `/${input.webhookPath}`;
  const proxy = input.proxyUrl?.trim();
  if (proxy) {
    const u = parseHttpUrl(proxy);
    if (!u || u.protocol !== 'https:') {
      const problem = `WEBHOOK_PROXY_URL=${proxy} is not an https URL: set a channel such as https://smee.io/AbC123`;
      return { url: null, problem };
    }
    // The channel receives; smee-client posts each delivery to WEBHOOK_PATH on this server.
    return { url: u.href, via: 'WEBHOOK_PROXY_URL' };
  }
  const pub = input.publicUrl?.trim();
  if (pub) {
    const u = parseHttpUrl(pub);
    if (!u) {
      return { url: null, problem: `PUBLIC_URL=${pub} is not an http(s) URL: set e.g. https://doctor.example.com` };
    }
    if (isPrivateHost(u.hostname)) {
      return { url: null, problem: `PUBLIC_URL=${pub} is a local or private address that GitHub cannot reach` };
    }
    return { url: `${u.origin}${u.pathname.replace(/\/+$/, '')}${path}`, via: 'PUBLIC_URL' };
  }
  const page = parseHttpUrl(input.pageBaseUrl);
  if (page && !isPrivateHost(page.hostname)) return { url: `${page.origin}${path}`, via: 'page address' };
  return {
    url: null,
    problem:
      `this page was opened at ${input.pageBaseUrl}, which GitHub cannot reach, and neither WEBHOOK_PROXY_URL ` +
      'nor PUBLIC_URL is set',
  };
}
