import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;
const MAX = 120;

/** `file:line (length)` for every line of a `.ts` file under `root` longer than `max` characters. */
function longLines(root: string, max: number): string[] {
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith('.ts'))
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .sort();
  return files.flatMap((file) =>
    readFileSync(path.join(root, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => ([...line].length > max ? [`${file}:${i + 1} (${[...line].length})`] : [])),
  );
}

describe('source lines', () => {
  it(`are at most ${MAX} characters in src/`, () => {
    expect(longLines(SRC, MAX)).toEqual([]);
  });

  it('the check finds a long line and counts characters, not bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rd-lines-'));
    try {
      writeFileSync(path.join(dir, 'a.ts'), `ok\n${'x'.repeat(MAX + 1)}\n${'é'.repeat(MAX)}\n`);
      expect(longLines(dir, MAX)).toEqual([`a.ts:2 (${MAX + 1})`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
