import type { Diagnosis, Evidence, Finding, FixSuggestion } from '../engine/types.js';
import { codeFence, codeSpan, link, plainText } from '../markdown/escape.js';
import { formatBytes } from '../markdown/format-bytes.js';
import { prose, proseLine, unwrap } from '../markdown/prose.js';
import { redact } from '../markdown/redact.js';
import { clip as clipChars } from '../markdown/text-hygiene.js';

export interface MarkdownOptions {
  /**
   * Evidence links: `${runUrl}/job/${jobId}#step:${stepNumber}:${stepLine}` when both are known,
   * else `${runUrl}/job/${jobId}`.
   */
  links?: { runUrl: string; jobId: number };
  /** Only titles and links: no log text, no captured values (repo config for private runners). */
  titlesOnly?: boolean;
  /** A heading above the diagnosis, e.g. the job name. */
  heading?: string;
  /** Markdown heading level of `heading` (default 4, below the comment's section headings). */
  headingLevel?: number;
  /** Evidence lines shown per finding (default 5). */
  maxEvidenceLines?: number;
  /** Characters kept of one evidence line (default 1000). */
  maxLineChars?: number;
}

const DEFAULT_EVIDENCE_LINES = 5;
const DEFAULT_LINE_CHARS = 1000;

/**
 * One job's diagnosis as GitHub markdown: the root cause with its evidence, explanation and fix
 * first, symptoms in one line each, harmless noise folded away. Log text is redacted and fenced;
 * names and catalog text are escaped (see the markdown module), so nothing in a log can add markup.
 */
export function renderMarkdown(d: Diagnosis, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  if (opts.heading) out.push(`${'#'.repeat(opts.headingLevel ?? 4)} ${plainText(opts.heading)}`);
  const root = d.rootCause;
  const others = d.findings.filter((f) => f !== root);
  const symptoms = others.filter((f) => f.role !== 'noise');
  const noise = others.filter((f) => f.role === 'noise');

  if (opts.titlesOnly) {
    out.push(root ? rootHeadline(root, opts) : '**No root cause found** in this log.');
    if (others.length) {
      out.push(`Also recognised: ${others.map((f) => `${proseLine(f.title)} (${codeSpan(f.id)})`).join(' · ')}`);
    }
    out.push("<sub>Log text is hidden by this repository's runner-doctor config; open the job log for details.</sub>");
    return out.join('\n\n') + '\n';
  }

  if (root) {
    out.push(rootHeadline(root, opts));
    out.push(...evidenceBlock(root, opts));
    if (root.explanation) out.push(prose(unwrap(root.explanation)));
    if (root.fix) out.push(...fixBlock(root.fix));
    if (root.references.length) {
      out.push(`References: ${root.references.map((r) => link(referenceLabel(r), r)).join(' · ')}`);
    }
  } else {
    // The summary only lists what matched, which the lists below show with links.
    out.push(
      others.length
        ? '**No root cause found.** Only symptoms and harmless messages matched.'
        : '**No root cause found.** No known failure signature matched this log.',
    );
    if (d.nextSteps.length) out.push(['**Next steps**', ...d.nextSteps.map((s) => `- ${proseLine(s)}`)].join('\n'));
  }

  if (symptoms.length) {
    out.push(['**Also seen**', ...symptoms.map((f) => `- ${findingLine(f, opts)}`)].join('\n'));
  }
  if (noise.length) {
    const items = noise.map((f) => `- ${findingLine(f, opts)}: ${proseLine(firstSentence(f.explanation))}`);
    const label = `${noise.length} harmless message${noise.length > 1 ? 's' : ''} recognised`;
    out.push(`<details><summary>${label}</summary>\n\n${items.join('\n')}\n\n</details>`);
  }

  const scanned = `${d.stats.lines.toLocaleString('en-US')} lines (${formatBytes(d.stats.bytes)}) scanned`;
  const footer = [...d.notes.map((n) => proseLine(n)), scanned];
  out.push(`<sub>${footer.join(' · ')}</sub>`);
  return out.join('\n\n') + '\n';
}

function rootHeadline(f: Finding, opts: MarkdownOptions): string {
  const label = f.inferred ? 'Likely root cause (inferred, not seen in the log)' : 'Root cause';
  const meta = [codeSpan(f.id), `${f.confidence} confidence`];
  const first = f.evidence[0];
  if (first && opts.titlesOnly) meta.push(locationLink(first, opts));
  return `**${label}: ${proseLine(f.title)}**  \n${meta.join(' · ')}`;
}

function evidenceBlock(f: Finding, opts: MarkdownOptions): string[] {
  if (f.evidence.length === 0) return [];
  const max = opts.maxEvidenceLines ?? DEFAULT_EVIDENCE_LINES;
  const limit = opts.maxLineChars ?? DEFAULT_LINE_CHARS;
  const shown = f.evidence.slice(0, max);
  const where = shown.map((ev) => locationLink(ev, opts));
  const lines = shown.map((ev) => clip(redact(ev.text), limit));
  const more = f.matchCount - shown.length;
  const block = [`Evidence: ${[...new Set(where)].join(' · ')}`, codeFence(lines.join('\n'), 'text')];
  if (more > 0) {
    block.push(`<sub>${more} more matching line${more > 1 ? 's' : ''} not shown (${f.matchCount} in all).</sub>`);
  }
  return [block.join('\n')];
}

function fixBlock(fix: FixSuggestion): string[] {
  const out = [`**Fix:** ${proseLine(fix.summary)}`];
  if (fix.steps.length) out[0] += '\n' + fix.steps.map((s, i) => `${i + 1}. ${proseLine(s)}`).join('\n');
  if (fix.diff) {
    const files = fix.files?.length ? ` (${fix.files.map((f) => codeSpan(f)).join(', ')})` : '';
    // The diff is built from the repository's own files, not from the log: not redacted, so it applies.
    out.push(`Suggested change${files}:\n${codeFence(fix.diff, 'diff', { redact: false })}`);
  } else if (fix.diffUnavailableReason) {
    out.push(`<sub>No diff: ${proseLine(fix.diffUnavailableReason)}</sub>`);
  }
  if (fix.commands.length) out.push(codeFence(fix.commands.join('\n'), 'sh'));
  for (const s of fix.snippets ?? []) out.push(`${proseLine(s.title)}:\n${codeFence(s.body, s.language)}`);
  return out;
}

function findingLine(f: Finding, opts: MarkdownOptions): string {
  const ev = f.evidence[0];
  const count = f.matchCount > 1 ? ` (${f.matchCount}×)` : '';
  return `${proseLine(f.title)} · ${codeSpan(f.id)}${ev ? ` · ${locationLink(ev, opts)}` : ''}${count}`;
}

/** `step "Build", line 12` linked to the exact line when the step is known; else the log line. */
function locationLink(ev: Evidence, opts: MarkdownOptions): string {
  const label = ev.step && ev.stepLine !== null ? `${ev.step}, line ${ev.stepLine}` : `log line ${ev.line}`;
  if (!opts.links) return plainText(label);
  const { runUrl, jobId } = opts.links;
  const anchor = ev.stepNumber !== null && ev.stepLine !== null ? `#step:${ev.stepNumber}:${ev.stepLine}` : '';
  return link(label, `${runUrl}/job/${jobId}${anchor}`);
}

/** `https://github.com/actions/runner/issues/1` -> `actions/runner/issues/1`: readable, and never autolinked. */
function referenceLabel(url: string): string {
  return clipChars(url.replace(/^https:\/\/(www\.)?(github\.com\/)?/, ''), 60);
}

/** An evidence line cut to `limit`, saying how much was left out. */
function clip(text: string, limit: number): string {
  if (text.length <= limit) return text;
  return `${text.slice(0, limit)}… [${text.length - limit} more characters]`;
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  // At least 20 characters, so `e.g.` does not end the sentence.
  const m = /^.{20,}?[.!?](?=\s|$)/.exec(flat);
  return m ? m[0] : flat;
}
