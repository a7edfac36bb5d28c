import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rng, writeBenchLog } from '../../scripts/bench-log.mjs';
import { LineScanner, LiteralSet, type CandidateLine, type DirectLog } from '../../src/engine/line-scanner.js';
import { prescan, PrescanTable } from '../../src/engine/prescan-table.js';
import { PIECE_BYTES } from '../../src/engine/wasm-line-scan.js';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { scanPlanFor, type ScanPlan } from '../../src/engine/scan-plan.js';
import { startFilterOf } from '../../src/engine/start-filter.js';

const literals = ['needle', '##[error]', 'command not found', 'error', 'Process completed with exit code'];
const E = '\u001b';
const ts = (i: number) => `2025-12-27T11:29:${String(i % 60).padStart(2, '0')}.${String(i).padStart(7, '0')}Z`;

interface Seen {
  line: number;
  text: string;
  literals: number[];
  escaped: boolean;
  before: string[];
}

/**
 * Scans `bytes` read by the scanner itself in reads of at most `most` bytes; `table`: what the other
 * thread found (offered by the log), if any. Returns the candidate lines, with the lines before each.
 */
function scanDirect(bytes: Uint8Array, most: number, table?: PrescanTable | Prescanner, plan?: ScanPlan, sparse = false) {
  const seen: Seen[] = [];
  const set = plan ? plan.literals : new LiteralSet(literals);
  const options = plan ? { startFilter: (max: number) => startFilterOf(plan, max), filterFrom: 0 } : {};
  const s: LineScanner = new LineScanner(
    set,
    (c: CandidateLine) =>
      seen.push({
        line: c.line,
        text: Buffer.from(c.bytes).toString('utf8'),
        literals: [...c.literals].sort(),
        escaped: c.escaped,
        before: s.previousLines().map((p) => `${p.line}:${Buffer.from(p.bytes).toString('utf8')}`),
      }),
    undefined,
    options,
  );
  let at = 0;
  let read = 0;
  let decoyed = -1;
  const log: DirectLog = {
    readInto: (into) => {
      const n = Math.min(most, into.length, bytes.length - at);
      into.set(bytes.subarray(at, at + n));
      at += n;
      read += n;
      return n;
    },
    ...(sparse && {
      readAt: (into: Uint8Array, offset: number) => {
        // What the scanner does not read must not matter: its whole buffer gets decoys (literals, newlines) first.
        if (decoyed !== at) {
          decoyed = at;
          new Uint8Array(into.buffer, into.byteOffset - (offset - at), PIECE_BYTES).set(decoys);
        }
        const part = bytes.subarray(offset, offset + into.length);
        into.set(part);
        read += part.length;
        return part.length;
      },
      skip: (n: number) => {
        at += n;
        return true;
      },
    }),
    ...(table ? { prescan: (set, filter) => (table instanceof PrescanTable ? table : table(set, filter())) } : {}),
  };
  while (s.readFrom(log) > 0);
  s.end();
  return { seen, lines: s.lines, bytes: s.bytes, droppedStamped: s.droppedStamped, read };
}

/** Fills a table as the other thread would, for the set and start filter the scanner asks with. */
type Prescanner = (set: LiteralSet, filter: Uint8Array | null) => PrescanTable;

const decoys = Buffer.alloc(PIECE_BYTES, `${ts(7)} needle error\n${ts(8)} ##[error]Process completed with exit code 9.\n`);

/** A table filled for every piece but the first, as the other thread does when it is well ahead. */
function prescanned(bytes: Uint8Array, set = new LiteralSet(literals), filter: Uint8Array | null = null): PrescanTable {
  const table = new PrescanTable(bytes.length);
  prescan(set, filter, table, (into, offset) => {
    const part = bytes.subarray(offset, offset + into.length);
    into.set(part);
    return part.length;
  });
  return table;
}

/** About `pieces` pieces of log: candidates, coloured lines, lines across pieces, a piece with no newline. */
function log(pieces: number): Buffer {
  const random = rng(pieces);
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < pieces * PIECE_BYTES; i++) {
    const r = random();
    let line =
      r < 0.05
        ? `${ts(i)} step ${i}: error`
        : r < 0.06
          ? `${ts(i)} ${E}[31mneed${E}[0mle`
          : r < 0.07
            ? `${ts(i)} ##[error]Process completed with exit code 1.`
            : r < 0.5
              ? `${ts(i)} unit ${i}`
              : '';
    // A line longer than a piece (a piece with no newline), and one that ends right at a piece's end.
    if (i === 3000) line = `${ts(i)} ${'x'.repeat(PIECE_BYTES + 5000)} needle`;
    const boundary = 2 * PIECE_BYTES;
    if (size < boundary && size + line.length + 1 > boundary) line = 'y'.repeat(boundary - size - 1);
    lines.push(line);
    size += line.length + 1;
  }
  return Buffer.from(lines.join('\n'));
}

describe('pieces scanned ahead by another thread (prescan)', () => {
  const bytes = log(5);

  it('give the same candidate lines, numbers and lines before them as scanning them here', () => {
    expect(bytes[2 * PIECE_BYTES - 1]).toBe(10);
    const plain = scanDirect(bytes, PIECE_BYTES);
    expect(plain.seen.length).toBeGreaterThan(1000);
    expect(scanDirect(bytes, PIECE_BYTES, prescanned(bytes))).toEqual(plain);
    // Reads that do not fall on the pieces the other thread scanned: nothing of its work fits, all scanned here.
    expect(scanDirect(bytes, 777777, prescanned(bytes))).toEqual({ ...plain, read: plain.read });
    // Read only in part where the scanner can (these pieces are mostly candidates and their lines before: read whole).
    expect({ ...scanDirect(bytes, PIECE_BYTES, prescanned(bytes), undefined, true), read: 0 }).toEqual({
      ...plain,
      read: 0,
    });
  });

  it('are really used: a table made from other bytes shows in the output', () => {
    // Same length and newlines, `error` spelled otherwise: lines after the first piece lose that literal.
    const other = Buffer.from(bytes.toString('latin1').replaceAll('error', 'errox'), 'latin1');
    const plain = scanDirect(bytes, PIECE_BYTES);
    const wrong = scanDirect(bytes, PIECE_BYTES, prescanned(other));
    expect(wrong.lines).toBe(plain.lines);
    expect(wrong.seen.length).toBeLessThan(plain.seen.length);
  });

  it("leave out the lines the scanner's start filter leaves out, and say when one had a timestamp", async () => {
    const plan = scanPlanFor(await loadCatalog());
    // Lines left out only after the first piece (the one scanned here), so only the table can say one had a timestamp.
    const first = Buffer.from(bytes.subarray(0, PIECE_BYTES).toString('latin1').replaceAll('error', 'errox'), 'latin1');
    const log = Buffer.concat([first, bytes.subarray(PIECE_BYTES)]);
    const unfiltered = scanDirect(log, PIECE_BYTES, undefined, undefined);
    const here = scanDirect(log, PIECE_BYTES, undefined, plan);
    // `step N: error` lines: their one pattern is anchored and its start table rejects them.
    expect(here.seen.length).toBeLessThan(unfiltered.seen.length / 2);
    expect(here.droppedStamped).toBe(true);
    const ahead = scanDirect(log, PIECE_BYTES, (set, filter) => prescanned(log, set, filter), plan);
    expect(ahead).toEqual(here);
    // A table made without the filter has other records: used, they would show.
    const unfilteredAhead = scanDirect(log, PIECE_BYTES, (set) => prescanned(log, set, null), plan);
    expect(unfilteredAhead.seen.length).toBeGreaterThan(here.seen.length);
    expect(unfilteredAhead.droppedStamped).toBe(false);
  });

  it('are read only as far as their records need, with the same candidate lines and lines before them', async () => {
    const plan = scanPlanFor(await loadCatalog());
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'rd-prescan-')), 'bench.log');
    try {
      await writeBenchLog(file, 6 * PIECE_BYTES + 12345);
      const bench = readFileSync(file);
      const filter = (set: LiteralSet, f: Uint8Array | null) => prescanned(bench, set, f);
      const here = scanDirect(bench, PIECE_BYTES, undefined, plan);
      // Step markers through the pieces, and the failure (with its exit code and the lines before it) in the last.
      expect(here.seen.length).toBeGreaterThan(200);
      expect(here.seen.some((c) => c.text.includes('exit code') && c.before.length === 6)).toBe(true);
      const whole = scanDirect(bench, PIECE_BYTES, filter, plan);
      const sparse = scanDirect(bench, PIECE_BYTES, filter, plan, true);
      expect({ ...sparse, read: 0 }).toEqual({ ...here, read: 0 });
      expect(whole.read).toBe(bench.length);
      // The first piece read whole (scanned here), of the others a small part.
      expect(sparse.read).toBeLessThan(PIECE_BYTES + bench.length / 5);
    } finally {
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('stop where the scanner has got to, and leave the rest to it', () => {
    const table = new PrescanTable(bytes.length);
    table.reach(3 * PIECE_BYTES);
    const asked: number[] = [];
    prescan(new LiteralSet(literals), null, table, (into, offset) => {
      if (into.length > 1) asked.push(offset / PIECE_BYTES);
      into.set(bytes.subarray(offset, offset + into.length));
      return Math.min(into.length, bytes.length - offset);
    });
    expect(asked).toEqual([5, 4]);
    expect(scanDirect(bytes, PIECE_BYTES, table)).toEqual(scanDirect(bytes, PIECE_BYTES));
    expect({ ...scanDirect(bytes, PIECE_BYTES, table, undefined, true), read: 0 }).toEqual({
      ...scanDirect(bytes, PIECE_BYTES),
      read: 0,
    });
  });
});
