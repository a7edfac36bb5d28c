/**
 * Turns one raw job-log line into what people see and what catalog patterns match against:
 * no UTF-8 BOM, no `2025-12-27T11:29:01.1234567Z ` timestamp, no ANSI colour codes, no CR and no
 * leading whitespace (pasted logs). `##[error]`-style markers are kept.
 */
import { stripVTControlCharacters } from 'node:util';

export interface SplitLine {
  /** The timestamp prefix, when the line had one. */
  timestamp: string | null;
  /** The normalised text. */
  text: string;
  /** Whitespace that stood between the timestamp and the text (a process's indentation; 0 without a timestamp). */
  indent: number;
}

/** Splits off the timestamp and normalises the rest. */
export function splitLine(raw: string): SplitLine {
  let s = raw;
  if (s.endsWith('\r')) s = s.slice(0, -1);
  if (s.includes('\u001b') || s.includes('\u009b')) s = stripVTControlCharacters(s);
  // Offsets into `s`, sliced once at the end: this runs on every line that reaches the patterns.
  const start = skipLeading(s, 0);
  const stamped = timestampEnd(s, start);
  if (stamped < 0) return { timestamp: null, text: start === 0 ? s : s.slice(start), indent: 0 };
  const afterStamp = stamped + (s.charCodeAt(stamped) === SPACE ? 1 : 0);
  const textStart = skipLeading(s, afterStamp);
  let indent = 0;
  for (let i = afterStamp; i < textStart; i++) {
    const c = s.charCodeAt(i);
    if (c === SPACE || c === TAB) indent++;
  }
  return { timestamp: s.slice(start, stamped), text: s.slice(textStart), indent };
}

/** The length of GitHub's own timestamp (`2025-12-27T11:29:01.1234567Z`). */
const GITHUB_STAMP = 28;

/**
 * Where the text starts in a line as GitHub writes most of them, on its bytes: all printable ASCII (or
 * tabs), GitHub's timestamp (7 fractional digits), one space, then a character that is not blank. Then
 * splitLine of the decoded line gives the first GITHUB_STAMP bytes as the timestamp, the text from the
 * returned offset, indent 0; -1 for any other line (splitLine decides those).
 */
export function githubTextStart(bytes: Uint8Array): number {
  const text = GITHUB_STAMP + 1;
  if (bytes.length <= text || bytes[GITHUB_STAMP] !== SPACE || bytes[text] === SPACE || bytes[text] === TAB) return -1;
  const shape = 'dddd-dd-ddTdd:dd:dd.dddddddZ';
  for (let k = 0; k < GITHUB_STAMP; k++) {
    const b = bytes[k]!;
    const want = shape.charCodeAt(k);
    if (want === 0x64 /* d */ ? b < DIGIT_0 || b > DIGIT_9 : b !== want) return -1;
  }
  for (let k = text; k < bytes.length; k++) {
    const b = bytes[k]!;
    if ((b < SPACE && b !== TAB) || b > 0x7e) return -1;
  }
  return text;
}

/** The normalised text of a raw line (see `splitLine`). */
export function normalizeLine(raw: string): string {
  return splitLine(raw).text;
}

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;
const BOM = 0xfeff;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Offset of the first character from `from` on that is not a BOM, space, tab or CR (a BOM may start any line). */
function skipLeading(s: string, from: number): number {
  let i = from;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === BOM || c === SPACE || c === TAB || c === CR) i++;
    else break;
  }
  return i;
}

/**
 * GitHub writes `{UtcNow:O} ` (7 fractional digits); pasted logs may have fewer or none. Where the
 * timestamp at `at` ends (after its `Z`), or -1: what `^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z(?: |$)`
 * matches there, without a regex and its match array per line.
 */
function timestampEnd(s: string, at: number): number {
  // Fixed part: digits, and the separators at their offsets.
  const shape = 'dddd-dd-ddTdd:dd:dd';
  if (s.length - at < shape.length + 1) return -1;
  for (let k = 0; k < shape.length; k++) {
    const c = s.charCodeAt(at + k);
    const want = shape.charCodeAt(k);
    if (want === 0x64 /* d */ ? c < DIGIT_0 || c > DIGIT_9 : c !== want) return -1;
  }
  let i = at + shape.length;
  if (s.charCodeAt(i) === 0x2e /* . */) {
    let digits = 0;
    while (isDigit(s.charCodeAt(i + 1 + digits))) digits++;
    // 1 to 9 digits, then the Z (more digits cannot be followed by it within the 9).
    if (digits >= 1 && digits <= 9) i += 1 + digits;
  }
  if (s.charCodeAt(i) !== 0x5a /* Z */) return -1;
  i++;
  return i === s.length || s.charCodeAt(i) === SPACE ? i : -1;
}

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}
