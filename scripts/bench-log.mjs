// Writes a realistic GitHub Actions job log of a given size for `npm run bench`, streamed in
// 1 MiB pieces so a 1 GiB log needs no more memory than a small one. Deterministic (seeded).
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Small fast PRNG (mulberry32): the same seed gives the same log (tests use it too). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const E = '\u001b';
const PKGS = ['lodash', 'react-dom', 'typescript', 'esbuild', 'vitest', 'webpack', 'babel-loader', '@types/node', 'rimraf', 'glob', 'semver', 'chalk', 'debug', 'yargs', 'undici', 'zod', 'pino', 'express', 'postcss', 'tailwindcss'];
const WORDS = ['parser', 'lexer', 'config', 'router', 'store', 'queue', 'worker', 'cache', 'auth', 'billing', 'render', 'schema', 'client', 'server', 'metrics', 'scheduler', 'codec', 'index', 'utils', 'session'];
const GO_PKGS = WORDS.map((w) => `github.com/acme/platform/internal/${w}`);

/** Pre-made failure tail: the hook's 409, DEP0005 and the runner's wrapper lines (see the seed document). */
function failureTail(ts) {
  const pod = 'instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow';
  return [
    `${ts()} ##[group]Run '/home/runner/k8s-novolume/index.js'`,
    `${ts()} shell: /home/runner/externals/node20/bin/node {0}`,
    `${ts()} ##[endgroup]`,
    `${ts()} ##[debug]Copying /home/runner/_work to pod ${pod} at /__w`,
    `${ts()} (node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues. Please use the Buffer.alloc(), Buffer.allocUnsafe(), or Buffer.from() methods instead.`,
    `${ts()} (Use \`node --trace-deprecation ...\` to show where the warning was created)`,
    `${ts()} ##[error]Error: failed to create job pod: Error: HTTP-Code: 409`,
    `pods "${pod}" already exists`,
    `${ts()} ##[error]Process completed with exit code 1.`,
    `${ts()} ##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.`,
    `${ts()} ##[group]Run '/home/runner/k8s-novolume/index.js'`,
    `${ts()} shell: /home/runner/externals/node20/bin/node {0}`,
    `${ts()} ##[endgroup]`,
    `${ts()} Cleaning up orphan processes`,
  ].join('\n') + '\n';
}

/**
 * Streams `bytes` (approximately, never less) of job log to `file`.
 * Returns the exact byte and line counts written.
 */
export async function writeBenchLog(file, bytes, { seed = 20251227 } = {}) {
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

  // Clock: 2025-12-27T11:29:01, moving a few ms per line; the second-level prefix is cached.
  let ms = Date.parse('2025-12-27T11:29:01.000Z');
  let lastMs = -1;
  let sub = 0;
  let cachedSecond = -1;
  let prefix = '';
  const ts = () => {
    ms += rand() < 0.02 ? int(50, 900) : int(0, 2);
    const second = Math.floor(ms / 1000);
    if (second !== cachedSecond) {
      cachedSecond = second;
      prefix = new Date(second * 1000).toISOString().slice(0, 19);
    }
    // 7 fractional digits like GitHub's, never going backwards.
    sub = ms === lastMs ? Math.min(9999, sub + int(1, 40)) : int(0, 999);
    lastMs = ms;
    return `${prefix}.${String(ms % 1000).padStart(3, '0')}${String(sub).padStart(4, '0')}Z`;
  };

  // Leave room for the failure tail (about 1.5 KB).
  const bodyTarget = Math.max(0, bytes - 2048);

  const longJson = (size) => {
    const parts = ['{"stats":{"modules":['];
    let len = parts[0].length;
    for (let i = 0; len < size; i++) {
      const s = `{"id":${i},"name":"./src/${pick(WORDS)}/${pick(WORDS)}.ts","size":${int(100, 90000)},"chunks":[${int(0, 40)}]},`;
      parts.push(s);
      len += s.length;
    }
    parts.push('{}]}}');
    return parts.join('');
  };

  const preamble = () => [
    `Current runner version: '2.330.0'`,
    `Runner name: 'arc-runner-set-7x9k2-runner-b4tqz'`,
    `Runner group name: 'Default'`,
    `Machine name: 'arc-runner-set-7x9k2-runner-b4tqz'`,
    '##[group]GITHUB_TOKEN Permissions',
    'Contents: read',
    'Metadata: read',
    '##[endgroup]',
    'Secret source: Actions',
    'Prepare workflow directory',
    'Prepare all required actions',
    'Complete job name: build',
  ].map((l) => `${ts()} ${l}`);

  // Each generator returns some lines of one kind of build output (timestamps added by the caller).
  const kinds = [
    // npm install
    () => {
      const out = [];
      for (let i = int(2, 8); i > 0; i--) out.push(`npm warn deprecated ${pick(PKGS)}@${int(1, 9)}.${int(0, 20)}.${int(0, 9)}: This version is no longer supported. Please upgrade.`);
      out.push('', `added ${int(300, 1900)} packages, and audited ${int(300, 1900)} packages in ${int(5, 60)}s`, '', `${int(50, 300)} packages are looking for funding`, '  run `npm fund` for details', '', 'found 0 vulnerabilities');
      return out;
    },
    // C/C++ build
    () => {
      const out = [];
      for (let i = int(5, 30); i > 0; i--) {
        const w = pick(WORDS);
        out.push(`[ ${String(int(1, 99)).padStart(2)}%] Building CXX object src/CMakeFiles/core.dir/${w}/${pick(WORDS)}.cpp.o`);
        if (rand() < 0.15) {
          out.push(`/home/runner/_work/platform/platform/src/${w}/${pick(WORDS)}.cpp:${int(10, 900)}:${int(1, 80)}: warning: unused variable '${pick(WORDS)}' [-Wunused-variable]`);
          out.push(`  ${int(10, 900)} |     auto ${pick(WORDS)} = ${pick(WORDS)}.get();`, '      |          ^~~~~~~');
        }
      }
      out.push(`[100%] Linking CXX executable bin/${pick(WORDS)}d`);
      return out;
    },
    // Go tests
    () => {
      const out = [];
      for (let i = int(3, 20); i > 0; i--) {
        const t = `Test${pick(WORDS)[0].toUpperCase()}${pick(WORDS)}_${pick(WORDS)}`;
        out.push(`=== RUN   ${t}`);
        if (rand() < 0.2) out.push(`    ${pick(WORDS)}_test.go:${int(10, 400)}: request error: connection reset by peer (retrying)`);
        out.push(`--- PASS: ${t} (${(rand() * 2).toFixed(2)}s)`);
      }
      out.push('PASS', `ok  \t${pick(GO_PKGS)}\t${(rand() * 20).toFixed(3)}s`);
      return out;
    },
    // vitest with colours
    () => {
      const out = [];
      for (let i = int(3, 15); i > 0; i--) {
        out.push(` ${E}[32m✓${E}[39m src/${pick(WORDS)}/${pick(WORDS)}.test.ts ${E}[2m(${E}[22m${E}[2m${int(1, 60)} tests${E}[22m${E}[2m)${E}[22m${E}[90m ${int(2, 900)}${E}[2mms${E}[22m${E}[39m`);
      }
      if (rand() < 0.3) out.push(`${E}[33mstderr${E}[39m | src/${pick(WORDS)}.test.ts > handles a missing file`, `Error: ENOENT: no such file or directory, open '/tmp/${pick(WORDS)}.json'`);
      return out;
    },
    // docker build (BuildKit)
    () => {
      const out = [];
      const n = int(3, 12);
      for (let i = 0; i < n; i++) {
        out.push(`#${i + 5} [build ${i + 1}/${n}] RUN ${pick(['go mod download', 'npm ci', 'make all', 'apk add --no-cache git', 'pip install -r requirements.txt'])}`);
        out.push(`#${i + 5} sha256:${(rand() * 1e16).toString(16).padStart(14, '0')}${(rand() * 1e16).toString(16).padStart(14, '0')} ${int(1, 90)}.${int(0, 9)}MB / ${int(90, 300)}.${int(0, 9)}MB ${(rand() * 3).toFixed(1)}s`);
        out.push(`#${i + 5} DONE ${(rand() * 40).toFixed(1)}s`);
      }
      return out;
    },
    // pytest
    () => {
      const out = [];
      for (let i = int(3, 12); i > 0; i--) out.push(`tests/test_${pick(WORDS)}.py::test_${pick(WORDS)}_${pick(WORDS)} PASSED${' '.repeat(int(1, 20))}[ ${int(1, 99)}%]`);
      if (rand() < 0.2) out.push(`WARNING  ${pick(WORDS)}:${pick(WORDS)}.py:${int(1, 300)} retrying after timeout; no such host`);
      return out;
    },
    // runner debug lines (debug logging on)
    () => [`##[debug]Evaluating condition for step: '${pick(WORDS)}'`, "##[debug]Evaluating: success()", '##[debug]Result: true', `##[debug]Starting: ${pick(WORDS)}`],
  ];

  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let written = 0;
  let lines = 0;
  let buf = [];
  let bufBytes = 0;
  const flush = async () => {
    if (bufBytes === 0) return;
    const chunk = buf.join('');
    buf = [];
    bufBytes = 0;
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const push = async (text) => {
    // Text is ASCII apart from a few 3-byte symbols; Buffer.byteLength keeps the count exact.
    const n = Buffer.byteLength(text);
    buf.push(text);
    bufBytes += n;
    written += n;
    if (bufBytes >= 1 << 20) await flush();
  };
  const pushLines = async (list) => {
    lines += list.length;
    await push(list.join('\n') + '\n');
  };

  await push('\uFEFF');
  await pushLines(preamble());
  let nextBigLine = 48 << 20;
  while (written < bodyTarget) {
    const step = `${pick(['make', 'npm run', 'go test', 'docker build -t', 'pytest'])} ${pick(WORDS)}`;
    await pushLines([`${ts()} ##[group]Run ${step}`, `${ts()} ${step}`, `${ts()} shell: /usr/bin/bash -e {0}`, `${ts()} ##[endgroup]`]);
    for (let blocks = int(5, 40); blocks > 0 && written < bodyTarget; blocks--) {
      const body = pick(kinds)();
      await pushLines(body.map((l) => `${ts()} ${l}`));
      // Long single lines: minified JSON every few MB, one of ~1.5 MB every 48 MiB.
      if (rand() < 0.004) await pushLines([`${ts()} ${longJson(int(8 << 10, 64 << 10))}`]);
      if (written >= nextBigLine) {
        nextBigLine += 48 << 20;
        await pushLines([`${ts()} webpack stats: ${longJson(1536 << 10)}`]);
      }
    }
  }
  const tail = failureTail(ts);
  lines += tail.split('\n').length - 1;
  await push(tail);
  await flush();
  out.end();
  await once(out, 'finish');
  return { bytes: written, lines };
}
