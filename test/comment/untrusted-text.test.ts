import { describe, expect, it } from 'vitest';
import { mergeSection } from '../../src/comment/merge.js';
import type { RunSection } from '../../src/comment/model.js';
import { renderMarkdown } from '../../src/render/render-markdown.js';
import { redact } from '../../src/markdown/redact.js';
import { oneLine } from '../../src/markdown/text-hygiene.js';
import { autolinkable, inspect } from '../markdown/github-render.js';
import { nastyInputs } from '../markdown/nasty-inputs.js';
import { diagnosis, evidence, finding } from './make-diagnosis.js';

const RUN = 'https://github.com/o/r/actions/runs/5';

/**
 * A comment in which every field an outsider writes holds `v`: the workflow, job and step names, the
 * log line, a captured value in the catalog text, a repository signature's id, title and reference,
 * probe output, notes and config errors.
 */
function commentWith(v: string): string {
  // A captured value comes from one log line, which the engine split at LF; any other break stays in it.
  const cap = v.replace(/\n/g, ' ');
  const root = finding({
    id: `team/${v}`,
    title: `Pod ${v} exists`,
    role: 'root-cause',
    evidence: [evidence({ line: 3, step: `Step ${v}`, stepNumber: 2, stepLine: 3, text: `error: ${v}` })],
    explanation: `The pod \`${cap}\` is left over (${cap}).\n\n1. **Check** ${cap}\n2. Delete \`${cap}\``,
    fix: {
      summary: `Delete ${v}`,
      steps: [`Run \`kubectl delete pod ${v}\``],
      commands: [`kubectl delete pod ${v}`],
      diff: null,
      files: [`deploy/${v}.yaml`],
      snippets: [{ title: `Snippet ${v}`, language: 'yaml', body: `name: ${v}` }],
    },
    references: ['https://example.com/doc'],
  });
  const symptom = finding({
    id: `sym/${v}`,
    title: `Symptom ${v}`,
    role: 'symptom',
    evidence: [evidence({ line: 4, step: `Step ${v}`, text: v })],
  });
  const noise = finding({ id: `noise/${v}`, title: v, role: 'noise', explanation: `${cap}. Harmless.`, evidence: [] });
  const d = diagnosis([root, symptom, noise], { notes: [`Note ${v}`] });
  const section: RunSection = {
    workflowKey: '.github/workflows/ci.yml',
    workflowName: `CI ${v}`,
    runId: 5,
    runAttempt: 1,
    runUrl: RUN,
    headSha: 'abcdef1234567890abcdef1234567890abcdef12',
    status: 'failed',
    completedAt: '2026-11-28T10:00:00Z',
    jobs: [
      {
        jobId: 9,
        name: `build ${v}`,
        htmlUrl: `${RUN}/job/9`,
        diagnosis: d,
        error: null,
        probeLines: [`- pod \`${v}\` is ${v}`],
        probeSnippets: [{ title: `Rules ${v}`, language: 'yaml', body: v }],
      },
      { jobId: 10, name: `lint ${v}`, htmlUrl: `${RUN}/job/10`, diagnosis: null, error: `HTTP 500 ${v}` },
    ],
    notes: [`Section note ${v}`],
  };
  return mergeSection(null, section, { configErrors: [`.github/runner-doctor.yml: ${v}: unknown setting`] }).body;
}

/**
 * The comment as GitHub would render it, with the section marker's JSON checked and then set aside:
 * the marker is one HTML comment whose JSON carries the workflow name exactly.
 */
function rendered(v: string) {
  const r = inspect(commentWith(v));
  const marker = (s: string) => {
    const m = /^(html_block )?<!-- runner-doctor:section (\{.*\}) -->\n?$/s.exec(s);
    if (!m) return s;
    expect((JSON.parse(m[2]!) as { workflowName: string }).workflowName).toBe(redact(oneLine(`CI ${v}`)));
    return `${m[1] ?? ''}<!-- runner-doctor:section {...} -->`;
  };
  return { ...r, shape: r.shape.map(marker), html: r.html.map(marker) };
}

describe('the comment with untrusted text in every field', () => {
  const benign = rendered('x');

  it('keeps its shape: the text changes no heading, list, link, image or HTML', () => {
    // A backtick in a captured value may move where a catalog code span ends (still code or text):
    // text runs and code spans are left out of the comparison; the plainText tests pin names exactly.
    const blocks = (shape: string[]) => shape.filter((s) => s !== 'text' && s !== 'code_inline');
    for (const v of nastyInputs(150)) {
      expect({ v, shape: blocks(rendered(v).shape) }).toEqual({ v, shape: blocks(benign.shape) });
    }
  });

  it('links only where runner-doctor links, shows no mention, reference or URL, and keeps secrets out', () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    for (const v of [...nastyInputs(150), `x_${token}`]) {
      const body = commentWith(v);
      const r = rendered(v);
      expect(r.images).toBe(0);
      expect(r.html).toEqual(benign.html);
      expect(r.links.every((l) => l.startsWith(RUN) || l === 'https://example.com/doc')).toBe(true);
      for (const text of r.texts) expect({ v, text, hit: autolinkable(text) }).toEqual({ v, text, hit: undefined });
      expect(body).not.toContain(token);
    }
  });

  it('a repository signature cannot link anywhere but http(s)', () => {
    const root = finding({ id: 'team/x', title: 'T', role: 'root-cause', explanation: 'e', references: ['javascript:alert(1)'] });
    expect(inspect(renderMarkdown(diagnosis([root]))).links).toEqual(['#']);
  });
});
