// Builds lib/bundle/cli.code-cache, the V8 code cache bin/runner-doctor.js compiles the CLI bundle
// with (run by scripts/build-cli-bundle.mjs, in a process of its own). The bundle is compiled the
// launcher's way and run on generated job logs, JSON then text, before the cache is taken: V8 puts
// in it every function compiled so far, so what a diagnosis runs is in it, not only the top level.
// The logs (WARM_UP_SIZES) are of the sizes the start-up bench times and one between: from 256 KiB on
// (WASM_FROM_BYTES) a log is scanned by WebAssembly, through functions a small log never runs, and some
// lines (coloured ones holding a literal) reach code the others do not. Compiling such functions at run
// time cost a 1 MiB log about 1 ms; test/cli/code-cache.test.ts checks the bench's logs need none.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { writeBenchLog } from './bench-log.mjs';
import { STARTUP_SIZES } from './bench-startup.mjs';

export const WARM_UP_SIZES = [...STARTUP_SIZES.map((s) => s.bytes), 64 * 1024];

async function buildCodeCache() {
  const { loadBundle, CODE_CACHE } = createRequire(import.meta.url)('../bin/runner-doctor.js');
  const loaded = loadBundle({ codeCache: null });
  if (!loaded) throw new Error('build-code-cache: lib/bundle/cli.cjs does not load');
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-doctor-code-cache-'));
  try {
    for (const bytes of WARM_UP_SIZES) {
      const log = path.join(dir, `job-${bytes}.log`);
      await writeBenchLog(log, bytes);
      for (const format of ['json', 'text']) {
        const out = new PassThrough();
        out.resume();
        const io = { stdin: Readable.from([]), stdout: out, stderr: out, cwd: dir, env: {} };
        const code = await loaded.exports.main(['diagnose', log, '--format', format], io);
        if (code !== 0) throw new Error(`build-code-cache: diagnose (${bytes} B) --format ${format} exited ${code}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  writeFileSync(CODE_CACHE, loaded.script.createCachedData());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCodeCache();
