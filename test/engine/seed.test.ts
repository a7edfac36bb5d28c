import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import type { Diagnosis, Finding, JobContext } from '../../src/engine/types.js';
import { jobContextFromWorkflow } from '../../src/workflow/job-context.js';
import { readWorkflow } from '../../src/workflow/workflow-model.js';

// The failures of the seed document (instant-cf PR #25), each as a log built from its exact lines.
const logs = (name: string) => fileURLToPath(new URL(`../fixtures/logs/${name}`, import.meta.url));
const workflows = (name: string) => fileURLToPath(new URL(`../fixtures/workflows/${name}`, import.meta.url));

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

async function run(log: string, workflow?: { file: string; job: string }): Promise<Diagnosis> {
  let job: JobContext | undefined;
  if (workflow) {
    const file = workflows(workflow.file);
    job = jobContextFromWorkflow(readWorkflow(readFileSync(file, 'utf8'), file), workflow.job);
  }
  return diagnose(createReadStream(logs(log)), { catalog, source: log, job });
}

function finding(d: Diagnosis, id: string): Finding | undefined {
  return d.findings.find((f) => f.id === id);
}

/** What every seed log shows besides its cause: the wrapper as a symptom, DEP0005 (when printed) as noise. */
function expectWrapperAndNoise(d: Diagnosis, { dep0005 }: { dep0005: boolean }) {
  expect(finding(d, 'runner/container-hook-failed')?.role).toBe('symptom');
  if (dep0005) expect(finding(d, 'noise/buffer-deprecation')?.role).toBe('noise');
  else expect(finding(d, 'noise/buffer-deprecation')).toBeUndefined();
}

describe('seed failures (instant-cf PR #25)', () => {
  it('session 1: only the wrapper and DEP0005; with the workflow, the Nixery image lacks tar (inferred, low confidence)', async () => {
    for (const [log, workflow, job, tools] of [
      ['seed-1-build-and-publish-wrapper-only.log', 'seed-build-and-publish.yml', 'build-and-push', ['tar']],
      ['seed-1-validate-manifests-wrapper-only.log', 'seed-validate-manifests.yml', 'validate-manifests', ['tar', 'find', 'chmod', 'stat', 'cat', 'grep', 'sleep', 'tail']],
    ] as const) {
      const d = await run(log, { file: workflow, job });
      expect(d.rootCause).not.toBeNull();
      expect(d.findings[0]).toBe(d.rootCause);
      expect(d.rootCause).toMatchObject({ id: 'image/missing-tool', inferred: true, confidence: 'low' });
      expect(d.rootCause!.captures.tool).toBe('tar');
      expect(d.rootCause!.captures.tools).toEqual(tools);
      expect(d.rootCause!.evidence[0]).toMatchObject({ line: 26, step: 'Initialize containers' }); // the wrapper it was inferred from
      expect(d.summary).toContain('inferred from the workflow, low confidence');
      expectWrapperAndNoise(d, { dep0005: true });
    }
  });

  it('session 1 without the workflow: no root cause, and it says where to look', async () => {
    const d = await run('seed-1-build-and-publish-wrapper-only.log');
    expect(d.rootCause).toBeNull();
    expect(d.findings.map((f) => f.role)).not.toContain('root-cause');
    expect(d.summary).toMatch(/^No known signature names the cause: unclassified failure in step "Initialize containers" \(exit code 1\)/);
    expect(d.nextSteps.join('\n')).toContain('line 26');
    expectWrapperAndNoise(d, { dep0005: true });
  });

  it('session 2, run 20537811811: HTTP 409, the stale workflow pod is named', async () => {
    const d = await run('seed-2-job-pod-exists-409.log');
    expect(d.rootCause?.id).toBe('hook/job-pod-exists');
    expect(d.rootCause!.captures.pod).toBe('instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow');
    expect(d.rootCause!.evidence[0]).toMatchObject({
      line: 23,
      step: 'Initialize containers',
      text: '##[error]Error: failed to create job pod: Error: HTTP-Code: 409',
    });
    expect(d.rootCause!.evidence.map((e) => e.line)).toContain(24);
    expectWrapperAndNoise(d, { dep0005: false });
  });

  it('session 2, run 20537812059: find is missing; the missing script and the step failure fold into it', async () => {
    const d = await run('seed-2-find-missing.log', { file: 'seed-validate-manifests-gnutar.yml', job: 'validate-manifests' });
    expect(d.rootCause).toMatchObject({ id: 'image/missing-tool', inferred: false, confidence: 'high' });
    expect(d.rootCause!.captures.tool).toBe('find');
    expect(d.rootCause!.evidence[0]).toMatchObject({
      line: 45,
      step: 'Run actions/checkout@v4',
      text: 'sh: line 1: find: command not found',
    });
    expect(d.rootCause!.folded).toEqual(expect.arrayContaining(['hook/script-not-found', 'runner/script-step-failed']));
    expect(finding(d, 'hook/script-not-found')).toBeUndefined();
    expect(finding(d, 'runner/script-step-failed')).toBeUndefined();
    expectWrapperAndNoise(d, { dep0005: true });
  });

  it('session 3: /__e/node20/bin/node cannot run; exit 127 is evidence of it, not a second cause', async () => {
    const d = await run('seed-3-node20-not-runnable.log');
    expect(d.rootCause?.id).toBe('image/node-not-runnable');
    expect(d.rootCause!.captures.node).toBe('node20');
    expect(d.rootCause!.evidence[0]).toMatchObject({ line: 44, step: 'Run actions/checkout@v4' });
    const exit127 = d.rootCause!.evidence.find((e) => e.text.includes('exit code 127'));
    expect(exit127?.line).toBe(45);
    expect(d.findings.filter((f) => f.role === 'root-cause')).toHaveLength(1);
    expect(finding(d, 'runner/script-step-failed')).toBeUndefined();
    expectWrapperAndNoise(d, { dep0005: true });
  });

  it('session 4, fix attempt 3a: HTTP 422, every duplicated volume and mount path is captured (seed form and 0.8 escaped JSON)', async () => {
    for (const log of ['seed-4a-duplicate-volume-422.log', 'seed-4a-duplicate-volume-422-escaped-json.log']) {
      const d = await run(log);
      expect(d.rootCause?.id, log).toBe('hook/duplicate-volume');
      expect(d.rootCause!.captures.volume, log).toEqual(['externals', 'github']);
      expect(d.rootCause!.captures.mountPath, log).toEqual(['/__e', '/github']);
      expect(d.rootCause!.evidence[0], log).toMatchObject({ line: 25, step: 'Initialize containers' });
      expectWrapperAndNoise(d, { dep0005: false });
    }
  });

  it('session 4, fix attempt 3b: the node20 failure again (CRLF log), same diagnosis as session 3', async () => {
    const d = await run('seed-4b-node20-not-runnable.log');
    expect(d.rootCause?.id).toBe('image/node-not-runnable');
    expect(d.rootCause!.captures.node).toBe('node20');
    expect(d.rootCause!.evidence[0]).toMatchObject({
      line: 44,
      step: 'Run actions/checkout@v4',
      text: "env: '/__e/node20/bin/node': No such file or directory",
    });
    expect(d.rootCause!.folded).toContain('runner/script-step-failed');
    expectWrapperAndNoise(d, { dep0005: true });
  });
});
