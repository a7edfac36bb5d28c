import type { CompiledCatalog } from '../catalog/load-catalog.js';
import type { Finding, JobContext } from './types.js';
import { fillTemplate, fixFromEntry } from './fill-template.js';
import { missingHookTools, NIXERY_PACKAGE_FOR_TOOL } from './nixery.js';

const MISSING_TOOL_ID = 'image/missing-tool';
// Failures that the hooks' silent tar/find copy produces when tools are missing from the job image,
// in the order we prefer as evidence.
const HOOK_SYMPTOMS = new Set([
  'runner/container-hook-failed',
  'runner/hook-script-failed',
  'hook/copy-failed',
  'hook/script-not-found',
  'hook/unrecognized-error',
  'noise/hash-mismatch',
]);

/**
 * When the log shows only symptoms, the job's context may still name the cause. The seed case:
 * only the runner's wrapper and DEP0005 are in the log, and the job image is a Nixery image
 * without `gnutar` — the hooks' `tar` copy fails with its stderr discarded. Returns a low-confidence,
 * inferred finding, or null.
 */
export function inferFromContext(
  findings: Finding[],
  job: JobContext,
  catalog: CompiledCatalog,
  ignore: Set<string>,
): Finding | null {
  const image = job.containerImage;
  if (!image || job.containerImageIsExpression || ignore.has(MISSING_TOOL_ID)) return null;
  // The wrapper first: it is the line the inference stands on.
  const symptom = [...HOOK_SYMPTOMS].map((id) => findings.find((f) => f.id === id)).find((f) => f !== undefined);
  if (!symptom) return null;
  const missing = missingHookTools(image);
  if (!missing || missing.length === 0) return null;
  const entry = catalog.byId.get(MISSING_TOOL_ID)?.entry;
  if (!entry) return null;

  const packages = [...new Set(missing.map((t) => NIXERY_PACKAGE_FOR_TOOL[t]))];
  const captures = { tool: missing[0]!, tools: missing, image, packages };
  const list = missing.map((t) => `\`${t}\``).join(', ');
  const lead =
    `**Inferred from the workflow, not seen in the log.** The log shows only \`${symptom.id}\`, and the job image ` +
    `\`${image}\` is a Nixery image without ${list} (Nixery puts only the packages named in the image path on \`PATH\`). ` +
    `The hooks discard the stderr of their copy into the pod, so the log never names the missing tool.`;
  return {
    id: entry.id,
    title: entry.title,
    role: 'root-cause',
    category: entry.category,
    priority: entry.priority,
    confidence: 'low',
    inferred: true,
    evidence: symptom.evidence.slice(0, 3),
    matchCount: 0,
    captures,
    explanation: `${lead}\n\n${fillTemplate(entry.explanation, captures).trim()}`,
    fix: fixFromEntry(entry, captures),
    references: entry.references ?? [],
    folded: [],
  };
}
