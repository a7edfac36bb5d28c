// Peak memory (VmHWM) of downloading job logs, as the app does it: `npm run build` first, then e.g.
//   node scripts/log-memory-peak.mjs --size 600MiB --cap 50MiB --jobs 1
//   node scripts/log-memory-peak.mjs --size 600MiB --cap 512MiB --jobs 4 --ranges
// A local server in a child process plays GitHub's API (302) and the log storage (with --ranges it serves
// byte ranges, as GitHub's storage does); the log is generated as it is sent. The peak is this process's only.
import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { ProbotOctokit } from 'probot';
import { downloadJobLog } from '../lib/github/download-job-log.js';
import { parseSize } from '../lib/config/parse-size.js';

const { values } = parseArgs({
  allowPositionals: true,
  options: { size: { type: 'string', default: '600MiB' }, cap: { type: 'string', default: '50MiB' },
    jobs: { type: 'string', default: '1' }, ranges: { type: 'boolean', default: false }, serve: { type: 'boolean', default: false } },
});
const size = parseSize(values.size);
const cap = parseSize(values.cap);
const jobs = Number(values.jobs);
const hwm = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))[1]) / 1024;
const line = Buffer.from(`2026-01-01T00:00:00.0000000Z ${'x'.repeat(90)}\n`);
const chunk = Buffer.concat(Array.from({ length: Math.floor(65536 / line.length) }, () => line));

const server = createServer((req, res) => {
  if (req.url.startsWith('/repos/')) {
    res.writeHead(302, { location: `http://127.0.0.1:${server.address().port}/blob` });
    return res.end();
  }
  const m = values.ranges ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
  const from = m ? Number(m[1]) : 0;
  res.writeHead(m ? 206 : 200, {
    'content-type': 'text/plain', 'content-length': String(size - from), ...(values.ranges ? { 'accept-ranges': 'bytes' } : {}),
  });
  let left = size - from;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, chunk.length);
      left -= n;
      if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (left = 0));
  pump();
});
if (process.argv.includes('--serve')) {
  server.listen(0, '127.0.0.1', () => process.send(server.address().port));
  await new Promise(() => undefined);
}
const child = fork(new URL(import.meta.url).pathname, [...process.argv.slice(2), '--serve']);
process.on('exit', () => child.kill());
const port = await new Promise((r) => child.once('message', r));
const octokit = new ProbotOctokit({ auth: 'x', baseUrl: `http://127.0.0.1:${port}` });
const before = hwm();
const results = await Promise.all(Array.from({ length: jobs }, (_, i) =>
  downloadJobLog(octokit, { owner: 'o', repo: 'r', jobId: i + 1, maxBytes: cap, timeoutMs: 600_000 })));
for (const r of results) if (!r.ok) throw new Error(r.message); else if (r.totalBytes === 0) console.error(r);
console.log(JSON.stringify({
  log: values.size, cap: values.cap, jobs, ranges: values.ranges,
  keptMiB: results.map((r) => Math.round(r.keptBytes / 2 ** 20)), totalMiB: results.map((r) => Math.round(r.totalBytes / 2 ** 20)), startMiB: Math.round(before), peakMiB: Math.round(hwm()),
}));
child.kill();
