/**
 * The thread that scans a big log file's pieces ahead of the CLI's scanner, from the end backwards
 * (src/engine/prescan-table.ts says how the two share the work; read-files.ts starts it). It reads
 * through the same file descriptor, at explicit positions, so it sees the file the CLI opened.
 */
import { readSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { LiteralSet, type LiteralSetData } from '../engine/literal-set.js';
import { prescan, PrescanTable } from '../engine/prescan-table.js';

export interface PrescanJob {
  fd: number;
  bytes: number;
  /** The scanner's literal set as data (LiteralSet.toData); a copy arrives here. */
  set: LiteralSetData;
  buffer: SharedArrayBuffer;
  /** The scanner's start filter (start-filter.ts), or null. */
  filter: Uint8Array | null;
}

const job = workerData as PrescanJob;

/** Fills `into` from byte `offset` of the file; the bytes read (fewer only at its end). */
function readAt(into: Uint8Array, offset: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(job.fd, into, done, into.length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

const set = new LiteralSet(job.set.literals, { encoded: job.set.encoded, tables: job.set });
prescan(set, job.filter, new PrescanTable(job.bytes, job.buffer), readAt);
