import type { Readable, Writable } from 'node:stream';

/** What the CLI touches of its process: tests pass streams and a directory of their own. */
export interface CliIo {
  stdin: Readable;
  stdout: Writable & { isTTY?: boolean; columns?: number };
  stderr: Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The process's own streams. A reader that goes away (`| head -c0`) makes writes fail with EPIPE:
 * that is the reader's choice, not an error, so the rest of the output is dropped quietly instead of
 * crashing with a stack trace. Any other write error still surfaces.
 */
export function processIo(proc: NodeJS.Process = process): CliIo {
  for (const stream of [proc.stdout, proc.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  }
  return { stdin: proc.stdin, stdout: proc.stdout, stderr: proc.stderr, cwd: proc.cwd(), env: proc.env };
}
