// Runs one command and measures its wall time and peak RSS, for `npm run bench`.
// Peak RSS comes from GNU time (`/usr/bin/time -v`) when it is installed, else (for node
// commands) from process.resourceUsage().maxRSS written at exit by a preloaded module.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const GNU_TIME = '/usr/bin/time';
const PRELOAD = fileURLToPath(new URL('./bench-maxrss.mjs', import.meta.url));

/** `time-v` when GNU time works here, else `node-preload`. */
export async function rssMethod() {
  if (!existsSync(GNU_TIME)) return 'node-preload';
  const r = await run(GNU_TIME, ['-v', 'true'], {});
  return r.code === 0 && /Maximum resident set size/.test(r.stderr) ? 'time-v' : 'node-preload';
}

function run(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ code, ms, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/**
 * Runs `cmd args` and returns { code, ms, stdout, stderr, maxRssKb, cpuMs } (user + system CPU time;
 * maxRssKb and cpuMs are null when not measured).
 * `node: true` marks a node command, which the preload method can measure.
 */
export async function measure(cmd, args, { method, node = false, env = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-bench-'));
  const rssFile = path.join(dir, 'rss');
  try {
    if (method === 'time-v') {
      const r = await run(GNU_TIME, ['-v', '-o', rssFile, cmd, ...args], env);
      const report = readFileSync(rssFile, 'utf8');
      const num = (re) => Number(re.exec(report)?.[1] ?? NaN);
      const cpuMs = (num(/User time \(seconds\): ([\d.]+)/) + num(/System time \(seconds\): ([\d.]+)/)) * 1000;
      const rss = num(/Maximum resident set size \(kbytes\): (\d+)/);
      return { ...r, maxRssKb: Number.isFinite(rss) ? rss : null, cpuMs: Number.isFinite(cpuMs) ? cpuMs : null };
    }
    if (node) {
      const r = await run(cmd, ['--import', PRELOAD, ...args], { ...env, RD_BENCH_MAXRSS_FILE: rssFile });
      const [rss, cpu] = existsSync(rssFile) ? readFileSync(rssFile, 'utf8').split(' ').map(Number) : [null, null];
      return { ...r, maxRssKb: rss, cpuMs: cpu };
    }
    return { ...(await run(cmd, args, env)), maxRssKb: null, cpuMs: null };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
