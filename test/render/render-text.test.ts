import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderText } from '../../src/render/render-text.js';
import { diagnosis, evidence, finding, podExistsDiagnosis } from '../comment/make-diagnosis.js';

const EXPLANATION =
  'The Kubernetes API refused to create the job pod with 409 AlreadyExists: a pod with that name\n' +
  'is still there. The hook names the job pod after the runner pod, so the name is the same every\n' +
  'time this runner pod runs a job.\n\n' +
  '1. **The pod is terminating.** A finalizer holds it; the next create collides with it again.\n' +
  '2. **The pod lost its label.** The hook deletes pods by label only.';

function withExplanation(): ReturnType<typeof podExistsDiagnosis> {
  const d = podExistsDiagnosis();
  d.rootCause!.explanation = EXPLANATION;
  return d;
}

/** The explanation's lines as printed: from the first line of its text to the fix. */
function explanationLines(out: string): string[] {
  const lines = out.split('\n');
  const start = lines.findIndex((l) => l.includes('The Kubernetes API refused'));
  const end = lines.findIndex((l) => l.includes('Fix:'));
  return lines.slice(start, end).filter((l) => l.trim() !== '');
}

describe('renderText', () => {
  it('wraps the explanation to the width it is given, not to the catalog file', () => {
    for (const width of [50, 80, 120]) {
      const lines = explanationLines(renderText(withExplanation(), { width }));
      expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(width);
      // Filled: a line breaks only where the next word would not fit.
      lines.forEach((l, i) => {
        const next = lines[i + 1];
        if (next && !/^\s*\d\./.test(next)) {
          expect(l.length + 1 + next.trim().split(' ')[0]!.length).toBeGreaterThan(width);
        }
      });
    }
    const wide = explanationLines(renderText(withExplanation(), { width: 300 }));
    // Paragraph, then two list items, each on one line at 300 columns.
    expect(wide).toHaveLength(3);
    expect(wide[1]).toMatch(/^ {2}1\. \*\*The pod is terminating/);
    const narrow = explanationLines(renderText(withExplanation(), { width: 50 }));
    // List items continue under their text, not under the number.
    const item = narrow.findIndex((l) => l.startsWith('  1. '));
    expect(narrow[item + 1]).toMatch(/^ {5}\S/);
  });

  it('colours with styleText only when asked, and the text is the same either way', () => {
    const plain = renderText(podExistsDiagnosis(), { color: false });
    const colored = renderText(podExistsDiagnosis(), { color: true });
    expect(plain).not.toContain('\u001b[');
    expect(colored).toContain('\u001b[1m\u001b[31mROOT CAUSE');
    expect(stripVTControlCharacters(colored)).toBe(plain);
  });

  it('never lets log text drive the terminal: escapes removed, controls visible, line breaks folded', () => {
    const evil = 'boom\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007 \u001b[2J\u001b[H bell\u0007\u202Etxt\rFAKE LINE';
    const d = diagnosis([
      finding({ id: 'a/b', title: `T\u001b]0;retitled\u0007`, role: 'root-cause', explanation: 'e', evidence: [evidence({ line: 1, step: 'S\u0000', text: evil })] }),
    ]);
    const out = renderText(d, { color: false });
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202e]/);
    expect(out).toContain('line 1 (S␀): boomclick  bell␇<U+202E>txt FAKE LINE');
    expect(out).toContain('ROOT CAUSE: T [a/b]');
  });

  it('keeps commands and diffs unwrapped, so they can be copied', () => {
    const d = podExistsDiagnosis();
    const long = `kubectl delete pod ${'x'.repeat(120)} -n ns`;
    d.rootCause!.fix!.commands = [long];
    expect(renderText(d, { width: 60 })).toContain(`    $ ${long}\n`);
  });
});
