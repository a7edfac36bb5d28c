import type { HookTemplateModel, TemplateContainer } from './hook-template-model.js';
import { columnOf, mappingKey, type YamlNode } from '../workflow/yaml-positions.js';
import { UneditableYamlError, YamlTextEditor } from './yaml-text-editor.js';

/** How far this template's list dashes sit right of their key (0 or one indent step). */
export function dashOffsetOf(model: HookTemplateModel, editor: YamlTextEditor): number {
  for (const key of ['containers', 'volumes', 'initContainers']) {
    const seq =
      key === 'containers' ? model.containersNode : key === 'volumes' ? model.volumes : model.initContainersNode;
    const k = mappingKey(model.spec, key);
    if (seq && k && seq.kind === 'sequence' && seq.children[0]) {
      try {
        return Math.max(0, editor.dashColumn(seq.children[0]) - columnOf(model.text, k.start));
      } catch {
        // flow style: try the next list
      }
    }
  }
  return editor.indentUnit.length;
}

function requireBlockSequence(node: YamlNode, what: string): void {
  if (node.kind !== 'sequence') throw new UneditableYamlError(`\`${what}\` is not a list`);
}

/** Appends items to `spec.<key>` (creating the key at the end of `spec:` when absent). */
export function appendToSpecList(
  model: HookTemplateModel,
  editor: YamlTextEditor,
  key: 'volumes' | 'initContainers',
  items: string[][],
): void {
  const seq = key === 'volumes' ? model.volumes : model.initContainersNode;
  if (seq && seq.kind !== 'null') {
    requireBlockSequence(seq, `spec.${key}`);
    for (const item of items) editor.appendItem(seq, item);
  } else if (seq) {
    throw new UneditableYamlError(`\`spec.${key}\` is empty (null); write it as a list first`);
  } else {
    // Init containers read best above `containers:`, as in most pod specs.
    const before = key === 'initContainers' ? mappingKey(model.spec, 'containers') : undefined;
    editor.appendSequenceKey(model.spec, key, items, dashOffsetOf(model, editor), before);
  }
}

/** The template's `$job` container, if any. */
export function jobContainer(model: HookTemplateModel): TemplateContainer | undefined {
  return model.containers.find((c) => c.name === '$job');
}

/** Adds volume mounts to the `$job` container (creating the container or its `volumeMounts` if needed). */
export function appendJobMounts(model: HookTemplateModel, editor: YamlTextEditor, mounts: string[][]): void {
  const job = jobContainer(model);
  const offset = dashOffsetOf(model, editor);
  if (!job) {
    const item = [
      'name: $job',
      'volumeMounts:',
      ...mounts.flatMap((m) =>
        m.map((l, i) => (i === 0 ? `${' '.repeat(offset)}- ${l}` : `${' '.repeat(offset)}  ${l}`)),
      ),
    ];
    if (model.containersNode && model.containersNode.kind === 'sequence') editor.appendItem(model.containersNode, item);
    else if (!model.containersNode) editor.appendSequenceKey(model.spec, 'containers', [item], offset);
    else throw new UneditableYamlError('`spec.containers` is not a list');
    return;
  }
  if (job.volumeMounts && job.volumeMounts.kind === 'sequence') {
    for (const m of mounts) editor.appendItem(job.volumeMounts, m);
  } else if (!job.volumeMounts) {
    editor.appendSequenceKey(job.node, 'volumeMounts', mounts, offset);
  } else {
    throw new UneditableYamlError('the `$job` container\'s `volumeMounts` is not a list');
  }
}
