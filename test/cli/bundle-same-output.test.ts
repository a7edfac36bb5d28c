// The CLI's fast path (the bundle lib/bundle/cli.cjs compiled with its V8 code cache, with the
// build-time catalog cache) must print exactly what the plain path prints (the compiled modules in
// lib/), and both what the source prints when it parses the catalog's YAML itself (src/ has no
// catalog-cache.json next to it): every corpus log, text and JSON. Then, in processes of their own, as a
// user runs it: the launcher with the cache V8 accepts, with a damaged cache V8 rejects, with no cache,
// and with the bundle missing (lib/). Needs `npm run build` (npm test runs it first).
import { execFileSync } from 'node:child_process';
import {
  copyFileSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseManifest, type CorpusCase } from '../../src/cli/corpus-manifest.js';
import { main as srcMain, type CliIo } from '../../src/cli.js';

// The source parses the catalog's YAML and compiles every pattern on each load: here once per set of options
// (as the app loads it once per process), not once per case, which was most of this file's time.
vi.mock('../../src/catalog/load-catalog.js', async (original) =>
  (await import('../helpers/catalog-once.js')).catalogOnce(await original()));

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAUNCHER = path.join(ROOT, 'bin/runner-doctor.js');
const LOG_DIR = path.join(ROOT, 'test/fixtures/logs');
const MANIFEST = path.join(LOG_DIR, 'corpus.yaml');
const cases = parseManifest(readFileSync(MANIFEST, 'utf8'), MANIFEST);

type Main = (argv: string[], io: CliIo) => Promise<number>;
interface Launcher {
  loadBundle(): { exports: { main: Main }; cache: string } | null;
  BUNDLE: string;
  CODE_CACHE: string;
}
let bundleMain: Main;
let libMain: Main;

beforeAll(async () => {
  const launcher = createRequire(import.meta.url)(LAUNCHER) as Launcher;
  expect(existsSync(launcher.BUNDLE), 'lib/bundle/cli.cjs is missing: run `npm run build`').toBe(true);
  expect(existsSync(launcher.CODE_CACHE), 'lib/bundle/cli.code-cache is missing: run `npm run build`').toBe(true);
  bundleMain = launcher.loadBundle()!.exports.main;
  ({ main: libMain } = (await import(path.join(ROOT, 'lib/cli.js'))) as { main: Main });
});

/** The elapsed time, the one thing that may differ, zeroed. */
const timeless = (text: string) => text.replace(/"ms": \d+/g, '"ms": 0').replace(/, \d+ ms\)/g, ', 0 ms)');

/** stdout, stderr and exit code of one run. */
async function run(main: Main, args: string[]): Promise<string> {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => err.push(d));
  const code = await main(args, { stdin: Readable.from([]), stdout, stderr, cwd: ROOT, env: {} });
  const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
  return timeless(`${text(out)}\n--- stderr\n${text(err)}\n--- ${code}`);
}

/** The same as `run`, by `node LAUNCHER ARGS` in `cwd` with only PATH and `env` set. */
function spawnRun(launcher: string, cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  let out: string;
  let err: string;
  let code: number;
  try {
    out = execFileSync(process.execPath, [launcher, ...args], {
      cwd, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'],
    });
    err = '';
    code = 0;
  } catch (e) {
    ({ stdout: out, stderr: err, status: code } = e as { stdout: string; stderr: string; status: number });
  }
  return timeless(`${out}\n--- stderr\n${err}\n--- ${code}`);
}

function argsOf(c: CorpusCase): string[] {
  const args = [path.relative(ROOT, path.join(LOG_DIR, c.file))];
  if (c.workflow) args.push('--workflow', path.relative(ROOT, path.resolve(LOG_DIR, c.workflow)));
  if (c.job) args.push('--job', c.job);
  return args;
}

describe('fast path (bundle) and plain path (lib/) print the same bytes', () => {
  const named = cases.map((c) => [`${c.file}${c.workflow ? ' with its workflow' : ''}`, c] as const);
  it.each(named)('%s', async (_n, c) => {
    for (const format of ['text', 'json']) {
      const argv = ['diagnose', ...argsOf(c), '--format', format];
      const plain = await run(libMain, argv);
      expect(plain).toMatch(format === 'json' ? /"rootCause"/ : /lines, \d+ bytes/);
      expect(await run(bundleMain, argv)).toBe(plain);
      // The source parses the YAML and compiles every pattern: checks the build-time cache (once per case).
      if (format === 'json') expect(await run(srcMain, argv)).toBe(plain);
    }
  });

  it('also for errors, help and catalog lint', async () => {
    const runs = [['diagnose', 'no-such.log'], ['--version'], ['help', 'diagnose'], ['diagnose', '--format', 'x']];
    for (const argv of runs) {
      expect(await run(bundleMain, argv)).toBe(await run(libMain, argv));
    }
    // The examples, which diagnosis leaves out of the catalog cache, from lib/catalog-examples.json.
    const lint = await run(srcMain, ['catalog', 'lint']);
    expect(lint).toMatch(/^ok: \d+ entries, \d{3,} examples in \d+ file/);
    expect(await run(libMain, ['catalog', 'lint'])).toBe(lint);
    expect(await run(bundleMain, ['catalog', 'lint'])).toBe(lint);
  });
});

describe('the launcher, as run from a shell, prints the same bytes on every start-up path', () => {
  // A copy of the package's layout (bin/ and lib/ copied; catalog/, test/ and node_modules/ linked), where
  // the code cache can be damaged and the bundle removed without touching lib/.
  let copy = '';
  beforeAll(() => {
    copy = mkdtempSync(path.join(tmpdir(), 'rd-start-paths-'));
    cpSync(path.join(ROOT, 'bin'), path.join(copy, 'bin'), { recursive: true });
    const notAction = (p: string) => !p.includes('/lib/action');
    cpSync(path.join(ROOT, 'lib'), path.join(copy, 'lib'), { recursive: true, filter: notAction });
    copyFileSync(path.join(ROOT, 'package.json'), path.join(copy, 'package.json'));
    for (const d of ['catalog', 'test', 'node_modules']) symlinkSync(path.join(ROOT, d), path.join(copy, d), 'dir');
  });
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  const cacheState = (launcher: string) => {
    const script = `process.stdout.write(require(${JSON.stringify(launcher)}).loadBundle().cache)`;
    return execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  };
  const sample = [cases[0]!, cases.find((c) => !c.workflow && c.file.startsWith('real/'))!];

  it('with the code cache the build made (V8 accepts it), without it, and with a damaged one (V8 rejects it)', () => {
    expect(cacheState(LAUNCHER)).toBe('accepted');
    const copied = path.join(copy, 'bin/runner-doctor.js');
    writeFileSync(path.join(copy, 'lib/bundle/cli.code-cache'), Buffer.from('damaged '.repeat(1000)));
    expect(cacheState(copied)).toBe('rejected');
    for (const c of sample) {
      for (const format of ['text', 'json']) {
        const argv = ['diagnose', ...argsOf(c), '--format', format];
        const plain = spawnRun(LAUNCHER, ROOT, argv, { RUNNER_DOCTOR_BUNDLE: '0' });
        expect(plain).toMatch(format === 'json' ? /"rootCause"/ : /lines, \d+ bytes/);
        expect(spawnRun(LAUNCHER, ROOT, argv)).toBe(plain);
        expect(spawnRun(LAUNCHER, ROOT, argv, { RUNNER_DOCTOR_CODE_CACHE: '0' })).toBe(plain);
        expect(spawnRun(copied, copy, argv)).toBe(plain);
      }
    }
  });

  it('with the bundle missing (lib/)', () => {
    const copied = path.join(copy, 'bin/runner-doctor.js');
    rmSync(path.join(copy, 'lib/bundle'), { recursive: true });
    for (const c of sample) {
      const argv = ['diagnose', ...argsOf(c), '--format', 'json'];
      expect(spawnRun(copied, copy, argv)).toBe(spawnRun(LAUNCHER, ROOT, argv));
    }
  });
});
