import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_CATALOG_DIR, loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { PROBE_KINDS } from '../../src/cluster/probe-plan.js';
import { CONTEXT_CHECKS } from '../../src/engine/context-checks.js';
import type { Role } from '../../src/engine/types.js';

// Issue 2's contract ids and the role each must have. The wrapper and the missing script are never
// the cause; DEP0005, the hash retries and oom_score_adj are never even symptoms.
const CONTRACT: Record<string, Role> = {
  'hook/job-pod-exists': 'root-cause',
  'hook/duplicate-volume': 'root-cause',
  'image/missing-tool': 'root-cause',
  'image/node-not-runnable': 'root-cause',
  'noise/buffer-deprecation': 'noise',
  'runner/container-hook-failed': 'symptom',
  'hook/duplicate-container-name': 'root-cause',
  'hook/forbidden': 'root-cause',
  'hook/unauthorized': 'root-cause',
  'hook/pod-not-ready': 'root-cause',
  'hook/job-container-required': 'root-cause',
  'runner/job-container-forbidden': 'root-cause',
  'hook/copy-failed': 'root-cause',
  'hook/script-not-found': 'symptom',
  'hook/container-build-unsupported': 'root-cause',
  'runner/alpine-arm': 'root-cause',
  'docker/daemon-unavailable': 'root-cause',
  'docker/daemon-died': 'root-cause',
  'runner/docker-cli-missing': 'root-cause',
  'runner/shutdown-signal': 'root-cause',
  'runner/lost-communication': 'root-cause',
  'runner/disk-full': 'root-cause',
  'runner/oom-killed': 'root-cause',
  'runner/exec-format-error': 'root-cause',
  'runner/version-deprecated': 'root-cause',
  'workspace/event-path-missing': 'root-cause',
  'noise/hash-mismatch': 'noise',
  'noise/oom-score-adj': 'noise',
  'runner/script-step-failed': 'symptom',
  'hook/unrecognized-error': 'symptom',
};

// The fix generators src/fixes/ implements, and which entry each belongs to.
const GENERATORS: Record<string, string[]> = {
  'nixery-missing-tools': ['image/missing-tool'],
  'node-glibc-compat': ['image/node-not-runnable'],
  'duplicate-volumes': ['hook/duplicate-volume'],
  'stale-pod': ['hook/job-pod-exists'],
  'job-container': ['hook/job-container-required', 'runner/job-container-forbidden'],
  'duplicate-service-names': ['hook/duplicate-container-name'],
  'workspace-volumes': ['workspace/event-path-missing'],
};

// Placeholders a template may use without a pattern capturing them: the renderer shows `<name>`
// (`image` comes from the workflow when the engine infers a cause from it).
const UNCAPTURED_OK = new Set(['namespace', 'pod', 'image']);

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

function namedGroups(source: string): string[] {
  return [...source.matchAll(/\(\?P?<([A-Za-z_][A-Za-z0-9_]*)>/g)].map((m) => m[1]!);
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!);
}

describe('built-in catalog coverage', () => {
  it('has every contract id with its role', () => {
    const roles = Object.fromEntries(catalog.entries.map((c) => [c.entry.id, c.entry.role]));
    for (const [id, role] of Object.entries(CONTRACT)) expect([id, roles[id]]).toEqual([id, role]);
  });

  it('gives every noise/ entry the noise role and nothing else that role', () => {
    for (const { entry } of catalog.entries) {
      expect([entry.id, entry.role === 'noise'], entry.id).toEqual([entry.id, entry.id.startsWith('noise/')]);
    }
  });

  it('has at least two examples and two counterexamples per entry', () => {
    const short = catalog.entries
      .filter((c) => c.entry.examples.length < 2 || c.entry.counterexamples.length < 2)
      .map((c) => c.entry.id);
    expect(short).toEqual([]);
  });

  it('folds only into ids that exist, never into itself, and without cycles', () => {
    const graph = new Map(catalog.entries.map((c) => [c.entry.id, c.entry.explains ?? []]));
    for (const [id, explains] of graph) {
      expect(explains, id).not.toContain(id);
      for (const e of explains) expect(graph.has(e), `${id} explains ${e}`).toBe(true);
    }
    const visiting = new Set<string>();
    const done = new Set<string>();
    const visit = (id: string, path: string[]): void => {
      if (done.has(id)) return;
      if (visiting.has(id)) throw new Error(`explains cycle: ${[...path, id].join(' -> ')}`);
      visiting.add(id);
      for (const e of graph.get(id) ?? []) visit(e, [...path, id]);
      visiting.delete(id);
      done.add(id);
    };
    for (const id of graph.keys()) visit(id, []);
  });

  it('never folds the runner wrapper or noise into a cause', () => {
    for (const { entry } of catalog.entries) {
      expect(entry.explains ?? [], entry.id).not.toContain('runner/container-hook-failed');
      if (entry.role !== 'noise') expect((entry.explains ?? []).filter((e) => e.startsWith('noise/') && e !== 'noise/hash-mismatch'), entry.id).toEqual([]);
    }
  });

  it('folds the seed symptoms into the causes that explain them', () => {
    const explains = (id: string) => catalog.byId.get(id)!.entry.explains ?? [];
    expect(explains('image/missing-tool')).toEqual(
      expect.arrayContaining(['hook/script-not-found', 'runner/script-step-failed', 'noise/hash-mismatch', 'hook/copy-failed']),
    );
    expect(explains('image/node-not-runnable')).toContain('runner/script-step-failed');
    expect(explains('runner/container-hook-failed')).toContain('runner/hook-script-failed');
  });

  it('names only known fix generators, each on the entry it belongs to', () => {
    for (const { entry } of catalog.entries) {
      const g = entry.fix?.generator;
      if (g === undefined) continue;
      expect(Object.keys(GENERATORS), entry.id).toContain(g);
    }
    for (const [g, ids] of Object.entries(GENERATORS)) {
      for (const id of ids) expect(catalog.byId.get(id)?.entry.fix?.generator, id).toBe(g);
    }
  });

  it('names only probes src/cluster runs, and the probes still answer the findings they were written for', () => {
    for (const { entry } of catalog.entries) {
      if (entry.probe !== undefined) expect(PROBE_KINDS, entry.id).toContain(entry.probe);
    }
    expect(catalog.byId.get('hook/job-pod-exists')!.entry.probe).toBe('stale-pod');
    expect(catalog.byId.get('hook/forbidden')!.entry.probe).toBe('access');
    expect(new Set(catalog.entries.map((c) => c.entry.probe).filter(Boolean))).toEqual(new Set(PROBE_KINDS));
  });

  it('infers only through context checks the engine has, from entries that exist', () => {
    const rules = catalog.entries.flatMap((c) => c.entry.infer ?? []);
    expect(rules.length).toBeGreaterThan(0);
    const stages = new Set(catalog.entries.map((c) => c.entry.stage).filter(Boolean));
    for (const r of rules) {
      if (r.check !== undefined) expect(Object.keys(CONTEXT_CHECKS)).toContain(r.check);
      if (r.lastStage !== undefined) expect([...stages]).toContain(r.lastStage);
      expect(r.check ?? r.lastStage).toBeDefined();
      for (const id of r.symptoms) expect(catalog.byId.has(id), id).toBe(true);
    }
  });

  it('gives every root cause a fix and every entry an https reference', () => {
    for (const { entry } of catalog.entries) {
      if (entry.role === 'root-cause') expect(entry.fix?.summary, entry.id).toBeTruthy();
      expect(entry.references?.length, entry.id).toBeGreaterThan(0);
      for (const r of entry.references ?? []) expect(r, entry.id).toMatch(/^https:\/\/[^\s]+$/);
    }
  });

  it('uses only placeholders its patterns capture (or namespace/pod/image)', () => {
    const wrong: string[] = [];
    for (const { entry } of catalog.entries) {
      const captured = new Set(entry.patterns.flatMap(namedGroups));
      const texts = [entry.explanation, entry.fix?.summary ?? '', ...(entry.fix?.steps ?? []), ...(entry.fix?.commands ?? [])];
      for (const name of texts.flatMap(placeholders)) {
        if (!captured.has(name) && !UNCAPTURED_OK.has(name)) wrong.push(`${entry.id}: {${name}}`);
      }
      for (const ex of entry.examples) {
        for (const name of Object.keys(ex.captures ?? {})) if (!captured.has(name)) wrong.push(`${entry.id}: example capture ${name}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('ranks specific causes high and generic ones low', () => {
    const p = (id: string) => catalog.byId.get(id)!.entry.priority;
    for (const id of ['hook/job-pod-exists', 'hook/duplicate-volume', 'image/missing-tool', 'image/node-not-runnable']) {
      expect(p(id), id).toBeGreaterThanOrEqual(80);
      expect(p(id), id).toBeLessThanOrEqual(95);
    }
    expect(p('step/command-not-found')).toBeLessThan(p('image/missing-tool'));
    expect(p('runner/killed-exit-137')).toBeLessThan(p('runner/oom-killed'));
    expect(p('hook/unrecognized-error')).toBeLessThan(p('runner/container-hook-failed'));
  });

  it('documents every id with its role in catalog/README.md, and no id that does not exist', async () => {
    const readme = await readFile(`${BUILTIN_CATALOG_DIR}README.md`, 'utf8');
    const rows = [...readme.matchAll(/^\| `([a-z0-9-]+\/[a-z0-9-]+)` \| ([a-z-]+) \|/gm)].map((m) => `${m[1]} ${m[2]}`);
    const entries = catalog.entries.map((c) => `${c.entry.id} ${c.entry.role}`);
    expect([...rows].sort()).toEqual([...entries].sort());
  });
});
