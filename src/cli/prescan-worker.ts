/**
 * The thread that scans a big log file's pieces ahead of the CLI's scanner, from the end backwards
 * (src/engine/prescan-table.ts says how the two share the work; prescan-thread.ts starts it). It may
 * start before the file is opened, so its job comes as its first message. It reads through the CLI's
 * file descriptor, at explicit positions, so it sees the file the CLI opened.
 */
import { parentPort } from 'node:worker_threads';
import { LiteralSet, type LiteralSetData } from '../engine/literal-set.js';
import { prescan, PrescanTable } from '../engine/prescan-table.js';
import type { WasmImageData } from '../engine/scan-image-file.js';
import { readAt } from '../catalog/read-at.js';
import { imageFromData } from '../catalog/read-scan-image.js';

export interface PrescanJob {
  fd: number;
  bytes: number;
  /** The scanner's literal set as data (LiteralSet.toData); a copy arrives here. */
  set: LiteralSetData;
  /**
   * The build's image of the set's WebAssembly scanner (LiteralSet.wasmImage) as data, or null: then it is
   * configured here. Its memory is read here, from the file, straight into the thread's scanner.
   */
  image: WasmImageData | null;
  buffer: SharedArrayBuffer;
  /** The scanner's start filter (start-filter.ts), or null. */
  filter: Uint8Array | null;
}

parentPort!.once('message', (job: PrescanJob) => {
  const image = job.image && imageFromData(job.image);
  const set = new LiteralSet(job.set.literals, {
    encoded: job.set.encoded,
    tables: job.set,
    ...(image ? { wasmImage: () => image } : {}),
  });
  prescan(set, job.filter, new PrescanTable(job.bytes, job.buffer), (into, offset) => readAt(job.fd, into, offset));
});
