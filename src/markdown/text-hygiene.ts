/**
 * Characters that change how text looks rather than what it says: terminal escape sequences,
 * control characters, bidi overrides and the many kinds of line break. Log lines and names come
 * from whoever ran the job, so both renderers (markdown and terminal) pass them through here.
 */
import { stripVTControlCharacters } from 'node:util';

/**
 * Every line-break kind a renderer may honour: CRLF, CR, LF, NEL, VT, FF and the Unicode line and
 * paragraph separators. CommonMark ends a line at a bare CR, so a CR in a job name could start a heading.
 */
const LINE_BREAKS = /\r\n|[\n\r\v\f\u0085\u2028\u2029]/g;

/**
 * Control and format characters that are invisible or act on the terminal: C0 (but tab and the line
 * breaks handled above), DEL, C1, and the bidi marks, embeddings, overrides and isolates that can
 * make text read in another order than it is (U+061C, U+200E/F, U+202A-E, U+2066-9).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Replaces line breaks of every kind with `replacement` (a space folds text to one line). */
export function foldLineBreaks(text: string, replacement = ' '): string {
  return text.replace(LINE_BREAKS, replacement);
}

/** CRLF, CR, NEL, VT, FF, U+2028/9 become LF: one line-break kind for text that keeps its lines. */
export function normalizeLineBreaks(text: string): string {
  return text.replace(LINE_BREAKS, '\n');
}

/**
 * Removes terminal escape sequences (colours, cursor moves, OSC-8 hyperlinks) and makes the
 * remaining control characters visible: C0 as their Unicode control pictures (NUL as ␀, ESC as ␛),
 * the others as `<U+202E>`. Shown, not dropped, because they are often the clue (a stray BOM-like
 * byte or an escape code in a file name) and dropping them could join two halves into something else.
 */
export function showControlChars(text: string): string {
  return stripVTControlCharacters(text).replace(INVISIBLE, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `<U+${code.toString(16).toUpperCase().padStart(4, '0')}>`;
  });
}

/** One line of untrusted text, safe to show anywhere: escapes removed, controls visible, breaks folded. */
export function oneLine(text: string): string {
  return showControlChars(foldLineBreaks(text));
}

/** Cuts text to at most `max` characters, ending in `…` when cut, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end--;
  return `${text.slice(0, end)}…`;
}
