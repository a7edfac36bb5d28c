import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose, FAST_SCAN, fastScan, type ScanMode } from '../../src/engine/diagnose.js';
import { LineScanner, type CandidateLine } from '../../src/engine/line-scanner.js';
import { lineShape } from '../../src/engine/line-shape.js';
import { holds, startRejects } from '../../src/engine/match-pattern.js';
import { splitLine } from '../../src/engine/normalize-line.js';
import { scanPlanFor, type ScanPlan } from '../../src/engine/scan-plan.js';
import { startFilterOf } from '../../src/engine/start-filter.js';
import type { JobContext } from '../../src/engine/types.js';
import { renderText } from '../../src/render/render-text.js';
import { REFERENCE_SCAN } from '../helpers/reference-scan.js';

// The WebAssembly loop leaves out lines holding a literal when the start tables of every pattern
// those lead to reject them (start-filter.ts). Leaving a line out must change nothing a user sees.

let catalog: CompiledCatalog;
let plan: ScanPlan;
beforeAll(async () => {
  catalog = await loadCatalog();
  plan = scanPlanFor(catalog);
});

const two = (n: number) => String(n).padStart(2, '0');
/** A GitHub timestamp `i` seconds after 11:00. */
const ts = (i: number, fraction = '1234567') =>
  `2025-12-27T11:${two(Math.floor(i / 60) % 60)}:${two(i % 60)}.${fraction}Z`;
const E = '\u001b';
const MAX_LINE = 4096;

/**
 * Lines holding `error` or `error: ` (the patterns those lead to are anchored), or literals of patterns
 * that require more text (with it and without), in the shapes a log has.
 */
function variants(): string[] {
  const messages = [
    'utils_test.go:12: request error: timeout',
    'npm error code ELIFECYCLE',
    'error: unknown option',
    'error[E0425]: cannot find value `x` in this scope',
    'src/a.c:12:3: error: expected ;',
    'src/a.c:12:3: fatal error: x.h: No such file or directory',
    '  12:5  error  Unexpected any  @typescript-eslint/no-explicit-any',
    '12:5  error  Missing semicolon  semi',
    'Error: something error happened',
    '##[error]build error',
    '##[warning]an error, but only a warning',
    'FAIL src/app.test.ts (error)',
    '[ERROR] Tests run: 3, error',
    "Error: ENOENT: no such file or directory, open '/tmp/session.json'",
    "Error: ENOENT: no such file or directory, open '/github/workflow/event.json'",
    "Error: ENOENT: no such file or directory, open '/github/workflow/event.jso'",
    "Error: ENOENT: no such file or directory, open '/github/workflow/event.json",
    'exec /nix/store/0123456789abcdfghijklmnpqrsvwxyz-bash-5.2/bin/bash: no such file or directory',
    'exec /usr/bin/bash: no such file or directory',
    'OCI runtime exec failed: exec failed: exec: "sh": stat sh: no such file or directory',
    'OCI runtime exec failed: exec: "sh": executable file not found in $PATH',
  ];
  const out: string[] = [];
  messages.forEach((m, i) => {
    out.push(`${ts(i)} ${m}`, m, `${ts(i)}    ${m}`, `  ${ts(i)} ${m}`, `\t${m}`, `${ts(i)}\t${m}`);
    out.push(`${ts(i, '123')} ${m}`, `${ts(i, '1234567890')} ${m}`, `${ts(i)}${m}`, `2025-12-27 11:29:01Z ${m}`);
    out.push(`${ts(i)} ${m}\r`, `\uFEFF${ts(i)} ${m}`, `${ts(i)} ${m} \xff`, `${ts(i)} ${E}[31m${m}${E}[0m`);
    out.push(`${ts(i)} ${m} ${'x'.repeat(MAX_LINE)}`, `${ts(i)} ${m} caf\u00e9`);
  });
  return out;
}

/** `text` as bytes; `\xff` stays one raw (invalid UTF-8) byte. */
function bytesOf(text: string): Buffer {
  const parts = text.split('\xff');
  return Buffer.concat(parts.flatMap((p, i) => (i === 0 ? [Buffer.from(p)] : [Buffer.from([0xff]), Buffer.from(p)])));
}

/** The line numbers a WebAssembly scanner hands on, with the start filter or without. */
function handedOn(bytes: Buffer, filtered: boolean) {
  const lines: CandidateLine[] = [];
  const startFilter = filtered ? (max: number) => startFilterOf(plan, max) : undefined;
  const options = { wasmFrom: 0, filterFrom: 0, startFilter };
  const keep = (c: CandidateLine) => lines.push({ ...c, literals: [...c.literals] });
  const scanner = new LineScanner(plan.literals, keep, MAX_LINE, options);
  scanner.push(bytes);
  scanner.end();
  return { lines, droppedStamped: scanner.droppedStamped };
}

/**
 * What start-filter.ts says, on the decoded line as the engine sees it: only the catalog's own
 * patterns, each rejected by its start table or lacking its required text in the normalised text;
 * printable ASCII whole and not cut; not an error line; no marker the step tracker follows.
 */
function nothingComesOf(bytes: Uint8Array, literals: number[]): boolean {
  if (bytes.length > MAX_LINE) return false;
  if (!bytes.every((b) => b === 9 || (b >= 0x20 && b < 0x7f))) return false;
  const { timestamp, text, indent } = splitLine(Buffer.from(bytes).toString('utf8'));
  if (lineShape(text, indent, timestamp !== null).errorLine) return false;
  const markers = [plan.groupLiteral, plan.endGroupLiteral, plan.errorLiteral, plan.exitCodeLiteral];
  return literals.every(
    (id) =>
      !markers.includes(id) &&
      !plan.openerLiterals.has(id) &&
      plan.patternsByLiteral[id]!.every(
        ({ pattern, untrusted }) =>
          !untrusted &&
          pattern.literal === undefined &&
          ((pattern.startTable !== undefined && startRejects(pattern.startTable, text)) ||
            (pattern.requires !== undefined && !holds(pattern.requires, text))),
      ),
  );
}

async function rendered(bytes: Uint8Array, mode: ScanMode, job?: JobContext) {
  const d = await diagnose(bytes, { catalog, source: 'job.log', job, maxLineBytes: MAX_LINE }, mode);
  const same = { ...d, stats: { ...d.stats, ms: 0 } };
  return `${JSON.stringify(same, null, 1)}\n${renderText(same)}`;
}

describe('lines the start tables reject, left out by the WebAssembly loop', () => {
  it('are exactly the lines nothing comes of: every other line holding a literal is handed on', () => {
    const bytes = bytesOf(`${variants().join('\n')}\n`);
    const all = handedOn(bytes, false).lines;
    const kept = handedOn(bytes, true).lines;
    const lineBytes = bytes
      .toString('latin1')
      .split('\n')
      .map((l) => Buffer.from(l, 'latin1'));
    const expected = all.filter((c) => c.escaped || !nothingComesOf(lineBytes[c.line - 1]!, c.literals));
    expect(kept.map((c) => c.line)).toEqual(expected.map((c) => c.line));
    // Both kinds are there: the test would see a filter that leaves out too much, or nothing.
    expect(kept.length).toBeGreaterThan(50);
    expect(all.length - kept.length).toBeGreaterThan(50);
    // Handed-on lines are the same as without the filter.
    expect(kept).toEqual(expected);
  });

  it('change nothing in the diagnosis: the whole range of shapes, with findings', async () => {
    const text = [
      `${ts(0)} Current runner version: '2.330.0'`,
      `${ts(1)} ##[group]Run make`,
      `${ts(2)} ##[endgroup]`,
      ...variants(),
      `${ts(3)} src/a.c:12:3: error: expected ;`,
      `${ts(4)} ##[error]Process completed with exit code 2.`,
    ].join('\n');
    const bytes = bytesOf(`${text}\n`);
    const reference = await rendered(bytes, REFERENCE_SCAN);
    expect(reference).toContain('c-compile-error');
    for (const mode of [FAST_SCAN, fastScan(0, 0)]) expect(await rendered(bytes, mode)).toBe(reference);
  });

  // In each log the one line that shows the point would be left out were it plain ASCII, short, or
  // not an error line.
  const dropped = 'utils_test.go:12: request error: timeout';
  it.each([
    ['bad UTF-8 (a note)', `${ts(1)} ${dropped} \xff`, 'not valid UTF-8'],
    ['a line cut to the cap (a note)', `${ts(1)} ${dropped} ${'x'.repeat(MAX_LINE)}`, 'were longer than 4 KiB'],
    ['a pasted `Error: ` line (the failure trail)', `Error: ${dropped}`, `Error: ${dropped}`],
    ['an `##[error]` line (the failure trail)', `${ts(1)} ##[error]${dropped}`, `##[error]${dropped}`],
  ])('change nothing in the diagnosis: %s', async (_name, line, shown) => {
    const bytes = bytesOf(`${ts(0)} ${dropped}\n${line}\n${ts(2)} ${dropped}\n`);
    const reference = await rendered(bytes, REFERENCE_SCAN);
    expect(reference).toContain(shown);
    for (const mode of [FAST_SCAN, fastScan(0, 0)]) expect(await rendered(bytes, mode)).toBe(reference);
  });

  it.each([
    ['made at filterFrom bytes: lines before it are handed on', false, 40],
    ["the build's: from the start", true, 0],
  ])('are left out with a filter %s', (_name, prebuilt, handed) => {
    const line = `${ts(1)} utils_test.go:12: request error: timeout\n`;
    const seen: number[] = [];
    const startFilter = (max: number, prebuiltOnly: boolean) =>
      prebuiltOnly && !prebuilt ? null : startFilterOf(plan, max);
    const options = { wasmFrom: 0, filterFrom: 45 * line.length, startFilter };
    const scanner = new LineScanner(plan.literals, (c) => seen.push(c.line), MAX_LINE, options);
    // Ten lines a chunk: the fifth brings the log to 50 lines, past filterFrom.
    for (let k = 0; k < 10; k++) scanner.push(Buffer.from(line.repeat(10)));
    scanner.end();
    expect(seen).toEqual(Array.from({ length: handed }, (_, i) => i + 1));
    expect(scanner.droppedStamped).toBe(true);
  });

  it('tell whether a line left out had a timestamp (the step tracker counts timestamped lines)', () => {
    const dropped = 'utils_test.go:12: request error: timeout';
    expect(handedOn(Buffer.from(`${ts(1)} ${dropped}\n`), true)).toEqual({ lines: [], droppedStamped: true });
    expect(handedOn(Buffer.from(`${dropped}\n`), true)).toEqual({ lines: [], droppedStamped: false });
    expect(handedOn(Buffer.from(`${ts(1)} ${dropped}\n`), false).droppedStamped).toBe(false);
  });

  it('are all handed on when the API gives step times (each line placed may open its step)', async () => {
    // Step 2's first line with a literal is one the filter would leave out: lines count from it.
    const text = [
      `${ts(1)} ##[group]Run make`,
      `${ts(2)} ##[endgroup]`,
      `${ts(70)} utils_test.go:12: request error: timeout`,
      `${ts(71)} plain output`,
      `${ts(72)} src/a.c:12:3: error: expected ;`,
      `${ts(73)} ##[error]Process completed with exit code 2.`,
    ].join('\n');
    const step = (number: number, from: string, to: string, conclusion: string) => ({
      name: `Run ${number}`,
      number,
      conclusion,
      started_at: `2025-12-27T11:${from}Z`,
      completed_at: `2025-12-27T11:${to}Z`,
    });
    const steps = [step(1, '00:00', '00:59', 'success'), step(2, '01:00', '02:00', 'failure')];
    const bytes = Buffer.from(`${text}\n`);
    const reference = await rendered(bytes, REFERENCE_SCAN, { steps });
    expect(reference).toContain('"stepLine": 3');
    expect(await rendered(bytes, fastScan(0, 0), { steps })).toBe(reference);
  });
});
