import path from 'node:path';
import type { CliIo } from './cli-io.js';
import { PeekStream } from './peek-stream.js';
import { checkReadable, readChunks } from './read-files.js';
import { UsageError } from './usage-error.js';

/** One job's log, as the engine reads it. */
export interface LogPart {
  /** Where it came from, as evidence and headings show it: the file as typed, `stdin`. */
  source: string;
  chunks: AsyncIterable<Uint8Array>;
}

/** How much of the start decides what kind of input this is. */
const SNIFF_BYTES = 8192;

/** The logs in one command-line argument (a file, or `-` for stdin). */
export async function* openLog(arg: string, io: CliIo): AsyncGenerator<LogPart> {
  const source = arg === '-' ? 'stdin' : arg;
  const stream = new PeekStream(arg === '-' ? io.stdin : readChunks(path.resolve(io.cwd, arg)));
  const head = await stream.peek(SNIFF_BYTES);
  if (head.length === 0) {
    throw new UsageError(
      arg === '-'
        ? 'stdin is empty: pipe a job log into it, e.g. `gh run view <run-id> --log-failed | runner-doctor diagnose -`'
        : `log file ${arg} is empty: give the job's log (download it from the job's page, or \`gh run view --log\`)`,
    );
  }
  const binary = binaryKind(head);
  if (binary) throw new UsageError(`${source} is not a text log (${binary}): give a job log as text`);
  yield { source, chunks: stream.chunks() };
}

/** Checks a file argument before anything is read, so a typo fails before a slow first log. */
export async function checkLogArg(arg: string, io: CliIo): Promise<void> {
  if (arg !== '-') await checkReadable(path.resolve(io.cwd, arg), 'log file', arg);
}

/** What a binary start looks like (null for text): the signs of a format, else NUL bytes or non-UTF-8. */
export function binaryKind(head: Buffer): string | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip data: decompress it first';
  if (head.includes(0)) return 'it contains NUL bytes';
  const text = new TextDecoder('utf-8').decode(head);
  let bad = 0;
  for (const ch of text) if (ch === '\uFFFD') bad++;
  // A paste may carry a stray invalid byte; binary data is full of them.
  return bad > 8 && bad * 20 > text.length ? 'it is not UTF-8 text' : null;
}
