import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';

// Where the runner-listener, job-queue and ARC entries may count: these logs are written for the test
// (real ones are in the corpus).
let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const stamped = (lines: string[]) =>
  lines.map((l, i) => `2021-09-22T12:00:${String(10 + i)}.1234567Z ${l}`).join('\n') + '\n';

async function rootCause(text: string): Promise<{ id: string; line: number } | null> {
  const d = await diagnose(text, { catalog, source: 'job.log' });
  return d.rootCause ? { id: d.rootCause.id, line: d.rootCause.evidence[0]!.line } : null;
}

describe('jobs not picked up', () => {
  const waiting =
    "Can't find any online and idle self-hosted runner in the current repository, account/organization " +
    "that matches the required labels: 'graviton'";

  it('names the missing label when no runner ever took the job', async () => {
    expect(await rootCause(stamped([waiting, 'Waiting for a self-hosted runner to pickup this job...']))).toEqual({
      id: 'runner/no-matching-runner',
      line: 1,
    });
  });

  it('drops the wait once a runner took the job after all', async () => {
    const log = stamped([
      waiting,
      'Waiting for a self-hosted runner to pickup this job...',
      "Current runner version: '2.280.3'",
      '##[group]Run make test',
      'make: *** [test] Error 2',
      '##[error]Process completed with exit code 2.',
    ]);
    expect((await rootCause(log))?.id).not.toBe('runner/no-matching-runner');
  });
});

describe('runner listener lines', () => {
  it('are the cause in a runner pod log', async () => {
    const pod = [
      '√ Connected to GitHub',
      '',
      "Current runner version: '2.311.0'",
      'Failed to create a session. The runner registration has been deleted from the server, please re-configure.',
      'Runner listener exit with terminated error, stop the service, no retry needed.',
    ].join('\n');
    expect(await rootCause(pod)).toEqual({ id: 'runner/registration-deleted', line: 4 });
  });

  it('are not the cause when a job step prints them (a test of runner images)', async () => {
    const job = stamped([
      "Current runner version: '2.330.0'",
      '##[group]Run ./e2e/start-runner.sh',
      './e2e/start-runner.sh',
      '##[endgroup]',
      'Failed to create a session. The runner registration has been deleted from the server, please re-configure.',
      '##[error]Process completed with exit code 1.',
    ]);
    expect((await rootCause(job))?.id).not.toBe('runner/registration-deleted');
  });

  it('blame a lost connection only while the runner has not reconnected', async () => {
    const lost =
      '2022-04-04 03:08:45Z: Runner connect error: Resource temporarily unavailable ' +
      '(pipelines.actions.githubusercontent.com:443). Retrying until reconnected.';
    expect(await rootCause([lost, ''].join('\n'))).toEqual({ id: 'runner/connect-error', line: 1 });
    const back = [lost, '2022-04-04 03:10:45Z: Runner reconnected.', '2022-04-04 03:10:46Z: Listening for Jobs'];
    expect(await rootCause(back.join('\n'))).toBeNull();
  });

  it('do not call a replaced runner a name clash', async () => {
    const log = ['A runner exists with the same name', '√ Successfully replaced the runner', '√ Settings Saved.'];
    expect(await rootCause(log.join('\n'))).toBeNull();
  });
});

describe('ARC controller lines', () => {
  it('name the runner pod, not a job pod, when quota rejects it', async () => {
    const controller =
      '2023-11-29T01:02:03Z\tERROR\tEphemeralRunner\tFailed to create a pod due to unrecoverable failure\t' +
      '{"error": "pods \\"arc-runner-set-x2n4k-runner-abcde\\" is forbidden: exceeded quota: compute, ' +
      'requested: limits.cpu=4, used: limits.cpu=16, limited: limits.cpu=16"}\n';
    const d = await diagnose(controller, { catalog, source: 'controller.log' });
    expect(d.rootCause?.id).toBe('arc/runner-pod-rejected');
    expect(d.findings.map((f) => f.id)).not.toContain('hook/quota-exceeded');
  });
});
