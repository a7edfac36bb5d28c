import type { Diagnosis, Finding } from '../engine/types.js';

export interface TextOptions {
  /** ANSI colours (when stdout is a terminal and NO_COLOR is unset). */
  color?: boolean;
  /** Heading line, e.g. the log file's name. */
  heading?: string;
}

const ROLE_LABEL = { 'root-cause': 'ROOT CAUSE', symptom: 'symptom', noise: 'noise' } as const;

/** A diagnosis for people at a terminal: the root cause first, then symptoms, then noise in one line each. */
export function renderText(d: Diagnosis, opts: TextOptions = {}): string {
  const c = colors(opts.color ?? false);
  const out: string[] = [];
  if (opts.heading) out.push(c.bold(`== ${opts.heading}`));
  out.push(d.rootCause ? c.red(d.summary) : c.yellow(d.summary));
  for (const f of d.findings) {
    out.push('');
    out.push(renderFinding(f, c, f === d.rootCause));
  }
  if (d.nextSteps.length) {
    out.push('', c.bold('Next steps:'));
    for (const s of d.nextSteps) out.push(`  - ${s}`);
  }
  for (const n of d.notes) out.push(c.dim(`note: ${n}`));
  out.push(c.dim(`(${d.stats.lines} lines, ${d.stats.bytes} bytes, ${d.stats.ms} ms)`));
  return out.join('\n') + '\n';
}

function renderFinding(f: Finding, c: Colors, isRoot: boolean): string {
  const head = `${ROLE_LABEL[f.role]}: ${f.title} [${f.id}]` + (f.role === 'root-cause' ? ` (${f.confidence} confidence${f.inferred ? ', inferred' : ''})` : '');
  const lines = [isRoot ? c.bold(c.red(head)) : f.role === 'noise' ? c.dim(head) : head];
  if (f.role === 'noise' && !isRoot) {
    const ev = f.evidence[0];
    if (ev) lines.push(c.dim(`  line ${ev.line}${ev.step ? ` (${ev.step})` : ''}: ${ev.text}`));
    return lines.join('\n');
  }
  for (const ev of f.evidence) {
    const where = `line ${ev.line}${ev.step ? ` (${ev.step})` : ''}`;
    lines.push(`  ${c.cyan(where)}: ${ev.text}`);
  }
  if (f.matchCount > f.evidence.length) lines.push(c.dim(`  ... ${f.matchCount} matching lines in all`));
  if (f.role !== 'root-cause') return lines.join('\n');
  lines.push('', indent(f.explanation, '  '));
  if (f.fix) {
    lines.push('', `  ${c.bold('Fix:')} ${f.fix.summary}`);
    f.fix.steps.forEach((s, i) => lines.push(`    ${i + 1}. ${s}`));
    for (const cmd of f.fix.commands) lines.push(`    $ ${cmd}`);
    if (f.fix.diff) lines.push('', indent(colorDiff(f.fix.diff, c), '    '));
    else if (f.fix.diffUnavailableReason) lines.push(c.dim(`    (no diff: ${f.fix.diffUnavailableReason})`));
    for (const s of f.fix.snippets ?? []) lines.push('', `    ${s.title}:`, indent(s.body, '      '));
  }
  if (f.references.length) lines.push('', ...f.references.map((r) => `  see ${r}`));
  return lines.join('\n');
}

function indent(text: string, pad: string): string {
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
}

function colorDiff(diff: string, c: Colors): string {
  return diff
    .split('\n')
    .map((l) => (l.startsWith('+') && !l.startsWith('+++') ? c.green(l) : l.startsWith('-') && !l.startsWith('---') ? c.red(l) : l))
    .join('\n');
}

type Colors = Record<'bold' | 'dim' | 'red' | 'green' | 'yellow' | 'cyan', (s: string) => string>;

function colors(on: boolean): Colors {
  const wrap = (open: number, close: number) => (s: string) => (on ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}
