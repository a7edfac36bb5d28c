import { START_BASE, type CompiledPattern, type Requirement, type StartTable } from '../model/catalog.js';
import type { ScanPlan } from './scan-plan.js';

/**
 * Most lines that hold a literal on a big log hold only `error` or `error: `, and every pattern those
 * lead to is anchored at the start with a start table (src/catalog/start-table.ts) that rejects them
 * at once; others hold a literal whose patterns' required text (RE2's prefilter, CompiledPattern.requires)
 * is not there. The WebAssembly loop (wasm/start-filter.h) makes those two checks itself, as
 * match-pattern.ts's cannotMatch makes them first, and leaves such a line out instead of handing it to
 * JavaScript to be decoded, normalised and placed in its step for nothing. It may do so only where the
 * engine (diagnose.ts) would do nothing with the line at all:
 * - each literal it holds is eligible: it leads only to the catalog's own patterns (a repository's
 *   count against its budget even when rejected), none a plain `literal` one, each with a start table
 *   or required text; and it is none of the markers the step tracker or the failure trail follow;
 * - each of those patterns is rejected: its start table rejects the line's text (the walk is
 *   startRejects, match-pattern.ts), or the text lacks what it requires (`holds` there);
 * - the line is printable ASCII (tabs too), so its text is its bytes: no CR, BOM, colour code or
 *   invalid UTF-8 (a note), and the C code finds the text's start as splitLine does;
 * - it is not an error line (`##[error]`, or `Error: ` without a timestamp: the failure trail's);
 * - it is not longer than the scanner keeps whole (a cut line counts in a note).
 * A dropped line that had a timestamp is reported as such (the step tracker counts them). The step
 * tracker placing lines by the API's step times (which moves with every line) is the caller's to
 * rule out: it does not ask for the filter then.
 *
 * The filter is one byte string the C code reads in place (its layout in start-filter.h), so the
 * prescan thread gets the same with its job and its records are the same as this thread's.
 */
export function startFilterOf(plan: ScanPlan, maxLineBytes: number): Uint8Array | null {
  const markers = new Set([
    plan.groupLiteral,
    plan.endGroupLiteral,
    plan.errorLiteral,
    plan.exitCodeLiteral,
    ...plan.openerLiterals.keys(),
  ]);
  const count = plan.patternsByLiteral.length;
  const eligible = new Uint32Array(count);
  const checkIds = new Map<CompiledPattern, number>();
  const checked: CompiledPattern[] = [];
  const first = new Uint32Array(count + 1);
  const list: number[] = [];
  plan.patternsByLiteral.forEach((planned, lit) => {
    const ok =
      !markers.has(lit) &&
      planned.every(
        ({ pattern, untrusted }) =>
          !untrusted && pattern.literal === undefined && (pattern.startTable || pattern.requires !== undefined),
      );
    if (ok) {
      eligible[lit] = 1;
      const mine = new Set<number>();
      for (const { pattern } of planned) {
        let id = checkIds.get(pattern);
        if (id === undefined) {
          id = checked.push(pattern) - 1;
          checkIds.set(pattern, id);
        }
        mine.add(id);
      }
      list.push(...mine);
    }
    first[lit + 1] = list.length;
  });
  if (!eligible.includes(1)) return null;
  // The header, then per pattern its table's offset and its requirement's (0: none), then those; sized
  // first and written in place (this runs once per big log, cold: no per-string buffers or spreads).
  const head = 2 + 2 * count + 1;
  let words = head + 2 * list.length;
  const tableAt = new Map<StartTable, number>();
  const requirementAt = new Map<Requirement, number>();
  const checks = checked.map((p) => {
    const t = p.startTable;
    const r = p.requires;
    let table = 0;
    if (t) {
      table = tableAt.get(t) ?? words * 4;
      if (!tableAt.has(t)) {
        tableAt.set(t, table);
        words += 1 + Math.ceil((128 + t.next.length) / 4);
      }
    }
    let requirement = 0;
    if (r !== undefined) {
      requirement = requirementAt.get(r) ?? words * 4;
      if (!requirementAt.has(r)) {
        requirementAt.set(r, requirement);
        words += requirementWords(r);
      }
    }
    return [table, requirement];
  });
  const w = new Uint32Array(words);
  const blob = new Uint8Array(w.buffer);
  // In the platform's byte order, as the rest of the WebAssembly memory is written (wasm-line-scan.ts).
  w[0] = count;
  w[1] = maxLineBytes;
  w.set(eligible, 2);
  w.set(first, 2 + count);
  list.forEach((id, k) => {
    w[head + 2 * k] = checks[id]![0]!;
    w[head + 2 * k + 1] = checks[id]![1]!;
  });
  for (const [t, at] of tableAt) writeTable(t, w, blob, at);
  for (const [r, at] of requirementAt) writeRequirement(r, w, blob, at / 4);
  return blob;
}

/**
 * startFilterOf(plan, maxLineBytes) as the build made it for the built-in catalog's plan (in the scanner
 * image, scan-image-file.ts: the same bytes, the line cap aside), or null when there is none: a plan
 * built at run time, no image, or an image without a filter. Building it costs a few ms per run.
 */
export function prebuiltStartFilter(plan: ScanPlan, maxLineBytes: number): Uint8Array | null {
  const built = plan.prebuilt ? plan.literals.wasmImage?.()?.startFilter : undefined;
  if (!built || built.length < 8) return null;
  // A copy with a buffer of its own (a Buffer's slice would be a view of the image file).
  const filter = new Uint8Array(built);
  new Uint32Array(filter.buffer, 0, 2)[1] = maxLineBytes;
  return filter;
}

/**
 * A start table as the C code reads it, at byte `at` (a multiple of 4): its width, the class of each
 * ASCII byte, its next states (i8: from 0, START_DEAD -1 or START_OPEN -2).
 */
function writeTable(t: StartTable, w: Uint32Array, bytes: Uint8Array, at: number): void {
  w[at / 4] = t.width;
  for (let c = 0; c < 128; c++) bytes[at + 4 + c] = t.classes.charCodeAt(c) - START_BASE;
  const next = at + 4 + 128;
  for (let k = 0; k < t.next.length; k++) bytes[next + k] = (t.next.charCodeAt(k) - START_BASE) & 0xff;
}

/** Requirement node kinds in the C code's form: a string, all of the nodes that follow, any of them. */
const TEXT = 0;
const ALL = 1;
const ANY = 2;

function utf8Length(s: string): number {
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) > 0x7f) return Buffer.byteLength(s, 'utf8');
  return s.length;
}

/**
 * Words a requirement takes in the C code's form, a tree of nodes of u32 words: kind, then for a
 * string its byte length and its UTF-8 bytes (padded to 4), for `all` / `any` the number of nodes and
 * their words in all, then those nodes.
 */
function requirementWords(r: Requirement): number {
  if (typeof r === 'string') return 2 + Math.ceil(utf8Length(r) / 4);
  let n = 3;
  for (const sub of 'all' in r ? r.all : r.any) n += requirementWords(sub);
  return n;
}

/** Writes `r` at word `at` (see requirementWords); returns the word after it. */
function writeRequirement(r: Requirement, w: Uint32Array, bytes: Uint8Array, at: number): number {
  if (typeof r === 'string') {
    const length = utf8Length(r);
    w[at] = TEXT;
    w[at + 1] = length;
    const into = (at + 2) * 4;
    if (length === r.length) for (let k = 0; k < length; k++) bytes[into + k] = r.charCodeAt(k);
    else bytes.set(Buffer.from(r, 'utf8'), into);
    return at + 2 + Math.ceil(length / 4);
  }
  const subs = 'all' in r ? r.all : r.any;
  w[at] = 'all' in r ? ALL : ANY;
  w[at + 1] = subs.length;
  let next = at + 3;
  for (const sub of subs) next = writeRequirement(sub, w, bytes, next);
  w[at + 2] = next - at - 3;
  return next;
}
