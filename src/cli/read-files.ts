import { close, open, read, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from './usage-error.js';

const CHUNK_BYTES = 1 << 20;

/**
 * Reads a file in 1 MiB chunks into two buffers used in turn: while the engine works on one chunk
 * the next is read into the other, so the disk and the scan overlap (the engine is done with a chunk
 * when it asks for the next, as the generator's contract says). Several times cheaper than a read
 * stream's fresh buffers. On `node:fs`'s callbacks: `node:fs/promises` costs more to load than a
 * small log takes to read (start-up, issue 13).
 */
export async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  const fd = await new Promise<number>((resolve, reject) => {
    open(file, 'r', (err, n) => (err ? reject(err) : resolve(n)));
  });
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let spare = Buffer.allocUnsafe(CHUNK_BYTES);
  // One read in flight at a time, so reading at the file's own position (null) keeps the order.
  const readInto = (b: Buffer) =>
    new Promise<number>((resolve, reject) => {
      read(fd, b, 0, CHUNK_BYTES, null, (err, n) => (err ? reject(err) : resolve(n)));
    });
  let pending: Promise<number> | null = readInto(buffer);
  try {
    for (;;) {
      const bytesRead = await pending;
      pending = null;
      if (bytesRead === 0) return;
      pending = readInto(spare);
      yield buffer.subarray(0, bytesRead);
      [buffer, spare] = [spare, buffer];
    }
  } finally {
    // A caller that stops early leaves a read in flight: let it finish before closing.
    await pending?.catch(() => undefined);
    await new Promise<void>((resolve) => close(fd, () => resolve()));
  }
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
