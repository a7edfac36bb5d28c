import type { CompiledCatalog } from '../model/catalog.js';
import type { Captures, Finding, JobContext } from './types.js';
import { CONTEXT_CHECKS } from './context-checks.js';
import { fillTemplate, fixFromEntry } from './fill-template.js';

/** The last hook stage marker before a line, in the same step (the hook died there), or null. */
export type LastStage = (
  before: { line: number; step: string | null },
) => { stage: string; line: number; text: string; captures: Captures } | null;

/**
 * When the log shows only symptoms, the job's context may still name the cause: the catalog's
 * inference rules (`infer:`) say which findings an entry may be inferred from, which check of
 * the context must hold and/or which container hook stage was the last one reached before the
 * symptom. The seed case: only the runner's wrapper and DEP0005 are in the log, and the job image
 * is a Nixery image without `gnutar`. Returns the inferred finding of the highest priority
 * (marked inferred, with the rule's confidence), or null.
 */
export function inferFromContext(
  findings: Finding[],
  job: JobContext,
  catalog: CompiledCatalog,
  ignore: Set<string>,
  lastStage: LastStage = () => null,
): Finding | null {
  let best: Finding | null = null;
  for (const { entry } of catalog.entries) {
    if (!entry.infer || ignore.has(entry.id) || (best && best.priority >= entry.priority)) continue;
    for (const rule of entry.infer) {
      // The first symptom in the rule's order is the line the inference stands on.
      const symptom = rule.symptoms.map((id) => findings.find((f) => f.id === id)).find((f) => f !== undefined);
      if (!symptom) continue;
      const checked = rule.check === undefined ? {} : CONTEXT_CHECKS[rule.check]?.(job);
      if (!checked) continue;
      const captures: Captures = { ...checked };
      const evidence = symptom.evidence.slice(0, 3);
      if (rule.lastStage !== undefined) {
        const at = symptom.evidence[0] ? lastStage(symptom.evidence[0]) : null;
        if (!at || at.stage !== rule.lastStage) continue;
        Object.assign(captures, at.captures);
        captures.stage = at.stage;
        captures.stageLine = String(at.line);
        captures.stageText = at.text.slice(0, 200);
      }
      const lead = fillTemplate(rule.lead, { ...captures, symptom: symptom.id }).trim();
      best = {
        id: entry.id,
        title: entry.title,
        role: 'root-cause',
        category: entry.category,
        priority: entry.priority,
        confidence: rule.confidence,
        inferred: true,
        evidence,
        matchCount: 0,
        captures,
        explanation: `${lead}\n\n${fillTemplate(entry.explanation, captures).trim()}`,
        fix: fixFromEntry(entry, captures),
        references: entry.references ?? [],
        folded: [],
        probe: entry.probe ?? null,
      };
      break;
    }
  }
  return best;
}
