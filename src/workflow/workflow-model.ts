import { FileParseError } from './file-parse-error.js';
import { mappingEntries, mappingGet, parseYamlWithPositions, type YamlNode } from './yaml-positions.js';

/** Where a scalar sits in the file: fixes replace text[start, end) (quotes included). */
export interface ScalarSpan {
  start: number;
  end: number;
}

export interface WorkflowContainer {
  image: string | null;
  /** True when the image comes from `${{ ... }}` (matrix, inputs, vars). */
  isExpression: boolean;
  /** `string`: `container: IMAGE`; `mapping`: `container: { image: IMAGE }`. */
  form: 'string' | 'mapping';
  /** The image scalar's span, null when there is no image scalar. */
  imageSpan: ScalarSpan | null;
}

export interface WorkflowService {
  image: string | null;
  imageSpan: ScalarSpan | null;
}

export interface WorkflowJob {
  key: string;
  name: string | null;
  runsOn: string[];
  container: WorkflowContainer | null;
  /** Service name -> image (expressions kept as written). */
  services: Record<string, string>;
  /** Service name -> image and its span. */
  serviceSpans: Record<string, WorkflowService>;
  /** The job's mapping node (offsets for inserting keys). */
  node: YamlNode;
  /** The job key's node. */
  keyNode: YamlNode;
}

export interface WorkflowModel {
  path: string;
  /** The text the offsets refer to. */
  text: string;
  jobs: WorkflowJob[];
  /** The `jobs:` mapping node. */
  jobsNode: YamlNode;
}

const EXPRESSION = /\$\{\{/;

function scalarString(node: YamlNode | undefined): string | null {
  if (!node || node.kind !== 'scalar') return null;
  return typeof node.value === 'string' ? node.value : String(node.value);
}

function readContainer(node: YamlNode | undefined): WorkflowContainer | null {
  if (!node || node.kind === 'null') return null;
  if (node.kind === 'scalar') {
    const image = scalarString(node);
    return {
      image,
      isExpression: EXPRESSION.test(image ?? ''),
      form: 'string',
      imageSpan: { start: node.start, end: node.end },
    };
  }
  if (node.kind === 'mapping') {
    const imageNode = mappingGet(node, 'image');
    const image = scalarString(imageNode);
    return {
      image,
      isExpression: EXPRESSION.test(image ?? ''),
      form: 'mapping',
      imageSpan: imageNode && imageNode.kind === 'scalar' ? { start: imageNode.start, end: imageNode.end } : null,
    };
  }
  return null;
}

function readRunsOn(node: YamlNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === 'scalar') return [String(node.value)];
  if (node.kind === 'sequence') return node.children.map((c) => scalarString(c)).filter((s): s is string => s !== null);
  if (node.kind === 'mapping') {
    const out: string[] = [];
    const group = scalarString(mappingGet(node, 'group'));
    if (group) out.push(group);
    out.push(...readRunsOn(mappingGet(node, 'labels')));
    return out;
  }
  return [];
}

/**
 * Reads a GitHub Actions workflow with the offsets the fix generators need.
 * Throws FileParseError (path, 1-based line and column) when the YAML does not parse or has no `jobs:`.
 */
export function readWorkflow(text: string, path: string): WorkflowModel {
  const root = parseYamlWithPositions(text, path);
  const jobsNode = mappingGet(root, 'jobs');
  if (!jobsNode || jobsNode.kind !== 'mapping') {
    throw new FileParseError(path, 1, 1, 'no `jobs:` mapping: is this a GitHub Actions workflow file?');
  }
  const jobs: WorkflowJob[] = [];
  for (const { key, value } of mappingEntries(jobsNode)) {
    if (value.kind !== 'mapping') continue;
    const services: Record<string, string> = {};
    const serviceSpans: Record<string, WorkflowService> = {};
    for (const svc of mappingEntries(mappingGet(value, 'services'))) {
      const c = readContainer(svc.value);
      const name = String(svc.key.value);
      if (c?.image) services[name] = c.image;
      serviceSpans[name] = { image: c?.image ?? null, imageSpan: c?.imageSpan ?? null };
    }
    jobs.push({
      key: String(key.value),
      name: scalarString(mappingGet(value, 'name')),
      runsOn: readRunsOn(mappingGet(value, 'runs-on')),
      container: readContainer(mappingGet(value, 'container')),
      services,
      serviceSpans,
      node: value,
      keyNode: key,
    });
  }
  return { path, text, jobs, jobsNode };
}

function nameMatches(template: string, apiName: string): boolean {
  if (template === apiName) return true;
  if (!EXPRESSION.test(template)) return false;
  // `Build ${{ matrix.os }}` matches the API's `Build ubuntu`.
  const parts = template.split(/\$\{\{[^}]*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+')}$`).test(apiName);
}

/**
 * Finds a job by its key or display name. API names of matrix jobs carry the matrix values in
 * parentheses (`build (ubuntu, 20)`); those match the job whose key or name precedes them.
 */
export function findWorkflowJob(model: WorkflowModel, job: string): WorkflowJob | undefined {
  const exact = model.jobs.find((j) => j.key === job || (j.name !== null && nameMatches(j.name, job)));
  if (exact) return exact;
  const base = /^(.*?) \(.*\)$/.exec(job)?.[1];
  if (base === undefined) return undefined;
  return model.jobs.find((j) => j.key === base || (j.name !== null && nameMatches(j.name, base)));
}

/** The job a fix is about: the named one, else the only job with a container, else the only job. */
export function pickWorkflowJob(model: WorkflowModel, job?: string): WorkflowJob | undefined {
  if (job !== undefined && job !== '') return findWorkflowJob(model, job);
  const withContainer = model.jobs.filter((j) => j.container !== null);
  if (withContainer.length === 1) return withContainer[0];
  if (model.jobs.length === 1) return model.jobs[0];
  return undefined;
}
