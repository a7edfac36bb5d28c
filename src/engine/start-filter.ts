import { START_BASE, type StartTable } from '../model/catalog.js';
import type { ScanPlan } from './scan-plan.js';

/**
 * Most lines that hold a literal on a big log hold only `error` or `error: `, and every pattern those
 * lead to is anchored at the start with a start table (src/catalog/start-table.ts) that rejects them
 * at once. The WebAssembly loop (wasm/start-filter.h) runs those tables itself and leaves such a line
 * out, instead of handing it to JavaScript to be decoded, normalised and placed in its step for
 * nothing. It may do so only where the engine (diagnose.ts) would do nothing with the line at all:
 * - each literal it holds is eligible: it leads only to the catalog's own patterns (a repository's
 *   count against its budget even when rejected), none a plain `literal` one, each with a start
 *   table; and it is none of the markers the step tracker or the failure trail follow;
 * - each of those tables rejects the line's text (its walk is startRejects, match-pattern.ts);
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
  const tableIds = new Map<StartTable, number>();
  const tables: StartTable[] = [];
  const first = new Uint32Array(count + 1);
  const list: number[] = [];
  plan.patternsByLiteral.forEach((planned, lit) => {
    const ok =
      !markers.has(lit) &&
      planned.every(({ pattern, untrusted }) => !untrusted && pattern.literal === undefined && pattern.startTable);
    if (ok) {
      eligible[lit] = 1;
      const mine = new Set<number>();
      for (const { pattern } of planned) {
        const table = pattern.startTable!;
        let id = tableIds.get(table);
        if (id === undefined) {
          id = tables.push(table) - 1;
          tableIds.set(table, id);
        }
        mine.add(id);
      }
      list.push(...mine);
    }
    first[lit + 1] = list.length;
  });
  if (!eligible.includes(1)) return null;
  const head = 2 + 2 * count + 1;
  const words = head + list.length;
  // Each table: width, 128 classes, next states; 4-byte aligned.
  const at: number[] = [];
  let bytes = words * 4;
  for (const t of tables) {
    at.push(bytes);
    bytes += Math.ceil((4 + 128 + t.next.length) / 4) * 4;
  }
  const blob = new Uint8Array(bytes);
  // In the platform's byte order, as the rest of the WebAssembly memory is written (wasm-line-scan.ts).
  const w = new Uint32Array(blob.buffer);
  w[0] = count;
  w[1] = maxLineBytes;
  w.set(eligible, 2);
  w.set(first, 2 + count);
  list.forEach((id, k) => (w[head + k] = at[id]!));
  const signed = new Int8Array(blob.buffer);
  tables.forEach((t, id) => {
    const a = at[id]!;
    w[a / 4] = t.width;
    for (let c = 0; c < 128; c++) blob[a + 4 + c] = t.classes.charCodeAt(c) - START_BASE;
    // Next states (from 0), START_DEAD (-1) or START_OPEN (-2), as signed bytes.
    for (let k = 0; k < t.next.length; k++) signed[a + 132 + k] = t.next.charCodeAt(k) - START_BASE;
  });
  return blob;
}
