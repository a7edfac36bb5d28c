import type { Anchored } from '../model/catalog.js';

/** What a line looks like to the `anchored:` check: where its message starts, whether it is an error or a quote. */
export interface LineShape {
  /** Offset in the text where the message starts (after `##[error]`-style markers and `Error: ` prefixes). */
  messageStart: number;
  /** A line the runner marks as an error (`##[error]`; a pasted line without a timestamp: `Error: `). */
  errorLine: boolean;
  /** Text a process printed as a quote: indented, after a `file.go:88:` prefix, or markdown (never a marked line). */
  quoted: boolean;
}

// `hook_test.go:88: ...`, `src/a.ts:12:3 - error`, markdown quotes, lists, tables, headings, code. A heading
// is `#` to `######` and a space: buildkit's own progress lines (`#3 ERROR: ...`) are the build's output.
// Sticky, tried where the message starts (no slice of the line per line).
const QUOTE = /(?:[\w./\\@+-]+\.\w+:\d+(?::\d+)?\b|>|[-*+] |\d+[.)] |\||`|#{1,6}(?:\s|$)|\s)/y;
const RUNNER_LEVELS = ['error', 'warning', 'debug', 'notice'];

/** The shape of a normalised line; `indent` is the whitespace that followed its timestamp. */
export function lineShape(text: string, indent: number, timestamped: boolean): LineShape {
  const marker = runnerMarkerLength(text);
  const messageStart = messageStartAfter(text, marker);
  const errorLine = text.startsWith('##[error]') || (!timestamped && text.startsWith('Error: '));
  // A line the runner marked (`##[debug] ---> System.Exception`) is the runner's or the hook's,
  // whatever its indentation.
  const marked = marker > 0;
  return { messageStart, errorLine, quoted: !marked && (indent > 0 || quotedAt(text, messageStart)) };
}

/** Length of the `##[error]`-style marker the line starts with (`^##\[(?:error|warning|debug|notice)\]`), or 0. */
function runnerMarkerLength(text: string): number {
  if (!text.startsWith('##[')) return 0;
  for (const level of RUNNER_LEVELS) {
    if (text.startsWith(level, 3) && text.charCodeAt(3 + level.length) === 0x5d /* ] */) return 4 + level.length;
  }
  return 0;
}

/**
 * Where the message starts after the marker: what `^(?:##\[...\])?\s*(?:(?:Error|Warning): ?)*` matches,
 * without a regex and its match array per line (every quantifier is greedy and nothing follows, so
 * taking each as far as it goes is the match).
 */
function messageStartAfter(text: string, marker: number): number {
  let i = marker;
  while (i < text.length && isJsWhitespace(text.charCodeAt(i))) i++;
  for (;;) {
    if (text.startsWith('Error:', i)) i += 6;
    else if (text.startsWith('Warning:', i)) i += 8;
    else return i;
    if (text.charCodeAt(i) === 0x20) i++;
  }
}

function quotedAt(text: string, at: number): boolean {
  QUOTE.lastIndex = at;
  return QUOTE.test(text);
}

/** What `\s` matches in a JavaScript regex: WhiteSpace (Zs included) and LineTerminator. */
export function isJsWhitespace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** True when a match starting at `start` may count on a line of this shape. */
export function anchorHolds(anchored: Anchored | undefined, shape: LineShape, start: number): boolean {
  switch (anchored ?? 'any') {
    case 'any':
      return true;
    case 'error':
      return shape.errorLine;
    case 'message':
      return !shape.quoted;
    case 'start':
      return !shape.quoted && start === shape.messageStart;
  }
}
