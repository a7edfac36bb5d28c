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
import { pathologicalLines, scanReport, timeAgainstGrep, USUAL_ERRORS, writePathologicalLog } from './bench-scan.mjs';
import { benchStartup, formatStartup } from './bench-startup.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const USAGE = `Usage: npm run bench -- [--size MiB] [--big] [--pathological MiB] [--runs N] [--keep]
  --size MiB   size of the generated log (default 100)
  --big        also run on a 1 GiB log
  --pathological MiB
               size of the pathological log: every line holds a catalog literal, none matches
               (default 10; 0 leaves it out; grep is slow on it)
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
        pathological: { type: 'string', default: '10' },
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
  const pathological = Number(values.pathological);
  if (!Number.isFinite(pathological) || pathological < 0) {
    die(`--pathological must be a number of MiB >= 0 (got "${values.pathological}")`);
  }
  const sizes = [size];
  if (values.big && size !== 1024) sizes.push(1024);
  return { sizes, runs, keep: values.keep, pathological };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

async function main() {
  const opts = options();
  if (!opts) return;
  const { sizes, runs, keep, pathological } = opts;
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
  const method = await rssMethod();

  process.stdout.write(
    `runner-doctor bench: node ${process.version}, ${grepVersion} (LC_ALL=C; grep: the catalog's ${patterns.length} patterns, ` +
      `grep30: ${USUAL_ERRORS.length} usual error patterns), ` +
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

      let rootCause = null;
      const check = (stdout) => {
        let d;
        try {
          d = JSON.parse(stdout);
        } catch {
          die(`the CLI did not print JSON: ${stdout.slice(0, 200)}`);
        }
        if (d.stats?.lines !== lines) die(`the CLI counted ${d.stats?.lines} lines, the log has ${lines}`);
        rootCause = d.rootCause?.id ?? null;
      };
      const cliArgs = [bin, 'diagnose', '--format', 'json'];
      const r = await timeAgainstGrep(file, { cliArgs, catalogEre: patterns, runs, method, check });
      rows.push({ name: mib(bytes), bytes, lines, rootCause, pathological: false, ...r });
      if (!keep) rmSync(file, { force: true });
    }
    if (pathological > 0) rows.push(await pathologicalRow(dir, pathological, { bin, patterns, runs, method, keep }));
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }

  process.stdout.write(scanReport(rows));
  process.stdout.write(`CLI start-up (one-line log): ${startupMs.toFixed(0)} ms\n`);
  // Small logs, where start-up is the cost: against `node -e 0` (scripts/bench-startup.mjs).
  process.stdout.write(`${formatStartup(await benchStartup({ bin }))}\n`);
  if (keep) process.stdout.write(`logs kept in ${dir}\n`);
}

/** The pathological log (see pathologicalLines in bench-scan.mjs), timed like the others. */
async function pathologicalRow(dir, size, { bin, patterns, runs, method, keep }) {
  const file = path.join(dir, `pathological-${size}MiB.log`);
  process.stdout.write(`writing a ${size} MiB pathological log to ${file} ... `);
  const kinds = await pathologicalLines(ROOT);
  const { bytes, lines } = await writePathologicalLog(file, Math.round(size * 2 ** 20), kinds);
  process.stdout.write(`done (${lines} lines, ${kinds.length} kinds)\n`);
  let rootCause = null;
  const check = (stdout) => {
    const d = JSON.parse(stdout);
    if (d.stats?.lines !== lines) die(`the CLI counted ${d.stats?.lines} lines, the log has ${lines}`);
    rootCause = d.rootCause?.id ?? null;
  };
  const cliArgs = [bin, 'diagnose', '--format', 'json'];
  const r = await timeAgainstGrep(file, { cliArgs, catalogEre: patterns, runs, method, check });
  if (!keep) rmSync(file, { force: true });
  return { name: `pathological ${size} MiB`, bytes, lines, rootCause, pathological: true, ...r };
}

main().catch((err) => {
  process.stderr.write(`bench: ${err instanceof BenchError ? err.message : (err.stack ?? String(err))}\n`);
  process.exitCode = 2;
});
