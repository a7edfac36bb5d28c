import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'probot';

/** GitHub caps webhook payloads at 25 MB; a bigger body did not come from GitHub. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

/** Probot's Node middleware shape (`getNodeMiddleware()`, `createNodeMiddleware()`). */
export type NodeMiddleware = (
  req: IncomingMessage,
  res: ServerResponse,
  next?: () => void,
) => Promise<boolean> | boolean;

export interface GuardOptions {
  /** The webhook path the inner middleware serves (`WEBHOOK_PATH`, default `/api/github/webhooks`). */
  path: string;
  /** Checks `x-hub-signature-256` against the body (Probot's `app.webhooks.verify`). */
  verify: (body: string, signature: string) => Promise<boolean>;
  maxBytes?: number;
  log: Logger;
}

/**
 * Runs in front of Probot's webhook middleware, which buffers any body whole and logs it (three
 * times) when the signature is wrong. Here the body is read with a cap (413 past it, reading
 * stops), the signature is checked before anything else sees the payload, and a rejection logs
 * only the delivery id, event and size. The checked body goes on as `req.body`, which
 * @octokit/webhooks reads instead of the stream.
 */
export function guardWebhookBody(inner: NodeMiddleware, opts: GuardOptions): NodeMiddleware {
  const maxBytes = opts.maxBytes ?? MAX_WEBHOOK_BYTES;
  const path = pathname(opts.path);
  return async (req, res, next) => {
    if (req.method !== 'POST' || pathname(req.url) !== path) return inner(req, res, next);
    const meta = {
      delivery: header(req, 'x-github-delivery'),
      event: header(req, 'x-github-event'),
      declaredBytes: Number(req.headers['content-length'] ?? NaN),
    };
    const signature = header(req, 'x-hub-signature-256');
    if (!signature) {
      opts.log.warn({ ...meta, outcome: 'webhook-unsigned' }, 'webhook rejected: no x-hub-signature-256 header');
      return reject(req, res, 400, 'Required header missing: x-hub-signature-256', maxBytes);
    }
    if (meta.declaredBytes > maxBytes) {
      opts.log.warn({ ...meta, outcome: 'webhook-too-large' }, 'webhook rejected: body over the cap');
      return reject(req, res, 413, `Payload over ${maxBytes} bytes`, maxBytes);
    }
    const body = await readCapped(req, maxBytes);
    if (body === null) {
      opts.log.warn({ ...meta, outcome: 'webhook-too-large' }, 'webhook rejected: body over the cap');
      return reject(req, res, 413, `Payload over ${maxBytes} bytes`, maxBytes);
    }
    const text = body.toString('utf8');
    if (!(await opts.verify(text, signature).catch(() => false))) {
      opts.log.warn({ ...meta, bytes: body.length, outcome: 'webhook-bad-signature' },
        'webhook rejected: signature does not match (check WEBHOOK_SECRET against the app settings)');
      return reject(req, res, 400, 'signature does not match event payload and secret', maxBytes);
    }
    (req as IncomingMessage & { body?: string }).body = text;
    return inner(req, res, next);
  };
}

/** The body, or null as soon as it passes `max` bytes (then the rest is discarded unread). */
function readCapped(req: IncomingMessage, max: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > max ? null : Buffer.concat(chunks, size)));
    req.once('error', reject);
  });
}

function reject(req: IncomingMessage, res: ServerResponse, status: number, error: string, maxBytes: number): true {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
  // Discard the rest unkept, so a client still sending can read the answer; past twice the cap
  // it is not a client worth waiting for: drop the connection.
  let drained = 0;
  req.on('data', (c: Buffer) => {
    drained += c.length;
    if (drained > 2 * maxBytes) req.destroy();
  });
  req.resume();
  return true;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function pathname(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '') || '/';
  } catch {
    return null;
  }
}
