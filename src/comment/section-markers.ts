/**
 * The hidden markers around each workflow's section of the sticky comment. They carry the run's
 * identity as JSON so a later merge can tell newer from older runs without trusting the visible text.
 */

export interface SectionMeta {
  workflowKey: string;
  workflowName: string;
  runId: number;
  runAttempt: number;
  status: 'failed' | 'passed';
  completedAt: string;
  runUrl: string;
  headSha: string;
  /** Failed jobs in the run (for the heading of a collapsed section). */
  jobCount?: number;
  /** True when the section was cut down to a stub to fit the size limit. */
  collapsed?: boolean;
}

export interface ParsedSection {
  meta: SectionMeta;
  /** The section exactly as it stands in the body, markers included. */
  raw: string;
}

const START = '<!-- runner-doctor:section ';
const END = '<!-- runner-doctor:end -->';
const SECTION_RE = /<!-- runner-doctor:section (\{[^\n]*?\}) -->[\s\S]*?<!-- runner-doctor:end -->/g;

/** Wraps rendered content in markers; marker look-alikes inside the content are defused first. */
export function wrapSection(meta: SectionMeta, content: string): string {
  // `<` and `>` escaped inside the JSON, so no value can close the HTML comment early.
  const json = JSON.stringify(meta).replace(/</g, '\\u003c').replace(/>/g, '\\u003e');
  return `${START}${json} -->\n${defuseMarkers(content.trim())}\n${END}`;
}

/** Sections found in a comment body, in body order; malformed ones are skipped. */
export function parseSections(body: string): ParsedSection[] {
  const out: ParsedSection[] = [];
  for (const m of body.matchAll(SECTION_RE)) {
    const meta = parseMeta(m[1]!);
    if (meta) out.push({ meta, raw: m[0] });
  }
  return out;
}

/** Log text could contain our own marker; a zero-width space keeps it visible but inert. */
function defuseMarkers(text: string): string {
  return text.replace(/<!--(\s*)runner-doctor/g, '<!--$1runner\u200b-doctor');
}

function parseMeta(json: string): SectionMeta | null {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const r = v as Record<string, unknown>;
  const ok =
    typeof r.workflowKey === 'string' &&
    typeof r.workflowName === 'string' &&
    Number.isSafeInteger(r.runId) &&
    Number.isSafeInteger(r.runAttempt) &&
    (r.status === 'failed' || r.status === 'passed') &&
    typeof r.completedAt === 'string' &&
    typeof r.runUrl === 'string' &&
    typeof r.headSha === 'string' &&
    (r.jobCount === undefined || Number.isSafeInteger(r.jobCount));
  return ok ? (r as unknown as SectionMeta) : null;
}
