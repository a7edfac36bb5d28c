import type { CompiledCatalog } from '../model/catalog.js';
import { lineShape } from './line-shape.js';
import { matchAnchored, mergeCaptures } from './match-pattern.js';
import type { Diagnosis, JobContext } from './types.js';
import { LineScanner, type CandidateLine, type DirectLog, type LineSource } from './line-scanner.js';
import { END_GROUP_MARKER, ERROR_MARKER, EXIT_CODE_MARKER, scanPlanFor, type ScanPlan } from './scan-plan.js';
import { FailureTrail } from './failure-trail.js';
import { githubTextStart, splitLine } from './normalize-line.js';
import { prebuiltStartFilter, startFilterOf } from './start-filter.js';
import { STEP_OPENERS, StepTracker } from './step-tracker.js';
import { WorkBudget } from './work-budget.js';
import { buildDiagnosis, type MatchEvent } from './build-diagnosis.js';

export interface DiagnoseOptions {
  catalog: CompiledCatalog;
  /** Where the log came from, for evidence (`job.log`, `stdin`, `job:123`). */
  source: string;
  /** What else is known about the job (workflow container image, steps from the API, labels). */
  job?: JobContext;
  /** Catalog ids to leave out (users' ignore lists). */
  ignore?: string[];
  /** Cap on what one line may cost (bytes kept for matching), default 64 KiB. */
  maxLineBytes?: number;
  /** Notes the caller wants in the diagnosis (e.g. "log cut to the first and last 25 MB"). */
  notes?: string[];
  /** Characters a repository's own signatures may examine in this job (default REPO_JOB_CHARS). */
  repoSignatureChars?: number;
}

/**
 * The log: a stream of chunks (a chunk is fully read before the next is asked for, so a reader
 * may reuse its buffer), the whole text, or a log that reads itself into the scanner's buffer.
 */
export type LogInput = AsyncIterable<Uint8Array | string> | string | Uint8Array | DirectLog;
export type { DirectLog } from './line-scanner.js';

/**
 * Where candidate lines come from. `FAST_SCAN` is the only one the product uses; tests compare it with
 * a plain reference (test/helpers/reference-scan.ts) that hands on every line and checks every pattern.
 */
export interface ScanMode {
  /**
   * `filtered`: the source may leave out lines nothing would come of (start-filter.ts); false while
   * the step tracker places lines by the API's step times, which every candidate line moves.
   */
  source(
    plan: ScanPlan,
    onLine: (c: CandidateLine) => void,
    maxLineBytes: number | undefined,
    filtered?: boolean,
  ): LineSource;
  /** Literal ids in a normalised line's text (lines with colour codes are searched again without them). */
  literalsIn(plan: ScanPlan, text: string): number[];
  /**
   * Called with each handed-on line's text and literal ids before its patterns run; the reference
   * uses it to check that no pattern matches a line that holds none of its literals.
   */
  checkLine?(plan: ScanPlan, line: number, text: string, literals: number[]): void;
}

/**
 * The product's scan; `wasmFrom` and `filterFrom` as LineScannerOptions says (tests run each loop
 * alone, and the start filter from the first byte).
 */
export function fastScan(wasmFrom?: number, filterFrom?: number): ScanMode {
  return {
    source: (plan, onLine, maxLineBytes, filtered) => {
      // The build's copy where there is one (cheap, so from the start); else made at filterFrom.
      const startFilter = filtered
        ? (max: number, prebuiltOnly: boolean) =>
            prebuiltStartFilter(plan, max) ?? (prebuiltOnly ? null : startFilterOf(plan, max))
        : undefined;
      return new LineScanner(plan.literals, onLine, maxLineBytes, { wasmFrom, startFilter, filterFrom });
    },
    literalsIn: (plan, text) => {
      const found = new Set<number>();
      plan.literals.search(Buffer.from(text, 'utf8'), 0, (_start, id) => found.add(id));
      return [...found];
    },
  };
}

export const FAST_SCAN: ScanMode = fastScan();

/** How many matches per pattern owner are kept (the count goes on; memory stays flat). */
const MAX_EVENTS_PER_OWNER = 200;

/**
 * Streams a job log through the catalog and returns the diagnosis. Pure: no I/O besides reading
 * `input`; the same function serves the CLI, the app and the tests.
 */
export async function diagnose(input: LogInput, opts: DiagnoseOptions, mode = FAST_SCAN): Promise<Diagnosis> {
  // Not performance.now(): the `performance` global loads Node's perf_hooks on first use (~1 ms of start-up).
  const started = process.hrtime.bigint();
  const plan = scanPlanFor(opts.catalog);
  const decoder = new TextDecoder('utf-8');
  const steps = new StepTracker(opts.job?.steps);
  const events: MatchEvent[][] = plan.owners.map(() => []);
  const counts = new Int32Array(plan.owners.length);
  const repoBudget = new WorkBudget(opts.repoSignatureChars);
  const trail = new FailureTrail();
  let truncatedLines = 0;
  let invalidUtf8 = false;

  /**
   * A `##[group]` or `##[endgroup]` line as GitHub writes it (githubTextStart) holding no other literal: on
   * a big log most candidate lines (the start filter leaves these to the step tracker). All onLine does with
   * one, with no API step times and no pattern to try on it, is tell the step tracker: done here without
   * decoding and normalising an endgroup line or looking at its shape (an error line holds `##[error]`, a
   * literal of its own). True when it did.
   */
  const stepMarkerOnly = (c: CandidateLine): boolean => {
    if (c.literals.length !== 1 || c.escaped || c.truncated || steps.byTimes) return false;
    const lit = c.literals[0]!;
    const group = lit === plan.groupLiteral;
    if ((!group && lit !== plan.endGroupLiteral) || plan.patternsByLiteral[lit]!.length > 0) return false;
    if (plan.openerLiterals.has(lit) || lit === plan.errorLiteral || lit === plan.exitCodeLiteral) return false;
    const at = githubTextStart(c.bytes);
    if (at < 0) return false;
    steps.sawTimestamp();
    if (group) {
      const raw = decoder.decode(c.bytes);
      steps.onGroup(c.line, raw.slice(at), raw.slice(0, at - 1));
    } else if (startsWith(c.bytes, at, END_GROUP_BYTES)) {
      steps.onEndGroup(c.line);
    }
    return true;
  };

  const onLine = (c: CandidateLine) => {
    if (mode.checkLine === undefined && stepMarkerOnly(c)) return;
    const raw = decoder.decode(c.bytes);
    const { timestamp, text, indent } = splitLine(raw);
    // Colour codes may split a literal in the raw bytes: search the line again without them.
    // In id order: what is done with a line then depends only on which literals it holds.
    const literals = inIdOrder(c.escaped ? mode.literalsIn(plan, text) : c.literals);
    mode.checkLine?.(plan, c.line, text, literals);
    if (literals.length === 0) return;
    if (!invalidUtf8 && raw.includes('\uFFFD')) invalidUtf8 = true;
    if (c.truncated) truncatedLines++;
    if (timestamp !== null) steps.sawTimestamp();
    if (literals.includes(plan.groupLiteral)) steps.onGroup(c.line, text, timestamp);
    if (literals.includes(plan.endGroupLiteral) && text.startsWith(END_GROUP_MARKER)) steps.onEndGroup(c.line);
    for (const lit of literals) {
      const opener = plan.openerLiterals.get(lit);
      if (opener !== undefined && text.startsWith(opener)) steps.onOpener(c.line, STEP_OPENERS[opener]!, timestamp);
    }
    const where = steps.locate(c.line, timestamp);
    const shape = lineShape(text, indent, timestamp !== null);
    if (shape.errorLine) {
      if (text.startsWith(ERROR_MARKER)) steps.onError(c.line, where);
      trail.onError(c.line, text, where);
    }
    if (literals.includes(plan.exitCodeLiteral) && shape.errorLine && text.includes(EXIT_CODE_MARKER)) {
      const before = scanner
        .previousLines()
        .map((p) => ({ line: p.line, text: splitLine(decoder.decode(p.bytes)).text }));
      trail.onExitCode(c.line, text, where, before);
    }
    // A pattern is listed once per literal: only a line with several literals can reach it twice.
    const tried = literals.length > 1 ? new Set<unknown>() : null;
    for (const lit of literals) {
      for (const { owner, pattern, untrusted, anchored } of plan.patternsByLiteral[lit]!) {
        if (tried) {
          if (tried.has(pattern)) continue;
          tried.add(pattern);
        }
        const seen = untrusted ? repoBudget.textFor(c.line, text) : text;
        if (seen === null) continue;
        const caps = matchAnchored(pattern, seen, shape, anchored, untrusted ? repoBudget : undefined);
        if (!caps) continue;
        counts[owner]!++;
        const list = events[owner]!;
        const last = list[list.length - 1];
        if (last && last.line === c.line) {
          // Two patterns of one entry on the same line: one piece of evidence.
          mergeCaptures(last.captures, caps);
          continue;
        }
        if (list.length < MAX_EVENTS_PER_OWNER) list.push({ line: c.line, text, captures: caps, ...where });
      }
    }
  };

  const scanner = mode.source(plan, onLine, opts.maxLineBytes, !steps.byTimes);
  if (isDirect(input)) readAll(input, scanner);
  else for await (const chunk of toChunks(input)) scanner.push(chunk);
  scanner.end();
  if (scanner.droppedStamped) steps.sawTimestamp();

  const notes = [...(opts.notes ?? [])];
  if (truncatedLines > 0) {
    const kib = Math.round((opts.maxLineBytes ?? 65536) / 1024);
    notes.push(`${truncatedLines} matching line(s) were longer than ${kib} KiB; only their start was examined.`);
  }
  if (invalidUtf8) notes.push('The log contains bytes that are not valid UTF-8; they are shown as �.');
  notes.push(...repoBudget.notes());

  return buildDiagnosis({
    catalog: opts.catalog,
    plan,
    events,
    counts,
    source: opts.source,
    job: opts.job ?? {},
    ignore: new Set(opts.ignore ?? []),
    notes,
    steps,
    trail,
    stats: { bytes: scanner.bytes, lines: scanner.lines, ms: elapsedMs(started) },
  });
}

const byNumber = (a: number, b: number) => a - b;

const END_GROUP_BYTES = Buffer.from(END_GROUP_MARKER, 'latin1');

/** True when `bytes` holds `prefix` at `at`. */
function startsWith(bytes: Uint8Array, at: number, prefix: Uint8Array): boolean {
  if (bytes.length - at < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (bytes[at + k] !== prefix[k]) return false;
  return true;
}

/** Milliseconds since `started` (process.hrtime.bigint()). */
const elapsedMs = (started: bigint) => Math.round(Number(process.hrtime.bigint() - started) / 1e6);

/**
 * `ids` sorted in place. Most lines that reach the patterns hold one or two literals (`error` and
 * `error: `): for those a compare is enough, where Array#sort's set-up costs more than the sort (about
 * 5 ms of CPU per 30 000 such lines on the bench log).
 */
function inIdOrder(ids: number[]): number[] {
  if (ids.length > 2) return ids.sort(byNumber);
  if (ids.length === 2 && ids[0]! > ids[1]!) ids.reverse();
  return ids;
}

function isDirect(input: LogInput): input is DirectLog {
  return typeof (input as Partial<DirectLog>).readInto === 'function';
}

/** A direct log read to its end: into the scanner's own buffer where it has one. */
function readAll(log: DirectLog, scanner: LineSource): void {
  if (scanner.readFrom) {
    while (scanner.readFrom(log) > 0);
    return;
  }
  const buffer = new Uint8Array(1 << 20);
  for (let n = log.readInto(buffer); n > 0; n = log.readInto(buffer)) scanner.push(buffer.subarray(0, n));
}

async function* toChunks(input: Exclude<LogInput, DirectLog>): AsyncGenerator<Uint8Array> {
  if (typeof input === 'string') {
    yield Buffer.from(input, 'utf8');
    return;
  }
  if (input instanceof Uint8Array) {
    yield input;
    return;
  }
  for await (const chunk of input) yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
