import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { normalizeLine } from '../../src/engine/normalize-line.js';
import type { Diagnosis, JobContext } from '../../src/engine/types.js';
import { parseManifest, type CorpusCase } from '../../src/cli/corpus-manifest.js';
import { runCase } from '../../src/cli/corpus-run.js';
import { jobContextFromWorkflow } from '../../src/workflow/job-context.js';
import { readWorkflow } from '../../src/workflow/workflow-model.js';

const LOG_DIR = fileURLToPath(new URL('../fixtures/logs/', import.meta.url));
const MANIFEST = path.join(LOG_DIR, 'corpus.yaml');

const cases = parseManifest(readFileSync(MANIFEST, 'utf8'), MANIFEST);

function jobContext(c: CorpusCase): JobContext | undefined {
  if (!c.workflow) return undefined;
  const file = path.resolve(LOG_DIR, c.workflow);
  return jobContextFromWorkflow(readWorkflow(readFileSync(file, 'utf8'), file), c.job);
}

function ids(d: Diagnosis, role?: string): string[] {
  return d.findings.filter((f) => role === undefined || f.role === role).map((f) => f.id);
}

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('regression corpus (test/fixtures/logs/corpus.yaml)', () => {
  it.each(cases.map((c) => [`${c.file}${c.workflow ? ' with its workflow' : ''}`, c] as const))('%s', async (_name, c) => {
    const file = path.join(LOG_DIR, c.file);
    const d = await diagnose(createReadStream(file), { catalog, source: c.file, job: jobContext(c) });
    const root = d.rootCause;

    // A green log or a failure in the user's own code never gets an infrastructure root cause.
    if (c.kind === 'green' || c.kind === 'user-code') {
      const infra = d.findings.filter((f) => f.role === 'root-cause' && !f.id.startsWith('code/')).map((f) => f.id);
      expect(infra, `${c.kind} log with an infrastructure root cause`).toEqual([]);
    }
    if (c.kind === 'green') {
      expect(root, 'a green log has no root cause').toBeNull();
      // Only a downloaded log (timestamps through Complete job) shows that nothing failed; a copy of the
      // web page may have lost an error, so there the engine only says it found nothing.
      if (/^\uFEFF?\d{4}-\d\d-\d\dT[\d:.]+Z /m.test(readFileSync(file, 'utf8'))) {
        expect(d.summary).toMatch(/^This job did not fail/);
        expect(d.nextSteps).toEqual([]);
      }
    }
    if (c.miss !== undefined) {
      // A known miss stays visible (catalog stats counts it) and the test tells when it is mended.
      const r = await runCase(c, LOG_DIR, catalog);
      expect(r.correct, `${c.file} is answered right now: remove its miss: field`).toBe(false);
      return;
    }
    expect(root?.id ?? null, c.description).toBe(c.rootCause);
    if (root) {
      expect(d.findings[0]).toBe(root);
      expect(root.role).toBe('root-cause');
      expect(root.inferred).toBe(c.inferred ?? false);
      const ev = root.evidence[0]!;
      expect(ev.source).toBe(c.file);
      const line = c.line ?? c.rootCauseLine;
      if (line !== undefined) expect(ev.line, 'the root cause is found on this line').toBe(line);
      if ('rootCauseStep' in c) expect(ev.step).toBe(c.rootCauseStep);
      if (c.confidence) expect(root.confidence).toBe(c.confidence);
      for (const [k, v] of Object.entries(c.captures ?? {})) expect(root.captures[k], `capture ${k}`).toEqual(v);
      for (const id of c.folded ?? []) {
        expect(root.folded).toContain(id);
        expect(ids(d)).not.toContain(id);
      }
    } else {
      expect(d.findings.every((f) => f.role !== 'root-cause')).toBe(true);
      if (c.kind !== 'green') expect(d.nextSteps.length).toBeGreaterThan(0);
    }
    for (const id of c.symptoms ?? []) expect(ids(d, 'symptom'), `symptom ${id}`).toContain(id);
    for (const id of c.noise ?? []) expect(ids(d, 'noise'), `noise ${id}`).toContain(id);
    for (const id of c.absent ?? []) expect(ids(d), `absent ${id}`).not.toContain(id);

    // Every piece of evidence points at the line it quotes.
    const lines = readFileSync(file, 'utf8').split('\n');
    for (const f of d.findings) {
      for (const e of f.evidence) expect(normalizeLine(lines[e.line - 1]!), `${f.id} evidence at line ${e.line}`).toContain(e.text);
    }
    expect(d.stats.bytes).toBe(statSync(file).size);
    expect(d.stats.lines).toBe(lines.length - 1);
  });

  it('every log with DEP0005 has it as noise, and the wrapper is a symptom, never the cause', async () => {
    for (const file of new Set(cases.map((c) => c.file))) {
      const text = readFileSync(path.join(LOG_DIR, file), 'utf8');
      const d = await diagnose(text, { catalog, source: file });
      if (text.includes('[DEP0005] DeprecationWarning')) expect(ids(d, 'noise'), file).toContain('noise/buffer-deprecation');
      if (text.includes('Executing the custom container implementation failed')) {
        expect(ids(d, 'symptom'), file).toContain('runner/container-hook-failed');
      }
      expect(d.rootCause?.id, file).not.toBe('runner/container-hook-failed');
      expect(d.rootCause?.id, file).not.toBe('noise/buffer-deprecation');
    }
  });

  it('gives the same diagnosis whatever the chunk size (BOM, CRLF and UTF-8 split across reads)', async () => {
    for (const file of new Set(cases.map((c) => c.file))) {
      const full = path.join(LOG_DIR, file);
      const whole = await diagnose(readFileSync(full), { catalog, source: file });
      const tiny = await diagnose(createReadStream(full, { highWaterMark: 61 }), { catalog, source: file });
      expect({ ...tiny, stats: { ...tiny.stats, ms: 0 } }, file).toEqual({ ...whole, stats: { ...whole.stats, ms: 0 } });
    }
  });

  it('lists every .log in the directory, and every listed file exists', () => {
    const onDisk = readdirSync(LOG_DIR, { recursive: true, encoding: 'utf8' })
      .map((f) => f.split(path.sep).join('/'))
      .filter((f) => f.endsWith('.log'))
      .sort();
    const listed = [...new Set(cases.map((c) => c.file))].sort();
    expect(onDisk.filter((f) => !listed.includes(f)), 'logs missing from corpus.yaml').toEqual([]);
    expect(listed.filter((f) => !onDisk.includes(f)), 'corpus.yaml names files that do not exist').toEqual([]);
    expect(onDisk.length).toBeGreaterThanOrEqual(25);
  });
});
