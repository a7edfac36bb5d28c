import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/render/render-markdown.js';
import { diagnosis, evidence, finding, podExistsDiagnosis } from '../comment/make-diagnosis.js';
import { inspect, parse, visibleText } from '../markdown/github-render.js';

const links = { runUrl: 'https://github.com/o/r/actions/runs/9', jobId: 77 };
const JOB = 'https://github.com/o/r/actions/runs/9/job/77';
const GHS = 'ghs_' + 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';

describe('renderMarkdown', () => {
  it('renders the root cause, evidence with a line link, explanation, fix, symptoms and folded noise', () => {
    const md = renderMarkdown(podExistsDiagnosis(), { links });
    const r = inspect(md);
    expect(r.links).toEqual([
      `${JOB}#step:2:7`,
      'https://github.com/actions/runner-container-hooks/issues/1',
      `${JOB}#step:2:9`,
      `${JOB}#step:2:1`,
    ]);
    // Evidence, then the fix command, each in a code block; ids in code spans.
    expect(r.code).toEqual([
      'hook/job-pod-exists',
      '##[error]Error: failed to create job pod: pods "arc-runner-x7k2p-workflow" already exists\n',
      '<runner pod>-workflow',
      'arc-runner-x7k2p-workflow',
      'kubectl delete pod arc-runner-x7k2p-workflow -n <namespace>\n',
      'runner/container-hook-failed',
      'noise/buffer-deprecation',
    ]);
    expect(r.html).toEqual(['<details><summary>1 harmless message recognised</summary>\n', '</details>\n', '<sub>', '</sub>']);
    const text = visibleText(md);
    expect(text).toContain('Root cause: A workflow pod from an earlier run still exists');
    expect(text).toContain('high confidence');
    expect(text).toContain('Evidence: Initialize containers, line 7');
    // `<runner>` outside code is shown, not swallowed by GitHub as an unknown HTML tag.
    expect(text).toContain('a pod from an earlier run (<runner>) is still there.');
    expect(text).toContain('Fix: Delete the stale pod arc-runner-x7k2p-workflow, then re-run the job.');
    expect(text).toContain('Check what holds the old pod.Delete it and re-run.');
    expect(text).toContain('References: actions/runner-container-hooks/issues/1');
    expect(text).toContain("Also seenThe runner's container hook failed · runner/container-hook-failed · Initialize containers, line 9");
    expect(text).toContain("Node's Buffer() deprecation warning · noise/buffer-deprecation · Initialize containers, line 1 (2×): DEP0005 is harmless: the hook itself prints it.");
    expect(text).toContain('40 lines (2.0 KiB) scanned');
    expect(md.indexOf('Root cause')).toBeLessThan(md.indexOf('Also seen'));
    expect(md.indexOf('Also seen')).toBeLessThan(md.indexOf('harmless message'));
  });

  it('links to the job without an anchor when the step is unknown, and names the log line', () => {
    const d = diagnosis([
      finding({ id: 'a/b', title: 'T', role: 'root-cause', evidence: [evidence({ line: 31, text: 'boom' })], explanation: 'x' }),
    ]);
    expect(renderMarkdown(d, { links })).toContain('Evidence: [log line 31](https://github.com/o/r/actions/runs/9/job/77)\n```text\nboom\n```');
    expect(renderMarkdown(d)).toContain('Evidence: log line 31\n```text\nboom\n```');
  });

  it('adds a heading when asked', () => {
    expect(renderMarkdown(podExistsDiagnosis(), { heading: 'build (ubuntu)' }).startsWith('#### build (ubuntu)\n\n**Root cause:')).toBe(true);
    expect(renderMarkdown(podExistsDiagnosis(), { heading: 'x', headingLevel: 2 }).startsWith('## x\n')).toBe(true);
  });

  it('redacts evidence and explanation, and fences evidence that contains backticks', () => {
    const d = diagnosis([
      finding({
        id: 'a/b',
        title: 'Bad token',
        role: 'root-cause',
        evidence: [evidence({ line: 3, text: `auth with ${GHS} failed: \`\`\`oops\`\`\` @octocat` })],
        explanation: 'The token `{token}` was {value} for @octocat, see #12.',
        captures: {},
      }),
    ]);
    const md = renderMarkdown(d);
    expect(md).not.toContain(GHS);
    const r = inspect(md);
    // Inside the code block the mention is left as is (GitHub does not ping in code), and the
    // evidence's own backticks cannot close the block.
    expect(r.code).toContain('auth with [REDACTED] failed: ```oops``` @octocat\n');
    expect(r.texts.join('')).not.toMatch(/@octocat|#12/);
    expect(visibleText(md)).toContain('for @octocat, see #12.');
  });

  it('shows a diff in a diff block exactly as built, the files it touches, and snippets', () => {
    const root = podExistsDiagnosis().rootCause!;
    root.fix = {
      summary: 'Add gnutar',
      steps: [],
      commands: [],
      diff: '--- a/.github/workflows/ci.yml\n+++ b/.github/workflows/ci.yml\n@@ -1 +1 @@\n-image: nixery.dev/shell\n+image: nixery.dev/shell/gnutar\n',
      files: ['.github/workflows/ci.yml'],
      snippets: [{ title: 'Or in the hook template', language: 'yaml', body: 'spec:\n  containers: []' }],
    };
    const md = renderMarkdown(diagnosis([root]));
    const blocks = parse(md).filter((t) => t.type === 'fence' && t.info !== 'text');
    expect(blocks.map((t) => [t.info, t.content])).toEqual([
      ['diff', root.fix.diff],
      ['yaml', 'spec:\n  containers: []\n'],
    ]);
    expect(visibleText(md)).toContain('Fix: Add gnutarSuggested change (.github/workflows/ci.yml):');
    expect(visibleText(md)).toContain('Or in the hook template:');
  });

  it('says why there is no diff when a generator could not make one', () => {
    const root = podExistsDiagnosis().rootCause!;
    root.fix = { ...root.fix!, diffUnavailableReason: 'the workflow file could not be read' };
    expect(renderMarkdown(diagnosis([root]))).toContain('<sub>No diff: the workflow file could not be read</sub>');
  });

  it('caps evidence lines and their length, and says how many matched', () => {
    const ev = Array.from({ length: 5 }, (_, i) => evidence({ line: i + 1, text: `line ${i + 1} ` + 'x'.repeat(300) }));
    const d = diagnosis([finding({ id: 'a/b', title: 'T', role: 'root-cause', evidence: ev, matchCount: 40, explanation: 'e' })]);
    const md = renderMarkdown(d, { maxEvidenceLines: 2, maxLineChars: 20 });
    expect(md).toContain('Evidence: log line 1 · log line 2\n```text\nline 1 xxxxxxxxxxxxx… [287 more characters]\nline 2 xxxxxxxxxxxxx… [287 more characters]\n```\n<sub>38 more matching lines not shown (40 in all).</sub>');
  });

  it('labels an inferred root cause', () => {
    const d = diagnosis([finding({ id: 'image/missing-tool', title: 'The job image lacks tar', role: 'root-cause', inferred: true, confidence: 'low', explanation: 'e' })]);
    expect(renderMarkdown(d)).toContain('**Likely root cause (inferred, not seen in the log): The job image lacks tar**  \n`image/missing-tool` · low confidence');
  });

  it('without a root cause says so and lists the next steps', () => {
    const symptom = finding({ id: 'runner/process-failed', title: 'A step failed', role: 'symptom', evidence: [evidence({ line: 9, text: 'exit 1' })] });
    const d = diagnosis([symptom], { nextSteps: ['Re-run with `ACTIONS_STEP_DEBUG`.', 'Read the lines above <line 9>.'] });
    const md = renderMarkdown(d);
    expect(inspect(md).shape.filter((t) => t.endsWith(':ul'))).toEqual(['bullet_list_open:ul', 'bullet_list_open:ul']);
    const text = visibleText(md);
    expect(text).toContain('No root cause found. Only symptoms and harmless messages matched.');
    expect(text).toContain('Next stepsRe-run with ACTIONS_STEP_DEBUG.Read the lines above <line 9>.');
    expect(text).toContain('Also seenA step failed · runner/process-failed · log line 9');
    expect(renderMarkdown(diagnosis([]))).toContain('**No root cause found.** No known failure signature matched this log.');
  });

  it('puts notes in the footer', () => {
    const d = diagnosis([], { notes: ['The log contains bytes that are not valid UTF-8.'], stats: { bytes: 3 * 1024 * 1024, lines: 12345, ms: 9 } });
    expect(renderMarkdown(d)).toContain('<sub>The log contains bytes that are not valid UTF-8. · 12,345 lines (3.0 MiB) scanned</sub>');
  });

  it('with titlesOnly shows titles and links but no log text or captured values', () => {
    const d = podExistsDiagnosis();
    const md = renderMarkdown(d, { links, titlesOnly: true });
    const r = inspect(md);
    expect(r.links).toEqual([`${JOB}#step:2:7`]);
    expect(r.code).toEqual(['hook/job-pod-exists', 'runner/container-hook-failed', 'noise/buffer-deprecation']);
    expect(r.shape).not.toContain('fence');
    const text = visibleText(md);
    expect(text).toContain('Root cause: A workflow pod from an earlier run still exists');
    expect(text).toContain("Also recognised: The runner's container hook failed (runner/container-hook-failed)");
    expect(text).toContain("Log text is hidden by this repository's runner-doctor config");
    expect(md).not.toContain('arc-runner-x7k2p');
  });
});
