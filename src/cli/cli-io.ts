import type { Readable, Writable } from 'node:stream';
import { SyncOutput, type CliOutput } from './sync-output.js';

/** What the CLI touches of its process: tests pass streams and a directory of their own. */
export interface CliIo {
  stdin: Readable;
  stdout: CliOutput;
  stderr: Writable;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * The process's own streams. A reader that goes away (`| head -c0`) makes writes fail with EPIPE:
 * that is the reader's choice, not an error, so the rest of the output is dropped quietly instead of
 * crashing with a stack trace. Any other write error still surfaces. stdin and stderr are made when
 * first used: Node builds each stream on first access, and most runs read a file and write no error;
 * stdout is written with synchronous writes (SyncOutput), Node's stream only should the fd block
 * (start-up, issue 13).
 */
export function processIo(proc: NodeJS.Process = process): CliIo {
  const quietEpipe = <T extends Writable>(stream: T): T =>
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
    });
  let stderr: Writable | undefined;
  return {
    get stdin() {
      return proc.stdin;
    },
    stdout: new SyncOutput(1, () => quietEpipe(proc.stdout)),
    get stderr() {
      return (stderr ??= quietEpipe(proc.stderr));
    },
    cwd: proc.cwd(),
    env: proc.env,
  };
}
