import { describe, expect, it } from 'vitest';
import { prose, proseLine, unwrap } from '../../src/markdown/prose.js';
import { autolinkable, inspect, visibleText } from './github-render.js';
import { nastyInputs } from './nasty-inputs.js';

const TOKEN = 'ghs_' + 'Zy9Xw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';

describe('prose: catalog text with captured values', () => {
  it('keeps code spans, bold and list markers; shows `<placeholders>` instead of dropping them as tags', () => {
    const md = prose('1. **Check** pod <runner>-workflow with `kubectl get pod <name>`\n2. then *delete* it');
    const r = inspect(md);
    expect(r.shape).toEqual([
      'ordered_list_open:ol',
      'list_item_open:li',
      'paragraph_open:p',
      'text',
      'code_inline',
      'paragraph_close',
      'list_item_close',
      'list_item_open:li',
      'paragraph_open:p',
      'text',
      'paragraph_close',
      'list_item_close',
      'ordered_list_close',
    ]);
    expect(r.code).toEqual(['kubectl get pod <name>']);
    expect(visibleText(md)).toBe('Check pod <runner>-workflow with kubectl get pod <name>then *delete* it');
  });

  it('redacts secrets everywhere but neutralises mentions only outside code spans', () => {
    const md = proseLine(`ask @octocat; \`npm i @actions/core ${TOKEN}\``);
    const r = inspect(md);
    expect(r.code).toEqual(['npm i @actions/core [REDACTED]']);
    expect(autolinkable(r.texts.join(''))).toBeUndefined();
    expect(visibleText(md)).toBe('ask @octocat; npm i @actions/core [REDACTED]');
  });

  it('pairs backtick runs as CommonMark does: only runs of equal length close each other', () => {
    // The old splitter paired ` with ``, so "@team" below was treated as code and left live.
    const md = proseLine('a ` b `` @org/team #12 <img src=x> `` c');
    const r = inspect(md);
    expect(r.code).toEqual(['@org/team #12 <img src=x>']);
    expect(r.html).toEqual([]);
    expect(visibleText(md)).toBe('a ` b @org/team #12 <img src=x> c');
  });

  it('captured values, wherever the catalog puts them, add no HTML, link, image, heading or mention', () => {
    const templates = (v: string) => [
      `The pod \`${v}\` already exists.`,
      `Exit code ${v}; see the log.`,
      `1. **Delete ${v}** then\n2. re-run \`kubectl delete pod ${v}\``,
    ];
    const benign = templates('x').map((t) => inspect(prose(t)).shape);
    for (const v of nastyInputs(200).filter((s) => !/[\n\r]/.test(s))) {
      templates(v).forEach((t, i) => {
        const r = inspect(prose(t));
        expect({ v, shape: r.shape.filter((s) => s !== 'code_inline' && s !== 'text') }).toEqual({
          v,
          shape: benign[i]!.filter((s) => s !== 'code_inline' && s !== 'text'),
        });
        expect(r.images + r.html.length + r.links.length + r.headings.length).toBe(0);
        for (const text of r.texts) expect({ v, text, hit: autolinkable(text) }).toEqual({ v, text, hit: undefined });
      });
    }
  });

  it('proseLine folds every line-break kind so text cannot start a heading or a list', () => {
    const md = proseLine('first\n# not a heading\r- not a list\u2028> nor a quote');
    expect(inspect(md).shape).toEqual(['paragraph_open:p', 'text', 'paragraph_close']);
    expect(visibleText(md)).toBe('first # not a heading - not a list > nor a quote');
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
