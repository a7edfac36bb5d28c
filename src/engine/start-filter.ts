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
  // The header, then per pattern its table's offset and its requirement's (0: none), then those.
  const head = 2 + 2 * count + 1;
  const parts = new Parts(4 * (head + 2 * checked.length));
  const tables = new Map<StartTable, number>();
  const checks = checked.map((p) => {
    const t = p.startTable;
    let table = 0;
    if (t) {
      table = tables.get(t) ?? parts.add(tableBytes(t));
      tables.set(t, table);
    }
    return [table, p.requires === undefined ? 0 : parts.add(requirementBytes(p.requires))] as const;
  });
  const blob = parts.join();
  // In the platform's byte order, as the rest of the WebAssembly memory is written (wasm-line-scan.ts).
  const w = new Uint32Array(blob.buffer, 0, head + 2 * checked.length);
  w[0] = count;
  w[1] = maxLineBytes;
  w.set(eligible, 2);
  w.set(first, 2 + count);
  list.forEach((id, k) => w.set(checks[id]!, head + 2 * k));
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

/** Byte strings laid one after the other at 4-byte aligned offsets, after `start` bytes left for a header. */
class Parts {
  private readonly list: { at: number; bytes: Uint8Array }[] = [];
  private size: number;

  constructor(start: number) {
    this.size = start;
  }

  /** Adds `bytes`; returns where they will be. */
  add(bytes: Uint8Array): number {
    const at = this.size;
    this.list.push({ at, bytes });
    this.size += Math.ceil(bytes.length / 4) * 4;
    return at;
  }

  join(): Uint8Array {
    const out = new Uint8Array(this.size);
    for (const { at, bytes } of this.list) out.set(bytes, at);
    return out;
  }
}

/** A start table as the C code reads it: its width, the class of each ASCII byte, its next states (i8). */
function tableBytes(t: StartTable): Uint8Array {
  const out = new Uint8Array(4 + 128 + t.next.length);
  new Uint32Array(out.buffer, 0, 1)[0] = t.width;
  for (let c = 0; c < 128; c++) out[4 + c] = t.classes.charCodeAt(c) - START_BASE;
  const next = new Int8Array(out.buffer, 4 + 128);
  // Next states (from 0), START_DEAD (-1) or START_OPEN (-2).
  for (let k = 0; k < t.next.length; k++) next[k] = t.next.charCodeAt(k) - START_BASE;
  return out;
}

/** Requirement node kinds in the C code's form: a string, all of the nodes that follow, any of them. */
const TEXT = 0;
const ALL = 1;
const ANY = 2;

/**
 * A requirement as the C code reads it, a tree of nodes of u32 words: kind, then for a string its
 * byte length and its UTF-8 bytes (padded to 4), for `all` / `any` the number of nodes and their
 * words in all, then those nodes.
 */
function requirementBytes(r: Requirement): Uint8Array {
  const words: number[] = [];
  const add = (node: Requirement): void => {
    if (typeof node === 'string') {
      const bytes = Buffer.from(node, 'utf8');
      const padded = new Uint8Array(Math.ceil(bytes.length / 4) * 4);
      padded.set(bytes);
      words.push(TEXT, bytes.length, ...new Uint32Array(padded.buffer));
      return;
    }
    const subs = 'all' in node ? node.all : node.any;
    const at = words.length;
    words.push('all' in node ? ALL : ANY, subs.length, 0);
    for (const sub of subs) add(sub);
    words[at + 2] = words.length - at - 3;
  };
  add(r);
  return new Uint8Array(Uint32Array.from(words).buffer);
}
