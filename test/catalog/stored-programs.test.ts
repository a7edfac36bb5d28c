// The build's RE2 programs (lib/catalog-programs.json) in the built package: a diagnosis of the bench's
// log, whose failure lines reach regex patterns, compiles no RE2 program, in the bundle (bin's fast path)
// as in lib/; with the file missing, of another re2js or format, damaged, or one program changed or
// stored under another pattern, the patterns are compiled and the diagnosis is the same.
// In a copy of lib/ (catalog/ and node_modules/ linked), where the file can be damaged.
// Needs `npm run build` (npm test runs it first).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompiledCatalog } from '../../src/model/catalog.js';
import type { CatalogPrograms } from '../../src/catalog/catalog-cache.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
type Main = (argv: string[], io: unknown) => Promise<number>;
interface Cli {
  main: Main;
  re2Compiles: () => Promise<number>;
}

let copy = '';
let log = '';
let loads = 0;
const PROGRAMS = () => path.join(copy, 'lib/catalog-programs.json');
const built = () => readFileSync(path.join(ROOT, 'lib/catalog-programs.json'), 'latin1');

/** What `cli` prints for the log (its time zeroed), and the RE2 programs it compiled meanwhile. */
async function diagnose(cli: Cli): Promise<{ code: number; out: string; compiled: number }> {
  const before = await cli.re2Compiles();
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (d: Buffer) => chunks.push(d));
  const io = { stdin: Readable.from([]), stdout, stderr: stdout, cwd: copy, env: {} };
  const code = await cli.main(['diagnose', log], io);
  const out = Buffer.concat(chunks).toString('utf8').replace(/, \d+ ms\)/g, ', 0 ms)');
  return { code, out, compiled: (await cli.re2Compiles()) - before };
}

/** The bundle of the copy, loaded afresh (its modules' state starts over), as bin/runner-doctor.js loads it. */
function bundle(): Cli {
  const { loadBundle } = createRequire(import.meta.url)(path.join(ROOT, 'bin/runner-doctor.js')) as {
    loadBundle: (o: { file: string; codeCache: string }) => { exports: Cli; cache: string } | null;
  };
  const dir = path.join(copy, 'lib/bundle');
  const loaded = loadBundle({ file: path.join(dir, 'cli.cjs'), codeCache: path.join(dir, 'cli.code-cache') });
  expect(loaded?.cache).toBe('accepted');
  return loaded!.exports;
}

/** A fresh instance of the copy's loader (its once-per-process reads start over). */
async function loadCatalog(): Promise<CompiledCatalog> {
  const url = `${pathToFileURL(path.join(copy, 'lib/catalog/load-catalog.js')).href}?load=${++loads}`;
  return ((await import(url)) as { loadCatalog: () => Promise<CompiledCatalog> }).loadCatalog();
}

/** How many of the catalog's patterns have a stored program, and how many run RE2 at all. */
async function withPrograms(): Promise<[number, number]> {
  const patterns = (await loadCatalog()).entries.flatMap((c) => c.patterns).filter((p) => p.literal === undefined);
  return [patterns.filter((p) => p.program).length, patterns.length];
}

beforeAll(async () => {
  expect(existsSync(path.join(ROOT, 'lib/catalog-programs.json')), 'run `npm run build`').toBe(true);
  copy = mkdtempSync(path.join(tmpdir(), 'rd-programs-'));
  cpSync(path.join(ROOT, 'lib'), path.join(copy, 'lib'), { recursive: true, filter: (p) => !p.includes('/lib/action') });
  writeFileSync(path.join(copy, 'package.json'), readFileSync(path.join(ROOT, 'package.json')));
  for (const d of ['catalog', 'node_modules']) symlinkSync(path.join(ROOT, d), path.join(copy, d), 'dir');
  log = path.join(copy, 'job.log');
  const { writeBenchLog } = (await import(pathToFileURL(path.join(ROOT, 'scripts/bench-log.mjs')).href)) as {
    writeBenchLog: (file: string, bytes: number) => Promise<void>;
  };
  await writeBenchLog(log, 16 * 1024);
});
afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('the build-time RE2 programs', () => {
  let expected = '';

  it('spare a small log\'s diagnosis every RE2 compile, in the bundle and in lib/', async () => {
    const fromBundle = await diagnose(bundle());
    // Lines the regex patterns matched, with what their groups captured, are in the answer.
    expect(fromBundle.out).toContain('Copying /home/runner/_work to pod');
    expect(fromBundle.out).toContain('[hook/copy-failed]');
    expect(fromBundle.compiled).toBe(0);
    const lib = (await import(pathToFileURL(path.join(copy, 'lib/cli.js')).href)) as Cli;
    const fromLib = await diagnose(lib);
    expect(fromLib).toEqual(fromBundle);
    expected = fromBundle.out;
  });

  it('missing, the patterns are compiled, with the same answer', async () => {
    rmSync(PROGRAMS());
    const fromBundle = await diagnose(bundle());
    expect(fromBundle.out).toBe(expected);
    expect(fromBundle.compiled).toBeGreaterThan(0);
    expect(await withPrograms()).toEqual([0, expect.any(Number)]);
  });

  it('belong to every pattern RE2 runs, and are used only when of this re2js and format, and whole', async () => {
    writeFileSync(PROGRAMS(), built());
    const [used, all] = await withPrograms();
    expect(used).toBe(all);
    const file = JSON.parse(built()) as CatalogPrograms;
    for (const other of [{ ...file, re2js: '0.0.1' }, { ...file, format: file.format + 1 }, { ...file, programs: 1 }]) {
      writeFileSync(PROGRAMS(), JSON.stringify(other));
      expect(await withPrograms()).toEqual([0, all]);
    }
    writeFileSync(PROGRAMS(), built());
    truncateSync(PROGRAMS(), 1000);
    expect(await withPrograms()).toEqual([0, all]);
    // One program changed, another stored under a third pattern: those two are not used.
    const [a, b, c] = Object.keys(file.programs).filter((s) => s.includes('(?<'));
    const changed = file.programs[a!]!.slice(0, -1) + (file.programs[a!]!.endsWith('M') ? 'F' : 'M');
    const programs = { ...file.programs, [a!]: changed, [b!]: file.programs[c!]! };
    writeFileSync(PROGRAMS(), JSON.stringify({ ...file, programs }));
    expect(await withPrograms()).toEqual([all - 2, all]);
    expect((await diagnose(bundle())).out).toBe(expected);
  });
});
