import type { CompiledCatalog } from '../model/catalog.js';
import type { Finding, Role } from './types.js';

const ROLE_ORDER: Record<Role, number> = { 'root-cause': 0, symptom: 1, noise: 2 };

function firstLine(f: Finding): number {
  return f.evidence[0]?.line ?? Number.MAX_SAFE_INTEGER;
}

/**
 * Root cause over symptom over noise; then priority; among root causes of equal priority the one
 * standing closest above the wrapper (catalog `wrapper: true`: where a failure surfaces, its cause
 * printed just above), else the later one; others in log order.
 */
export function sortFindings(findings: Finding[], isWrapper: (f: Finding) => boolean): Finding[] {
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
export function fold(ranked: Finding[], catalog: CompiledCatalog): Finding[] {
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

