#!/usr/bin/env node
// npm run load -- [--deliveries N] [--processes P] [--prs K] [--no-redis]
// Sends N signed workflow_run deliveries (K PRs, N/K workflows each) round-robin at P app processes
// (`probot run ./lib/index.js`, as the image runs it) on one redis-server, against a stand-in GitHub API
// on loopback. Prints deliveries/s (first send to last comment update), p50/p99 webhook-to-comment
// latency (send to the section appearing in the PR's comment) and each process's peak RSS (VmHWM).
import { spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const root = new URL('..', import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    deliveries: { type: 'string', default: '100' },
    processes: { type: 'string', default: '1' },
    prs: { type: 'string', default: '10' },
    'no-redis': { type: 'boolean', default: false },
  },
});
const N = Number(values.deliveries);
const P = Number(values.processes);
const K = Number(values.prs);
if (![N, P, K].every((n) => Number.isInteger(n) && n > 0) || N % K !== 0) {
  console.error('load: --deliveries, --processes and --prs must be positive integers, deliveries a multiple of prs');
  process.exit(2);
}
if (!existsSync(join(root, 'lib/index.js'))) {
  console.error('load: lib/ is missing: run npm run build (npm ci does)');
  process.exit(2);
}
if (P > 1 && values['no-redis']) {
  console.error('load: several processes need Redis');
  process.exit(2);
}

const LOG = readFileSync(join(root, 'test/fixtures/logs/seed-2-job-pod-exists-409.log'), 'utf8');
const WORKFLOW = readFileSync(join(root, 'test/fixtures/workflows/seed-build-and-publish.yml'), 'utf8');
const SHA = '3484a3fb816e0859fd6e1cea078d76385ff50625';
const SECRET = 'load-secret';
const children = [];
const cleanups = [];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// --- stand-in GitHub API: comments kept in memory; when a section first appears, its latency is taken ---
const sentAt = new Map(); // runId -> ms
const doneAt = new Map(); // runId -> ms
const comments = new Map(); // pr -> { id, body }
let nextId = 1;
const SECTION = /<!-- runner-doctor:section (\{[^\n]*?\}) -->/g;
function record(body) {
  for (const m of body.matchAll(SECTION)) {
    const runId = JSON.parse(m[1]).runId;
    if (!doneAt.has(runId)) doneAt.set(runId, Date.now());
  }
}
const api = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    const p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const json = (status, data) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(data));
    };
    let m;
    if (req.method === 'POST' && p === '/api/v3/app/installations/1/access_tokens') {
      return json(201, { token: 'ghs_load', expires_at: '2099-01-01T00:00:00Z', permissions: {} });
    }
    if (p === '/api/v3/app') return json(200, { id: 4242, slug: 'runner-doctor' });
    if (p.endsWith('/contents/.github/runner-doctor.yml')) return json(404, { message: 'Not Found' });
    if (/\/contents\/\.github\/workflows\/[\w-]+\.yml$/.test(p)) {
      return json(200, { type: 'file', encoding: 'base64', content: Buffer.from(WORKFLOW).toString('base64') });
    }
    if ((m = p.match(/\/actions\/runs\/(\d+)\/attempts\/\d+\/jobs$/))) {
      const id = Number(m[1]) * 10 + 1;
      return json(200, { total_count: 1, jobs: [{
        id, name: 'build-and-push', status: 'completed', conclusion: 'failure',
        html_url: `https://github.com/o/r/actions/runs/${m[1]}/job/${id}`, started_at: '2025-12-27T14:02:10Z',
        runner_name: 'arc-runner-set-7lzfm-runner-4gq2x', runner_group_name: 'Default', labels: ['arc'], steps: [],
      }] });
    }
    if ((m = p.match(/\/actions\/jobs\/(\d+)\/logs$/))) {
      res.writeHead(302, { location: `http://${req.headers.host}/blobs/${m[1]}.txt` });
      return res.end();
    }
    if (p.startsWith('/blobs/')) {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end(LOG);
    }
    if ((m = p.match(/\/issues\/(\d+)\/comments$/))) {
      const pr = Number(m[1]);
      if (req.method === 'GET') {
        const c = comments.get(pr);
        return json(200, c ? [{ id: c.id, body: c.body, user: { login: 'runner-doctor[bot]', type: 'Bot' } }] : []);
      }
      const c = { id: nextId++, body: JSON.parse(body).body };
      comments.set(pr, c);
      record(c.body);
      return json(201, { id: c.id });
    }
    if (req.method === 'PATCH' && (m = p.match(/\/issues\/comments\/(\d+)$/))) {
      for (const c of comments.values()) {
        if (c.id === Number(m[1])) {
          c.body = JSON.parse(body).body;
          record(c.body);
        }
      }
      return json(200, { id: Number(m[1]) });
    }
    json(404, { message: `no route for ${req.method} ${p}` });
  });
});

async function main() {
  await new Promise((r) => api.listen(0, '127.0.0.1', r));
  const apiHost = `127.0.0.1:${api.address().port}`;
  let redisUrl = null;
  if (!values['no-redis']) {
    redisUrl = process.env.REDIS_URL;
    if (!redisUrl) {
      const port = await freePort();
      const dir = mkdtempSync(join(tmpdir(), 'rd-load-redis-'));
      const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
        '--appendonly', 'yes',
        '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
      children.push(redis);
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      redisUrl = `redis://127.0.0.1:${port}`;
      await sleep(300);
    }
  }
  const key = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const apps = [];
  for (let i = 0; i < P; i++) {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), 'rd-load-data-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const child = spawn(process.execPath, ['node_modules/probot/bin/probot.js', 'run', './lib/index.js'], {
      cwd: root,
      stdio: 'ignore',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, APP_ID: '4242', PRIVATE_KEY: key, WEBHOOK_SECRET: SECRET,
        HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', GHE_HOST: apiHost, GHE_PROTOCOL: 'http',
        DATA_DIR: dataDir, ...(redisUrl ? { REDIS_URL: redisUrl } : {}) },
    });
    children.push(child);
    apps.push({ child, base: `http://127.0.0.1:${port}` });
  }
  for (const a of apps) {
    for (let t = 0; ; t++) {
      try {
        if ((await (await globalThis.fetch(`${a.base}/ping`)).text()) === 'PONG') break;
      } catch { /* starting */ }
      if (t > 300) throw new Error('an app process did not start within 30 s');
      await sleep(100);
    }
  }
  const perPr = N / K;
  const deliveries = [];
  for (let pr = 1; pr <= K; pr++) {
    for (let w = 0; w < perPr; w++) deliveries.push({ pr, w, runId: 100000 + pr * 1000 + w });
  }
  const template = JSON.parse(readFileSync(join(root, 'test/fixtures/webhook/workflow-run-failed.json'), 'utf8'));
  const start = Date.now();
  // 20 webhook requests in flight at most, as a burst of finished runs would send them.
  let next = 0;
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (next < deliveries.length) {
      const i = next++;
      const d = deliveries[i];
      const payload = globalThis.structuredClone(template);
      Object.assign(payload.workflow_run, { id: d.runId, run_attempt: 1, conclusion: 'failure', head_sha: SHA,
        path: `.github/workflows/w${d.w}.yml`, name: `Workflow ${d.w}`, workflow_id: 100 + d.w,
        updated_at: new Date().toISOString(),
        html_url: `https://github.com/o/r/actions/runs/${d.runId}` });
      payload.workflow_run.pull_requests = [{ ...payload.workflow_run.pull_requests[0], number: d.pr }];
      payload.installation = { id: 1 };
      const body = JSON.stringify(payload);
      sentAt.set(d.runId, Date.now());
      const res = await globalThis.fetch(`${apps[i % P].base}/api/github/webhooks`, { method: 'POST', body, headers: {
        'content-type': 'application/json', 'x-github-event': 'workflow_run', 'x-github-delivery': `load-${d.runId}`,
        'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` } });
      if (res.status !== 200) throw new Error(`delivery answered ${res.status}`);
    }
  }));
  const deadline = Date.now() + 600_000;
  while (doneAt.size < N) {
    if (Date.now() > deadline) throw new Error(`only ${doneAt.size} of ${N} sections appeared within 10 minutes`);
    await sleep(50);
  }
  const end = Math.max(...doneAt.values());
  const lat = [...doneAt.entries()].map(([id, t]) => t - sentAt.get(id)).sort((a, b) => a - b);
  const pct = (q) => lat[Math.min(lat.length - 1, Math.ceil(q * lat.length) - 1)];
  const rss = apps.map((a) => {
    const m = readFileSync(`/proc/${a.child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+) kB/);
    return m ? `${(Number(m[1]) / 1024).toFixed(0)} MB` : 'n/a';
  });
  console.log(`processes ${P}, ${redisUrl ? 'Redis' : 'in process'}; ${N} deliveries for ${K} PRs`);
  console.log(`deliveries/s ${(N / ((end - start) / 1000)).toFixed(2)}  (${((end - start) / 1000).toFixed(1)} s)`);
  console.log(`webhook-to-comment p50 ${(pct(0.5) / 1000).toFixed(1)} s, p99 ${(pct(0.99) / 1000).toFixed(1)} s`);
  console.log(`peak RSS per process: ${rss.join(', ')}`);
}

function stop() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  for (const f of cleanups) f();
  api.close();
}

main().then(
  async () => {
    stop();
    await sleep(200);
    process.exit(0);
  },
  (err) => {
    console.error(`load: ${err.message}`);
    stop();
    process.exit(1);
  },
);
