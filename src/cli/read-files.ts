import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from './usage-error.js';

/**
 * Reads a file in 1 MiB chunks into one reused buffer: the engine is done with each chunk before
 * asking for the next, and this is several times cheaper than a read stream's fresh buffers.
 */
export async function* readChunks(file: string): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const { bytesRead } = await handle.read(buf, 0, buf.length, null);
      if (bytesRead === 0) return;
      yield buf.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Fails with a one-line message naming the file as the user typed it (`shown`). */
export async function checkReadable(file: string, what: string, shown = file): Promise<void> {
  try {
    const s = await stat(file);
    if (!s.isFile()) throw new UsageError(`${what} ${shown} is not a regular file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new UsageError(`cannot read ${what} ${shown}: ${why}`);
  }
}

/** Reads `--catalog` files; errors in them name the file as given on the command line. */
export async function readCatalogFiles(files: string[], cwd: string): Promise<{ file: string; text: string }[]> {
  const out: { file: string; text: string }[] = [];
  for (const file of files) {
    const abs = path.resolve(cwd, file);
    await checkReadable(abs, 'catalog file', file);
    out.push({ file, text: await readFile(abs, 'utf8') });
  }
  return out;
}

/** Reads a file given on the command line; its path in diffs is relative to the current directory. */
export async function readInput(file: string, what: string, cwd: string, originals: Map<string, string>) {
  const abs = path.resolve(cwd, file);
  await checkReadable(abs, what, file);
  const text = await readFile(abs, 'utf8');
  const rel = path.relative(cwd, abs);
  const repoPath = (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
  originals.set(repoPath, text);
  return { path: repoPath, text };
}
