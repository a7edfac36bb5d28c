import { isAscii } from 'node:buffer';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DirectLog } from '../engine/diagnose.js';
import type { CliIo } from './cli-io.js';
import { looksLikeGhColumns, splitGhJobs } from './gh-columns.js';
import { PeekStream } from './peek-stream.js';
import { checkReadable, FileChunks } from './read-files.js';
import { UsageError } from './usage-error.js';

/** One job's log, as the engine reads it. */
export interface LogPart {
  /** Where it came from, for evidence and headings: `job.log`, `stdin`, `stdin: build`, `logs.zip: 0_build.txt`. */
  source: string;
  /** The job's name, when the input says: gh's job column, the archive's file name, `Complete job name:`. */
  job?: string;
  /** One of several jobs in one input (gh's columns, an archive): `--job` picks among them. */
  oneOfMany?: boolean;
  chunks: AsyncIterable<Uint8Array>;
  /** The same bytes read straight into the scanner's buffer (a plain log in a file); taken instead of `chunks`. */
  direct?: DirectLog;
}

/** How much of the start decides what kind of input this is. */
const SNIFF_BYTES = 8192;
/** How far into a log `Complete job name: NAME` is looked for (the runner prints it in Set up job). */
const JOB_NAME_BYTES = 256 * 1024;
export const JOB_NAME_LINE = /^\uFEFF?(?:\d{4}-\d\d-\d\dT[\d:.]+Z )?Complete job name: (.+?)\r?$/m;
const JOB_NAME_PHRASE = Buffer.from('Complete job name: ');

/**
 * The job logs in one command-line argument (a file, or `-` for stdin): a text log (as the runner
 * wrote it or as copied from the web page), gh's `run view --log` columns (one log per job), or a
 * run's log archive (one log per job file). Anything else is bad input.
 */
export async function* openLog(arg: string, io: CliIo): AsyncGenerator<LogPart> {
  const label = arg === '-' ? 'stdin' : arg;
  const file = arg === '-' ? null : path.resolve(io.cwd, arg);
  const reader = file ? new FileChunks(file) : null;
  try {
    yield* parts(reader ? new PeekStream(reader, reader) : new PeekStream(io.stdin), file, arg, label);
  } finally {
    reader?.close();
  }
}

async function* parts(stream: PeekStream, file: string | null, arg: string, label: string): AsyncGenerator<LogPart> {
  const head = await stream.peek(SNIFF_BYTES);
  if (head.length === 0) {
    throw new UsageError(
      file
        ? `log file ${arg} is empty: give the job's log (download it from the job's page, or \`gh run view --log\`)`
        : 'stdin is empty: pipe a job log into it, e.g. `gh run view <run-id> --log-failed | runner-doctor diagnose -`',
    );
  }
  if (isZip(head)) {
    yield* file ? archiveParts(file, label) : spooledArchiveParts(stream, label);
    return;
  }
  const binary = binaryKind(head);
  if (binary) throw new UsageError(`${label} is not a text log (${binary}): give a job log as text`);
  if (looksLikeGhColumns(head)) {
    for await (const { job, chunks } of splitGhJobs(stream.chunks())) {
      const part = { source: job ? `${label}: ${job}` : label, ...(job ? { job } : {}), oneOfMany: true, chunks };
      yield await named(part);
    }
    return;
  }
  yield await named(withDirect({ source: label, chunks: stream.chunks() }, stream));
}

/** `part` with its direct reader, where its stream has one. */
function withDirect(part: LogPart, stream: PeekStream): LogPart {
  const direct = stream.direct();
  return direct ? { ...part, direct } : part;
}

/** Checks a file argument before anything is read, so a typo fails before a slow first log. */
export function checkLogArg(arg: string, io: CliIo): void {
  if (arg !== '-') checkReadable(path.resolve(io.cwd, arg), 'log file', arg);
}

/** What a binary start looks like (null for text): the signs of a format, else NUL bytes or non-UTF-8. */
export function binaryKind(head: Buffer): string | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip data: decompress it first';
  if (head.includes(0)) return 'it contains NUL bytes';
  // Most logs start in plain ASCII: checked natively, no decoding (decoding and a loop over every
  // character of 8 KiB was a few ms of a small log's start-up, in code not yet compiled).
  if (isAscii(head)) return null;
  const text = new TextDecoder('utf-8').decode(head);
  let bad = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) bad++;
  // A paste may carry a stray invalid byte; binary data is full of them.
  return bad > 8 && bad * 20 > text.length ? 'it is not UTF-8 text' : null;
}

function isZip(head: Buffer): boolean {
  // A local file header, or the end record of an empty archive.
  return head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5);
}

/** The job's own name from `Complete job name:` near the start of its log, else what the input said. */
async function named(part: LogPart): Promise<LogPart> {
  const stream = new PeekStream(part.chunks, part.direct);
  const job = jobNameIn(await stream.peek(JOB_NAME_BYTES)) || part.job;
  return withDirect({ ...part, ...(job ? { job } : {}), chunks: stream.chunks() }, stream);
}

/**
 * What JOB_NAME_LINE finds first in `head` decoded, found by decoding only the lines that hold its phrase
 * (a native byte search): decoding and matching the whole 256 KiB was a few ms of a 1 MiB log's start-up.
 * The same answer: a match lies within one line, a line starts after a newline (a character boundary), and
 * lines are tried in order.
 */
export function jobNameIn(head: Buffer): string | undefined {
  for (let at = head.indexOf(JOB_NAME_PHRASE); at !== -1; at = head.indexOf(JOB_NAME_PHRASE, at + 1)) {
    const start = head.lastIndexOf(0x0a, at) + 1;
    const newline = head.indexOf(0x0a, at);
    const match = JOB_NAME_LINE.exec(head.toString('utf8', start, newline === -1 ? head.length : newline));
    if (match) return match[1]?.trim();
  }
  return undefined;
}

// The zip reader loads only for archives: most inputs are one plain log (start-up, issue 13).
async function* archiveParts(file: string, label: string): AsyncGenerator<LogPart> {
  const { readLogArchive } = await import('./log-archive.js');
  for await (const entry of readLogArchive(file, label)) {
    yield await named({ source: `${label}: ${entry.file}`, job: entry.job, oneOfMany: true, chunks: entry.chunks });
  }
}

/**
 * A zip needs its end first: stdin is copied to a private temporary file (bounded) and read from there.
 * With `node:fs`'s synchronous calls, and `node:os` loaded here: neither `node:fs/promises` nor stream
 * pipelines load for the plain logs most runs read (start-up, issue 13).
 */
async function* spooledArchiveParts(stream: PeekStream, label: string): AsyncGenerator<LogPart> {
  // With require, not process.getBuiltinModule: Node 22.0-22.2 lack that.
  const { tmpdir } = createRequire(import.meta.url)('node:os') as typeof import('node:os');
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-doctor-'));
  try {
    const file = path.join(dir, 'logs.zip');
    let bytes = 0;
    const limit = (await import('./log-archive.js')).ARCHIVE_LIMITS.bytes;
    const fd = openSync(file, 'wx', 0o600);
    try {
      for await (const chunk of stream.chunks()) {
        bytes += chunk.length;
        if (bytes > limit) throw new UsageError(`${label}: the archive is larger than ${limit / 1024 ** 3} GiB`);
        for (let done = 0; done < chunk.length; ) done += writeSync(fd, chunk, done);
      }
    } finally {
      closeSync(fd);
    }
    yield* archiveParts(file, label);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
