// The CLI's fast path (the bundle lib/bundle/cli.js with the build-time catalog cache) must print
// exactly what the plain path prints (the compiled modules in lib/), and both what the source prints
// when it parses the catalog's YAML itself (src/ has no catalog-cache.json next to it): every corpus
// log, text and JSON. Needs `npm run build` (npm test runs it first).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/cli/corpus-manifest.js';
import { main as srcMain, type CliIo } from '../../src/cli.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = path.join(ROOT, 'test/fixtures/logs');
const MANIFEST = path.join(LOG_DIR, 'corpus.yaml');
const cases = parseManifest(readFileSync(MANIFEST, 'utf8'), MANIFEST);

type Main = (argv: string[], io: CliIo) => Promise<number>;
let bundleMain: Main;
let libMain: Main;

beforeAll(async () => {
  const bundle = path.join(ROOT, 'lib/bundle/cli.js');
  expect(existsSync(bundle), 'lib/bundle/cli.js is missing: run `npm run build`').toBe(true);
  ({ main: bundleMain } = (await import(bundle)) as { main: Main });
  ({ main: libMain } = (await import(path.join(ROOT, 'lib/cli.js'))) as { main: Main });
});

/** stdout, stderr and exit code of one run, with the elapsed time (the one thing that may differ) zeroed. */
async function run(main: Main, args: string[]): Promise<string> {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (d: Buffer) => out.push(d));
  stderr.on('data', (d: Buffer) => err.push(d));
  const code = await main(args, { stdin: Readable.from([]), stdout, stderr, cwd: ROOT, env: {} });
  const text = `${Buffer.concat(out).toString('utf8')}\n--- stderr\n${Buffer.concat(err).toString('utf8')}\n--- ${code}`;
  return text.replace(/"ms": \d+/g, '"ms": 0').replace(/, \d+ ms\)/g, ', 0 ms)');
}

describe('fast path (bundle) and plain path (lib/) print the same bytes', () => {
  it.each(cases.map((c) => [`${c.file}${c.workflow ? ' with its workflow' : ''}`, c] as const))('%s', async (_n, c) => {
    const args = [path.relative(ROOT, path.join(LOG_DIR, c.file))];
    if (c.workflow) args.push('--workflow', path.relative(ROOT, path.resolve(LOG_DIR, c.workflow)));
    if (c.job) args.push('--job', c.job);
    for (const format of ['text', 'json']) {
      const argv = ['diagnose', ...args, '--format', format];
      const plain = await run(libMain, argv);
      expect(plain).toMatch(format === 'json' ? /"rootCause"/ : /lines, \d+ bytes/);
      expect(await run(bundleMain, argv)).toBe(plain);
      // The source parses the YAML and compiles every pattern: checks the build-time cache (once per case).
      if (format === 'json') expect(await run(srcMain, argv)).toBe(plain);
    }
  });

  it('also for errors and help', async () => {
    for (const argv of [['diagnose', 'no-such.log'], ['--version'], ['help', 'diagnose'], ['diagnose', '--format', 'x']]) {
      expect(await run(bundleMain, argv)).toBe(await run(libMain, argv));
    }
  });
});
