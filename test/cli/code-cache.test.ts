// The CLI's fast path, as the launcher loads it: V8 accepts the code cache the build made
// (lib/bundle/cli.code-cache), and a diagnosis of the logs the start-up bench times (10 KiB and 1 MiB,
// text and JSON) runs only functions the cache holds, so V8 compiles none of them at start-up. A cache V8
// rejects, or one missing what such a diagnosis runs, is only slower (the same output,
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

/**
 * In a fresh node (V8 keeps what it compiled per process): loads the bundle as the launcher does, runs
 * `diagnose LOG --format F` for each log and format, and reports what V8 did with the cache and by how
 * many bytes a code cache made after the runs outgrows one made before them (V8 puts in a code cache
 * every function compiled so far: it grows by each function the runs compiled).
 */
function diagnoseWithCache(logs: string[]): { cache: string; exitCodes: number[]; grownBy: number } {
  const script = `
const { PassThrough, Readable } = require('node:stream');
const bundle = require(${JSON.stringify(LAUNCHER)}).loadBundle();
const before = bundle.script.createCachedData().length;
(async () => {
  const exitCodes = [];
  for (const log of ${JSON.stringify(logs)}) {
    for (const format of ['text', 'json']) {
      const out = new PassThrough();
      out.resume();
      const io = { stdin: Readable.from([]), stdout: out, stderr: out, cwd: __dirname, env: {} };
      exitCodes.push(await bundle.exports.main(['diagnose', log, '--format', format], io));
    }
  }
  const grownBy = bundle.script.createCachedData().length - before;
  process.stdout.write(JSON.stringify({ cache: bundle.cache, exitCodes, grownBy }));
})();
`;
  const out = execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
  return JSON.parse(out) as { cache: string; exitCodes: number[]; grownBy: number };
}

describe("the bundle's code cache", () => {
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

  it.each(STARTUP_SIZES.map((s) => s.label))('is accepted and holds every function a diagnosis of a %s log runs', (
    label,
  ) => {
    expect(diagnoseWithCache([logs.get(label)!])).toEqual({ cache: 'accepted', exitCodes: [0, 0], grownBy: 0 });
  });
});
