// The throughput part of `npm run bench`: big logs and the pathological log, each timed against
// GNU grep twice, paired and interleaved (grep, CLI, grep30, alternating; the ratio is the median of
// the per-round ratios, which keeps a busy machine's drift out of it).
//
// - grep with the catalog's own patterns (scripts/bench-ere.mjs): the same work as the CLI.
// - grep with USUAL_ERRORS below: what people run when they "grep the log for the usual errors".
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import { measure } from './bench-measure.mjs';

/**
 * 30 patterns of a plain "grep for the usual errors" (POSIX ERE, case-sensitive, as people type them
 * into `grep -E`): the generic words and the common tools' messages. Fixed, so figures stay comparable;
 * not taken from the catalog, whose patterns are longer and more specific.
 */
export const USUAL_ERRORS = [
  'error', 'Error', 'ERROR', 'fatal', 'Fatal', 'FATAL', 'failed', 'Failed', 'FAILED', 'failure',
  'panic:', 'Exception', 'Traceback', 'exit code [1-9]', 'exit status [1-9]', 'Segmentation fault',
  'Killed', 'OOMKilled', 'timed out', 'Timeout', 'Permission denied', 'No such file or directory',
  'command not found', '[Cc]annot ', '[Uu]nable to', 'Connection refused', 'ECONNRESET', 'ETIMEDOUT',
  'npm ERR!', 'denied',
];

/** Targets of issue 13, printed with each ratio (never asserted: a slow result is not an error). */
export const SCAN_TARGETS = { grepCatalog: 1.0, grep30: 1.5, pathological: 3.0, rssMb: 100 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

/**
 * Times the CLI on `file` against grep with the catalog's patterns and grep with USUAL_ERRORS,
 * interleaved: each round runs grep (catalog), the CLI, then grep (30), so all three see the same load.
 * `check(stdout)` validates the CLI's answer (throws on a wrong one). Returns medians and ratios.
 */
export async function timeAgainstGrep(file, { cliArgs, catalogEre, runs, method, check }) {
  const grepEnv = { LC_ALL: 'C' };
  const grepArgs = (patterns) => ['-E', '-c', ...patterns.flatMap((p) => ['-e', p]), file];
  const grep = (patterns) => measure('grep', grepArgs(patterns), { env: grepEnv, method });
  await grep(catalogEre); // warm the page cache
  const cli = [];
  const gCat = [];
  const g30 = [];
  const rCat = [];
  const r30 = [];
  let rss = 0;
  const cpu = [];
  let counts = null;
  for (let r = 0; r < runs; r++) {
    const a = await grep(catalogEre);
    const c = await measure(process.execPath, [...cliArgs, file], { method, node: true });
    const b = await grep(USUAL_ERRORS);
    for (const g of [a, b]) if (g.code !== 0 && g.code !== 1) throw new Error(`grep exited with ${g.code}: ${g.stderr}`);
    if (c.code !== 0) throw new Error(`the CLI exited with ${c.code}: ${c.stderr.trim()}`);
    check(c.stdout);
    cli.push(c.ms);
    gCat.push(a.ms);
    g30.push(b.ms);
    rCat.push(c.ms / a.ms);
    r30.push(c.ms / b.ms);
    if (c.cpuMs !== null) cpu.push(c.cpuMs);
    rss = Math.max(rss, c.maxRssKb ?? 0);
    counts = { catalog: Number(a.stdout.trim()), usual: Number(b.stdout.trim()) };
  }
  return {
    cliMs: median(cli),
    grepCatalogMs: median(gCat),
    grep30Ms: median(g30),
    ratioCatalog: median(rCat),
    ratio30: median(r30),
    rssMb: rss ? rss / 1024 : null,
    cliCpuMs: cpu.length ? median(cpu) : null,
    grepLines: counts,
  };
}

/**
 * Lines that hold a prefilter literal of the catalog but match none of its patterns: the scanner's
 * worst case (every line decoded, normalised and given to the regexes, for nothing). Built from
 * the compiled catalog in `lib/` (or `compiled`); a line is kept only if no catalog pattern matches it.
 */
export async function pathologicalLines(root, compiled = null) {
  let catalog = compiled;
  if (!catalog) {
    const { loadCatalog } = await import(pathToFileURL(path.join(root, 'lib', 'catalog', 'load-catalog.js')).href);
    catalog = await loadCatalog();
  }
  const patterns = catalog.entries.flatMap((c) => [...c.patterns, ...c.context.map((r) => r.pattern).filter(Boolean)]);
  const literals = [...new Set(patterns.flatMap((p) => p.literals))].sort();
  const matchesAny = (text) => patterns.some((p) => p.re.test(text));
  const wrappers = [
    (l) => `worker 3: saw ${l} in the cache index, skipping`,
    (l) => `step 12 -> ${l}`,
    (l) => `x${l}x`,
  ];
  const lines = [];
  for (const lit of literals) {
    if (lit.includes('##[')) continue; // runner markers change the step tracking, not the cost
    const line = wrappers.map((w) => w(lit)).find((l) => !matchesAny(l));
    if (line !== undefined) lines.push(line);
  }
  return lines;
}

/** Writes about `bytes` of timestamped pathological lines (cycling through `lines`); returns bytes and lines written. */
export async function writePathologicalLog(file, bytes, lines) {
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  let count = 0;
  let ms = Date.parse('2025-12-27T11:29:01.000Z');
  while (written < bytes) {
    const parts = [];
    let size = 0;
    while (size < 1 << 20 && written + size < bytes) {
      ms += 1;
      const ts = `${new Date(ms).toISOString().slice(0, 23)}${String(count % 10000).padStart(4, '0')}Z`;
      const line = `${ts} ${lines[count % lines.length]}\n`;
      parts.push(line);
      size += Buffer.byteLength(line);
      count++;
    }
    written += size;
    if (!out.write(parts.join(''))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return { bytes: written, lines: count };
}

const fmt = (x, digits = 0) => (x === null || x === undefined ? 'n/a' : x.toFixed(digits));

/** The table of `timeAgainstGrep` rows and one line per row saying which targets were met. */
export function scanReport(rows) {
  const header = [
    'log', 'bytes', 'lines', 'CLI ms', 'grep ms', 'grep30 ms', 'CLI/grep', 'CLI/grep30', 'CLI peak RSS MB',
    'CLI CPU ms', 'root cause', 'grep lines / grep30 lines',
  ];
  const table = rows.map((r) => [
    r.name, String(r.bytes), String(r.lines), fmt(r.cliMs), fmt(r.grepCatalogMs), fmt(r.grep30Ms),
    fmt(r.ratioCatalog, 2), fmt(r.ratio30, 2), fmt(r.rssMb, 1), fmt(r.cliCpuMs), r.rootCause ?? 'none',
    `${r.grepLines.catalog} / ${r.grepLines.usual}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  let out = `\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.map(line).join('\n')}\n\n`;
  const ok = (b) => (b ? 'met' : 'MISSED');
  const t = SCAN_TARGETS;
  for (const r of rows) {
    const rss = r.rssMb === null ? 'peak RSS not measured' : `peak RSS ${fmt(r.rssMb, 1)} MB (< ${t.rssMb}: ${ok(r.rssMb < t.rssMb)})`;
    const ratios = r.pathological
      ? `CLI/grep ${fmt(r.ratioCatalog, 2)} (<= ${t.pathological}: ${ok(r.ratioCatalog <= t.pathological)})`
      : `CLI/grep ${fmt(r.ratioCatalog, 2)} (<= ${t.grepCatalog}: ${ok(r.ratioCatalog <= t.grepCatalog)}), ` +
        `CLI/grep30 ${fmt(r.ratio30, 2)} (<= ${t.grep30}: ${ok(r.ratio30 <= t.grep30)})`;
    out += `${r.name}: ${ratios}, ${rss}\n`;
  }
  return out;
}

