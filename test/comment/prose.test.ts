import { describe, expect, it } from 'vitest';
import { prose, proseLine, unwrap } from '../../src/comment/prose.js';

describe('prose', () => {
  it('escapes `<` outside code spans so GitHub does not swallow it as a tag, and keeps code spans exact', () => {
    expect(prose('pod <runner>-workflow, see `kubectl get pod <name>`')).toBe('pod &lt;runner>-workflow, see `kubectl get pod <name>`');
    expect(prose('<details><summary>x</summary>')).toBe('&lt;details>&lt;summary>x&lt;/summary>');
  });

  it('redacts secrets everywhere but neutralises mentions only outside code spans', () => {
    const token = 'ghs_' + 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';
    expect(prose(`ask @octocat; \`npm i @actions/core ${token}\``)).toBe('ask @\u200boctocat; `npm i @actions/core [REDACTED]`');
  });

  it('proseLine folds newlines so log text cannot start a heading or a list', () => {
    expect(proseLine('first\n# not a heading\r\n- not a list')).toBe('first # not a heading - not a list');
  });
});

describe('unwrap', () => {
  it('joins the hard-wrapped lines of a paragraph, since GitHub shows each newline in a comment', () => {
    expect(unwrap('The API refused\nthe pod.\n\nSecond\nparagraph.')).toBe('The API refused the pod.\n\nSecond paragraph.');
  });

  it('keeps lists, quotes, tables, headings, hard breaks and code blocks as written', () => {
    const text = 'Intro:\n- one\n- two\n  continued\n> quote\n| a | b |\n# h\nhard break  \nnext\n```sh\nline 1\nline 2\n```\nafter';
    expect(unwrap(text)).toBe(
      'Intro:\n- one\n- two continued\n> quote\n| a | b |\n# h\nhard break  \nnext\n```sh\nline 1\nline 2\n```\nafter',
    );
  });
});
