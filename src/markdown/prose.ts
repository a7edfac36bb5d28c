/**
 * Catalog text (titles, explanations, fix steps) as GitHub markdown. It is written by the catalog's
 * authors but carries captured log values (`{image}` filled in), so it is treated as untrusted:
 * only code spans, `**bold**` and list markers at the start of a line keep their meaning; every other
 * character is escaped as in plainText. A captured value can shift where a code span ends, but what
 * renders is still only code or literal text.
 */
import { redact } from './redact.js';
import { escapeBlockStart, escapeInline } from './escape.js';
import { clip, foldLineBreaks, showControlChars } from './text-hygiene.js';

/**
 * Multi-line prose: paragraphs and lists keep their lines. Only LF (and CRLF) separate lines, as in the
 * catalog's YAML; other breaks (a CR or U+2028 in a captured value) fold to spaces.
 */
export function prose(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => proseInline(foldLineBreaks(line), true))
    .join('\n');
}

/** One line of prose: line breaks folded, so the text cannot start a heading, list or table row. */
export function proseLine(text: string, maxChars = Infinity): string {
  return proseInline(foldLineBreaks(text), false, maxChars);
}

const LIST_MARKER = /^(\s{0,3}(?:[-*+]|\d{1,9}[.)]) )/;

function proseInline(line: string, keepListMarker: boolean, maxChars = Infinity): string {
  const clean = clip(redact(showControlChars(line)), maxChars);
  const marker = keepListMarker ? (LIST_MARKER.exec(clean)?.[1] ?? '') : '';
  return marker + escapeBlockStart(escapeProse(clean.slice(marker.length)));
}

/**
 * Splits a line into code spans and text the way CommonMark does (a run of n backticks is closed
 * only by the next run of exactly n; an unclosed run is literal) and rebuilds it: code spans
 * re-fenced, text escaped with `**` left alone. Linear: each run is looked at a fixed number of times.
 */
function escapeProse(line: string): string {
  const runs = [...line.matchAll(/`+/g)].map((m) => ({ start: m.index, len: m[0].length }));
  // For each run length, the runs of that length in order, and how far the search for a closer got.
  const byLength = new Map<number, number[]>();
  runs.forEach((r, k) => {
    const list = byLength.get(r.len);
    if (list) list.push(k);
    else byLength.set(r.len, [k]);
  });
  const next = new Map<number, number>();
  let out = '';
  let text = '';
  let pos = 0;
  for (let k = 0; k < runs.length; k++) {
    const open = runs[k]!;
    if (open.start < pos) continue;
    const same = byLength.get(open.len)!;
    let j = next.get(open.len) ?? 0;
    while (j < same.length && same[j]! <= k) j++;
    next.set(open.len, j);
    if (j === same.length) continue;
    const close = runs[same[j]!]!;
    text += line.slice(pos, open.start);
    out += escapeText(text) + refence(line.slice(open.start + open.len, close.start));
    text = '';
    pos = close.start + close.len;
  }
  return out + escapeText(text + line.slice(pos));
}

function escapeText(text: string): string {
  return text
    .split('**')
    .map((part) => escapeInline(part))
    .join('**');
}

/** A code span's content (as CommonMark would show it) in a fence of the right length. */
function refence(raw: string): string {
  // CommonMark strips one space from each side when both are there and the content is not all spaces.
  const strip = raw.length >= 2 && raw.startsWith(' ') && raw.endsWith(' ') && raw.trim() !== '';
  const content = strip ? raw.slice(1, -1) : raw;
  if (content === '') return '';
  let longest = 0;
  for (const run of content.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/**
 * Joins hard-wrapped lines of a paragraph: GitHub renders every newline in a comment as a line
 * break, so catalog text wrapped at 100 columns would show ragged. Lists, quotes, tables, headings
 * and code blocks keep their lines.
 */
export function unwrap(text: string): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of text.split('\n')) {
    const fence = /^\s*(```|~~~)/.test(line);
    const prev = out[out.length - 1];
    const joinable =
      !inFence &&
      !fence &&
      prev !== undefined &&
      prev.trim() !== '' &&
      line.trim() !== '' &&
      !/^\s*(?:[-*+]\s|\d+[.)]\s|>|\||#)/.test(line) &&
      !/^\s*(```|~~~|#|\|)/.test(prev) &&
      !prev.endsWith('  ');
    if (joinable) out[out.length - 1] = `${prev.trimEnd()} ${line.trimStart()}`;
    else out.push(line);
    if (fence) inFence = !inFence;
  }
  return out.join('\n');
}
