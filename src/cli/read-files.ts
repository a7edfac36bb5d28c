import { closeSync, fstatSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { DirectLog } from '../engine/diagnose.js';
import type { LiteralSet } from '../engine/literal-set.js';
import { PrescanTable } from '../engine/prescan-table.js';
import type { PrescanJob } from './prescan-worker.js';
import { UsageError } from './usage-error.js';

const CHUNK_BYTES = 1 << 20;
/**
 * A log file from this size on gets a second thread scanning it from the end (prescan-worker.ts): the
 * thread costs some 40 ms of the other core and about 11 MB of peak memory to start, what scanning
 * about 50 MiB saves.
 */
export const PRESCAN_FROM_BYTES = 48 << 20;

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

  constructor(file: string) {
    this.fd = openSync(file, 'r');
  }

  readInto(into: Uint8Array): number {
    if (this.fd === null) return 0;
    const n = readSync(this.fd, into, 0, into.length, null);
    if (n === 0) this.close();
    return n;
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
   * Starts the thread that scans the file from its end: for a big file, when a core is free for it
   * (RUNNER_DOCTOR_PRESCAN=0: never, 1: whatever the load). Whatever becomes of the thread, the
   * scanner's output is the same (prescan-table.ts).
   */
  prescan(set: LiteralSet, filter: () => Uint8Array | null): PrescanTable | null {
    const setting = process.env.RUNNER_DOCTOR_PRESCAN;
    if (this.fd === null || setting === '0') return null;
    const bytes = fstatSync(this.fd).size;
    if (bytes < PRESCAN_FROM_BYTES || (setting !== '1' && !coreToSpare())) return null;
    try {
      // Loaded here, not at the top: a small log never starts a thread.
      const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
      const table = new PrescanTable(bytes);
      const job: PrescanJob = { fd: this.fd, bytes, set: set.toData(), buffer: table.buffer, filter: filter() };
      // lib/cli/ for the modules in lib/ and for the bundle in lib/bundle/ alike.
      const worker = new Worker(new URL('../cli/prescan-worker.js', import.meta.url), {
        workerData: job,
        // It allocates next to nothing: small heaps keep the process's peak memory down (a thread that
        // runs out is stopped, and this thread does its work).
        resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
      });
      // A thread that fails (no such file where this runs from, no memory) only leaves the work to this one.
      worker.on('error', () => undefined);
      worker.unref();
      this.worker = worker;
      return table;
    } catch {
      return null;
    }
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
 * True when another thread would find a core with time to spare: at least two, and the last minute's
 * load average under their number (the CLI's own two threads and grep, one after the other, keep a
 * 2-core machine at about 1.5). A thread that has to share a busy core only adds its own start and
 * work to the wall time: on 2 cores at load 6 a 100 MiB log took a quarter longer with it.
 */
function coreToSpare(): boolean {
  const os = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  const cores = os.availableParallelism();
  return cores >= 2 && os.loadavg()[0]! < cores;
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
