import { stripVTControlCharacters, styleText } from 'node:util';
import type { Diagnosis, Finding } from '../engine/types.js';
import { unwrap } from '../markdown/prose.js';
import { foldLineBreaks, showControlChars } from '../markdown/text-hygiene.js';

export interface TextOptions {
  /** ANSI colours (when stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** Heading line, e.g. the log file's name. */
  heading?: string;
  /** Columns to wrap explanations at (the terminal's width); default 80. */
  width?: number;
}

const ROLE_LABEL = { 'root-cause': 'ROOT CAUSE', symptom: 'symptom', noise: 'noise' } as const;
const DEFAULT_WIDTH = 80;
/** Below this, wrapping makes text harder to read than long lines do. */
const MIN_WIDTH = 40;

type Style = Parameters<typeof styleText>[0];
type Paint = (style: Style, text: string) => string;

/**
 * A diagnosis for people at a terminal: the root cause first, then symptoms, then noise in one line
 * each. Log text and names are shown with their escape sequences removed and control characters
 * visible, so a log cannot move the cursor, retitle the terminal or plant a hyperlink.
 */
export function renderText(d: Diagnosis, opts: TextOptions = {}): string {
  // validateStream off: the caller has decided about colour already (stdout may be a test stream).
  const paint: Paint = opts.color ? (style, text) => styleText(style, text, { validateStream: false }) : (_s, t) => t;
  const width = Math.max(MIN_WIDTH, opts.width ?? DEFAULT_WIDTH);
  const out: string[] = [];
  if (opts.heading) out.push(paint('bold', `== ${line(opts.heading)}`));
  out.push(paint(d.rootCause ? 'red' : 'yellow', line(d.summary)));
  for (const f of d.findings) {
    out.push('');
    out.push(renderFinding(f, paint, f === d.rootCause, width));
  }
  if (d.nextSteps.length) {
    out.push('', paint('bold', 'Next steps:'));
    for (const s of d.nextSteps) out.push(wrap(line(s), width, '  - ', '    '));
  }
  for (const n of d.notes) out.push(paint('dim', `note: ${line(n)}`));
  out.push(paint('dim', `(${d.stats.lines} lines, ${d.stats.bytes} bytes, ${d.stats.ms} ms)`));
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, paint: Paint, isRoot: boolean, width: number): string {
  const confidence = ` (${f.confidence} confidence${f.inferred ? ', inferred' : ''})`;
  const head = `${ROLE_LABEL[f.role]}: ${line(f.title)} [${line(f.id)}]${f.role === 'root-cause' ? confidence : ''}`;
  const lines = [isRoot ? paint(['bold', 'red'], head) : f.role === 'noise' ? paint('dim', head) : head];
  if (f.role === 'noise' && !isRoot) {
    const ev = f.evidence[0];
    if (ev) lines.push(paint('dim', `  line ${ev.line}${ev.step ? ` (${line(ev.step)})` : ''}: ${line(ev.text)}`));
    return lines.join('\n');
  }
  for (const ev of f.evidence) {
    const where = `line ${ev.line}${ev.step ? ` (${line(ev.step)})` : ''}`;
    lines.push(`  ${paint('cyan', where)}: ${line(ev.text)}`);
  }
  if (f.matchCount > f.evidence.length) lines.push(paint('dim', `  ... ${f.matchCount} matching lines in all`));
  if (f.role !== 'root-cause') return lines.join('\n');
  lines.push('', wrapParagraphs(f.explanation, width, '  '));
  if (f.fix) {
    lines.push('', wrap(`${paint('bold', 'Fix:')} ${line(f.fix.summary)}`, width, '  ', '  '));
    f.fix.steps.forEach((s, i) => lines.push(wrap(line(s), width, `    ${i + 1}. `, '       ')));
    // Commands and diffs are copied, not read: never wrapped.
    for (const cmd of f.fix.commands) lines.push(`    $ ${line(cmd)}`);
    if (f.fix.diff) lines.push('', indent(colorDiff(block(f.fix.diff), paint), '    '));
    else if (f.fix.diffUnavailableReason) {
      lines.push(paint('dim', `    (no diff: ${line(f.fix.diffUnavailableReason)})`));
    }
    for (const s of f.fix.snippets ?? []) lines.push('', `    ${line(s.title)}:`, indent(block(s.body), '      '));
  }
  if (f.references.length) lines.push('', ...f.references.map((r) => `  see ${line(r)}`));
  return lines.join('\n');
}

/** One line of untrusted text for a terminal. */
function line(text: string): string {
  return showControlChars(foldLineBreaks(text));
}

/** Several lines of untrusted text (a diff, a snippet) for a terminal. */
function block(text: string): string {
  return text.split('\n').map(line).join('\n');
}

/**
 * Catalog explanations are hard-wrapped in the YAML; joined back into paragraphs and wrapped again
 * at the terminal's width. Lists keep their items, each wrapped under its own marker.
 */
function wrapParagraphs(text: string, width: number, pad: string): string {
  return unwrap(text)
    .split('\n')
    .map((l) => {
      if (l.trim() === '') return '';
      const item = /^(\s*(?:[-*+]|\d+[.)])\s+)/.exec(l)?.[1] ?? '';
      return wrap(line(l.slice(item.length)), width, pad + item, pad + ' '.repeat(item.length));
    })
    .join('\n');
}

/**
 * Greedy word wrap to `width` columns: `first` starts the first line, `rest` the others. Columns
 * are counted without colour codes; a word longer than a line (a URL, a path) gets a line of its own.
 */
function wrap(text: string, width: number, first: string, rest: string): string {
  const out: string[] = [];
  let current = first;
  let columns = first.length;
  let empty = true;
  for (const word of text.split(/ +/).filter(Boolean)) {
    const wordColumns = [...stripVTControlCharacters(word)].length;
    if (!empty && columns + 1 + wordColumns > width) {
      out.push(current);
      current = rest;
      columns = rest.length;
      empty = true;
    }
    current += (empty ? '' : ' ') + word;
    columns += (empty ? 0 : 1) + wordColumns;
    empty = false;
  }
  out.push(current);
  return out.join('\n');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

function colorDiff(diff: string, paint: Paint): string {
  return diff
    .split('\n')
    .map((l) => {
      if (l.startsWith('+') && !l.startsWith('+++')) return paint('green', l);
      if (l.startsWith('-') && !l.startsWith('---')) return paint('red', l);
      return l;
    })
    .join('\n');
}
