import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import type { JobContext } from '../../src/engine/types.js';
import { jobLog, rootCauseIds } from '../helpers/job-log.js';

// Logs written for these tests (not corpus logs): a user's process quoting infrastructure errors
// must never make them the job's root cause.

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});


const SET_UP = ["Current runner version: '2.331.0'", "Runner name: 'arc-runner-set-7x9k2-runner-s8b2w'", 'Complete job name: test'];
const HOOK = ["##[group]Run '/home/runner/k8s-novolume/index.js'", 'shell: /home/runner/externals/node20/bin/node {0}', '##[endgroup]'];
const step = (name: string, body: string[], hook = true) => [`##[group]Run ${name}`, name, 'shell: sh -e {0}', '##[endgroup]', ...(hook ? HOOK : []), ...body];
const END = [...HOOK, 'Cleaning up orphan processes'];

const run = (lines: string[], job?: JobContext) => diagnose(jobLog(lines), { catalog, source: 'job.log', job });

describe('quotes of infrastructure errors in a user step are not causes', () => {
  it('a go test whose passing tests print hook errors, and a failing test', async () => {
    const d = await run([
      ...SET_UP,
      ...HOOK,
      ...step('go test ./...', [
        '=== RUN   TestHookErrors',
        '    hook_test.go:88: Error: Error: failed to create job pod: pods "arc-runner-x-workflow" already exists',
        "    hook_test.go:91: env: '/__e/node20/bin/node': No such file or directory",
        '    hook_test.go:94: sh: line 1: tar: command not found',
        '--- PASS: TestHookErrors (0.00s)',
        '=== RUN   TestParse',
        '    parse_test.go:12: got 1, want 2',
        '--- FAIL: TestParse (0.00s)',
        'FAIL',
        '##[error]Process completed with exit code 1.',
      ]),
      ...END,
    ]);
    // The failure is the user's own test (the code family), never one of the quoted infrastructure errors.
    expect(rootCauseIds(d)).toEqual(['code/go-test-failed']);
    expect(d.rootCause).toMatchObject({ id: 'code/go-test-failed', captures: { test: 'TestParse' } });
  });

  it('the same test output pasted without timestamps or indentation (the `file_test.go:88:` prefix is a quote)', async () => {
    const pasted = [
      "hook_test.go:91: env: '/__e/node20/bin/node': No such file or directory",
      'hook_test.go:94: sh: line 1: tar: command not found',
      '--- FAIL: TestParse (0.00s)',
      'Error: Process completed with exit code 1.',
    ];
    const d = await diagnose(pasted.join('\n') + '\n', { catalog, source: 'pasted.log' });
    expect(rootCauseIds(d)).toEqual(['code/go-test-failed']);
  });

  it('a step that printed a troubleshooting page mentioning a full disk, before another step failed', async () => {
    const d = await run([
      ...SET_UP,
      ...step('cat docs/TROUBLESHOOTING.md', [
        '# Troubleshooting',
        '## The disk is full',
        "> System.IO.IOException: No space left on device : '/home/runner/_diag/Worker_20260301.log'",
        "- `No space left on device : '/home/runner/_work'` means the runner's volume is full.",
        '| OOMKilled | the pod hit its memory limit |',
      ], false),
      ...step('npm test', ['> api@1.8.2 test', 'not ok 3 - rejects an expired token', '##[error]Process completed with exit code 1.'], false),
      'Cleaning up orphan processes',
    ]);
    expect(rootCauseIds(d)).toEqual([]);
  });

  it('a page printed by a step that succeeded, even unquoted, when the API says which step failed', async () => {
    const at = (s: number) => `2026-03-01T10:00:${String(s).padStart(2, '0')}Z`;
    const steps = [
      { name: 'Set up job', number: 1, conclusion: 'success', started_at: at(0), completed_at: at(2) },
      { name: 'Run cat docs/disk.txt', number: 2, conclusion: 'success', started_at: at(3), completed_at: at(8) },
      { name: 'Run npm test', number: 3, conclusion: 'failure', started_at: at(9), completed_at: at(20) },
    ];
    const d = await run(
      [
        ...SET_UP,
        ...step('cat docs/disk.txt', ["System.IO.IOException: No space left on device : '/home/runner/_diag/x.log'"], false),
        ...step('npm test', ['not ok 1 - works', '##[error]Process completed with exit code 1.'], false),
      ],
      { steps },
    );
    expect(d.findings.find((f) => f.id === 'runner/disk-full')).toBeUndefined();
    expect(d.rootCause).toBeNull();
  });

  it('npm test printing `pods "x-workflow" already exists` in its own step', async () => {
    const d = await run([
      ...SET_UP,
      ...HOOK,
      ...step('npm test', [
        '  ● stale pods › reports the 409',
        'Error: failed to create job pod: pods "arc-runner-x-workflow" already exists',
        '    at Object.<anonymous> (test/pods.test.js:12:11)',
        '##[error]Process completed with exit code 1.',
      ]),
      ...END,
    ]);
    expect(rootCauseIds(d)).toEqual([]);
  });

  it('still names the hook error when the hook prints it in Initialize containers', async () => {
    const d = await run([
      ...SET_UP,
      ...HOOK,
      '##[error]Error: failed to create job pod: pods "arc-runner-x-workflow" already exists',
      '##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.',
      ...END,
    ]);
    expect(d.rootCause).toMatchObject({ id: 'hook/job-pod-exists', captures: { pod: 'arc-runner-x-workflow' } });
    expect(d.rootCause!.evidence[0]).toMatchObject({ line: 7, step: 'Initialize containers' });
  });
});

describe('a job that did not fail', () => {
  it('says so and names no cause, whatever its steps printed', async () => {
    const d = await run([
      ...SET_UP,
      ...step('df -h && cat notes.txt', ["System.IO.IOException: No space left on device : '/home/runner/_diag/x.log'", 'Filesystem Size Used'], false),
      'Cleaning up orphan processes',
    ]);
    expect(d.summary).toBe('This job did not fail: no step reported an error.');
    expect(d.rootCause).toBeNull();
    expect(rootCauseIds(d)).toEqual([]);
    expect(d.nextSteps).toEqual([]);
  });

  it('does not call a part of a log green: without "Complete job" the failure may be in the missing part', async () => {
    const d = await run([...SET_UP, ...step('make', ['cc -o x x.c'], false)]);
    expect(d.summary).not.toContain('did not fail');
  });
});

describe('the catch-all: a failure no signature names', () => {
  it('names the failed step, links its first error and the last lines before the exit code, and every distinct error', async () => {
    const d = await run([
      ...SET_UP,
      ...step('npm ci', ['added 120 packages'], false),
      ...step('npm test', [
        '> api@1.8.2 test',
        '##[error]src/auth.test.ts(12,3): expected 401, got 200',
        '##[error]src/auth.test.ts(40,3): expected 401, got 200',
        '##[error]src/user.test.ts: snapshot mismatch',
        '',
        'Test Files  2 failed | 9 passed (11)',
        '     Tests  3 failed | 120 passed (123)',
        '##[error]Process completed with exit code 1.',
      ], false),
      'Cleaning up orphan processes',
    ]);
    expect(d.rootCause).toBeNull();
    const u = d.findings.find((f) => f.id === 'unclassified/step-failed')!;
    expect(u.title).toBe('Unclassified failure in step "Run npm test"');
    expect(u.captures).toEqual({ step: 'Run npm test', exitCode: '1' });
    expect(u.evidence.map((e) => [e.line, e.text])).toEqual([
      [14, '##[error]src/auth.test.ts(12,3): expected 401, got 200'],
      // (line 15 is the same error again, with other numbers: the first of each kind is enough)
      [16, '##[error]src/user.test.ts: snapshot mismatch'],
      [20, '##[error]Process completed with exit code 1.'],
      [18, 'Test Files  2 failed | 9 passed (11)'],
      [19, 'Tests  3 failed | 120 passed (123)'],
    ]);
    expect(u.evidence.every((e) => e.step === 'Run npm test')).toBe(true);
    expect(u.evidence[0]!.stepLine).toBe(6);
    expect(u.evidence[3]!.stepLine).toBe(10);
    expect(d.summary).toBe(
      'No known signature names the cause: unclassified failure in step "Run npm test" (exit code 1); its first error is at line 14; also recognised: 1 symptom.',
    );
    expect(d.nextSteps[0]).toBe(
      'Read step "Run npm test" from its first error (line 14) to line 19: the failing command\'s own output says why it stopped.',
    );
    // No hook ran: no hook advice.
    expect(d.nextSteps.join('\n')).not.toMatch(/hook|ACTIONS_STEP_DEBUG/);
  });

  it('gives hook advice only when a container hook ran in the job', async () => {
    const job = { containerImage: '${{ matrix.image }}', containerImageIsExpression: true };
    const failing = ['##[error]boom', '##[error]Process completed with exit code 2.'];
    const plain = await run([...SET_UP, ...step('make', failing, false)], job);
    expect(plain.nextSteps.join('\n')).not.toContain('built from an expression');
    const hooked = await run([...SET_UP, ...HOOK, ...step('make', failing)], job);
    expect(hooked.nextSteps.join('\n')).toContain('built from an expression');
  });
});
