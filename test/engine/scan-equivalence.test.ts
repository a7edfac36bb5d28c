import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { parseManifest } from '../../src/cli/corpus-manifest.js';
import { diagnose, FAST_SCAN, fastScan, type ScanMode } from '../../src/engine/diagnose.js';
import { PIECE_BYTES } from '../../src/engine/wasm-line-scan.js';
import type { JobContext } from '../../src/engine/types.js';
import { renderMarkdown } from '../../src/render/render-markdown.js';
import { renderText } from '../../src/render/render-text.js';
import { jobContextFromWorkflow } from '../../src/workflow/job-context.js';
import { readWorkflow } from '../../src/workflow/workflow-model.js';
import { writeBenchLog } from '../../scripts/bench-log.mjs';
import { pathologicalLines } from '../../scripts/bench-scan.mjs';
import { REFERENCE_SCAN } from '../helpers/reference-scan.js';

// The fast scanner (literal prefilter, fused line splitting, colour codes stripped on bytes, ...) must
// give exactly what the plain reference gives: every line, every pattern, no prefilter. Expectations are
// derived by running both, so new catalog entries and corpus logs are covered as they land.

const LOG_DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const MANIFEST = path.join(LOG_DIR, 'corpus.yaml');
const cases = parseManifest(readFileSync(MANIFEST, 'utf8'), MANIFEST);

/** The fast scanner with its JavaScript loop only (where WebAssembly cannot run), or WebAssembly from the start. */
const JS_SCAN = fastScan(Infinity);
// WebAssembly and its start filter from the first byte.
const WASM_SCAN = fastScan(0, 0);

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** `bytes` as a stream of `size`-byte chunks in one reused buffer (as the CLI's reader does). */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const buf = new Uint8Array(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = Math.min(size, bytes.length - i);
    buf.set(bytes.subarray(i, i + n));
    yield buf.subarray(0, n);
  }
}

/** What a user sees: the diagnosis as JSON (minus the time it took) and both renderings. */
async function outputs(bytes: Uint8Array, mode: ScanMode | undefined, chunk: number, job?: JobContext) {
  const d = await diagnose(chunked(bytes, chunk), { catalog, source: 'job.log', job }, mode);
  const same = { ...d, stats: { ...d.stats, ms: 0 } };
  return `${JSON.stringify(same, null, 1)}\n${renderMarkdown(same)}\n${renderText(same)}`;
}

async function expectSame(bytes: Uint8Array, job?: JobContext) {
  const reference = await outputs(bytes, REFERENCE_SCAN, bytes.length || 1, job);
  // As the product runs (WebAssembly once the log reaches 256 KiB), then each loop alone.
  const runs: [string, ScanMode, number[]][] = [
    ['', FAST_SCAN, [bytes.length || 1, 61]],
    ['WebAssembly loop, ', WASM_SCAN, [bytes.length || 1, 4096, 61]],
    ['JavaScript loop, ', JS_SCAN, [bytes.length || 1, 61]],
  ];
  for (const [name, mode, chunks] of runs) {
    for (const chunk of chunks) {
      expect(await outputs(bytes, mode, chunk, job), `${name}chunks of ${chunk} bytes`).toBe(reference);
    }
  }
  return reference;
}

describe('fast scanner = plain reference scanner', () => {
  it.each(cases.map((c) => [`${c.file}${c.workflow ? ' with its workflow' : ''}`, c] as const))('%s', async (_n, c) => {
    let job: JobContext | undefined;
    if (c.workflow) {
      const file = path.resolve(LOG_DIR, c.workflow);
      job = jobContextFromWorkflow(readWorkflow(readFileSync(file, 'utf8'), file), c.job);
    }
    const out = await expectSame(readFileSync(path.join(LOG_DIR, c.file)), job);
    if (c.rootCause !== null) expect(out).toContain(c.rootCause);
  });

  describe('generated logs', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'rd-scan-eq-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('the bench log (npm, compilers, colours, long JSON lines, the seed failure)', async () => {
      const file = path.join(dir, 'bench.log');
      await writeBenchLog(file, 600 << 10);
      const out = await expectSame(readFileSync(file));
      expect(out).toContain('hook/copy-failed');
    });

    it('hand-written edge cases: colour codes inside literals, CRLF, BOMs, bad UTF-8, long lines, no final newline', async () => {
      const ts = (i: number) => `2025-12-27T11:29:${String(i % 60).padStart(2, '0')}.1234567Z`;
      const E = '\u001b';
      const long = `${'x'.repeat(40_000)} command not found ${'y'.repeat(40_000)}: command not found`;
      const text = [
        `\uFEFF${ts(1)} ##[group]Run make test`,
        `${ts(2)} ##[endgroup]`,
        // No literal in the raw bytes: codes split every one of them.
        `${ts(3)} sh: 1: jq: ${E}[31mcomma${E}[1mnd not fo${E}[0mund`,
        `${ts(4)} ${E}[31msh: 1: yq: command not found${E}[0m\r`,
        `${ts(5)} ${E}[?25lsh: 1: zq: com${E}[0mmand not found`,
        `${ts(6)} bad bytes \xff\xfe then: command not found`,
        `2025-12-27T11:29:07Z short timestamp: command not found`,
        `${ts(8)}   indented: command not found`,
        `${ts(9)} ${long}`,
        `${ts(10)} ##[error]Process completed with exit co${E}[0mde 127.`,
        `${ts(11)} ##[error]Process completed with exit code 127.\r`,
        `pasted line without a timestamp: command not found`,
        '',
        '',
        // ESC inside the timestamp: no timestamp then, the line is searched from its start.
        `2025-12-27T11:29:1${E}[0m1.1234567Z sh: 1: xq: command not found`,
        `${ts(12)}sh: 1: wq: command not found right after the timestamp`,
        `${ts(13)} ##[error]Process completed with exit code 127.`,
        `${ts(12)} last line without a newline: command not found`,
      ].join('\n');
      // \xff and \xfe as raw bytes, not as UTF-8 for U+00FF / U+00FE.
      const bytes = Buffer.from(text.replace('\xff\xfe', '@@'), 'utf8');
      const at = bytes.indexOf('@@');
      bytes[at] = 0xff;
      bytes[at + 1] = 0xfe;
      const out = await expectSame(bytes);
      expect(out).toContain('command not found');
    });

    it('a log bigger than what WebAssembly holds at once (fed in pieces; WebAssembly takes over)', async () => {
      const file = path.join(dir, 'big.log');
      await writeBenchLog(file, PIECE_BYTES + (300 << 10));
      const bytes = readFileSync(file);
      expect(bytes.length).toBeGreaterThan(PIECE_BYTES);
      expect(await expectSame(bytes)).toContain('hook/copy-failed');
    });

    it('the pathological log: every line holds a literal, no pattern matches', async () => {
      const root = fileURLToPath(new URL('../../', import.meta.url));
      const lines = await pathologicalLines(root, catalog);
      expect(lines.length).toBeGreaterThan(50);
      const text = lines.map((l, i) => `2025-12-27T11:29:01.${String(i).padStart(7, '0')}Z ${l}\n`).join('');
      const out = await expectSame(Buffer.from(text));
      expect(JSON.parse(out.slice(0, out.indexOf('\n}\n') + 2)).findings).toEqual([]);
    });
  });
});
