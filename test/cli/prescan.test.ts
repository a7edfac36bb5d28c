// A big log file is scanned by two threads (src/cli/prescan-worker.ts scans pieces from the end): the
// CLI must print exactly what it prints with that thread turned off (RUNNER_DOCTOR_PRESCAN=0), on a log
// whose matches are spread over all of it (counts and evidence); RUNNER_DOCTOR_PRESCAN=1 starts the
// thread however busy the machine is. Runs the built CLI (`npm run build`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { rng } from '../../scripts/bench-log.mjs';
import type * as ReadFiles from '../../src/cli/read-files.js';
import type * as PrescanThread from '../../src/cli/prescan-thread.js';
import { PRESCAN_FROM_BYTES, runPrescan, startPrescanEarly } from '../../src/cli/prescan-thread.js';
import { runCli } from './run-cli.js';
import type * as LoadCatalog from '../../src/catalog/load-catalog.js';
import type * as ScanPlans from '../../src/engine/scan-plan.js';
import { PIECE_BYTES } from '../../src/engine/wasm-line-scan.js';

// The CLI run in-process below: which threads it asks for, and what became of them.
vi.mock('../../src/cli/prescan-thread.js', async (original) => {
  const real = await original<typeof PrescanThread>();
  return { ...real, startPrescanEarly: vi.fn(real.startPrescanEarly), runPrescan: vi.fn(real.runPrescan) };
});

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'rd-prescan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A log a little over the size that starts the second thread, with failures and coloured lines throughout. */
function bigLog(): string {
  const random = rng(42);
  const ts = (i: number) => `2025-12-27T11:29:01.${String(i % 1e7).padStart(7, '0')}Z`;
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < PRESCAN_FROM_BYTES + (3 << 20); i++) {
    const r = random();
    const line =
      r < 0.0005
        ? `${ts(i)} ##[group]Run make step${i}`
        : r < 0.001
          ? `${ts(i)} sh: 1: jq${i}: command not found`
          : r < 0.0015
            ? `${ts(i)} \u001b[31merror\u001b[0m: could not compile \`crate${i}\``
            : r < 0.002
              ? `${ts(i)} ##[error]Process completed with exit code ${1 + (i % 3)}.`
              : `${ts(i)} ok ${i} ${'x'.repeat(Math.floor(random() * 120))}`;
    lines.push(line);
    size += line.length + 1;
  }
  const file = path.join(dir, 'big.log');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function diagnose(file: string, env: NodeJS.ProcessEnv): string {
  const args = [path.join(ROOT, 'bin/runner-doctor.js'), 'diagnose', '--format', 'json', file];
  const out = execFileSync(process.execPath, args, { env: { PATH: process.env.PATH, ...env }, maxBuffer: 64 << 20 });
  return out.toString('utf8').replace(/"ms": \d+/g, '"ms": 0');
}

describe('a big log file, scanned by two threads', () => {
  it('gives the same output as one thread', () => {
    const file = bigLog();
    const one = diagnose(file, { RUNNER_DOCTOR_PRESCAN: '0' });
    const parsed = JSON.parse(one) as { stats: { lines: number }; findings: { matchCount: number }[] };
    expect(parsed.stats.lines).toBeGreaterThan(300000);
    expect(parsed.findings.reduce((n, f) => n + f.matchCount, 0)).toBeGreaterThan(100);
    expect(diagnose(file, { RUNNER_DOCTOR_PRESCAN: '1' })).toBe(one);
    // The same through the compiled modules in lib/ (the thread's own file is there for both).
    expect(diagnose(file, { RUNNER_DOCTOR_PRESCAN: '1', RUNNER_DOCTOR_BUNDLE: '0' })).toBe(one);
  });

  it("really starts the thread for the built-in catalog's scan plan, from the build's image, and it scans the last piece", async () => {
    const { table, earlyThread } = await prescanLastPiece(false);
    expect(table.started).toBe('image');
    expect(earlyThread).toBe(false);
  });

  it('has the CLI start the thread before it opens a big file, and hand that thread the job', async () => {
    const file = bigLog();
    const previous = process.env.RUNNER_DOCTOR_PRESCAN;
    process.env.RUNNER_DOCTOR_PRESCAN = '1';
    try {
      const { code } = await runCli(['diagnose', '--format', 'json', file]);
      expect(code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.RUNNER_DOCTOR_PRESCAN;
      else process.env.RUNNER_DOCTOR_PRESCAN = previous;
    }
    expect(vi.mocked(startPrescanEarly).mock.results).toEqual([{ type: 'return', value: true }]);
    const handed = vi.mocked(runPrescan).mock.results;
    expect(handed).toHaveLength(1);
    expect(handed[0]!.value).toMatchObject({ early: true });
  });

  it('uses the thread started before the file was opened, which gets the same job', async () => {
    const { table, earlyThread } = await prescanLastPiece(true);
    expect(earlyThread).toBe(true);
    expect(table.started).toBe('image');
  });
});

/**
 * Has the second thread scan bigLog() for the built-in catalog's plan, as the CLI does (started early or
 * not), and waits until it has done the last piece: its table, and whether the thread was started early.
 */
async function prescanLastPiece(early: boolean) {
  // The built modules in lib/, as the CLI runs them: the thread's own file is lib/cli/prescan-worker.js.
  const lib = (file: string) => import(path.join(ROOT, 'lib', file));
  const { FileChunks } = (await lib('cli/read-files.js')) as typeof ReadFiles;
  const thread = (await lib('cli/prescan-thread.js')) as typeof PrescanThread;
  const { loadCatalog } = (await lib('catalog/load-catalog.js')) as typeof LoadCatalog;
  const { scanPlanFor } = (await lib('engine/scan-plan.js')) as typeof ScanPlans;
  const file = bigLog();
  const previous = process.env.RUNNER_DOCTOR_PRESCAN;
  process.env.RUNNER_DOCTOR_PRESCAN = '1';
  try {
    if (early) expect(thread.startPrescanEarly(['-', path.relative(process.cwd(), file)], process.cwd())).toBe(true);
    const plan = scanPlanFor(await loadCatalog());
    // The build's plan (its literal set can read the build's WebAssembly image), as a diagnosis has it.
    expect(plan.prebuilt).toBe(true);
    const bytes = readFileSync(file);
    const last = Math.floor((bytes.length - 1) / PIECE_BYTES) * PIECE_BYTES;
    // Where the scanner would start the last piece: after the line that goes on from the piece before.
    const from = bytes[last - 1] === 10 ? 0 : bytes.indexOf(10, last) + 1 - last;
    const chunks = new FileChunks(file);
    try {
      const table = chunks.prescan(plan.literals, () => null);
      expect(table).not.toBeNull();
      await vi.waitFor(() => expect(table!.take(last, bytes.length - last, from)).not.toBeNull(), {
        timeout: 20000,
        interval: 20,
      });
      return { table: table!, earlyThread: chunks.earlyThread };
    } finally {
      chunks.close();
    }
  } finally {
    thread.stopPrescanEarly();
    if (previous === undefined) delete process.env.RUNNER_DOCTOR_PRESCAN;
    else process.env.RUNNER_DOCTOR_PRESCAN = previous;
  }
}
