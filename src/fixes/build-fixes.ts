import type { Diagnosis, Finding } from '../engine/types.js';
import { toFileParseError } from '../workflow/file-parse-error.js';
import { baseFix, type FixGenerator, type FixInputs, type LoadedFile } from './generator-types.js';
import { duplicateServiceNames } from './generators/duplicate-service-names.js';
import { duplicateVolumes } from './generators/duplicate-volumes.js';
import { jobContainer } from './generators/job-container.js';
import { nixeryMissingTools } from './generators/nixery-missing-tools.js';
import { nodeGlibcCompat } from './generators/node-glibc-compat.js';
import { stalePod } from './generators/stale-pod.js';
import { workspaceVolumes } from './generators/workspace-volumes.js';
import { readHookTemplate } from './hook-template-model.js';
import { readWorkflow } from '../workflow/workflow-model.js';

export interface FixFiles {
  /** The workflow file, path repository-relative as it should appear in the diff. */
  workflow?: { path: string; text: string };
  /** The hook template (`ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE` content). */
  hookTemplate?: { path: string; text: string };
  /** The failing job: workflow key or display name (API names of matrix jobs work). */
  job?: string;
  /** `owner/name`, when known: names image copies for the duplicate-service fix. */
  repository?: string;
}

/** Catalog `fix.generator` names. */
export const GENERATORS: Record<string, FixGenerator> = {
  'nixery-missing-tools': nixeryMissingTools,
  'node-glibc-compat': nodeGlibcCompat,
  'duplicate-volumes': duplicateVolumes,
  'workspace-volumes': workspaceVolumes,
  'stale-pod': stalePod,
  'job-container': jobContainer,
  'duplicate-service-names': duplicateServiceNames,
};

function load<M>(
  file: { path: string; text: string } | undefined,
  read: (text: string, path: string) => M,
): LoadedFile<M> | null {
  if (!file) return null;
  try {
    return { ...file, model: read(file.text, file.path), error: null };
  } catch (err) {
    return { ...file, model: null, error: toFileParseError(err, file.path) };
  }
}

function complete(finding: Finding, inputs: FixInputs): Finding {
  const name = finding.fix?.generator;
  const generator = name ? GENERATORS[name] : undefined;
  if (!generator || !finding.fix) return finding;
  let fix;
  try {
    fix = generator(finding, baseFix(finding), inputs);
  } catch (err) {
    // A generator bug must not cost the user the diagnosis.
    return { ...finding, fix: { ...baseFix(finding), diff: null, diffUnavailableReason: `internal error ` +
      `in the ${name} fix generator: ${(err as Error).message}` } };
  }
  // A diff never names a file the user did not give.
  const given = new Set([inputs.workflow?.path, inputs.template?.path].filter((p): p is string => !!p));
  if (fix.diff && !(fix.files ?? []).every((f) => given.has(f))) {
    return { ...finding, fix: { ...fix, diff: null, files: [], diffUnavailableReason: 'internal: the ' +
      'diff named a file that was not given' } };
  }
  return { ...finding, fix: { ...fix, generator: name } };
}

/**
 * Completes each finding's fix from the user's files: a git-style diff when the change is
 * knowable (else `diff: null` and `diffUnavailableReason`), the files it touches, snippets, and
 * steps/commands made specific. Files that do not parse still give a diagnosis: the reason names
 * the file, line and column. Returns a copy; the input is not changed.
 */
export function buildFixes(diagnosis: Diagnosis, files: FixFiles): Diagnosis {
  const inputs: FixInputs = {
    workflow: load(files.workflow, readWorkflow),
    template: load(files.hookTemplate, readHookTemplate),
    ...(files.job !== undefined ? { job: files.job } : {}),
    ...(files.repository !== undefined ? { repository: files.repository } : {}),
  };
  const done = new Map<Finding, Finding>();
  const findings = diagnosis.findings.map((f) => {
    const c = complete(f, inputs);
    done.set(f, c);
    return c;
  });
  const root = diagnosis.rootCause;
  const rootCause = root ? (done.get(root) ?? findings.find((f) => f.id === root.id) ?? complete(root, inputs)) : null;
  return { ...diagnosis, findings, rootCause };
}
