// The start-up half of `npm run bench`: small logs (10 KiB, 1 MiB), where the CLI's fixed cost
// dominates, timed against `node -e 0` (Node's own floor). On a shared machine absolute times are
// noise, so every CLI run is paired with a `node -e 0` run right before it, the order alternating,
// and the figure is the median of the per-pair ratios. Run alone: `node scripts/bench-startup.mjs`.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeBenchLog } from './bench-log.mjs';

export const STARTUP_TARGET_RATIO = 1.5;
export const STARTUP_SIZES = [{ label: '10 KiB', bytes: 10 * 1024 }, { label: '1 MiB', bytes: 2 ** 20 }];
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Wall time of one run in ms; rejects on a non-zero exit (a broken CLI must not look fast). */
function timeRun(cmd, args, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
    const err = [];
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${path.basename(cmd)} ${args.join(' ')} exited with ${code}: ${Buffer.concat(err)}`));
    });
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/**
 * Times `bin diagnose LOG --format json` against `node -e 0` for each size, `pairs` interleaved pairs each.
 * `env` is added to the CLI's environment (RUNNER_DOCTOR_BUNDLE=0 times the plain path).
 * Returns [{ label, bytes, pairs, nodeMs, cliMs, ratio, codeCache }] (times and ratio: medians).
 */
export async function benchStartup({ bin, pairs = 15, env = {}, dir }) {
  const plain = { ...process.env, ...env }.RUNNER_DOCTOR_BUNDLE === '0';
  const codeCache = plain ? 'not used (RUNNER_DOCTOR_BUNDLE=0)' : codeCacheState(bin, env);
  const own = !dir;
  const where = dir ?? mkdtempSync(path.join(tmpdir(), 'runner-doctor-startup-'));
  const rows = [];
  try {
    for (const { label, bytes } of STARTUP_SIZES) {
      const file = path.join(where, `job-${bytes}.log`);
      await writeBenchLog(file, bytes);
      const node = () => timeRun(process.execPath, ['-e', '0'], {});
      const cli = () => timeRun(process.execPath, [bin, 'diagnose', file, '--format', 'json'], env);
      await node();
      await cli(); // warm the page cache and the compile cache
      const nodeMs = [];
      const cliMs = [];
      const ratios = [];
      for (let i = 0; i < pairs; i++) {
        let n;
        let c;
        if (i % 2 === 0) {
          n = await node();
          c = await cli();
        } else {
          c = await cli();
          n = await node();
        }
        nodeMs.push(n);
        cliMs.push(c);
        ratios.push(c / n);
      }
      const medians = { nodeMs: median(nodeMs), cliMs: median(cliMs), ratio: median(ratios) };
      rows.push({ label, bytes, pairs, ...medians, codeCache });
    }
  } finally {
    if (own) rmSync(where, { recursive: true, force: true });
  }
  return rows;
}

/**
 * What V8 does with the CLI bundle's code cache in this Node and `env` ('accepted'; 'rejected' when the build
 * ran under another Node or flags; 'none'), or 'no bundle': a figure measured without it is not the usual one.
 */
export function codeCacheState(bin, env = {}) {
  const script = `const l = require(${JSON.stringify(bin)});
const b = l.loadBundle({ codeCache: process.env.RUNNER_DOCTOR_CODE_CACHE === '0' ? null : l.CODE_CACHE });
process.stdout.write(b ? b.cache : 'no bundle');`;
  try {
    const opts = { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...env } };
    return execFileSync(process.execPath, ['-e', script], opts);
  } catch {
    return 'unknown (a launcher without loadBundle)';
  }
}

/** The lines `npm run bench` prints for the start-up rows. */
export function formatStartup(rows) {
  const ok = (r) => (r.ratio <= STARTUP_TARGET_RATIO ? 'met' : 'MISSED');
  return rows
    .map(
      (r) =>
        `${r.label}: CLI ${r.cliMs.toFixed(0)} ms, node -e 0 ${r.nodeMs.toFixed(0)} ms, ` +
        `ratio ${r.ratio.toFixed(2)} (median of ${r.pairs} interleaved pairs; ` +
        `target <= ${STARTUP_TARGET_RATIO}: ${ok(r)}; bundle code cache ${r.codeCache})`,
    )
    .join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pairs = Number(process.argv[2] ?? 15);
  const plain = process.env.RUNNER_DOCTOR_BUNDLE === '0';
  const bin = path.join(ROOT, 'bin', 'runner-doctor.js');
  process.stdout.write(
    `start-up: node ${process.version}, ${availableParallelism()} CPUs, ` +
      `load ${loadavg().map((l) => l.toFixed(2)).join(' ')}` +
      `${plain ? ', plain path (RUNNER_DOCTOR_BUNDLE=0)' : ''}\n`,
  );
  const rows = await benchStartup({ bin, pairs });
  process.stdout.write(`${formatStartup(rows)}\nload after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
}
