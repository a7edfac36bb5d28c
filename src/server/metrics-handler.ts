import type { IncomingMessage, ServerResponse } from 'node:http';
import { metricsExposition } from '../metrics/app-metrics.js';

/** `GET /metrics` in Prometheus' text format (a Probot server handler: true when it answered). */
export async function metricsHandler(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = (req.url ?? '').split('?')[0];
  if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) return false;
  const { contentType, body } = await metricsExposition();
  res.writeHead(200, { 'content-type': contentType });
  res.end(req.method === 'HEAD' ? undefined : body);
  return true;
}
