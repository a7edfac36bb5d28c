import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { jobLog } from '../helpers/job-log.js';

// Logs written for these tests: a container-hook job whose log shows only the runner's wrapper,
// with step debug logging on (the hook's progress lines), and nothing else.

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const SET_UP = ["Current runner version: '2.331.0'", 'Complete job name: build'];
const HOOK = ["##[group]Run '/home/runner/k8s-novolume/index.js'", 'shell: /home/runner/externals/node20/bin/node {0}', '##[endgroup]'];
const WRAPPER = '##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.';
const POD = 'arc-runner-set-7x9k2-runner-pq8ms-workflow';
const WAITING = `##[debug]Job pod created, waiting for it to come online ${POD}`;
const READY = '##[debug]Job pod is ready for traffic';
const COPYING = `##[debug]Copying /home/runner/_work to pod ${POD} at /__w`;
const run = (lines: string[]) => diagnose(jobLog(lines), { catalog, source: 'job.log' });

describe('the last hook stage reached names the likely cause', () => {
  it('died waiting for the job pod: hook/pod-not-ready, medium confidence, with the stage line', async () => {
    const d = await run([...SET_UP, ...HOOK, WAITING, WRAPPER, ...HOOK, 'Cleaning up orphan processes']);
    expect(d.rootCause).toMatchObject({ id: 'hook/pod-not-ready', inferred: true, confidence: 'medium' });
    expect(d.rootCause!.captures).toMatchObject({ stage: 'pod-waiting', stageLine: '6' });
    expect(d.rootCause!.explanation).toMatch(/^\*\*Inferred from where the hook stopped, not from an error line\.\*\* /);
    expect(d.rootCause!.explanation).toContain(`was \`${WAITING}\` (line 6)`);
    expect(d.rootCause!.evidence[0]).toMatchObject({ line: 7, step: 'Initialize containers' });
  });

  it('died copying the workspace in: hook/copy-failed, with the pod the copy went to', async () => {
    const d = await run([...SET_UP, ...HOOK, WAITING, READY, COPYING, '(node:66) [DEP0005] DeprecationWarning: Buffer() is deprecated', WRAPPER]);
    expect(d.rootCause).toMatchObject({ id: 'hook/copy-failed', inferred: true, confidence: 'medium' });
    expect(d.rootCause!.captures).toMatchObject({ stage: 'copy-in', pod: POD });
    expect(d.summary).toContain('medium confidence');
  });

  it('infers nothing when the pod came online and nothing more was reported, and shows the failure instead', async () => {
    const d = await run([...SET_UP, ...HOOK, WAITING, READY, WRAPPER]);
    expect(d.rootCause).toBeNull();
    expect(d.findings.map((f) => f.id)).toContain('unclassified/step-failed');
  });

  it("does not blame the copy of Initialize containers for a later step's failure", async () => {
    const d = await run([
      ...SET_UP, ...HOOK, WAITING, READY, COPYING,
      '##[group]Run npm test', 'npm test', '##[endgroup]', ...HOOK,
      'not ok 1 - works', '##[error]Process completed with exit code 1.', WRAPPER,
    ]);
    expect(d.rootCause).toBeNull();
  });
});
