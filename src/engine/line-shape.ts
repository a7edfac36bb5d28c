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

const RUNNER_MARKER = /^##\[(?:error|warning|debug|notice)\]/;
const MARKERS = /^(?:##\[(?:error|warning|debug|notice)\])?\s*(?:(?:Error|Warning): ?)*/;
// `hook_test.go:88: ...`, `src/a.ts:12:3 - error`, markdown quotes, lists, tables, headings, code. A heading
// is `#` to `######` and a space: buildkit's own progress lines (`#3 ERROR: ...`) are the build's output.
const QUOTE = /^(?:[\w./\\@+-]+\.\w+:\d+(?::\d+)?\b|>|[-*+] |\d+[.)] |\||`|#{1,6}(?:\s|$)|\s)/;

/** The shape of a normalised line; `indent` is the whitespace that followed its timestamp. */
export function lineShape(text: string, indent: number, timestamped: boolean): LineShape {
  const messageStart = MARKERS.exec(text)![0].length;
  const errorLine = text.startsWith('##[error]') || (!timestamped && text.startsWith('Error: '));
  // A line the runner marked (`##[debug] ---> System.Exception`) is the runner's or the hook's,
  // whatever its indentation.
  const marked = RUNNER_MARKER.test(text);
  return { messageStart, errorLine, quoted: !marked && (indent > 0 || QUOTE.test(text.slice(messageStart))) };
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
