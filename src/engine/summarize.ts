import type { CompiledCatalog } from '../model/catalog.js';
import type { Finding, JobContext } from './types.js';
import { fillTemplate } from './fill-template.js';
import { UNCLASSIFIED_ID } from './failure-trail.js';

/** The summary of a job whose log shows no failure: nothing to diagnose, and no cause named. */
export function summarizeGreen(findings: Finding[]): string {
  const seen = findings.length ? ` (recognised only: ${findings.map((f) => f.id).join(', ')})` : '';
  return `This job did not fail: no step reported an error${seen}.`;
}

/** The one-line summary of a diagnosis. */
export function summarize(root: Finding | null, findings: Finding[]): string {
  const unclassified = findings.find((f) => f.id === UNCLASSIFIED_ID);
  const symptoms = findings.filter((f) => f.role === 'symptom' && f !== unclassified);
  const noise = findings.filter((f) => f.role === 'noise');
  const tail = [
    symptoms.length ? `${symptoms.length} symptom${symptoms.length > 1 ? 's' : ''}` : '',
    noise.length ? `${noise.length} harmless message${noise.length > 1 ? 's' : ''}` : '',
  ].filter(Boolean);
  const also = tail.length ? `; also recognised: ${tail.join(' and ')}` : '';
  if (root) {
    const ev = root.evidence[0];
    if (root.inferred) {
      const how = `inferred from the workflow, ${root.confidence} confidence`;
      return `Likely root cause (${how}): ${root.title} (${root.id})${also}.`;
    }
    const where = ev ? ` at line ${ev.line}${ev.step ? ` in step "${ev.step}"` : ''}` : '';
    return `Root cause: ${root.title} (${root.id})${where}${also}.`;
  }
  if (unclassified) {
    const ev = unclassified.evidence[0]!;
    const code = unclassified.captures.exitCode;
    return (
      `No known signature names the cause: ${unclassified.title.replace(/^Unclassified/, 'unclassified')}` +
      `${code ? ` (exit code ${String(code)})` : ''}; its first error is at line ${ev.line}${also}.`
    );
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
export function nextSteps(findings: Finding[], catalog: CompiledCatalog, job: JobContext, hookRan: boolean): string[] {
  const steps = new Set<string>();
  const unclassified = findings.find((f) => f.id === UNCLASSIFIED_ID);
  if (unclassified) {
    const first = unclassified.evidence[0]!;
    const last = unclassified.evidence[unclassified.evidence.length - 1]!;
    const step = first.step ? `step "${first.step}"` : 'the failed step';
    steps.add(
      `Read ${step} from its first error (line ${first.line})` +
        (last.line > first.line ? ` to line ${last.line}` : '') +
        ": the failing command's own output says why it stopped.",
    );
  }
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
  // Advice about the job image's tools concerns the container hooks: only when one ran.
  if (hookRan && job.containerImageIsExpression) {
    steps.add(
      "The job's container image is built from an expression; check the resolved image has `sh`, `tar`, `find`, " +
        'coreutils and `grep`.',
    );
  }
  return [...steps];
}
