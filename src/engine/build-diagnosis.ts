import type { CompiledCatalog, CompiledEntry, ContextRule } from '../model/catalog.js';
import { mergeCaptures } from './match-pattern.js';
import type { Captures, Diagnosis, DiagnosisStats, Evidence, Finding, JobContext, Role } from './types.js';
import type { ScanPlan } from './scan-plan.js';
import type { StepLocation } from './step-tracker.js';
import { fillTemplate, fixFromEntry } from './fill-template.js';
import { inferFromContext } from './infer-from-context.js';

export interface MatchEvent extends StepLocation {
  line: number;
  text: string;
  captures: Captures;
}

export interface BuildInput {
  catalog: CompiledCatalog;
  plan: ScanPlan;
  /** Per pattern owner (see ScanPlan.owners): the matches, in line order. */
  events: MatchEvent[][];
  counts: Int32Array;
  source: string;
  job: JobContext;
  ignore: Set<string>;
  notes: string[];
  stats: DiagnosisStats;
}

/** Evidence lines kept per finding (the match count says how many there were). */
const MAX_EVIDENCE = 5;
const ROLE_ORDER: Record<Role, number> = { 'root-cause': 0, symptom: 1, noise: 2 };

/** Turns the scan's matches into ranked findings, folds explained ones, and writes the summary. */
export function buildDiagnosis(input: BuildInput): Diagnosis {
  const { catalog, plan } = input;
  const ownerOf = new Map<string, number>();
  plan.owners.forEach((o, i) => ownerOf.set(`${o.entryIndex}:${o.ruleIndex}`, i));
  const eventsOfEntry = (entryIndex: number) => input.events[ownerOf.get(`${entryIndex}:-1`)!]!;
  const indexOfId = new Map(catalog.entries.map((c, i) => [c.entry.id, i]));

  let findings: Finding[] = [];
  catalog.entries.forEach((c, entryIndex) => {
    if (input.ignore.has(c.entry.id)) return;
    const own = eventsOfEntry(entryIndex);
    if (own.length === 0) return;
    const accepted = own.filter((ev) =>
      c.context.every((rc, ruleIndex) => {
        const source = rc.rule.entry
          ? eventsOfEntry(indexOfId.get(rc.rule.entry)!)
          : input.events[ownerOf.get(`${entryIndex}:${ruleIndex}`)!]!;
        return ruleHolds(rc.rule, ev.line, source) === rc.rule.present;
      }),
    );
    if (accepted.length === 0) return;
    const total = accepted.length === own.length ? input.counts[ownerOf.get(`${entryIndex}:-1`)!]! : accepted.length;
    findings.push(makeFinding(c, accepted, total, input.source));
  });

  if (!findings.some((f) => f.role === 'root-cause')) {
    const inferred = inferFromContext(findings, input.job, catalog, input.ignore);
    if (inferred) findings.push(inferred);
  }

  const isWrapper = (f: Finding) => catalog.byId.get(f.id)?.entry.wrapper === true;
  findings = fold(sortFindings(findings, isWrapper), catalog);
  findings = sortFindings(findings, isWrapper);
  const rootCause = findings[0]?.role === 'root-cause' ? findings[0] : null;
  return {
    version: 1,
    summary: summarize(rootCause, findings),
    rootCause,
    findings,
    stats: input.stats,
    nextSteps: rootCause ? [] : nextSteps(findings, catalog, input.job),
    notes: input.notes,
  };
}

function ruleHolds(rule: ContextRule, line: number, source: MatchEvent[]): boolean {
  const where = rule.where ?? 'any';
  return source.some((x) => {
    const d = x.line - line;
    if (where === 'before' && d >= 0) return false;
    if (where === 'after' && d <= 0) return false;
    return rule.within === undefined || Math.abs(d) <= rule.within;
  });
}

function makeFinding(c: CompiledEntry, events: MatchEvent[], total: number, source: string): Finding {
  const e = c.entry;
  const captures: Captures = {};
  for (const ev of events) mergeCaptures(captures, ev.captures);
  return {
    id: e.id,
    title: e.title,
    role: e.role,
    category: e.category,
    priority: e.priority,
    confidence: e.confidence ?? 'high',
    inferred: false,
    evidence: events.slice(0, MAX_EVIDENCE).map((ev) => toEvidence(ev, source, e.id)),
    matchCount: total,
    captures,
    explanation: fillTemplate(e.explanation, captures).trim(),
    fix: fixFromEntry(e, captures),
    references: e.references ?? [],
    folded: [],
    probe: e.probe ?? null,
  };
}

function toEvidence(ev: MatchEvent, source: string, matchedBy: string): Evidence {
  return {
    source,
    line: ev.line,
    step: ev.step,
    stepNumber: ev.stepNumber,
    stepLine: ev.stepLine,
    text: ev.text,
    matchedBy,
  };
}

function firstLine(f: Finding): number {
  return f.evidence[0]?.line ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Root cause over symptom over noise; then priority; among root causes of equal priority the one
 * standing closest above the wrapper (catalog `wrapper: true`: where a failure surfaces, its cause
 * printed just above), else the later one; others in log order.
 */
function sortFindings(findings: Finding[], isWrapper: (f: Finding) => boolean): Finding[] {
  const wrapper = findings.find(isWrapper);
  const anchor = wrapper ? firstLine(wrapper) : null;
  const distance = (f: Finding): number => {
    const line = firstLine(f);
    if (anchor !== null && line <= anchor) return anchor - line;
    return anchor !== null ? Number.MAX_SAFE_INTEGER / 2 + line : -line;
  };
  return [...findings].sort((a, b) => {
    const r = ROLE_ORDER[a.role] - ROLE_ORDER[b.role];
    if (r !== 0) return r;
    if (a.inferred !== b.inferred) return a.inferred ? 1 : -1;
    if (a.priority !== b.priority) return b.priority - a.priority;
    if (a.role === 'root-cause') return distance(a) - distance(b);
    return firstLine(a) - firstLine(b);
  });
}

/** Folds findings that another explains into it as evidence (ranked order: the best explains first). */
function fold(ranked: Finding[], catalog: CompiledCatalog): Finding[] {
  const byId = new Map(ranked.map((f) => [f.id, f]));
  const gone = new Set<string>();
  const ownCount = new Map(ranked.map((f) => [f, f.evidence.length]));
  for (const f of ranked) {
    if (gone.has(f.id)) continue;
    for (const id of explainedBy(f.id, catalog)) {
      const g = byId.get(id);
      if (!g || g === f || gone.has(id)) continue;
      // A root cause is never swallowed by something weaker.
      if (g.role === 'root-cause' && (f.role !== 'root-cause' || g.priority > f.priority)) continue;
      gone.add(id);
      f.folded.push(id);
      // The finding's own lines stay first (evidence[0] is the line to link to); folded ones follow, once each.
      const lines = new Set(f.evidence.map((e) => e.line));
      const added = g.evidence.filter((e) => !lines.has(e.line)).slice(0, 3);
      const own = f.evidence.slice(0, ownCount.get(f));
      const folded = [...f.evidence.slice(own.length), ...added].sort((a, b) => a.line - b.line);
      f.evidence = [...own, ...folded];
    }
  }
  return ranked.filter((f) => !gone.has(f.id));
}

/** What an entry explains, directly or through what it explains (a cause explains its symptoms' symptoms). */
function explainedBy(id: string, catalog: CompiledCatalog): string[] {
  const out: string[] = [];
  const queue = [...(catalog.byId.get(id)?.entry.explains ?? [])];
  while (queue.length) {
    const next = queue.shift()!;
    if (next === id || out.includes(next)) continue;
    out.push(next);
    queue.push(...(catalog.byId.get(next)?.entry.explains ?? []));
  }
  return out;
}

function summarize(root: Finding | null, findings: Finding[]): string {
  const symptoms = findings.filter((f) => f.role === 'symptom');
  const noise = findings.filter((f) => f.role === 'noise');
  const tail = [
    symptoms.length ? `${symptoms.length} symptom${symptoms.length > 1 ? 's' : ''}` : '',
    noise.length ? `${noise.length} harmless message${noise.length > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  const also = tail.length ? `; also recognised: ${tail.join(' and ')}` : '';
  if (root) {
    const ev = root.evidence[0];
    if (root.inferred) {
      return `Likely root cause (inferred from the workflow, ${root.confidence} confidence): ${root.title} (${root.id})${also}.`;
    }
    const where = ev ? ` at line ${ev.line}${ev.step ? ` in step "${ev.step}"` : ''}` : '';
    return `Root cause: ${root.title} (${root.id})${where}${also}.`;
  }
  if (findings.length > 0) {
    return `No root cause in the log: only symptoms and noise matched (${findings.map((f) => f.id).join(', ')}).`;
  }
  return 'No known failure signature matched this log.';
}

/**
 * What to look at when no root cause was found: each finding's catalog `next:` advice (so hook
 * advice comes only with a hook's lines), or, with none, the failing step's own output.
 */
function nextSteps(findings: Finding[], catalog: CompiledCatalog, job: JobContext): string[] {
  const steps = new Set<string>();
  for (const f of findings) {
    const ev = f.evidence[0];
    const where = ev ? `line ${ev.line}${ev.step ? `, step "${ev.step}"` : ''}` : 'line unknown';
    const values = { ...f.captures, where, text: ev ? ev.text.slice(0, 200) : '' };
    for (const t of catalog.byId.get(f.id)?.entry.next ?? []) steps.add(fillTemplate(t, values).trim());
  }
  if (steps.size === 0) {
    steps.add(
      "The failing step's own output (the lines before `Process completed with exit code`) is the place to look: " +
        'no infrastructure signature matched.',
    );
    steps.add(
      'If this is a runner or hook failure that should be recognised, add a signature (`--catalog FILE`, ' +
        'format in the README).',
    );
  }
  if (job.containerImageIsExpression) {
    steps.add(
      "The job's container image is built from an expression; check the resolved image has `sh`, `tar`, `find`, " +
        'coreutils and `grep`.',
    );
  }
  return [...steps];
}
