import type { Finding, FixSuggestion } from '../engine/types.js';
import type { FileParseError } from '../workflow/file-parse-error.js';
import type { HookTemplateModel } from './hook-template-model.js';
import type { WorkflowModel } from '../workflow/workflow-model.js';

/** A file the user gave, parsed once; `error` set when it did not parse. */
export interface LoadedFile<M> {
  path: string;
  text: string;
  model: M | null;
  error: FileParseError | null;
}

export interface FixInputs {
  workflow: LoadedFile<WorkflowModel> | null;
  template: LoadedFile<HookTemplateModel> | null;
  /** The failing job (workflow key or display name), when known. */
  job?: string;
  /** `owner/name` of the repository, when known (names copies of images on ghcr.io). */
  repository?: string;
}

/** Completes one finding's fix from the files; never throws for bad input, explains instead. */
export type FixGenerator = (finding: Finding, fix: FixSuggestion, inputs: FixInputs) => FixSuggestion;

/** Why a diff could not be made because the file did not parse. */
export function unreadableReason(file: LoadedFile<unknown>): string {
  const e = file.error!;
  return `could not read ${file.path}: ${e.reason} (line ${e.line}, column ${e.column}); fix the YAML ` +
    `there and run again`;
}

/** A capture as a list (captures are one string or every distinct value). */
export function captureList(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).filter((v) => v !== '');
}

/** The finding's catalog fix, or an empty one to fill in. */
export function baseFix(finding: Finding): FixSuggestion {
  return finding.fix ?? { summary: finding.title, steps: [], commands: [], diff: null };
}

/** Generated steps first, then the catalog's that say something else. */
export function mergeSteps(generated: string[], catalog: string[]): string[] {
  return [...generated, ...catalog.filter((s) => !generated.includes(s))];
}
