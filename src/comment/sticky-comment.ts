import type { Diagnosis } from '../engine/types.js';
import { renderMarkdown } from '../render/render-markdown.js';
import { codeFence, redact } from './redact.js';
import { proseLine } from './prose.js';
import { parseSections, wrapSection, type ParsedSection, type SectionMeta } from './section-markers.js';

/** First line of the one comment per PR; the handler also checks the comment's author is the app. */
export const STICKY_MARKER = '<!-- runner-doctor:sticky -->';

export interface JobReport {
  jobId: number;
  name: string;
  htmlUrl: string;
  /** null when the log could not be read. */
  diagnosis: Diagnosis | null;
  /** Why the log could not be read, e.g. "the job's log has expired (HTTP 410)". */
  error: string | null;
  logTruncated?: { keptBytes: number; totalBytes: number } | null;
  /** Markdown bullets from the cluster probes. */
  probeLines?: string[];
  /** Code the probes produced (e.g. the Role rules a service account lacks). */
  probeSnippets?: { title: string; language: string; body: string }[];
  /** Show only titles for this job (e.g. it ran on a self-hosted runner); overrides CommentOptions.titlesOnly. */
  titlesOnly?: boolean;
}

export interface RunSection {
  /** Stable key: the workflow file path (workflow_run.path) or the workflow id. */
  workflowKey: string;
  workflowName: string;
  runId: number;
  runAttempt: number;
  runUrl: string;
  headSha: string;
  status: 'failed' | 'passed';
  /** ISO time. */
  completedAt: string;
  /** Failed jobs; empty when passed. */
  jobs: JobReport[];
  /** E.g. "logs of private runners hidden by config". */
  notes: string[];
}

export interface CommentOptions {
  titlesOnly?: boolean;
  /** Repo config problems, shown at the top (the defaults were used). */
  configErrors?: string[];
  /** Default 60000 (GitHub's limit is 65536). */
  maxLength?: number;
}

const DEFAULT_MAX_LENGTH = 60_000;
const SIZE_NOTE = "to fit GitHub's comment size limit";
const MAX_CONFIG_ERRORS = 10;
const MAX_NAME = 100;

/** True when the body is a runner-doctor sticky comment (the caller must still check the author). */
export function isStickyComment(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.replace(/^\uFEFF/, '').trimStart().startsWith(STICKY_MARKER);
}

/**
 * Puts one workflow run's section into the sticky comment: replaces that workflow's section when
 * this run (id, attempt) is the same or newer, ignores it when older (a late redelivery), keeps
 * every other section byte for byte, and keeps the body under `maxLength` by shortening evidence,
 * then collapsing jobs to titles, then collapsing older sections. `changed: false` means: do not write.
 */
export function mergeSection(
  existingBody: string | null,
  section: RunSection,
  opts: CommentOptions = {},
): { body: string; changed: boolean } {
  const existing = existingBody !== null && isStickyComment(existingBody) ? parseSections(existingBody) : [];
  const prior = existing.find((s) => s.meta.workflowKey === section.workflowKey);
  if (prior && isOlder(section, prior.meta)) return { body: existingBody!, changed: false };
  // A pass is only news when it replaces a stale diagnosis.
  const nothingStale = !prior && section.status === 'passed';

  const meta: SectionMeta = {
    workflowKey: section.workflowKey,
    workflowName: section.workflowName,
    runId: section.runId,
    runAttempt: section.runAttempt,
    status: section.status,
    completedAt: section.completedAt,
    runUrl: section.runUrl,
    headSha: section.headSha,
    ...(section.status === 'failed' ? { jobCount: section.jobs.length } : {}),
  };
  const others = existing.filter((s) => s.meta.workflowKey !== section.workflowKey);
  const body = fit(meta, section, others, opts);
  if (nothingStale && existingBody !== null) return { body: existingBody, changed: false };
  return { body, changed: !nothingStale && body !== existingBody };
}

function isOlder(s: RunSection, m: SectionMeta): boolean {
  return s.runId < m.runId || (s.runId === m.runId && s.runAttempt < m.runAttempt);
}

/**
 * Tries, in order of preference, fewer collapsed older sections and then more detail in the new
 * section. Searching the same order every time keeps merges idempotent: re-merging a body that
 * was shortened lands on the same choice.
 */
function fit(meta: SectionMeta, section: RunSection, others: ParsedSection[], opts: CommentOptions): string {
  const max = opts.maxLength ?? DEFAULT_MAX_LENGTH;
  const variants = new SectionVariants(meta, section, opts);
  // Oldest first; stubs and passes are already as small as they get.
  const collapsible = others.filter((s) => !s.meta.collapsed && s.meta.status === 'failed').sort(byCompletedAt);
  let last = '';
  for (let c = 0; c <= collapsible.length; c++) {
    const gone = new Set(collapsible.slice(0, c).map((s) => s.meta.workflowKey));
    const kept = others.map((s) => (gone.has(s.meta.workflowKey) ? stubSection(s.meta) : s.raw));
    const fixedLength = assemble(meta, others, kept, '', opts).length;
    const budget = max - fixedLength;
    // The usual case: everything fits.
    if (variants.get(0).length <= budget) return assemble(meta, others, kept, variants.get(0), opts);
    // Shorter with each step (more cut), so a binary search finds the most detailed one that fits.
    let hi = variants.count - 1;
    last = variants.get(hi);
    if (last.length > budget) continue;
    let lo = 0;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (variants.get(mid).length <= budget) hi = mid;
      else lo = mid + 1;
    }
    return assemble(meta, others, kept, variants.get(lo), opts);
  }
  // Still too long (dozens of workflows): leave out the oldest sections, one at a time.
  const byAge = [...others].sort(byCompletedAt);
  for (let d = 1; d <= byAge.length; d++) {
    const rest = byAge.slice(d);
    const body = assemble(meta, rest, rest.map((s) => stubSection(s.meta)), last, opts);
    if (body.length <= max) return body;
  }
  // Only a maxLength smaller than one heading gets here: the smallest form there is.
  return assemble(meta, [], [], last, opts);
}

function byCompletedAt(a: ParsedSection, b: ParsedSection): number {
  return a.meta.completedAt < b.meta.completedAt ? -1 : a.meta.completedAt > b.meta.completedAt ? 1 : 0;
}

/** Header and sections sorted by workflow name; `newRaw` is this run's section. */
function assemble(meta: SectionMeta, others: ParsedSection[], kept: string[], newRaw: string, opts: CommentOptions): string {
  const entries = others.map((s, i) => ({ meta: s.meta, raw: kept[i]! }));
  entries.push({ meta, raw: newRaw });
  entries.sort((a, b) => compareKeys(a.meta, b.meta));
  return [header(entries.map((e) => e.meta), opts), ...entries.map((e) => e.raw)].join('\n\n') + '\n';
}

function compareKeys(a: SectionMeta, b: SectionMeta): number {
  const an = a.workflowName.toLowerCase();
  const bn = b.workflowName.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.workflowKey < b.workflowKey ? -1 : a.workflowKey > b.workflowKey ? 1 : 0;
}

function header(metas: SectionMeta[], opts: CommentOptions): string {
  const status = metas.map((m) => `${m.status === 'failed' ? '❌' : '✅'} **${name(m.workflowName)}** ${m.status}`).join(' · ');
  const lines = [STICKY_MARKER, '## 🩺 runner-doctor', status];
  const errors = opts.configErrors ?? [];
  if (errors.length) {
    lines.push(
      [
        '',
        '> [!WARNING]',
        '> The runner-doctor config has problems; the affected settings use their defaults:',
        ...errors.slice(0, MAX_CONFIG_ERRORS).map((e) => `> - ${clip(proseLine(e), 300)}`),
        ...(errors.length > MAX_CONFIG_ERRORS ? [`> - …and ${errors.length - MAX_CONFIG_ERRORS} more`] : []),
      ].join('\n'),
    );
  }
  return lines.join('\n');
}

/** A section reduced to its heading and links. */
function stubSection(meta: SectionMeta): string {
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
  const jobs = jobCount === null ? 'failed' : jobCount === 0 ? 'failed' : `${jobCount} job${jobCount > 1 ? 's' : ''} failed`;
  return `### ❌ ${title}: ${jobs}`;
}

function runLine(meta: SectionMeta): string {
  const sha = /^[0-9a-f]{7,40}$/i.test(meta.headSha) ? ` · \`${meta.headSha.slice(0, 7)}\`` : '';
  return `<sub>[Run ${meta.runId}, attempt ${meta.runAttempt}](${safeUrl(meta.runUrl)})${sha} · ${formatTime(meta.completedAt)}</sub>`;
}

/**
 * The new section at decreasing detail: full; evidence shortened; then jobs collapsed to one line
 * from the last one up; then the list of collapsed jobs cut short. Built lazily and cached.
 */
class SectionVariants {
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
    if (this.cache[i] === undefined) this.cache[i] = this.build(i);
    return this.cache[i]!;
  }

  private build(i: number): string {
    const n = this.jobs.length;
    if (i === 0) return this.render({ shortEvidence: false, detailed: n, listed: n });
    // i = 1..n+1: evidence shortened, n+1-i jobs in detail.
    if (i <= n + 1) return this.render({ shortEvidence: true, detailed: n + 1 - i, listed: n });
    // Then n-1..0 one-line jobs listed.
    return this.render({ shortEvidence: true, detailed: 0, listed: n - (i - (n + 1)) });
  }

  private render(level: { shortEvidence: boolean; detailed: number; listed: number }): string {
    const { meta, section } = this;
    const out = [sectionHeading(meta, this.jobs.length), runLine(meta)];
    if (section.status === 'passed') {
      out.push(`Passed at ${formatTime(meta.completedAt)}; the earlier failure diagnosis no longer applies.`);
    } else if (this.jobs.length === 0) {
      out.push('No failed job to diagnose in this run; open the run for details.');
    }
    // Jobs in their order; consecutive one-line jobs form one list.
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
        list.push(this.memo(`c${idx}:${same ?? ''}`, () => compactJob(job, section.runUrl, same)));
      }
    });
    const hidden = this.jobs.length - level.listed;
    if (hidden > 0) list.push(`- …and ${hidden} more failed job${hidden > 1 ? 's' : ''}: [open the run](${safeUrl(section.runUrl)})`);
    flush();
    out.push(...blocks);
    for (const n of section.notes) out.push(`> ${proseLine(n)}`);
    const cuts: string[] = [];
    if (level.shortEvidence) cuts.push('evidence shortened');
    const collapsed = Math.min(level.listed, this.jobs.length) - Math.min(level.detailed, this.jobs.length);
    if (collapsed > 0 && level.shortEvidence) cuts.push(`${collapsed} job${collapsed > 1 ? 's' : ''} shown as titles only`);
    if (hidden > 0) cuts.push(`${hidden} job${hidden > 1 ? 's' : ''} not listed`);
    if (cuts.length) out.push(`<sub>✂️ Shortened ${SIZE_NOTE}: ${cuts.join(', ')}.</sub>`);
    return wrapSection(meta, out.join('\n\n'));
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
    const parts = [`#### ❌ [${linkText(job.name)}](${safeUrl(job.htmlUrl)})`];
    if (job.error !== null || job.diagnosis === null) {
      parts.push(`⚠️ The log could not be read: ${proseLine(job.error ?? 'unknown error')}.`.replace(/\.\.$/, '.'));
    }
    if (job.logTruncated) {
      const { keptBytes, totalBytes } = job.logTruncated;
      parts.push(`> Only ${mib(keptBytes)} of the ${mib(totalBytes)} log were scanned (its start and end; \`maxLogBytes\`).`);
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
      parts.push(['**Cluster checks**', ...job.probeLines.map((l) => `- ${proseLine(l.replace(/^\s*[-*]\s+/, ''))}`)].join('\n'));
    }
    for (const snip of job.probeSnippets ?? []) {
      parts.push(`${proseLine(snip.title)}:\n${codeFence(redact(snip.body, { mentions: false }), snip.language)}`);
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
  const head = `- ❌ [${linkText(job.name)}](${safeUrl(job.htmlUrl)})`;
  const d = job.diagnosis;
  if (!d) return `${head}: log not read (${proseLine(job.error ?? 'unknown error')})`;
  const root = d.rootCause;
  if (!root) return `${head}: no root cause found`;
  const ev = root.evidence[0];
  const link = ev
    ? ` · [evidence](${safeUrl(`${runUrl}/job/${job.jobId}${ev.stepNumber !== null && ev.stepLine !== null ? `#step:${ev.stepNumber}:${ev.stepLine}` : ''}`)})`
    : '';
  const same = sameAs !== undefined ? ` (same as **${linkText(sameAs)}**)` : '';
  return `${head}: **${proseLine(root.title)}**${same}${link}`;
}

function linkText(s: string): string {
  return name(s).replace(/[[\]]/g, '\\$&');
}

/** A workflow or job name: one line, redacted, and not longer than a heading should be. */
function name(s: string): string {
  return clip(proseLine(s), MAX_NAME);
}

function clip(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** Only http(s) URLs, with characters that would end a markdown link escaped. */
function safeUrl(url: string): string {
  if (!/^https?:\/\//i.test(url)) return '#';
  return url.replace(/[()\s<>]/g, (c) => encodeURIComponent(c));
}

function formatTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return proseLine(iso);
  return new Date(t).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
