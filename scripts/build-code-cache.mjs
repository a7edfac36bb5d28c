// Builds lib/bundle/cli.code-cache, the V8 code cache bin/runner-doctor.js compiles the CLI bundle
// with (run by scripts/build-cli-bundle.mjs, in a process of its own). The bundle is compiled the
// launcher's way and run on generated job logs, JSON then text, before the cache is taken: V8 puts
// in it every function compiled so far, so what a diagnosis runs is in it, not only the top level.
// The logs (WARM_UP_SIZES) are of the sizes the start-up bench times and one between: from 256 KiB on
// (WASM_FROM_BYTES) a log is scanned by WebAssembly, through functions a small log never runs, and some
// lines (coloured ones holding a literal) reach code the others do not. Compiling such functions at run
// time cost a 1 MiB log about 1 ms; test/cli/code-cache.test.ts checks the bench's logs need none.
// Then the bundle's cache is taken, and one more run gives the log its workflow (WARM_UP_WORKFLOW), whose
// container image the fix edits: that loads the vendor files for YAML and diffs (js-yaml, diff), and each
// gets a code cache of its own, lib/bundle/vendor-*.code-cache (the launcher's loadChunk). That took such a
// run from 92 to 85 ms; the bundle's own functions on that path stay out of its cache (in, they saved 2 ms
// more there but cost every diagnosis 40 KB more to read and deserialize). zod (catalogs given as YAML): none.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { writeBenchLog } from './bench-log.mjs';
import { STARTUP_SIZES } from './bench-startup.mjs';

export const WARM_UP_SIZES = [...STARTUP_SIZES.map((s) => s.bytes), 64 * 1024];

/**
 * A workflow for the bench log's job (written for this warm-up, like the log): its Nixery image lacks the
 * tools the failing container hook needs, so the diagnosis proposes a diff of the image line.
 */
export const WARM_UP_WORKFLOW = `name: build
on: [push]
jobs:
  build:
    runs-on: arc-runner-set
    container:
      image: nixery.dev/shell/git/docker/nix/findutils/gnugrep/coreutils
    steps:
      - uses: actions/checkout@v4
      - run: make session
`;

async function buildCodeCache() {
  const { loadBundle, stampedCache, CODE_CACHE } = createRequire(import.meta.url)('../bin/runner-doctor.js');
  const loaded = loadBundle({ codeCache: null });
  if (!loaded) throw new Error('build-code-cache: lib/bundle/cli.cjs does not load');
  const dir = mkdtempSync(path.join(tmpdir(), 'runner-doctor-code-cache-'));
  try {
    const workflow = path.join(dir, 'build.yml');
    writeFileSync(workflow, WARM_UP_WORKFLOW);
    const diagnose = async (args) => {
      for (const format of ['json', 'text']) {
        const out = new PassThrough();
        out.resume();
        const io = { stdin: Readable.from([]), stdout: out, stderr: out, cwd: dir, env: {} };
        const code = await loaded.exports.main(['diagnose', ...args, '--format', format], io);
        if (code !== 0) throw new Error(`build-code-cache: diagnose ${args.join(' ')} --format ${format} exited ${code}`);
      }
    };
    const logs = [];
    for (const bytes of WARM_UP_SIZES) {
      logs.push(path.join(dir, `job-${bytes}.log`));
      await writeBenchLog(logs.at(-1), bytes);
      await diagnose([logs.at(-1)]);
    }
    writeFileSync(CODE_CACHE, stampedCache(loaded.stamp, loaded.script.createCachedData()));
    await diagnose([logs[0], '--workflow', workflow]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  for (const [file, chunk] of loaded.chunks) {
    if (!chunk) continue;
    writeFileSync(file.replace(/\.cjs$/, '.code-cache'), stampedCache(chunk.stamp, chunk.script.createCachedData()));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCodeCache();
