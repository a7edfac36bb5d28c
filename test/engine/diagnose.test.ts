import { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose, FAST_SCAN, type ScanMode } from '../../src/engine/diagnose.js';
import { inlineCatalog, ts } from '../helpers/inline-catalog.js';

// A small catalog with the shapes the real one uses: a cause, a cause it explains, a wrapper, noise.
const CATALOG = `
entries:
  - id: hook/job-pod-exists
    title: A workflow pod from an earlier run still exists
    role: root-cause
    category: k8s-hooks
    priority: 90
    patterns: ['pods \\\\*"(?<pod>[a-z0-9.-]+-workflow)\\\\*" already exists']
    explanation: Pod {pod} is still there in {namespace}.
    fix:
      summary: Delete {pod}
      commands: ['kubectl delete pod {pod} -n {namespace} --wait=false']
      generator: stale-pod
    references: ['https://github.com/actions/runner-container-hooks/issues/1']
    examples: ['pods "a-workflow" already exists']
    counterexamples: ['pod a-workflow created']
  - id: image/missing-tool
    title: A tool the hooks need is missing from the job image
    role: root-cause
    category: job-image
    priority: 85
    patterns: ['(?<tool>[a-z]+): command not found']
    explains: [runner/script-step-failed]
    infer:
      - symptoms: [runner/script-step-failed, runner/container-hook-failed]
        check: nixery-missing-hook-tools
        confidence: low
        lead: 'Inferred: the log shows only \`{symptom}\`, and \`{image}\` lacks \`{tools}\`.'
    explanation: The image lacks {tool}.
    fix:
      summary: Add {tool}
      generator: nixery-missing-tools
    examples: ['sh: line 1: find: command not found']
    counterexamples: ['found it']
  - id: image/node-not-runnable
    title: Node cannot run in the job image
    role: root-cause
    category: job-image
    priority: 85
    patterns: ["env: '/__e/(?<node>node[0-9]+)/bin/node': No such file"]
    explains: [runner/script-step-failed]
    explanation: '{node} cannot run.'
    examples: ["env: '/__e/node20/bin/node': No such file or directory"]
    counterexamples: ['env: node: ok']
  - id: runner/script-step-failed
    title: A script step failed
    role: symptom
    category: k8s-hooks
    priority: 30
    patterns: ['failed to run script step: .*exit code (?<code>[0-9]+)']
    explanation: exit {code}
    examples: ['Error: failed to run script step: command terminated with exit code 127']
    counterexamples: ['failed to run']
  - id: runner/container-hook-failed
    title: The runner's container hook failed
    role: symptom
    category: runner
    priority: 10
    patterns: ['Executing the custom container implementation failed']
    wrapper: true
    next:
      - "Read the lines just above the runner's wrapper error ({where}): the container hook prints its own error there."
      - Re-run with ACTIONS_STEP_DEBUG; check k8s-novolume.
    explanation: wrapper
    examples: ['##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.']
    counterexamples: ['Executing the custom container implementation']
  - id: noise/buffer-deprecation
    title: DEP0005 Buffer() deprecation warning
    role: noise
    category: node
    priority: 5
    patterns: ['\\[DEP0005\\] DeprecationWarning']
    explanation: harmless
    examples: ['(node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated']
    counterexamples: ['DeprecationWarning']
  - id: hook/quota
    title: Namespace quota exceeded
    role: root-cause
    category: k8s-hooks
    priority: 70
    patterns: ['exceeded quota: (?<quota>[a-z-]+)']
    context:
      - pattern: 'failed to create job pod'
        present: true
        within: 2
        where: before
    explanation: quota {quota}
    examples: ['exceeded quota: compute-resources']
    counterexamples: ['quota ok']
  - id: runner/cancelled
    title: The run was cancelled
    role: root-cause
    category: runner
    priority: 60
    patterns: ['The operation was canceled']
    context:
      - entry: hook/job-pod-exists
        present: false
    explanation: cancelled
    examples: ['##[error]The operation was canceled.']
    counterexamples: ['operation']
`;

const WRAPPER = '##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.';
const DEP0005 = '(node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.';

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await inlineCatalog(CATALOG);
});

const run = (lines: string[], job = {}, extra = {}) => diagnose(lines.join('\n') + '\n', { catalog, source: 'job.log', job, ...extra });

describe('diagnose', () => {
  it('ranks the root cause over the wrapper symptom and the noise, with evidence and filled fix', async () => {
    const d = await run([
      ts(1, 'Current runner version: 2.330.0'),
      ts(2, "##[group]Run '/home/runner/k8s-novolume/index.js'"),
      'shell: /home/runner/externals/node20/bin/node {0}',
      ts(3, '##[endgroup]'),
      ts(4, DEP0005),
      ts(5, '##[error]Error: Error: failed to create job pod: Error: HTTP-Code: 409'),
      'Message: Unknown API Status Code!',
      'Body: "{\\"kind\\":\\"Status\\",\\"message\\":\\"pods \\\\\\"arc-x-runner-z-workflow\\\\\\" already exists\\",\\"reason\\":\\"AlreadyExists\\"}"',
      ts(6, '##[error]Process completed with exit code 1.'),
      ts(6, WRAPPER),
    ]);
    expect(d.findings.map((f) => [f.id, f.role])).toEqual([
      ['hook/job-pod-exists', 'root-cause'],
      ['runner/container-hook-failed', 'symptom'],
      ['noise/buffer-deprecation', 'noise'],
    ]);
    const root = d.rootCause!;
    expect(root).toBe(d.findings[0]);
    expect(root.captures).toEqual({ pod: 'arc-x-runner-z-workflow' });
    expect(root.evidence).toEqual([
      {
        source: 'job.log',
        line: 8,
        step: 'Initialize containers',
        stepNumber: null,
        stepLine: 7,
        text: expect.stringContaining('already exists'),
        matchedBy: 'hook/job-pod-exists',
      },
    ]);
    expect(root.explanation).toBe('Pod arc-x-runner-z-workflow is still there in <namespace>.');
    expect(root.fix).toEqual({
      summary: 'Delete arc-x-runner-z-workflow',
      steps: [],
      commands: ['kubectl delete pod arc-x-runner-z-workflow -n <namespace> --wait=false'],
      diff: null,
      generator: 'stale-pod',
    });
    expect(d.summary).toBe(
      'Root cause: A workflow pod from an earlier run still exists (hook/job-pod-exists) at line 8 in step "Initialize containers"; ' +
        'also recognised: 1 symptom and 1 harmless message.',
    );
    expect(d.nextSteps).toEqual([]);
    expect(d.stats).toMatchObject({ lines: 10 });
  });

  it('folds the exit-127 symptom into node-not-runnable as evidence, not a second finding', async () => {
    const d = await run([
      ts(10, '##[group]Run actions/checkout@v4'),
      ts(10, 'with:'),
      ts(11, '##[endgroup]'),
      ts(12, "env: '/__e/node20/bin/node': No such file or directory"),
      ts(12, '##[error]Error: failed to run script step: command terminated with exit code 127'),
    ]);
    expect(d.findings.map((f) => f.id)).toEqual(['image/node-not-runnable']);
    expect(d.rootCause!.folded).toEqual(['runner/script-step-failed']);
    expect(d.rootCause!.evidence.map((e) => [e.line, e.matchedBy, e.step, e.stepLine])).toEqual([
      [4, 'image/node-not-runnable', 'Run actions/checkout@v4', 4],
      [5, 'runner/script-step-failed', 'Run actions/checkout@v4', 5],
    ]);
    expect(d.rootCause!.captures).toEqual({ node: 'node20' });
  });

  it("keeps the finding's own line first (the one to link to), then folded lines in log order, once each", async () => {
    const d = await run([
      'Error: failed to run script step: command terminated with exit code 127',
      "env: '/__e/node20/bin/node': No such file or directory",
      'Error: failed to run script step: command terminated with exit code 127',
    ]);
    expect(d.rootCause!.evidence.map((e) => [e.line, e.matchedBy])).toEqual([
      [2, 'image/node-not-runnable'],
      [1, 'runner/script-step-failed'],
      [3, 'runner/script-step-failed'],
    ]);
    expect(d.summary).toContain('at line 2');
  });

  it('prefers, among equal priorities, the cause standing closest above the wrapper', async () => {
    const d = await run([
      "env: '/__e/node20/bin/node': No such file or directory",
      'noise',
      'sh: line 1: find: command not found',
      WRAPPER,
    ]);
    // missing-tool (85) and node-not-runnable (85): the later one is nearer the wrapper.
    expect(d.rootCause!.id).toBe('image/missing-tool');
    expect(d.findings.map((f) => f.id)).toEqual(['image/missing-tool', 'image/node-not-runnable', 'runner/container-hook-failed']);
    // Above the wrapper beats later in the log.
    const above = await run(["env: '/__e/node20/bin/node': No such file or directory", WRAPPER, 'sh: line 1: find: command not found']);
    expect(above.rootCause!.id).toBe('image/node-not-runnable');
  });

  it('says there is no root cause when only the wrapper and noise matched, and what to look at', async () => {
    const d = await run([ts(1, "##[group]Run '/home/runner/k8s/index.js'"), ts(2, DEP0005), ts(120, WRAPPER)]);
    expect(d.rootCause).toBeNull();
    expect(d.summary).toBe(
      'No known signature names the cause: unclassified failure in step "Initialize containers"; its first error is at line 3; ' +
        'also recognised: 1 symptom and 1 harmless message.',
    );
    expect(d.nextSteps[0]).toBe('Read step "Initialize containers" from its first error (line 3): the failing command\'s own output says why it stopped.');
    expect(d.nextSteps[1]).toBe(
      'Read the lines just above the runner\'s wrapper error (line 3, step "Initialize containers"): the container hook prints its own error there.',
    );
    expect(d.nextSteps.join('\n')).toContain('ACTIONS_STEP_DEBUG');
    expect(d.nextSteps.join('\n')).toContain('k8s-novolume');
  });

  it('infers a missing tool from a Nixery job image when the log shows only the wrapper', async () => {
    const d = await run([ts(2, DEP0005), ts(120, WRAPPER)], {
      containerImage: 'nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils',
    });
    const root = d.rootCause!;
    expect(root).toMatchObject({ id: 'image/missing-tool', inferred: true, confidence: 'low', role: 'root-cause' });
    expect(root.captures).toMatchObject({ tool: 'tar', tools: ['tar'], packages: ['gnutar'] });
    expect(root.evidence.map((e) => e.matchedBy)).toEqual(['runner/container-hook-failed']);
    expect(root.explanation).toMatch(
      /^Inferred: the log shows only `runner\/container-hook-failed`, and `nixery\.dev\/shell\/git\/docker\/devbox\/nix\/findutils\/gnugrep\/coreutils` lacks `tar`\./,
    );
    expect(root.explanation).toContain('\n\nThe image lacks tar.');
    expect(root.fix!.summary).toBe('Add tar');
    expect(d.summary).toBe(
      'Likely root cause (inferred from the workflow, low confidence): A tool the hooks need is missing from the job image (image/missing-tool); ' +
        'also recognised: 1 symptom and 1 harmless message.',
    );
    // The symptoms stay visible beside the inferred cause.
    expect(d.findings.map((f) => f.id)).toEqual(['image/missing-tool', 'runner/container-hook-failed', 'noise/buffer-deprecation']);
  });

  it('infers nothing for a complete Nixery image, an expression image or a non-Nixery image', async () => {
    for (const job of [
      { containerImage: 'nixery.dev/shell/gnutar/findutils/coreutils/gnugrep' },
      { containerImage: '${{ matrix.image }}', containerImageIsExpression: true },
      { containerImage: 'ubuntu:24.04' },
    ]) {
      const d = await run([WRAPPER], job);
      expect(d.rootCause).toBeNull();
    }
  });

  it('applies context rules: present within N lines before, and absent anywhere', async () => {
    const near = await run(['Error: failed to create job pod: x', 'exceeded quota: compute-resources, requested: cpu=2']);
    expect(near.rootCause!.id).toBe('hook/quota');
    // (The pasted `Error:` line stays visible as the catch-all's evidence.)
    const far = await run(['Error: failed to create job pod: x', 'a', 'b', 'exceeded quota: compute-resources']);
    expect(far.findings.map((f) => f.id)).toEqual(['unclassified/step-failed']);
    const after = await run(['exceeded quota: compute-resources', 'Error: failed to create job pod: x']);
    expect(after.findings.map((f) => f.id)).toEqual(['unclassified/step-failed']);

    expect((await run(['##[error]The operation was canceled.'])).rootCause!.id).toBe('runner/cancelled');
    const both = await run(['pods "a-workflow" already exists', '##[error]The operation was canceled.']);
    expect(both.findings.map((f) => f.id)).toEqual(['hook/job-pod-exists']);
  });

  it('drops ignored ids', async () => {
    const d = await run([DEP0005, WRAPPER], {}, { ignore: ['noise/buffer-deprecation'] });
    expect(d.findings.map((f) => f.id)).toEqual(['runner/container-hook-failed', 'unclassified/step-failed']);
  });

  it('maps lines to the API steps by time and numbers lines within the step', async () => {
    const steps = [
      { name: 'Set up job', number: 1, started_at: '2025-12-27T11:29:00Z', completed_at: '2025-12-27T11:29:01Z' },
      { name: 'Initialize containers', number: 2, started_at: '2025-12-27T11:29:02Z', completed_at: '2025-12-27T11:31:04Z' },
    ];
    const d = await run(
      [ts(0, 'Current runner version'), ts(1, 'Runner name'), ts(2, "##[group]Run '/home/runner/k8s/index.js'"), ts(3, 'x'), ts(124, WRAPPER)],
      { steps },
    );
    expect(d.findings[0]!.evidence[0]).toMatchObject({ line: 5, step: 'Initialize containers', stepNumber: 2, stepLine: 3 });
  });

  it('gives a line in the second two steps share to the failed step', async () => {
    const steps = [
      { name: 'Initialize containers', number: 2, conclusion: 'failure', started_at: '2025-12-27T11:29:02Z', completed_at: '2025-12-27T11:29:22Z' },
      { name: 'Stop containers', number: 3, conclusion: 'success', started_at: '2025-12-27T11:29:22Z', completed_at: '2025-12-27T11:29:30Z' },
    ];
    const d = await run([ts(2, "##[group]Run '/home/runner/k8s/index.js'"), ts(22, WRAPPER), ts(22, DEP0005)], { steps });
    expect(d.findings.map((f) => [f.id, f.evidence[0]!.step])).toEqual([
      ['runner/container-hook-failed', 'Initialize containers'],
      ['unclassified/step-failed', 'Initialize containers'],
      ['noise/buffer-deprecation', 'Initialize containers'],
    ]);
    const ok = await run([ts(22, WRAPPER)], { steps: steps.map((s) => ({ ...s, conclusion: 'success' })) });
    expect(ok.findings[0]!.evidence[0]!.step).toBe('Stop containers');
  });

  it('merges every distinct value of a capture seen on several lines', async () => {
    const d = await run(['sh: line 1: find: command not found', 'sh: line 2: tar: command not found', 'sh: find: command not found']);
    expect(d.rootCause!.captures).toEqual({ tool: ['find', 'tar'] });
    expect(d.rootCause!.matchCount).toBe(3);
  });

  it("handles a line's literals in id order, whatever order the scanner found them in", async () => {
    // Two patterns of one entry on one line: their captures merge in the order the patterns run.
    const two = await inlineCatalog(`
entries:
  - id: build/two-words
    title: Two words
    role: root-cause
    category: build
    priority: 50
    patterns: ['alpha (?<w>\\w+)', 'omega (?<w>\\w+)', 'delta (?<w>\\w+)']
    explanation: '{w}'
    examples: ['alpha one']
    counterexamples: ['beta']
`);
    const reversed: ScanMode = {
      ...FAST_SCAN,
      source: (plan, onLine, max) =>
        FAST_SCAN.source(plan, (c) => onLine({ ...c, literals: [...c.literals].reverse() }), max),
    };
    for (const mode of [FAST_SCAN, reversed]) {
      const captures = async (line: string) =>
        (await diagnose(line, { catalog: two, source: 'job.log' }, mode)).rootCause!.captures;
      expect(await captures('omega two alpha one')).toEqual({ w: ['one', 'two'] });
      expect(await captures('delta three omega two alpha one')).toEqual({ w: ['one', 'two', 'three'] });
    }
  });

  it('caps evidence, keeps counting, and reads a stream of many chunks', async () => {
    const lines = Array.from({ length: 50 }, (_, i) => `${DEP0005} ${i}`);
    const d = await diagnose(Readable.from(lines.map((l) => Buffer.from(l + '\n'))), { catalog, source: 'stdin' });
    expect(d.findings[0]!.evidence).toHaveLength(5);
    expect(d.findings[0]!.matchCount).toBe(50);
    expect(d.stats.lines).toBe(50);
  });

  it('notes invalid UTF-8 and over-long lines instead of failing', async () => {
    const bytes = Buffer.concat([Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(` ${'y'.repeat(70_000)} sh: tar: command not found\n`)]);
    const d = await diagnose(bytes, { catalog, source: 'bad.log' });
    expect(d.notes).toEqual([
      '1 matching line(s) were longer than 64 KiB; only their start was examined.',
      'The log contains bytes that are not valid UTF-8; they are shown as �.',
    ]);
    // The end of the line is kept, so the error at its end is still found.
    expect(d.rootCause!.id).toBe('image/missing-tool');
    expect(d.rootCause!.evidence[0]!.text).toMatch(/^\uFFFD\(\uFFFD y+ \[\.\.\.\] y+ sh: tar: command not found$/);
  });

  it('finds a literal that colour codes split in the raw bytes', async () => {
    const d = await run([ts(3, 'sh: line 1: find: comm\u001b[31mand not fo\u001b[0mund'), 'plain line']);
    expect(d.rootCause).toMatchObject({ id: 'image/missing-tool', captures: { tool: 'find' } });
    expect(d.rootCause!.evidence[0]).toMatchObject({ line: 1, text: 'sh: line 1: find: command not found' });
  });

  it('says so when nothing matched and the log shows no error', async () => {
    const d = await run(['npm ERR! Test failed.', 'the end']);
    expect(d.summary).toBe('No known failure signature matched this log.');
    expect(d.rootCause).toBeNull();
    expect(d.nextSteps[0]).toContain('failing step');
  });
});
