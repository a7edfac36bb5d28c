import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { countApiError, countDiagnosis, logBytesRead, webhookToComment } from '../../src/metrics/app-metrics.js';
import { metricsHandler } from '../../src/server/metrics-handler.js';

let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => void metricsHandler(req, res).then((done) => done || res.writeHead(404).end()));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

/** Prometheus text format: `name{a="b",...} value` lines, comments skipped. */
function parse(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`not exposition format: ${line}`);
    out.set(m[1]!, Number(m[2]));
  }
  return out;
}

it('GET /metrics is scraped and parsed: diagnoses by cause, category and classification, shares, latency, bytes, API errors', async () => {
  countDiagnosis('hook/job-pod-exists', 'k8s-hooks', 'infrastructure');
  countDiagnosis('hook/job-pod-exists', 'k8s-hooks', 'infrastructure');
  countDiagnosis(null, null, 'new');
  countDiagnosis('node/heap-out-of-memory', 'node', 'broken-on-base');
  countApiError({ status: 502 });
  countApiError(new Error('socket hang up'));
  logBytesRead.inc(2048);
  webhookToComment.observe(3);
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/plain');
  const m = parse(await res.text());
  expect(m.get('runner_doctor_diagnoses_total{root_cause="hook/job-pod-exists",category="k8s-hooks",classification="infrastructure"}')).toBe(2);
  expect(m.get('runner_doctor_diagnoses_total{root_cause="none",category="none",classification="new"}')).toBe(1);
  expect(m.get('runner_doctor_unclassified_ratio')).toBe(0.25);
  expect(m.get('runner_doctor_github_api_errors_total{status="502"}')).toBe(1);
  expect(m.get('runner_doctor_github_api_errors_total{status="0"}')).toBe(1);
  expect(m.get('runner_doctor_log_bytes_read_total')).toBe(2048);
  expect(m.get('runner_doctor_webhook_to_comment_seconds_count')).toBe(1);
  expect(m.get('runner_doctor_webhook_to_comment_seconds_bucket{le="5"}')).toBe(1);
  expect(m.get('runner_doctor_webhook_to_comment_seconds_bucket{le="2"}')).toBe(0);
  expect((await fetch(`${base}/other`)).status).toBe(404);
});
