import { describe, expect, it } from 'vitest';
import { codeFence, codeSpan, link, plainText, safeUrl } from '../../src/markdown/escape.js';
import { redact } from '../../src/markdown/redact.js';
import { oneLine } from '../../src/markdown/text-hygiene.js';
import { autolinkable, inspect, visibleText } from './github-render.js';
import { nastyInputs } from './nasty-inputs.js';

const INPUTS = nastyInputs();
/** Inputs that still show something (a lone escape sequence is removed entirely). */
const VISIBLE = INPUTS.filter((s) => oneLine(s).trim() !== '');
const JOB_URL = 'https://github.com/o/r/actions/runs/1/job/2';

/** The places a name goes in a comment: mid-line, at the start of a line, in a list, quote, heading, link. */
const CONTEXTS: [string, (s: string) => string][] = [
  ['mid-line', (s) => `Job ${plainText(s)} failed`],
  ['line start', (s) => `${plainText(s)}\n\nnext paragraph`],
  ['list item', (s) => `- ${plainText(s)}\n- second`],
  ['quote', (s) => `> ${plainText(s)}`],
  ['heading', (s) => `#### ❌ ${plainText(s)}`],
  ['link text', (s) => `#### ❌ ${link(s, JOB_URL)}`],
  ['bold', (s) => `❌ **${plainText(s)}** failed`],
];

describe('plainText: untrusted text renders as itself, with nothing live', () => {
  it.each(CONTEXTS)('%s: the document keeps its shape; no HTML, image, extra link, mention, reference or URL', (_n, put) => {
    const benign = inspect(put('x'));
    for (const s of VISIBLE) {
      const r = inspect(put(s));
      expect({ s, shape: r.shape }).toEqual({ s, shape: benign.shape });
      expect(r.images).toBe(0);
      expect(r.html).toEqual([]);
      expect(r.links.filter((l) => l !== JOB_URL)).toEqual([]);
      for (const text of [...r.texts, r.texts.join('')]) expect({ s, text, hit: autolinkable(text) }).toEqual({ s, text, hit: undefined });
    }
  });

  it('shows exactly the text (redacted, on one line, controls visible) once rendered', () => {
    for (const s of INPUTS) {
      const want = redact(oneLine(s)).trim();
      expect({ s, seen: visibleText(`Job ${plainText(s)}`) }).toEqual({ s, seen: `Job ${want}`.trim() });
    }
  });

  it('folds every line-break kind, so a bare CR in a job name cannot start a heading', () => {
    for (const br of ['\r', '\n', '\r\n', '\u2028', '\u2029', '\u0085', '\v', '\f']) {
      const r = inspect(`### ❌ ${plainText(`build${br}# owned${br}${br}<img src=x>`)}`);
      expect(r.headings).toEqual(['❌ build # owned  <img src=x>']);
      expect(r.html).toEqual([]);
    }
  });

  it('keeps ordinary names readable in the markdown source too', () => {
    expect(plainText('build (ubuntu-latest, 20)')).toBe('build (ubuntu-latest, 20)');
    expect(plainText('Tests')).toBe('Tests');
  });

  it('clips after redacting, so a cut never shows part of a token or leaves a lone backslash', () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    expect(visibleText(plainText(`deploy ${token}`, 14))).toBe('deploy [REDAC…');
    // `*x*` after the cut is still emphasis: the clipped text did not end in an escaping backslash.
    expect(inspect(`${plainText('a\\\\\\\\\\', 3)}*x*`).shape).toContain('em_open:em');
  });
});

describe('codeSpan', () => {
  it('shows any text literally as code, whatever backticks and spaces it holds', () => {
    for (const s of [...VISIBLE, ' lead', 'trail ', ' both ', '`', '`x', 'x`', '`` ` ```']) {
      const want = redact(oneLine(s));
      if (want.trim() === '') continue;
      const r = inspect(`see ${codeSpan(s)} here`);
      expect({ s, shape: r.shape }).toEqual({ s, shape: ['paragraph_open:p', 'text', 'code_inline', 'text', 'paragraph_close'] });
      expect({ s, code: r.code }).toEqual({ s, code: [want] });
    }
  });
});

describe('codeFence', () => {
  it('keeps any text inside one code block, line breaks normalised and controls visible', () => {
    for (const s of [...INPUTS, 'a\n```\nb', '~~~\nx', '````` \n``` x']) {
      const r = inspect(`${codeFence(s, 'text')}\n\nafter`);
      expect({ s, shape: r.shape }).toEqual({ s, shape: ['fence', 'paragraph_open:p', 'text', 'paragraph_close'] });
      const want = redact(oneLineBreaks(s)).replace(/\n$/, '');
      expect({ s, code: r.code }).toEqual({ s, code: [`${want}\n`] });
    }
  });

  it('redacts secrets but keeps mentions as written (GitHub does not ping in code)', () => {
    const token = 'ghs_' + 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';
    expect(inspect(codeFence(`npm i @actions/core ${token}`, 'sh')).code).toEqual(['npm i @actions/core [REDACTED]\n']);
  });

  it('keeps a diff exact when told it comes from the repository', () => {
    const diff = '-password: hunter22\n+password: ${{ secrets.DB }}\n';
    expect(inspect(codeFence(diff, 'diff', { redact: false })).code).toEqual([diff]);
  });

  it('renders languages GitHub would draw (mermaid, math) as text, and drops odd characters', () => {
    expect(codeFence('graph TD; A-->B', 'mermaid')).toMatch(/^```text\n/);
    expect(inspect(codeFence('x', 'sh\n# x')).shape).toEqual(['fence']);
  });
});

describe('safeUrl', () => {
  it('keeps http(s) URLs and refuses every other scheme', () => {
    expect(safeUrl(JOB_URL)).toBe(JOB_URL);
    for (const bad of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', 'data:text/html,x', 'vbscript:x', '//evil', 'not a url']) {
      expect(safeUrl(bad)).toBe('#');
    }
  });

  it('encodes what could end the link early or open a code span', () => {
    const md = `[run](${safeUrl('https://x.example/a b)(c`d"e<f>')}) after`;
    const r = inspect(md);
    expect(r.links).toEqual(['https://x.example/a%20b%29%28c%60d%22e%3Cf%3E']);
    expect(visibleText(md)).toBe('run after');
  });
});

function oneLineBreaks(s: string): string {
  // What codeFence promises: every line-break kind is LF, controls are visible, nothing else changes.
  return oneLine(s.replace(/\r\n|[\n\r\v\f\u0085\u2028\u2029]/g, '\u0000LF\u0000')).replace(/␀LF␀/g, '\n');
}
