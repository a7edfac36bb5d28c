/**
 * Which bytes of a piece the other thread scanned (prescan-table.ts) the scanner still reads. With the
 * piece's records in hand, the scanner looks only at the lines they report, the lines before each (for the
 * exit code's "lines before", recent-lines.ts), the piece's head up to its first whole line (the end of a
 * line that spans pieces) and its tail after the last newline: on a typical log some 5% of the piece. The
 * other thread lists those bytes (neededRanges); the scanner reads just them into its buffer, at their
 * places in the piece, and skips the rest of the file's piece (readPrescanned), instead of reading
 * 1 MiB that it would not look at. Anything else the scanner does with the piece reads the same bytes.
 */
import type { DirectLog } from './line-source.js';
import type { PrescanTable } from './prescan-table.js';
import { lowestReadBefore } from './recent-lines.js';

const NEWLINE = 10;
/** A piece whose ranges come to more than this is read whole (long lines: little to save). */
const MOST_BYTES = 256 * 1024;

/**
 * The bytes of `piece` (its records the first `words` of `records`, its scan from `from` to `next`) that
 * the scanner reads, as start, end pairs in order, none touching; null when they are too many. `maxLength`:
 * the literal set's longest literal (what the scanner searches across pieces, from the head).
 */
export function neededRanges(
  piece: Uint8Array,
  from: number,
  next: number,
  records: Uint32Array,
  words: number,
  maxLength: number,
): Uint32Array | null {
  const out: number[] = [];
  let total = 0;
  const add = (start: number, end: number) => {
    const last = out.length - 2;
    if (last >= 0 && start <= out[last + 1]!) {
      total += Math.max(end, out[last + 1]!) - out[last + 1]!;
      out[last + 1] = Math.max(end, out[last + 1]!);
    } else if (end > start) {
      total += end - start;
      out.push(start, end);
    }
  };
  // The end of the line that spans the pieces and the newline after it, and what the search across pieces
  // takes of the head.
  if (from > 0) add(0, Math.min(piece.length, Math.max(from, maxLength)));
  // Each reported line (with its newline) and the lines before it.
  for (let r = 0; r < words; r += 4 + (records[r + 3]! >>> 8)) {
    const start = records[r + 1]!;
    add(lowestReadBefore(piece, from, start), Math.min(piece.length, records[r + 2]! + 1));
    if (total > MOST_BYTES) return null;
  }
  // The last lines (copied when the batch ends) and what follows the last newline.
  add(lowestReadBefore(piece, from, next), piece.length);
  return total > MOST_BYTES ? null : Uint32Array.from(out);
}

/**
 * Reads the piece at byte `offset` of `log` into `into` as far as the scanner needs it, when the other
 * thread has its records and the bytes to read listed; returns its length, or 0 when it is to be read whole
 * (then nothing of `log` was consumed). `spanning`: a line goes on from the previous piece. The records are
 * taken with the same offset, length and start right after, so they are there for exactly these bytes.
 */
export function readPrescanned(
  table: PrescanTable,
  log: DirectLog,
  into: Uint8Array,
  offset: number,
  spanning: boolean,
): number {
  const piece = table.ranges(offset);
  if (!piece || !log.readAt || !log.skip || piece.length > into.length || spanning !== piece.from > 0) return 0;
  const { ranges, length, from } = piece;
  for (let k = 0; k < ranges.length; k += 2) {
    const start = ranges[k]!;
    const end = ranges[k + 1]!;
    if (log.readAt(into.subarray(start, end), offset + start) !== end - start) return 0;
  }
  // Where the scanner starts on these bytes must be where the other thread started.
  if (from > 0 && into.subarray(0, length).indexOf(NEWLINE) !== from - 1) return 0;
  if (!table.take(offset, length, from)) return 0;
  return log.skip(length) ? length : 0;
}
