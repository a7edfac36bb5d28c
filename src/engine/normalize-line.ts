/**
 * Turns one raw job-log line into what people see and what catalog patterns match against:
 * no UTF-8 BOM, no `2025-12-27T11:29:01.1234567Z ` timestamp, no ANSI colour codes, no CR and no
 * leading whitespace (pasted logs). `##[error]`-style markers are kept.
 */
import { stripVTControlCharacters } from 'node:util';

// GitHub writes `{UtcNow:O} ` (7 fractional digits); pasted logs may have fewer or none.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z(?: |$)/;

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
  s = stripLeading(s);
  let timestamp: string | null = null;
  let indent = 0;
  const m = TIMESTAMP.exec(s);
  if (m) {
    timestamp = m[0].trimEnd();
    const rest = s.slice(m[0].length);
    s = stripLeading(rest);
    indent = rest.slice(0, rest.length - s.length).replace(/[^ \t]/g, '').length;
  }
  return { timestamp, text: s, indent };
}

/** The normalised text of a raw line (see `splitLine`). */
export function normalizeLine(raw: string): string {
  return splitLine(raw).text;
}

/** Drops BOMs and whitespace at the start (a BOM may stand at any line start). */
function stripLeading(s: string): string {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === 0xfeff || c === 0x20 || c === 0x09 || c === 0x0d) i++;
    else break;
  }
  return i === 0 ? s : s.slice(i);
}
