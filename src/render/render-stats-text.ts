import type { StatsReport } from '../history/stats-query.js';

/** `runner-doctor stats` as text: the same numbers as the /stats page. */
export function renderStatsText(s: StatsReport): string {
  const out: string[] = [];
  for (const w of s.windows) {
    const label = w.days === 1 ? '24 hours' : `${w.days} days`;
    out.push(`Last ${label}: ${w.total} failed jobs, unclassified ` +
      `${(w.unclassifiedShare * 100).toFixed(1)}% (${w.unclassified})`);
    out.push(`  ${Object.entries(w.classifications).map(([k, n]) => `${k} ${n}`).join(', ')}`);
    for (const c of w.topCauses) {
      const trend =
        c.previous === 0
          ? 'new'
          : c.count > c.previous
            ? `up from ${c.previous}`
            : c.count < c.previous
              ? `down from ${c.previous}`
              : 'same';
      out.push(`  ${String(c.count).padStart(5)}  ${c.id ?? 'none (unclassified)'}  (${trend})`);
    }
    out.push('');
  }
  if (s.byRepository.length) {
    out.push('By repository:');
    for (const r of s.byRepository) out.push(`  ${String(r.count).padStart(5)}  ${r.repo} ` +
      `(${r.unclassified} unclassified)`);
    out.push('');
  }
  if (s.byRunnerLabel.length) {
    out.push('By runner label:');
    for (const r of s.byRunnerLabel) out.push(`  ${String(r.count).padStart(5)}  ${r.label}`);
    out.push('');
  }
  if (s.examples.length) {
    out.push('Newest:');
    for (const e of s.examples) {
      out.push(`  ${e.diagnosedAt.slice(0, 16)}  ${e.repo}  ${e.jobName}  ${e.rootCause ?? 'none'}  ` +
        `${e.classification ?? ''}  ${e.jobUrl ?? ''}`);
    }
  }
  // Names come from payloads: no terminal escapes reach the screen.
  // eslint-disable-next-line no-control-regex
  return `${out.join('\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, '?').trimEnd()}\n`;
}
