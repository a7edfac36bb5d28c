/**
 * The markdown of the sticky comment: its header, one section per workflow run at several levels
 * of detail (merge.ts picks the most detailed that fits), and the stub an old section shrinks to.
 * Every name, note and error is untrusted text and goes through the markdown module's escaping.
 */
import type { Diagnosis } from '../engine/types.js';
import { codeFence, codeSpan, link, plainText, safeUrl } from '../markdown/escape.js';
import { formatBytes } from '../markdown/format-bytes.js';
import { proseLine } from '../markdown/prose.js';
import { renderMarkdown } from '../render/render-markdown.js';
import type { CommentOptions, JobReport, RunSection } from './model.js';
import { STICKY_MARKER } from './model.js';
import { classificationLine } from './classification-line.js';
import { wrapSection, type SectionMeta } from './section-markers.js';

const SIZE_NOTE = "to fit GitHub's comment size limit";
const MAX_CONFIG_ERRORS = 10;
const MAX_CONFIG_ERROR_CHARS = 300;
/** Characters of a workflow or job name: not longer than a heading should be. */
const MAX_NAME = 100;

/** The marker, the title and one status word per workflow; config problems below them. */
export function commentHeader(metas: SectionMeta[], opts: CommentOptions): string {
  const status = metas
    .map((m) => `${m.status === 'failed' ? '❌' : '✅'} **${name(m.workflowName)}** ${m.status}`)
    .join(' · ');
  const lines = [STICKY_MARKER, '## 🩺 runner-doctor', status];
  const errors = opts.configErrors ?? [];
  if (errors.length) {
    lines.push(
      [
        '',
        '> [!WARNING]',
        '> The runner-doctor config has problems; the affected settings use their defaults:',
        ...errors.slice(0, MAX_CONFIG_ERRORS).map((e) => `> - ${proseLine(e, MAX_CONFIG_ERROR_CHARS)}`),
        ...(errors.length > MAX_CONFIG_ERRORS ? [`> - …and ${errors.length - MAX_CONFIG_ERRORS} more`] : []),
      ].join('\n'),
    );
  }
  return lines.join('\n');
}

/** A section reduced to its heading and links. */
export function stubSection(meta: SectionMeta): string {
  const content = [
    sectionHeading(meta, meta.jobCount ?? null),
    runLine(meta),
    `<sub>Details removed ${SIZE_NOTE}; open the run, or comment \`/diagnose ${meta.runId}\` to see them again.</sub>`,
  ].join('\n\n');
  return wrapSection({ ...meta, collapsed: true }, content);
}

function sectionHeading(meta: SectionMeta, jobCount: number | null): string {
  const title = name(meta.workflowName);
  if (meta.status === 'passed') return `### ✅ ${title} passed`;
  const jobs = jobCount ? `${plural(jobCount, 'job')} failed` : 'failed';
  return `### ❌ ${title}: ${jobs}`;
}

function runLine(meta: SectionMeta): string {
  const sha = /^[0-9a-f]{7,40}$/i.test(meta.headSha) ? ` · \`${meta.headSha.slice(0, 7)}\`` : '';
  const run = `[Run ${meta.runId}, attempt ${meta.runAttempt}](${safeUrl(meta.runUrl)})`;
  return `<sub>${run}${sha} · ${formatTime(meta.completedAt)}</sub>`;
}

interface Detail {
  shortEvidence: boolean;
  /** The first `detailed` jobs are shown in full, the rest as one line each... */
  detailed: number;
  /** ...up to `listed` jobs; the rest are only counted. */
  listed: number;
}

/**
 * The new section at decreasing detail: full; evidence shortened; then jobs collapsed to one line
 * from the last one up; then the list of collapsed jobs cut short. Built lazily and cached.
 */
export class SectionVariants {
  private readonly cache: string[] = [];
  private readonly jobs: JobReport[];
  // Rendering a job is the costly part; each job is rendered at most once per form.
  private readonly jobCache = new Map<string, string>();

  constructor(
    private readonly meta: SectionMeta,
    private readonly section: RunSection,
    private readonly opts: CommentOptions,
  ) {
    this.jobs = section.status === 'passed' ? [] : section.jobs;
  }

  /** Variant 0 is the full section, the last one the smallest. */
  get count(): number {
    return this.jobs.length === 0 ? 1 : 2 * this.jobs.length + 2;
  }

  get(i: number): string {
    this.cache[i] ??= this.build(i);
    return this.cache[i];
  }

  private build(i: number): string {
    const n = this.jobs.length;
    if (i === 0) return this.render({ shortEvidence: false, detailed: n, listed: n });
    // i = 1..n+1: evidence shortened, n+1-i jobs in detail.
    if (i <= n + 1) return this.render({ shortEvidence: true, detailed: n + 1 - i, listed: n });
    // Then n-1..0 one-line jobs listed.
    return this.render({ shortEvidence: true, detailed: 0, listed: n - (i - (n + 1)) });
  }

  private render(level: Detail): string {
    const { meta, section } = this;
    const out = [sectionHeading(meta, this.jobs.length), runLine(meta)];
    if (section.status === 'passed') {
      out.push(`Passed at ${formatTime(meta.completedAt)}; the earlier failure diagnosis no longer applies.`);
    } else if (this.jobs.length === 0) {
      out.push('No failed job to diagnose in this run; open the run for details.');
    }
    out.push(...this.jobBlocks(level));
    for (const n of section.notes) out.push(`> ${proseLine(n)}`);
    const cuts: string[] = [];
    const hidden = this.jobs.length - level.listed;
    if (level.shortEvidence) cuts.push('evidence shortened');
    const collapsed = Math.min(level.listed, this.jobs.length) - Math.min(level.detailed, this.jobs.length);
    if (collapsed > 0 && level.shortEvidence) cuts.push(`${plural(collapsed, 'job')} shown as titles only`);
    if (hidden > 0) cuts.push(`${plural(hidden, 'job')} not listed`);
    if (cuts.length) out.push(`<sub>✂️ Shortened ${SIZE_NOTE}: ${cuts.join(', ')}.</sub>`);
    return wrapSection(meta, out.join('\n\n'));
  }

  /** Jobs in their order; consecutive one-line jobs form one list. */
  private jobBlocks(level: Detail): string[] {
    const blocks: string[] = [];
    let list: string[] = [];
    const flush = () => {
      if (list.length) blocks.push(list.join('\n'));
      list = [];
    };
    const detailedRoots = new Map<string, string>();
    this.jobs.forEach((job, idx) => {
      if (idx >= level.listed) return;
      const same = job.diagnosis?.rootCause ? detailedRoots.get(rootKey(job.diagnosis)) : undefined;
      if (idx < level.detailed && same === undefined) {
        flush();
        blocks.push(this.memo(`d${idx}:${level.shortEvidence}`, () => this.renderJob(job, level.shortEvidence)));
        if (job.diagnosis?.rootCause) detailedRoots.set(rootKey(job.diagnosis), job.name);
      } else {
        list.push(this.memo(`c${idx}:${same ?? ''}`, () => compactJob(job, this.section.runUrl, same)));
      }
    });
    const hidden = this.jobs.length - level.listed;
    if (hidden > 0) {
      list.push(`- …and ${plural(hidden, 'more failed job')}: [open the run](${safeUrl(this.section.runUrl)})`);
    }
    flush();
    return blocks;
  }

  private memo(key: string, make: () => string): string {
    let v = this.jobCache.get(key);
    if (v === undefined) {
      v = make();
      this.jobCache.set(key, v);
    }
    return v;
  }

  private renderJob(job: JobReport, shortEvidence: boolean): string {
    const parts = [`#### ❌ ${jobLink(job)}`];
    if (job.classification) parts.push(classificationLine(job.classification));
    if (job.error !== null || job.diagnosis === null) {
      parts.push(`⚠️ The log could not be read: ${proseLine(job.error ?? 'unknown error').replace(/\.$/, '')}.`);
    }
    if (job.logTruncated) {
      const { keptBytes, totalBytes } = job.logTruncated;
      parts.push(
        `> Only ${formatBytes(keptBytes)} of the ${formatBytes(totalBytes)} log were scanned ` +
          '(its start and end; `maxLogBytes`).',
      );
    }
    if (job.diagnosis) {
      parts.push(
        renderMarkdown(job.diagnosis, {
          links: { runUrl: this.section.runUrl, jobId: job.jobId },
          ...((job.titlesOnly ?? this.opts.titlesOnly) ? { titlesOnly: true } : {}),
          ...(shortEvidence ? { maxEvidenceLines: 2, maxLineChars: 200 } : {}),
        }).trim(),
      );
    }
    if (job.probeLines?.length) {
      const items = job.probeLines.map((l) => `- ${proseLine(l.replace(/^\s*[-*]\s+/, ''))}`);
      parts.push(['**Cluster checks**', ...items].join('\n'));
    }
    for (const snip of job.probeSnippets ?? []) {
      parts.push(`${proseLine(snip.title)}:\n${codeFence(snip.body, snip.language)}`);
    }
    return parts.join('\n\n');
  }
}

function rootKey(d: Diagnosis): string {
  const r = d.rootCause!;
  return JSON.stringify([r.id, r.fix?.summary ?? null, r.fix?.diff ?? null]);
}

/** One line per job: its root cause title (or why there is none) and a link to the evidence. */
function compactJob(job: JobReport, runUrl: string, sameAs: string | undefined): string {
  const head = `- ❌ ${jobLink(job)}`;
  const d = job.diagnosis;
  if (!d) return `${head}: log not read (${proseLine(job.error ?? 'unknown error')})`;
  const root = d.rootCause;
  if (!root) return `${head}: no root cause found`;
  const ev = root.evidence[0];
  const anchor = ev && ev.stepNumber !== null && ev.stepLine !== null ? `#step:${ev.stepNumber}:${ev.stepLine}` : '';
  const evidence = ev ? ` · [evidence](${safeUrl(`${runUrl}/job/${job.jobId}${anchor}`)})` : '';
  const same = sameAs !== undefined ? ` (same as **${name(sameAs)}**)` : '';
  return `${head}: **${proseLine(root.title)}**${same}${evidence}`;
}

function jobLink(job: JobReport): string {
  return link(job.name, job.htmlUrl, MAX_NAME);
}

/** A workflow or job name: one line, redacted, escaped, and not longer than a heading should be. */
function name(s: string): string {
  return plainText(s, MAX_NAME);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n > 1 ? 's' : ''}`;
}

function formatTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return codeSpan(iso);
  return new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

