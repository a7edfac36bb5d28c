import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isJsWhitespace, lineShape } from '../../src/engine/line-shape.js';
import { splitLine } from '../../src/engine/normalize-line.js';
import { rng } from '../../scripts/bench-log.mjs';

// splitLine and lineShape run on every line that reaches the patterns, so they scan with offsets
// instead of regexes and slices. Their definitions are the regexes below (what the README and the
// catalog's `anchored:` describe); on many generated lines both must give the same.

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z(?: |$)/;
const RUNNER_MARKER = /^##\[(?:error|warning|debug|notice)\]/;
const MARKERS = /^(?:##\[(?:error|warning|debug|notice)\])?\s*(?:(?:Error|Warning): ?)*/;
const QUOTE = /^(?:[\w./\\@+-]+\.\w+:\d+(?::\d+)?\b|>|[-*+] |\d+[.)] |\||`|#{1,6}(?:\s|$)|\s)/;

function stripLeading(s: string): string {
  return s.replace(/^[\uFEFF \t\r]+/, '');
}

function splitLineByRegex(raw: string) {
  let s = raw;
  if (s.endsWith('\r')) s = s.slice(0, -1);
  if (s.includes('\u001b') || s.includes('\u009b')) s = stripVTControlCharacters(s);
  s = stripLeading(s);
  const m = TIMESTAMP.exec(s);
  if (!m) return { timestamp: null, text: s, indent: 0 };
  const rest = s.slice(m[0].length);
  const text = stripLeading(rest);
  const indent = rest.slice(0, rest.length - text.length).replace(/[^ \t]/g, '').length;
  return { timestamp: m[0].trimEnd(), text, indent };
}

function lineShapeByRegex(text: string, indent: number, timestamped: boolean) {
  const messageStart = MARKERS.exec(text)![0].length;
  const errorLine = text.startsWith('##[error]') || (!timestamped && text.startsWith('Error: '));
  const marked = RUNNER_MARKER.test(text);
  return { messageStart, errorLine, quoted: !marked && (indent > 0 || QUOTE.test(text.slice(messageStart))) };
}

const PIECES = [
  '', ' ', '  ', '\t', '\uFEFF', '\r', '\u00a0', '\u2003', '\u3000', '\u200b', '\u180e', '\n', '\u001b[31m',
  '2025-12-27T11:29:01', '2025-12-27T11:29:0', '2025-12-27 11:29:01', '.1234567', '.123456789', '.1234567890', '.',
  'Z', 'z', '##[error]', '##[warning]', '##[debug]', '##[notice]', '##[info]', '##[group]', '##[error', 'Error:',
  'Error: ', 'Warning:', 'Warning: ', 'error:', 'hook_test.go:88:', 'src/a.ts:12:3', 'a.go:1x', '> ', '>', '- ',
  '-x', '* ', '1. ', '12) ', '1.', '|', '`', '#', '### ', '####### ', '#3 ', 'sh: 1: jq: command not found', 'x',
];

/** Lines built of a lead, a timestamp (often a broken one), what follows it, and random pieces. */
function generated(count: number): string[] {
  const next = rng(13);
  const pick = (xs: readonly string[]) => xs[Math.floor(next() * xs.length)]!;
  const leads = ['', '', '\uFEFF', ' ', '\t', '\r', '\u001b[36;1m'];
  const stamps = ['', '2025-12-27T11:29:01', '2025-12-27T11:29:0', '2025-12-27 11:29:01', '2025-1x-27T11:29:01'];
  const fractions = ['', '.1234567', '.1', '.123456789', '.1234567890', '.', '.12a'];
  const zones = ['Z', 'Z', 'z', ''];
  const after = ['', ' ', '  ', '\t', ' \uFEFF', 'x', '\r'];
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = pick(leads) + pick(stamps) + pick(fractions) + pick(zones) + pick(after);
    const n = Math.floor(next() * 5);
    for (let k = 0; k < n; k++) s += pick(PIECES);
    out.push(s);
  }
  return out;
}

describe('splitLine and lineShape without regexes', () => {
  const lines = [
    '2025-12-27T11:29:01.1234567Z ##[error]Error: Error:boom',
    '\uFEFF2025-12-27T11:29:01Z \t \uFEFF  indented',
    '2025-12-27T11:29:01.1234567Z',
    '2025-12-27T11:29:01.1234567890Z too many digits',
    '2025-12-27T11:29:01.Z no digits',
    ...generated(30_000),
  ];

  it('split every line as the timestamp regex does', () => {
    for (const raw of lines) expect(splitLine(raw), JSON.stringify(raw)).toEqual(splitLineByRegex(raw));
  });

  it('shape every line as the marker and quote regexes do', () => {
    for (const raw of lines) {
      const { timestamp, text, indent } = splitLineByRegex(raw);
      for (const [ind, stamped] of [[indent, timestamp !== null], [0, false]] as const) {
        expect(lineShape(text, ind, stamped), JSON.stringify(raw)).toEqual(lineShapeByRegex(text, ind, stamped));
      }
    }
  });

  it('know the whitespace of `\\s`, every UTF-16 unit of it', () => {
    for (let c = 0; c <= 0xffff; c++) expect(isJsWhitespace(c), c.toString(16)).toBe(/\s/.test(String.fromCharCode(c)));
  });
});
