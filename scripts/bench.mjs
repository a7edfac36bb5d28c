#!/usr/bin/env node
// `npm run bench`: writes a realistic job log, times `runner-doctor diagnose --format json` on it
// against GNU `grep -E -c` with the catalog's patterns, and reports the CLI's peak RSS.
// Exits non-zero only on errors (a missing build, a failing command), never on a slow result.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { catalogPatternsAsEre } from './bench-ere.mjs';
import { writeBenchLog } from './bench-log.mjs';
import { measure, rssMethod } from './bench-measure.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TARGET_RATIO = 1.5;
const TARGET_RSS_MB = 150;
const USAGE = `Usage: npm run bench -- [--size MiB] [--big] [--runs N] [--keep]
  --size MiB   size of the generated log (default 100)
  --big        also run on a 1 GiB log
  --runs N     timed runs per tool and size; the median is reported (default 3)
  --keep       keep the generated logs (their paths are printed)
`;

/** A problem to report in one line (exit 2); thrown so temporary files are still removed. */
class BenchError extends Error {}

function die(message) {
  throw new BenchError(message);
}

function options() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        size: { type: 'string', default: '100' },
        big: { type: 'boolean', default: false },
        runs: { type: 'string', default: '3' },
        keep: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    die(`${err.message}\n${USAGE}`);
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return null;
  }
  const size = Number(values.size);
  const runs = Number(values.runs);
  if (!Number.isFinite(size) || size <= 0) die(`--size must be a positive number of MiB (got "${values.size}")`);
  if (!Number.isInteger(runs) || runs < 1) die(`--runs must be a whole number >= 1 (got "${values.runs}")`);
  const sizes = [size];
  if (values.big && size !== 1024) sizes.push(1024);
  return { sizes, runs, keep: values.keep };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function main() {
  const opts = options();
  if (!opts) return;
  const { sizes, runs, keep } = opts;
  const bin = path.join(ROOT, 'bin', 'runner-doctor.js');
  if (!existsSync(path.join(ROOT, 'lib', 'cli.js'))) {
    die('lib/cli.js is missing: run `npm run build` first (`npm ci` runs it through `prepare`)');
  }
  let grepVersion;
  try {
    grepVersion = execFileSync('grep', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  } catch {
    die('grep is not installed; the benchmark compares against GNU grep');
  }
  if (!/GNU grep/.test(grepVersion)) die(`GNU grep is needed (found "${grepVersion}")`);

  const patterns = catalogPatternsAsEre(path.join(ROOT, 'catalog'));
  const grepArgs = (file) => ['-E', '-c', ...patterns.flatMap((p) => ['-e', p]), file];
  const method = await rssMethod();
  // grep runs in the C locale, its fastest mode: the stricter target.
  const grepEnv = { LC_ALL: 'C' };

  process.stdout.write(
    `runner-doctor bench: node ${process.version}, ${grepVersion} (LC_ALL=C, ${patterns.length} patterns), ` +
      `${availableParallelism()} CPUs (load ${loadavg()[0].toFixed(1)}), peak RSS via ${method === 'time-v' ? '/usr/bin/time -v' : 'process.resourceUsage() at exit'}, ` +
      `median of ${runs} run${runs > 1 ? 's' : ''}\n`,
  );

  const dir = mkdtempSync(path.join(tmpdir(), 'runner-doctor-bench-'));
  const rows = [];
  let startupMs = null;
  try {
    // The CLI's fixed cost (start-up, loading the catalog) on a one-line log: grep has almost none.
    const tiny = path.join(dir, 'one-line.log');
    writeFileSync(tiny, '2025-12-27T11:29:01.1234567Z Cleaning up orphan processes\n');
    const startups = [];
    for (let r = 0; r < runs; r++) {
      const c = await measure(process.execPath, [bin, 'diagnose', tiny, '--format', 'json'], { method, node: true });
      if (c.code !== 0) die(`the CLI exited with ${c.code}: ${c.stderr.trim()}`);
      startups.push(c.ms);
    }
    startupMs = median(startups);

    for (const size of sizes) {
      const file = path.join(dir, `job-${size}MiB.log`);
      const t0 = Date.now();
      process.stdout.write(`writing a ${size} MiB job log to ${file} ... `);
      const { bytes, lines } = await writeBenchLog(file, Math.round(size * 2 ** 20));
      process.stdout.write(`done in ${((Date.now() - t0) / 1000).toFixed(1)} s (${lines} lines)\n`);

      await measure('grep', grepArgs(file), { env: grepEnv }); // warm the page cache
      const cli = [];
      const grep = [];
      const cliCpu = [];
      const grepCpu = [];
      let rss = 0;
      let rootCause = null;
      let grepCount = null;
      for (let r = 0; r < runs; r++) {
        const c = await measure(process.execPath, [bin, 'diagnose', file, '--format', 'json'], { method, node: true });
        if (c.code !== 0) die(`the CLI exited with ${c.code}: ${c.stderr.trim()}`);
        let d;
        try {
          d = JSON.parse(c.stdout);
        } catch {
          die(`the CLI did not print JSON: ${c.stdout.slice(0, 200)}`);
        }
        if (d.stats?.lines !== lines) die(`the CLI counted ${d.stats?.lines} lines, the log has ${lines}`);
        rootCause = d.rootCause?.id ?? null;
        cli.push(c.ms);
        if (c.cpuMs !== null) cliCpu.push(c.cpuMs);
        rss = Math.max(rss, c.maxRssKb ?? 0);
        const g = await measure('grep', grepArgs(file), { env: grepEnv, method });
        if (g.code !== 0 && g.code !== 1) die(`grep exited with ${g.code}: ${g.stderr.trim()}`);
        grepCount = Number(g.stdout.trim());
        grep.push(g.ms);
        if (g.cpuMs !== null) grepCpu.push(g.cpuMs);
      }
      rows.push({
        bytes, lines, cliMs: median(cli), grepMs: median(grep), rssMb: rss / 1024, rootCause, grepCount,
        cliCpuMs: cliCpu.length ? median(cliCpu) : null,
        grepCpuMs: grepCpu.length ? median(grepCpu) : null,
      });
      if (!keep) rmSync(file, { force: true });
    }
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }

  const header = ['log', 'bytes', 'lines', 'CLI ms', 'grep ms', 'ratio', 'CLI peak RSS MB', 'CPU ms CLI / grep', 'root cause', 'grep lines'];
  const table = rows.map((r) => [
    mib(r.bytes),
    String(r.bytes),
    String(r.lines),
    r.cliMs.toFixed(0),
    r.grepMs.toFixed(0),
    (r.cliMs / r.grepMs).toFixed(2),
    r.rssMb ? r.rssMb.toFixed(1) : 'n/a',
    r.cliCpuMs !== null && r.grepCpuMs !== null ? `${r.cliCpuMs.toFixed(0)} / ${r.grepCpuMs.toFixed(0)}` : 'n/a',
    r.rootCause ?? 'none',
    String(r.grepCount),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  process.stdout.write(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.map(line).join('\n')}\n\n`);

  process.stdout.write(`CLI start-up (one-line log): ${startupMs.toFixed(0)} ms\n`);
  for (const r of rows) {
    const ratio = r.cliMs / r.grepMs;
    const ok = (b) => (b ? 'met' : 'MISSED');
    process.stdout.write(
      `${mib(r.bytes)}: ratio ${ratio.toFixed(2)} (target <= ${TARGET_RATIO}: ${ok(ratio <= TARGET_RATIO)}), ` +
        `peak RSS ${r.rssMb ? r.rssMb.toFixed(1) : 'n/a'} MB (target < ${TARGET_RSS_MB}: ${r.rssMb ? ok(r.rssMb < TARGET_RSS_MB) : 'not measured'})\n`,
    );
  }
  if (keep) process.stdout.write(`logs kept in ${dir}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof BenchError ? err.message : (err.stack ?? String(err))}\n`);
  process.exitCode = 2;
});
