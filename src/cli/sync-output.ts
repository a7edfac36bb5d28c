import { fstatSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Writable } from 'node:stream';

/** What the CLI writes its output to: `process.stdout`, a stream in tests, or SyncOutput. */
export interface CliOutput {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * Standard output written with `fs.writeSync`, not through `process.stdout`: creating that stream loads
 * Node's stream modules, 1-2 ms of a small log's start-up (issue 13), for the one write a diagnosis makes.
 * Each write is whole before it returns (partial writes go on from where they stopped; Node's own stdout
 * is synchronous for files, pipes and terminals on Linux too). A reader that went away (EPIPE: `| head
 * -c0`) is its choice, not an error: this write and later ones are dropped quietly. An fd that would block
 * (EAGAIN: a non-blocking pipe someone else set up) gets the rest, and every later write, through
 * `fallback()` (Node's stream, which waits for the pipe), so the order stays. Any other error is thrown.
 */
export class SyncOutput implements CliOutput {
  private stream: Writable | undefined;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly fallback: () => Writable,
    private readonly write1: typeof writeSync = writeSync,
  ) {}

  /**
   * Whether the fd is a terminal (for colour). Only a character device can be one: a file or pipe is
   * told by fstat, and so is the null device (`> /dev/null`, a benchmark's output) by its device number;
   * node:tty (which loads node:net and the streams, some 4 ms) loads only for the rest.
   */
  get isTTY(): boolean {
    let rdev: number;
    try {
      const stat = fstatSync(this.fd);
      if (!stat.isCharacterDevice()) return false;
      rdev = stat.rdev;
    } catch {
      return false;
    }
    if (rdev === nullDevice()) return false;
    const { isatty } = createRequire(import.meta.url)('node:tty') as typeof import('node:tty');
    return isatty(this.fd);
  }

  write(text: string): boolean {
    if (this.closed) return true;
    if (this.stream) return this.stream.write(text);
    const bytes = Buffer.from(text, 'utf8');
    let at = 0;
    while (at < bytes.length) {
      try {
        at += this.write1(this.fd, bytes, at, bytes.length - at);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          this.closed = true;
          return true;
        }
        if (code !== 'EAGAIN') throw err;
        this.stream = this.fallback();
        return this.stream.write(bytes.subarray(at));
      }
    }
    return true;
  }
}

/** The null device's number, or -1 where there is no /dev/null (Windows): then node:tty decides. */
function nullDevice(): number {
  try {
    return statSync('/dev/null').rdev;
  } catch {
    return -1;
  }
}
