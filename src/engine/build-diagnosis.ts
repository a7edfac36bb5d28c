import type { CompiledCatalog, CompiledEntry, ContextRule, Where } from '../model/catalog.js';
import { mergeCaptures } from './match-pattern.js';
import type { Captures, Diagnosis, DiagnosisStats, Evidence, Finding, JobContext } from './types.js';
import type { ScanPlan } from './scan-plan.js';
import type { StepLocation, StepTracker } from './step-tracker.js';
import type { FailureTrail } from './failure-trail.js';
import { fillTemplate, fixFromEntry } from './fill-template.js';
import { inferFromContext, type LastStage } from './infer-from-context.js';
import { fold, sortFindings } from './rank-findings.js';
import { nextSteps, summarize, summarizeGreen } from './summarize.js';

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
  /** The job's steps as the scan found them: which part of the job each line is in, which step failed. */
  steps: StepTracker;
  /** The job's error lines and exit codes, for the catch-all when no signature names the cause. */
  trail: FailureTrail;
}

/** Evidence lines kept per finding (the match count says how many there were). */
const MAX_EVIDENCE = 5;

/** Turns the scan's matches into ranked findings, folds explained ones, and writes the summary. */
export function buildDiagnosis(input: BuildInput): Diagnosis {
  const { catalog, plan } = input;
  const ownerOf = new Map<string, number>();
  plan.owners.forEach((o, i) => ownerOf.set(`${o.entryIndex}:${o.ruleIndex}`, i));
  const { steps } = input;
  const verdict = steps.verdict();
  // An entry's lines count only where its text can come from (`where:`).
  const placed = catalog.entries.map((c, entryIndex) => {
    const own = input.events[ownerOf.get(`${entryIndex}:-1`)!]!;
    return c.entry.where ? own.filter((ev) => whereHolds(c.entry.where!, ev.stepKey, steps)) : own;
  });
  const eventsOfEntry = (entryIndex: number) => placed[entryIndex]!;
  const indexOfId = new Map(catalog.entries.map((c, i) => [c.entry.id, i]));

  let findings: Finding[] = [];
  catalog.entries.forEach((c, entryIndex) => {
    if (input.ignore.has(c.entry.id)) return;
    let own = eventsOfEntry(entryIndex);
    // A line in a step that succeeded cannot be why the job failed.
    if (c.entry.role === 'root-cause') {
      own = own.filter((ev) => verdict !== 'succeeded' && !steps.succeeded(ev.stepKey));
    }
    if (own.length === 0) return;
    const all = input.events[ownerOf.get(`${entryIndex}:-1`)!]!;
    const accepted = own.filter((ev) =>
      c.context.every((rc, ruleIndex) => {
        const source = rc.rule.entry
          ? eventsOfEntry(indexOfId.get(rc.rule.entry)!)
          : input.events[ownerOf.get(`${entryIndex}:${ruleIndex}`)!]!;
        return ruleHolds(rc.rule, ev.line, source) === rc.rule.present;
      }),
    );
    if (accepted.length === 0) return;
    const total = accepted.length === all.length ? input.counts[ownerOf.get(`${entryIndex}:-1`)!]! : accepted.length;
    findings.push(makeFinding(c, accepted, total, input.source));
  });

  if (verdict !== 'succeeded' && !findings.some((f) => f.role === 'root-cause')) {
    const inferred = inferFromContext(findings, input.job, catalog, input.ignore, lastStageOf(catalog, placed));
    if (inferred) findings.push(inferred);
    else {
      const unclassified = input.trail.finding(input.source, (key) => steps.failed(key));
      if (unclassified) findings.push(unclassified);
    }
  }

  const isWrapper = (f: Finding) => catalog.byId.get(f.id)?.entry.wrapper === true;
  findings = fold(sortFindings(findings, isWrapper), catalog);
  findings = sortFindings(findings, isWrapper);
  const rootCause = findings[0]?.role === 'root-cause' ? findings[0] : null;
  return {
    version: 1,
    summary: verdict === 'succeeded' ? summarizeGreen(findings) : summarize(rootCause, findings),
    rootCause,
    findings,
    stats: input.stats,
    nextSteps:
      rootCause || verdict === 'succeeded'
        ? []
        : nextSteps(findings, catalog, input.job, steps.steps.some((s) => s.hook)),
    notes: input.notes,
  };
}

/** The last hook stage marker (an entry with `stage:`) before a line, from the scan's matches. */
function lastStageOf(catalog: CompiledCatalog, placed: MatchEvent[][]): LastStage {
  return (before) => {
    let best: ReturnType<LastStage> = null;
    catalog.entries.forEach((c, i) => {
      const stage = c.entry.stage;
      if (stage === undefined) return;
      for (const ev of placed[i]!) {
        if (ev.line < before.line && ev.step === before.step && (!best || ev.line > best.line)) {
          best = { stage, line: ev.line, text: ev.text, captures: ev.captures };
        }
      }
    });
    return best;
  };
}

/** True when a line of this step may hold an entry's text (`where:`); a line of unknown step always may. */
function whereHolds(where: Where[], key: number | null, steps: StepTracker): boolean {
  if (key === null || where.includes('any')) return true;
  const step = steps.steps[key]!;
  if (step.stage !== 'step' && where.includes(step.stage)) return true;
  if (where.includes('hook') && step.hook) return true;
  return where.includes('failed-step') && steps.failed(key);
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

