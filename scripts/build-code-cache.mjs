// Builds lib/bundle/cli.code-cache, the V8 code cache bin/runner-doctor.js compiles the CLI bundle
// with (run by scripts/build-cli-bundle.mjs, in a process of its own). The bundle is compiled the
// launcher's way and run on a generated job log, JSON then text, before the cache is taken: V8 puts
// in it every function compiled so far, so what a diagnosis runs is in it, not only the top level.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { writeBenchLog } from './bench-log.mjs';

const { loadBundle, CODE_CACHE } = createRequire(import.meta.url)('../bin/runner-doctor.js');

const loaded = loadBundle({ codeCache: null });
if (!loaded) throw new Error('build-code-cache: lib/bundle/cli.cjs does not load');
const dir = mkdtempSync(path.join(tmpdir(), 'runner-doctor-code-cache-'));
try {
  const log = path.join(dir, 'job.log');
  await writeBenchLog(log, 64 * 1024);
  for (const format of ['json', 'text']) {
    const out = new PassThrough();
    out.resume();
    const io = { stdin: Readable.from([]), stdout: out, stderr: out, cwd: dir, env: {} };
    const code = await loaded.exports.main(['diagnose', log, '--format', format], io);
    if (code !== 0) throw new Error(`build-code-cache: diagnose --format ${format} exited with ${code}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(CODE_CACHE, loaded.script.createCachedData());
