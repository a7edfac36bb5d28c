import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { UsageError } from './usage-error.js';

/**
 * Limits for a run's log archive (`logs_<run>.zip` from "download workflow run logs"): far above a
 * real run (one file per job plus one per step), far below what a zip bomb claims. yauzl checks
 * that every entry inflates to exactly its declared size, so the declared sizes can be summed.
 */
export const ARCHIVE_LIMITS = { entries: 5000, bytes: 2 * 1024 ** 3 };

export interface ArchiveJob {
  /** The job's name as the archive spells it (GitHub drops `/` and `:` and cuts long names). */
  job: string;
  /** The file (or folder of step files) it comes from, for headings and evidence. */
  file: string;
  chunks: AsyncIterable<Uint8Array>;
}

const JOB_FILE = /^-?\d+_([^/]+)\.txt$/;
const STEP_FILE = /^([^/]+)\/(\d+)_[^/]*\.txt$/;

/**
 * One log per job in the archive: each top-level `N_JOB.txt` (the whole job's log), and for a job
 * that has only a folder of step logs (`JOB/N_STEP.txt`), those in step order. Streams one entry
 * at a time; `label` names the archive in errors.
 */
export async function* readLogArchive(file: string, label: string): AsyncGenerator<ArchiveJob> {
  let zip: ZipFile;
  try {
    zip = await yauzl.openPromise(file, { lazyEntries: true, autoClose: false, strictFileNames: false });
  } catch (err) {
    throw new UsageError(`${label} is not a readable zip archive (${(err as Error).message})`);
  }
  try {
    if (zip.entryCount > ARCHIVE_LIMITS.entries) {
      throw new UsageError(
        `${label} has ${zip.entryCount} entries, more than the ${ARCHIVE_LIMITS.entries} a run's log archive can have`,
      );
    }
    const entries: Entry[] = [];
    try {
      for await (const entry of zip.eachEntry()) entries.push(entry);
    } catch (err) {
      throw new UsageError(`${label} is not a readable zip archive (${(err as Error).message})`);
    }
    const jobs = planJobs(entries);
    if (jobs.length === 0) {
      throw new UsageError(`${label} holds no job logs (N_JOB.txt or JOB/N_STEP.txt): is it a run's log archive?`);
    }
    const total = jobs.reduce((n, j) => n + j.entries.reduce((m, e) => m + e.uncompressedSize, 0), 0);
    if (total > ARCHIVE_LIMITS.bytes) {
      const gib = (n: number) => `${(n / 1024 ** 3).toFixed(1)} GiB`;
      const limit = gib(ARCHIVE_LIMITS.bytes);
      throw new UsageError(`${label} would inflate to ${gib(total)}, more than the ${limit} allowed`);
    }
    for (const job of jobs) yield { job: job.name, file: job.file, chunks: entryChunks(zip, job.entries, label) };
  } finally {
    zip.close();
  }
}

function planJobs(entries: Entry[]): { name: string; file: string; entries: Entry[] }[] {
  const jobs: { name: string; file: string; entries: Entry[] }[] = [];
  const steps = new Map<string, { n: number; entry: Entry }[]>();
  for (const entry of entries) {
    const top = JOB_FILE.exec(entry.fileName);
    if (top) {
      jobs.push({ name: top[1]!, file: entry.fileName, entries: [entry] });
      continue;
    }
    const step = STEP_FILE.exec(entry.fileName);
    if (step) steps.set(step[1]!, [...(steps.get(step[1]!) ?? []), { n: Number(step[2]), entry }]);
  }
  const named = new Set(jobs.map((j) => j.name));
  for (const [name, list] of steps) {
    if (named.has(name)) continue;
    list.sort((a, b) => a.n - b.n);
    jobs.push({ name, file: `${name}/`, entries: list.map((s) => s.entry) });
  }
  return jobs;
}

async function* entryChunks(zip: ZipFile, entries: Entry[], label: string): AsyncGenerator<Uint8Array> {
  for (const entry of entries) {
    try {
      for await (const chunk of await zip.openReadStreamPromise(entry)) yield chunk as Buffer;
    } catch (err) {
      throw new UsageError(`${label}: cannot read ${entry.fileName} (${(err as Error).message})`);
    }
  }
}
