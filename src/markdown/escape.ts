/**
 * Untrusted text (log lines, workflow, job and step names, config keys) into GitHub markdown that
 * renders as exactly that text: no markup, no HTML, no link, no @mention, no #123 back-reference.
 * Everything that reaches a comment goes through `plainText`, `codeSpan` or `codeFence`.
 */
import { redact } from './redact.js';
import { clip, normalizeLineBreaks, oneLine, showControlChars } from './text-hygiene.js';

const ZWSP = '\u200b';

/**
 * ASCII punctuation that starts markup somewhere in CommonMark or GitHub's extensions: emphasis,
 * code, links, images, HTML and entities, tables, strikethrough, math, footnotes. CommonMark renders
 * any backslash-escaped ASCII punctuation as the character itself.
 */
const INLINE_SPECIAL = /[\\`*_[\]<>!&|~$#]/g;

/**
 * What GitHub links in plain text, broken by a zero-width space it does not link across:
 * `@user` and `@org/team` (and e-mail addresses), `#123` and `owner/repo#123`, `GH-123`,
 * `scheme://` and `www.` URLs.
 */
const AUTOLINKS = /(@)|(\\#)(?=\d)|\b(GH-)(?=\d)|(:)(?=\/\/)|\b(www)(?=\.)/gi;

/** Block markers that only count at the start of a line: lists, quotes, headings, setext underlines. */
const BLOCK_START = /^(?:([-+=>])|(\d{1,9})([.)]))/;

/**
 * Text as literal inline markdown, on one line: controls made visible, line breaks folded, secrets
 * redacted, markup escaped and autolinks broken. Safe at the start of a line and inside link text.
 * `maxChars` clips after redaction (a cut token cannot escape it) and before escaping (a cut cannot
 * leave a lone `\`).
 */
export function plainText(text: string, maxChars = Infinity): string {
  return escapeBlockStart(escapeInline(clip(redact(oneLine(text)), maxChars).trimStart()));
}

/**
 * Escapes markdown in text that is already one line and redacted. A `\` is added before markup
 * characters and a zero-width space after `@`, before the digits of `#12` and `GH-12`, and inside
 * `://` and `www.`; nothing else changes, so the rendered text reads as written.
 */
export function escapeInline(text: string): string {
  const escaped = text
    .replace(INLINE_SPECIAL, '\\$&')
    .replace(AUTOLINKS, (m: string, at?: string, hash?: string, gh?: string, colon?: string, www?: string) =>
      at ? `@${ZWSP}` : hash ? `\\#${ZWSP}` : gh ? `${gh}${ZWSP}` : colon ? `:${ZWSP}` : www ? `${www}${ZWSP}` : m,
    );
  return escaped;
}

/**
 * Escapes what would start a block at the beginning of a line of already escaped inline text: a
 * list, quote or setext marker, `1.`; leading blanks are dropped (four would start a code block).
 */
export function escapeBlockStart(line: string): string {
  return line
    .trimStart()
    .replace(BLOCK_START, (_m, mark?: string, digits?: string, delim?: string) =>
      mark ? `\\${mark}` : `${digits}\\${delim}`,
    );
}

/**
 * Text as a code span: shown literally, never linked. The fence is one backtick longer than the longest
 * run inside (CommonMark pairs runs of equal length only), and a space pads text that starts or ends
 * with a backtick or a space, which CommonMark would otherwise eat.
 */
export function codeSpan(text: string): string {
  const body = redact(oneLine(text));
  if (body === '') return '';
  const fence = '`'.repeat(longestRun(body) + 1);
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Languages GitHub renders as something other than code (diagrams, maps, math, 3-D models). */
const RICH_LANGUAGES = new Set(['mermaid', 'math', 'geojson', 'topojson', 'stl', 'plantuml']);

/**
 * Text in a fenced code block whose fence is longer than any backtick run inside it, so the text can
 * never close the block early. Secrets are redacted, controls made visible, every line break kind
 * becomes `\n`; mentions stay as written (GitHub does not link inside code), so commands can be copied.
 * `redact: false` is for text built from the repository's own files (a diff), which must stay exact.
 */
export function codeFence(text: string, lang = '', opts: { redact?: boolean } = {}): string {
  const visible = showControlChars(normalizeLineBreaks(text));
  const body = (opts.redact === false ? visible : redact(visible)).replace(/\n$/, '');
  const fence = '`'.repeat(Math.max(3, longestRun(body) + 1));
  const info = lang.toLowerCase().replace(/[^a-z0-9+.-]/g, '');
  return `${fence}${RICH_LANGUAGES.has(info) ? 'text' : info}\n${body}\n${fence}`;
}

/**
 * A URL for a markdown link destination: http(s) only (anything else becomes `#`), normalised by the
 * WHATWG parser (which percent-encodes spaces, quotes and angle brackets), with parentheses and
 * backticks encoded too (they could end the destination or open a code span).
 */
export function safeUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '#';
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return '#';
  return parsed.href.replace(/[()`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A markdown link whose text is untrusted: the text escaped, the URL checked. */
export function link(text: string, url: string, maxChars = Infinity): string {
  return `[${plainText(text, maxChars)}](${safeUrl(url)})`;
}

function longestRun(text: string): number {
  let longest = 0;
  for (const run of text.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  return longest;
}
