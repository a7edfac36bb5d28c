import { FileParseError } from '../workflow/file-parse-error.js';
import { mappingGet, mappingKey, parseYamlWithPositions, type YamlNode } from '../workflow/yaml-positions.js';

export interface TemplateContainer {
  name: string | null;
  node: YamlNode;
  volumeMounts: YamlNode | undefined;
  volumeMountsKey: YamlNode | undefined;
}

/**
 * A hook extension (`ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE`): a PodSpec-shaped template under
 * `spec:` whose `$job` container is merged into the job container.
 */
export interface HookTemplateModel {
  path: string;
  text: string;
  root: YamlNode;
  spec: YamlNode;
  containers: TemplateContainer[];
  containersNode: YamlNode | undefined;
  initContainers: TemplateContainer[];
  initContainersNode: YamlNode | undefined;
  volumes: YamlNode | undefined;
  volumesKey: YamlNode | undefined;
}

function readContainers(seq: YamlNode | undefined): TemplateContainer[] {
  if (!seq || seq.kind !== 'sequence') return [];
  return seq.children
    .filter((c) => c.kind === 'mapping')
    .map((node) => {
      const name = mappingGet(node, 'name');
      return {
        name: name?.kind === 'scalar' ? String(name.value) : null,
        node,
        volumeMounts: mappingGet(node, 'volumeMounts'),
        volumeMountsKey: mappingKey(node, 'volumeMounts'),
      };
    });
}

/** Reads a hook template; throws FileParseError when it does not parse or has no `spec:` mapping. */
export function readHookTemplate(text: string, path: string): HookTemplateModel {
  const root = parseYamlWithPositions(text, path);
  if (root.kind === 'mapping' && mappingGet(root, 'kind')?.value === 'ConfigMap') {
    throw new FileParseError(path, 1, 1, 'this is a ConfigMap: pass the hook extension itself (the YAML ' +
      'inside its `data`)');
  }
  const spec = mappingGet(root, 'spec');
  if (!spec || spec.kind !== 'mapping') {
    throw new FileParseError(path, 1, 1, 'no `spec:` mapping: a hook template is a pod template with ' +
      '`spec.containers` (the `$job` container) and `spec.volumes`');
  }
  const containersNode = mappingGet(spec, 'containers');
  const initContainersNode = mappingGet(spec, 'initContainers');
  return {
    path,
    text,
    root,
    spec,
    containers: readContainers(containersNode),
    containersNode,
    initContainers: readContainers(initContainersNode),
    initContainersNode,
    volumes: mappingGet(spec, 'volumes'),
    volumesKey: mappingKey(spec, 'volumes'),
  };
}

/** `name` and `mountPath` (or `name` alone for volumes) of a list item. */
export function itemField(item: YamlNode, field: string): string | null {
  const v = mappingGet(item, field);
  return v && v.kind === 'scalar' ? String(v.value) : null;
}
