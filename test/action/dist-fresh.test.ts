import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

it('the committed dist/ is what `npm run build:action` builds from the current sources and catalog', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'runner-doctor-dist-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'scripts/build-action.mjs'), '--out', out], { cwd: root });
    const committed = path.join(root, 'dist');
    expect(files(committed), 'dist/ has other files: run `npm run build:action` and commit dist/').toEqual(files(out));
    const stale = files(out).filter((f) => !readFileSync(path.join(out, f)).equals(readFileSync(path.join(committed, f))));
    expect(stale, 'dist/ is stale: run `npm run build:action` and commit dist/').toEqual([]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
