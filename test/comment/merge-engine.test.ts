import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { mergeSection } from '../../src/comment/merge.js';

// The real engine and built-in catalog: the comment a user gets for a stale workflow pod (HTTP 409).
describe('sticky comment for a real job log', () => {
  it('names the root cause, links the evidence to its step line, and shows the fix commands', async () => {
    const catalog = await loadCatalog();
    const log = readFileSync(new URL('../fixtures/logs/hook-409-pod-exists-0.8-escaped-json.log', import.meta.url));
    const steps = [
      { name: 'Set up job', number: 1, started_at: '2026-01-14T21:03:44Z', completed_at: '2026-01-14T21:03:46Z' },
      { name: 'Initialize containers', number: 2, started_at: '2026-01-14T21:03:47Z', completed_at: '2026-01-14T21:04:30Z' },
    ];
    const d = await diagnose(log, { catalog, source: 'job:555', job: { steps } });
    expect(d.rootCause?.id).toBe('hook/job-pod-exists');
    const { body } = mergeSection(null, {
      workflowKey: '.github/workflows/test.yml',
      workflowName: 'Tests',
      runId: 42,
      runAttempt: 1,
      runUrl: 'https://github.com/o/r/actions/runs/42',
      headSha: '08eba0b27e820071cde6df949e0beb9ba4906955',
      status: 'failed',
      completedAt: '2026-01-14T21:04:30Z',
      jobs: [{ jobId: 555, name: 'integration (3.12)', htmlUrl: 'https://github.com/o/r/actions/runs/42/job/555', diagnosis: d, error: null }],
      notes: [],
    });
    const ev = d.rootCause!.evidence[0]!;
    expect(ev.stepNumber).toBe(2);
    expect(body).toContain(`**Root cause: ${d.rootCause!.title}**  \n\`hook/job-pod-exists\` · high confidence\n\nEvidence: [Initialize containers, line ${ev.stepLine}](https://github.com/o/r/actions/runs/42/job/555#step:2:${ev.stepLine})`);
    expect(body).toContain('```sh\nkubectl get pod gpu-runners-k4h8d-runner-2wq9x-workflow -n <namespace> -o wide\n');
    expect(body).toContain('**Also seen**\n- ');
    expect(body.length).toBeLessThan(60000);
  });
});
