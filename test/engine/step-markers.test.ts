// `##[group]` / `##[endgroup]` lines as GitHub writes them go straight to the step tracker (diagnose.ts,
// stepMarkerOnly): the steps, their names and line numbers must be exactly what the full path gives, which
// the plain reference scanner takes for every line. Steps show in the output as each finding's step, step
// line and the failed steps.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose, FAST_SCAN, fastScan, type ScanMode } from '../../src/engine/diagnose.js';
import * as normalize from '../../src/engine/normalize-line.js';
import type { JobContext } from '../../src/engine/types.js';
import { REFERENCE_SCAN } from '../helpers/reference-scan.js';

vi.mock('../../src/engine/normalize-line.js', async (original) => {
  const real = await original<typeof normalize>();
  return { ...real, splitLine: vi.fn(real.splitLine) };
});

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const ts = (i: number, digits = 7) => `2025-12-27T11:29:${String(10 + (i % 50)).padStart(2, '0')}.${'1'.repeat(digits)}Z`;

async function output(text: string, mode: ScanMode, job?: JobContext): Promise<string> {
  const d = await diagnose(text, { catalog, source: 'job.log', ...(job ? { job } : {}) }, mode);
  return JSON.stringify({ ...d, stats: { ...d.stats, ms: 0 } }, null, 1);
}

/**
 * Step marker forms, each in a log of its own that ends with a failure: the failure's step and step line
 * show what the step tracker made of the markers before it.
 */
const s = (i: number, text: string, digits = 7) => `${ts(i, digits)} ${text}`;
const SCENARIOS: Record<string, string[]> = {
  'a Run header and its endgroup': [s(1, '##[group]Run make build'), s(2, 'make build'), s(3, '##[endgroup]')],
  'nested groups': [s(1, '##[group]Run make test'), s(2, '##[group]Inner'), s(3, '##[endgroup]'), s(4, '##[endgroup]')],
  'an unterminated group': [s(1, '##[group]Run make build'), s(2, '##[endgroup]'), s(3, '##[group]Run open')],
  "the hook's group right after a header": [
    s(1, '##[group]Run ./deploy.sh'),
    s(2, '##[endgroup]'),
    s(3, "##[group]Run '/home/runner/k8s/index.js'"),
    s(4, '##[endgroup]'),
  ],
  "the hook's group inside a header, again right after it": [
    s(1, '##[group]Run ./deploy.sh'),
    s(2, "##[group]Run '/home/runner/k8s/index.js'"),
    s(3, '##[endgroup]'),
    s(4, "##[group]Run '/home/runner/k8s/index.js'"),
  ],
  "the hook's group before any step": [s(1, "##[group]Run '/home/runner/k8s/index.js'"), s(2, '##[endgroup]')],
  "the hook's group after a step's output": [
    s(1, '##[group]Run ./deploy.sh'),
    s(2, '##[endgroup]'),
    s(3, 'deploying'),
    s(4, "##[group]Run '/home/runner/k8s/index.js'"),
    s(5, "##[group]Run '/home/runner/k8s/index.js'"),
  ],
  'docker version check': [s(1, '##[group]Checking docker version'), s(2, '##[endgroup]')],
  'other timestamps': [s(1, '##[group]Run three-digits', 3), s(2, '##[endgroup]', 3), `2025-12-27T11:29:13Z ##[group]Run no-digits`],
  'no timestamp': ['##[group]Run pasted', '##[endgroup]', '##[group]Run pasted-2'],
  'indents, tabs, a BOM': [s(1, ' ##[group]Run indented'), `${ts(2)}\t##[endgroup]`, `\uFEFF${s(3, '##[group]Run bom')}`],
  'non-ASCII names, trailing text': [s(1, '##[group]Run café ünïcode'), s(2, '##[endgroup] trailing'), s(3, '##[group]Run ✓')],
  'markers inside lines': [s(1, '##[group]Run a'), s(2, 'echo ##[group]Run not-a-header'), s(3, 'echo ##[endgroup]')],
  'a colour code in a marker': [s(1, '\u001b[0m##[group]Run coloured'), s(2, '##[end\u001b[0mgroup]')],
  'many groups': Array.from({ length: 40 }, (_, k) => s(k, k % 3 === 2 ? '##[endgroup]' : `##[group]Run step-${k}`)),
};

const failure = [s(45, 'sh: 1: jq: command not found'), s(46, '##[error]Process completed with exit code 127.')];

describe('step markers handed straight to the step tracker', () => {
  it.each(Object.keys(SCENARIOS).flatMap((name) => [[name, '\n'], [name, '\r\n']]))(
    'give the same steps as the full path: %s (%j)',
    async (name, eol) => {
      const opener = s(0, 'Current runner version: 2.330.0');
      const text = [opener, ...SCENARIOS[name]!, ...failure, s(47, 'Cleaning up orphan processes'), ''].join(eol);
      const reference = await output(text, REFERENCE_SCAN);
      expect(reference).toContain('"stepLine": ');
      for (const mode of [FAST_SCAN, fastScan(0, 0), fastScan(Infinity)]) expect(await output(text, mode)).toBe(reference);
    },
  );

  it('give the same steps with the API step times (where every line placed may move the step)', async () => {
    const text = [s(0, 'Current runner version: 2.330.0'), ...Object.values(SCENARIOS).flat(), ...failure].join('\n');
    const at = (s: number) => `2025-12-27T11:29:${String(s).padStart(2, '0')}Z`;
    const job: JobContext = {
      steps: [
        { name: 'Set up job', number: 1, status: 'completed', conclusion: 'success', started_at: at(0), completed_at: at(12) },
        { name: 'Run make test', number: 2, status: 'completed', conclusion: 'success', started_at: at(13), completed_at: at(30) },
        { name: 'Run unterminated', number: 3, status: 'completed', conclusion: 'failure', started_at: at(31), completed_at: at(59) },
      ],
    };
    const reference = await output(text, REFERENCE_SCAN, job);
    expect(reference).toContain('"stepNumber": 3');
    expect(await output(text, FAST_SCAN, job)).toBe(reference);
  });

  it('are not decoded or normalised: only the other candidate lines are', async () => {
    const markers = Array.from({ length: 400 }, (_, k) =>
      k % 2 === 0 ? `${ts(k)} ##[group]Run step ${k}` : `${ts(k)} ##[endgroup]`,
    );
    const text = [...markers, ...failure, ''].join('\n');
    const split = vi.mocked(normalize.splitLine);
    split.mockClear();
    const out = await output(text, FAST_SCAN);
    expect(out).toContain('"step": "Run step 398"');
    // The finding's line (and what the diagnosis renders from it), not the 400 markers.
    expect(split.mock.calls.length).toBeLessThan(10);
    split.mockClear();
    await output(text, REFERENCE_SCAN);
    expect(split.mock.calls.length).toBeGreaterThan(400);
  });
});
