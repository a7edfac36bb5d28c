import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HistoryStore } from '../history/history-store.js';
import { queryStats } from '../history/stats-query.js';
import { renderStatsHtml, STATS_CSP } from '../render/render-stats-html.js';

/**
 * `GET /stats`: the read-only stats page, for whoever holds STATS_TOKEN (`Authorization: Bearer`
 * or `?token=`). Off (404, as if absent) when no token is set. A Probot server handler: returns
 * true when it answered.
 */
export function statsHandler(store: HistoryStore, token: string | null) {
  const want = token ? digest(token) : null;
  return async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/stats' || !want) return false;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return true;
    }
    const auth = req.headers.authorization;
    const given = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : url.searchParams.get('token');
    if (!given || !timingSafeEqual(digest(given), want)) {
      res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
      res.end('Set Authorization: Bearer <STATS_TOKEN>, or ?token=\n');
      return true;
    }
    try {
      const html = renderStatsHtml(await queryStats(store));
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': STATS_CSP,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : html);
    } catch {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The history store is not available.\n');
    }
    return true;
  };
}

/** Equal-length digests, so comparing never leaks the token's length or prefix. */
function digest(s: string): Buffer {
  return createHash('sha256').update(s).digest();
}
