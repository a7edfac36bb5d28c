import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { readAt } from '../catalog/read-at.js';
import type { DirectLog } from '../engine/diagnose.js';
import type { LiteralSet } from '../engine/literal-set.js';
import { PrescanTable } from '../engine/prescan-table.js';
import { wasmImageData } from '../engine/scan-image-file.js';
import { runPrescan, wantsPrescan } from './prescan-thread.js';
import type { PrescanJob } from './prescan-worker.js';
import { UsageError } from './usage-error.js';

const CHUNK_BYTES = 1 << 20;

/**
 * A regular file read in order, either as 1 MiB chunks (two buffers used in turn, so a chunk stays
 * whole until the next but one is asked for) or, as a DirectLog, straight into the scanner's buffer:
 * the scanner then reads into its WebAssembly memory, with no copy per chunk. Synchronous reads: from
 * the page cache a read costs less than a wait for the thread pool's answer (the asynchronous double
 * buffering this replaced left the main thread idle about 6% of a 100 MiB run), and `node:fs/promises`
 * costs more to load than a small log takes to read (start-up, issue 13). Both ways read on from
 * where the other stopped. Closed at the end of the file, or by `close()`.
 */
export class FileChunks implements AsyncIterable<Uint8Array>, DirectLog {
  private fd: number | null;
  private worker: Worker | null = null;
  /** Where readInto reads next (reads at explicit places: skip() moves it, readAt() does not). */
  private position = 0;
  /** The thread that scans this file was started before the file was opened (startPrescanEarly). */
  earlyThread = false;

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  readInto(into: Uint8Array): number {
    if (this.fd === null) return 0;
    const n = readSync(this.fd, into, 0, into.length, this.position);
    this.position += n;
    if (n === 0) this.close();
    return n;
  }

  readAt(into: Uint8Array, offset: number): number {
    return this.fd === null ? 0 : readAt(this.fd, into, offset);
  }

  skip(bytes: number): boolean {
    this.position += bytes;
    return true;
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    // Allocated at the first read: a file read directly (DirectLog) never needs them.
    let buffer: Buffer | undefined;
    let spare: Buffer | undefined;
    return {
      next: () => {
        buffer ??= Buffer.allocUnsafe(CHUNK_BYTES);
        spare ??= Buffer.allocUnsafe(CHUNK_BYTES);
        const n = this.readInto(buffer);
        if (n === 0) return Promise.resolve({ done: true, value: undefined });
        const value = buffer.subarray(0, n);
        [buffer, spare] = [spare, buffer];
        return Promise.resolve({ done: false, value });
      },
    };
  }

  /**
   * Has the second thread scan the file from its end (prescan-thread.ts): for a big file, when a core is
   * free for it. Whatever becomes of the thread, the scanner's output is the same (prescan-table.ts).
   */
  prescan(set: LiteralSet, filter: () => Uint8Array | null): PrescanTable | null {
    if (this.fd === null) return null;
    const bytes = fstatSync(this.fd).size;
    if (!wantsPrescan(bytes)) return null;
    const table = new PrescanTable(bytes);
    // The build's scanner image, when the set has one: the thread then builds no tables of its own.
    const built = set.wasmImage?.();
    const image = built ? wasmImageData(built) : null;
    const job: PrescanJob = { fd: this.fd, bytes, set: set.toData(), image, buffer: table.buffer, filter: filter() };
    const thread = runPrescan(job);
    if (!thread) return null;
    this.worker = thread.worker;
    this.earlyThread = thread.early;
    return table;
  }

  close(): void {
    const fd = this.fd;
    this.fd = null;
    if (fd === null) return;
    // The thread reads through the same descriptor: closed once it has stopped.
    const worker = this.worker;
    this.worker = null;
    if (!worker) closeSync(fd);
    else void worker.terminate().finally(() => closeSync(fd));
  }
}

/**
 * Fails with a one-line message naming the file as the user typed it (`shown`). The reads here are
 * synchronous: one stat or one small file per argument, before anything else runs.
 */
export function checkReadable(file: string, what: string, shown = file): void {
  try {
    const s = statSync(file);
    if (!s.isFile()) throw new UsageError(`${what} ${shown} is not a regular file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read ${what} ${shown}: ${why}`);
  }
}

/** Reads `--catalog` files; errors in them name the file as given on the command line. */
export function readCatalogFiles(files: string[], cwd: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const file of files) {
    const abs = path.resolve(cwd, file);
    checkReadable(abs, 'catalog file', file);
    out.push({ file, text: readFileSync(abs, 'utf8') });
  }
  return out;
}

/** Reads a file given on the command line; its path in diffs is relative to the current directory. */
export function readInput(file: string, what: string, cwd: string, originals: Map<string, string>) {
  const abs = path.resolve(cwd, file);
  checkReadable(abs, what, file);
  const text = readFileSync(abs, 'utf8');
  const rel = path.relative(cwd, abs);
  const repoPath = (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
  originals.set(repoPath, text);
  return { path: repoPath, text };
}
