import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rng } from '../../scripts/bench-log.mjs';
import type { DirectLog } from '../../src/engine/diagnose.js';
import { PeekStream } from '../../src/cli/peek-stream.js';
import { FileChunks } from '../../src/cli/read-files.js';

const dir = mkdtempSync(path.join(tmpdir(), 'rd-peek-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file of `n` random bytes (more than two of the reader's 1 MiB chunks when large). */
function randomFile(name: string, n: number): { file: string; bytes: Buffer } {
  const random = rng(n);
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = Math.floor(random() * 256);
  const file = path.join(dir, name);
  writeFileSync(file, bytes);
  return { file, bytes };
}

/** Everything `log` gives, read `size` bytes at most at a time. */
function readAll(log: DirectLog, size: number): Buffer {
  const parts: Buffer[] = [];
  const into = new Uint8Array(size);
  for (let n = log.readInto(into); n > 0; n = log.readInto(into)) parts.push(Buffer.from(into.subarray(0, n)));
  return Buffer.concat(parts);
}

describe('a file read directly after peeks (the CLI: sniff the start, then look for the job name)', () => {
  const { file, bytes } = randomFile('log', (5 << 19) + 123);

  it('gives the peeked bytes, then the rest of the file, in order, whatever the read size', async () => {
    for (const size of [1 << 20, 100000, 4099]) {
      const reader = new FileChunks(file);
      const outer = new PeekStream(reader, reader);
      expect((await outer.peek(8192)).equals(bytes.subarray(0, 8192))).toBe(true);
      const inner = new PeekStream(outer.chunks(), outer.direct());
      expect((await inner.peek(1.5 * 2 ** 20)).equals(bytes.subarray(0, 1.5 * 2 ** 20))).toBe(true);
      expect(readAll(inner.direct()!, size).equals(bytes)).toBe(true);
      reader.close();
    }
  });

  it('a file smaller than one chunk, read to its end while peeking', async () => {
    const small = randomFile('small', 5000);
    const reader = new FileChunks(small.file);
    const stream = new PeekStream(reader, reader);
    expect((await stream.peek(8192)).length).toBe(5000);
    expect(readAll(stream.direct()!, 1024).equals(small.bytes)).toBe(true);
  });

  it('peeks a direct source with reads of just the bytes asked for, never through its chunks', async () => {
    const asked: number[] = [];
    let at = 0;
    const rest: DirectLog = {
      readInto: (into) => {
        asked.push(into.length);
        const n = Math.min(into.length, bytes.length - at);
        into.set(bytes.subarray(at, at + n));
        at += n;
        return n;
      },
    };
    const chunks: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => {
        throw new Error('the chunks were read');
      },
    };
    const outer = new PeekStream(chunks, rest);
    expect((await outer.peek(8192)).equals(bytes.subarray(0, 8192))).toBe(true);
    const inner = new PeekStream(outer.chunks(), outer.direct());
    expect((await inner.peek(256 * 1024)).equals(bytes.subarray(0, 256 * 1024))).toBe(true);
    expect(asked).toEqual([8192, 256 * 1024 - 8192]);
    // The scanner's first read gets the peeked bytes and the file after them in one piece.
    const first = new Uint8Array(1 << 20);
    expect(inner.direct()!.readInto(first)).toBe(1 << 20);
    expect(Buffer.from(first).equals(bytes.subarray(0, 1 << 20))).toBe(true);
  });

  it('the same bytes as chunks, and no direct reader for a source that has none', async () => {
    const reader = new FileChunks(file);
    const stream = new PeekStream(reader);
    await stream.peek(10);
    expect(stream.direct()).toBeUndefined();
    const parts: Buffer[] = [];
    for await (const c of stream.chunks()) parts.push(Buffer.from(c));
    expect(Buffer.concat(parts).equals(bytes)).toBe(true);
  });
});
