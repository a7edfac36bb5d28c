import { itemField, type HookTemplateModel } from './hook-template-model.js';
import type { YamlNode } from '../workflow/yaml-positions.js';
import type { YamlTextEditor } from './yaml-text-editor.js';

export interface RemovalPlan {
  /** `container: mountPath (volume)` lines for the report. */
  mounts: { container: string; mountPath: string; volume: string }[];
  volumes: string[];
}

/**
 * Removes from the template every mount at one of `mountPaths` or of one of `volumeNames`, in all
 * containers and init containers, and every volume that is named in `volumeNames` or that only the
 * removed mounts used. Returns what it removed (empty plan: nothing matched).
 */
export function removeVolumesAndMounts(
  model: HookTemplateModel,
  editor: YamlTextEditor | null,
  volumeNames: string[],
  mountPaths: string[],
): RemovalPlan {
  const plan: RemovalPlan = { mounts: [], volumes: [] };
  const removedMountVolumes = new Set<string>();
  const keptMountVolumes = new Set<string>();
  const norm = (p: string) => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const paths = new Set(mountPaths.map(norm));
  for (const c of [...model.initContainers, ...model.containers]) {
    const seq = c.volumeMounts;
    if (!seq || seq.kind !== 'sequence') continue;
    const drop: YamlNode[] = [];
    for (const m of seq.children) {
      const name = itemField(m, 'name') ?? '';
      const path = itemField(m, 'mountPath') ?? '';
      if (volumeNames.includes(name) || paths.has(norm(path))) {
        drop.push(m);
        removedMountVolumes.add(name);
        plan.mounts.push({ container: c.name ?? '(unnamed)', mountPath: path, volume: name });
      } else keptMountVolumes.add(name);
    }
    if (drop.length > 0 && editor) editor.removeItems(seq, drop, c.volumeMountsKey);
  }
  const vols = model.volumes;
  if (vols && vols.kind === 'sequence') {
    const drop = vols.children.filter((v) => {
      const name = itemField(v, 'name') ?? '';
      return volumeNames.includes(name) || (removedMountVolumes.has(name) && !keptMountVolumes.has(name));
    });
    plan.volumes.push(...drop.map((v) => itemField(v, 'name') ?? ''));
    if (drop.length > 0 && editor) editor.removeItems(vols, drop, model.volumesKey);
  }
  return plan;
}

/** One line per removed entry, for steps. */
export function describePlan(plan: RemovalPlan, path: string): string[] {
  const out: string[] = [];
  for (const m of plan.mounts) out.push(`Remove from ${path}: the \`${m.container}\` mount ` +
    `\`${m.volume}\` at \`${m.mountPath}\`.`);
  for (const v of plan.volumes) out.push(`Remove from ${path}: the volume \`${v}\` in \`spec.volumes\`.`);
  return out;
}
