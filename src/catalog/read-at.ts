import { readSync } from 'node:fs';

/**
 * Fills `into` from byte `offset` of the open file `fd` (reads at explicit places: the file's own position
 * does not move); returns the bytes read, fewer than `into.length` only at the file's end.
 */
export function readAt(fd: number, into: Uint8Array, offset: number): number {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, offset + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
