/**
 * The second thread that scans a big log file from its end (prescan-worker.ts; prescan-table.ts says how
 * the two threads share the work). A thread takes some 25 ms to boot and load its modules, and its first
 * piece is what the scanner does not have to do: so the CLI starts it as soon as it knows a big file is
 * coming (startPrescanEarly, before the catalog loads), and the thread waits for its job, which the log
 * hands it once the scanner asks (FileChunks.prescan). Booting while the catalog loads and the first
 * pieces are read, it starts scanning some 30 ms sooner than a thread started at the scanner's request.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { PrescanJob } from './prescan-worker.js';

/**
 * A log file from this size on gets a second thread scanning it from the end: the thread costs some
 * 40 ms of the other core and about 11 MB of peak memory to start, what scanning about 50 MiB saves.
 */
export const PRESCAN_FROM_BYTES = 48 << 20;

/** A thread started early (startPrescanEarly) that no log has taken yet. */
let waiting: Worker | null = null;

/**
 * True when a log of `bytes` bytes gets the thread: a big one, when a core is free for it (or the
 * thread is already there: started early) (RUNNER_DOCTOR_PRESCAN=0: never, 1: whatever the load).
 */
export function wantsPrescan(bytes: number): boolean {
  const setting = process.env.RUNNER_DOCTOR_PRESCAN;
  return setting !== '0' && bytes >= PRESCAN_FROM_BYTES && (setting === '1' || waiting !== null || coreToSpare());
}

/**
 * Starts the thread ahead of its job when one of the `files` (log arguments, `-` for stdin) is a file
 * big enough to get it; returns true when it did. A thread no log takes (the file is an archive, say)
 * only waits, and ends with the process or `stopPrescanEarly`.
 */
export function startPrescanEarly(files: string[], cwd: string): boolean {
  if (waiting || process.env.RUNNER_DOCTOR_PRESCAN === '0') return false;
  const big = files.some((f) => {
    if (f === '-') return false;
    try {
      return wantsPrescan(statSync(path.resolve(cwd, f)).size);
    } catch {
      // Reported when the log is opened.
      return false;
    }
  });
  if (big) waiting = newThread();
  return waiting !== null;
}

/** Ends a thread started early that no log took. */
export function stopPrescanEarly(): void {
  const worker = waiting;
  waiting = null;
  void worker?.terminate();
}

/** Hands `job` to the thread started early, or to a new one; returns it, or null when none could start. */
export function runPrescan(job: PrescanJob): { worker: Worker; early: boolean } | null {
  const worker = waiting ?? newThread();
  const early = worker !== null && worker === waiting;
  waiting = null;
  if (!worker) return null;
  // Copied to the thread (the table's shared memory is shared); queued until the thread listens.
  worker.postMessage(job);
  return { worker, early };
}

function newThread(): Worker | null {
  try {
    // Loaded here, not at the top: a small log never starts a thread.
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    // lib/cli/ for the modules in lib/ and for the bundle in lib/bundle/ alike.
    const worker = new Worker(new URL('../cli/prescan-worker.js', import.meta.url), {
      // It allocates next to nothing: small heaps keep the process's peak memory down (a thread that
      // runs out is stopped, and the scanner does its work).
      resourceLimits: { maxYoungGenerationSizeMb: 1, maxOldGenerationSizeMb: 16 },
    });
    // A thread that fails (no such file where this runs from, no memory) only leaves the work to the scanner.
    worker.on('error', () => undefined);
    // Waiting for its job, or scanning: it never keeps the process alive.
    worker.unref();
    return worker;
  } catch {
    return null;
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
