import type { CommentOptions, RunSection } from './model.js';
import { isStickyComment } from './model.js';
import { redact } from '../markdown/redact.js';
import { oneLine } from '../markdown/text-hygiene.js';
import { commentHeader, SectionVariants, stubSection } from './render-section.js';
import { parseSections, type ParsedSection, type SectionMeta } from './section-markers.js';

const DEFAULT_MAX_LENGTH = 60_000;

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
  if (existingBody !== null && prior && isOlder(section, prior.meta)) return { body: existingBody, changed: false };
  // A pass is only news when it replaces a stale diagnosis.
  const nothingStale = !prior && section.status === 'passed';

  const meta: SectionMeta = {
    workflowKey: section.workflowKey,
    // Stored in the marker (readable in the comment's source), so redacted like everything shown.
    workflowName: redact(oneLine(section.workflowName)),
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
function assemble(
  meta: SectionMeta,
  others: ParsedSection[],
  kept: string[],
  newRaw: string,
  opts: CommentOptions,
): string {
  const entries = others.map((s, i) => ({ meta: s.meta, raw: kept[i]! }));
  entries.push({ meta, raw: newRaw });
  entries.sort((a, b) => compareKeys(a.meta, b.meta));
  return [commentHeader(entries.map((e) => e.meta), opts), ...entries.map((e) => e.raw)].join('\n\n') + '\n';
}

function compareKeys(a: SectionMeta, b: SectionMeta): number {
  const an = a.workflowName.toLowerCase();
  const bn = b.workflowName.toLowerCase();
  if (an !== bn) return an < bn ? -1 : 1;
  return a.workflowKey < b.workflowKey ? -1 : a.workflowKey > b.workflowKey ? 1 : 0;
}
