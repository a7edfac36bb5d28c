// The CLI's fast path, as the launcher loads it: V8 accepts the code caches the build made
// (lib/bundle/cli.code-cache, and vendor-*.code-cache for the vendor files a run loads), and a diagnosis
// of the logs the start-up bench times (10 KiB and 1 MiB, text and JSON) runs only functions the bundle's
// cache holds, so V8 compiles none of them at start-up. A cache V8 rejects, one missing what such a
// diagnosis runs, or a vendor file loaded without its cache is only slower (the same output,
// bundle-same-output.test.ts): this is what notices. Needs `npm run build` (npm test runs it first).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBenchLog } from '../../scripts/bench-log.mjs';
import { STARTUP_SIZES } from '../../scripts/bench-startup.mjs';

const LAUNCHER = fileURLToPath(new URL('../../bin/runner-doctor.js', import.meta.url));
const WORKFLOW = fileURLToPath(new URL('../fixtures/workflows/seed-build-and-publish.yml', import.meta.url));

interface Loaded {
  cache: string;
  exitCodes: number[];
  /** By how many bytes a code cache made after the runs outgrows one made before them. */
  grownBy: number;
  /** The vendor files the runs loaded: what V8 did with the cache of each. */
  chunks: Record<string, string>;
}

/**
 * In a fresh node (V8 keeps what it compiled per process): loads the bundle as the launcher does, runs
 * `diagnose ARGS --format F` in text and JSON, and reports what V8 did with the caches (V8 puts in a code
 * cache every function compiled so far: it grows by each function the runs compiled).
 */
function diagnoseWithCache(args: string[]): Loaded {
  const script = `
const { PassThrough, Readable } = require('node:stream');
const bundle = require(${JSON.stringify(LAUNCHER)}).loadBundle();
const before = bundle.script.createCachedData().length;
(async () => {
  const exitCodes = [];
  for (const format of ['text', 'json']) {
    const out = new PassThrough();
    out.resume();
    const io = { stdin: Readable.from([]), stdout: out, stderr: out, cwd: __dirname, env: {} };
    exitCodes.push(await bundle.exports.main(['diagnose', ...${JSON.stringify(args)}, '--format', format], io));
  }
  const grownBy = bundle.script.createCachedData().length - before;
  const chunks = {};
  for (const [file, chunk] of bundle.chunks) chunks[require('node:path').basename(file)] = chunk ? chunk.cache : 'not loaded';
  process.stdout.write(JSON.stringify({ cache: bundle.cache, exitCodes, grownBy, chunks }));
})();
`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return JSON.parse(out) as Loaded;
}

describe("the bundle's code caches", () => {
  let dir = '';
  const logs = new Map<string, string>();
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rd-code-cache-'));
    for (const { label, bytes } of STARTUP_SIZES) {
      const file = path.join(dir, `${bytes}.log`);
      await writeBenchLog(file, bytes);
      logs.set(label, file);
    }
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(STARTUP_SIZES.map((s) => s.label))('are accepted and hold every function a diagnosis of a %s log runs', (
    label,
  ) => {
    const loaded = diagnoseWithCache([logs.get(label)!]);
    expect(loaded).toEqual({ cache: 'accepted', exitCodes: [0, 0], grownBy: 0, chunks: {} });
  });

  it("load a workflow's vendor files (YAML, diff) with their caches", () => {
    const loaded = diagnoseWithCache([logs.get(STARTUP_SIZES[0]!.label)!, '--workflow', WORKFLOW]);
    expect(loaded).toMatchObject({ cache: 'accepted', exitCodes: [0, 0] });
    expect(loaded.chunks).toEqual({ 'vendor-js-yaml.cjs': 'accepted', 'vendor-diff.cjs': 'accepted' });
  });
});
