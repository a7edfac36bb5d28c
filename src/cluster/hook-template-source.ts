import type { V1Pod } from '@kubernetes/client-node';
import { posix } from 'node:path';

export const HOOK_TEMPLATE_ENV = 'ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE';

export type HookTemplateSource =
  | { found: true; path: string; configMap: string; key: string }
  | { found: false; reason: string };

/**
 * Where the runner pod's hook template comes from (pure): the path in its
 * `ACTIONS_RUNNER_CONTAINER_HOOK_TEMPLATE` env, the volume mounted over that path, and the
 * ConfigMap key behind it (via `subPath`, `items`, or the file name under the mount).
 */
export function findHookTemplateSource(pod: V1Pod): HookTemplateSource {
  const containers = pod.spec?.containers ?? [];
  const container = containers.find((c) => c.env?.some((e) => e.name === HOOK_TEMPLATE_ENV));
  const env = container?.env?.find((e) => e.name === HOOK_TEMPLATE_ENV);
  const no = (reason: string): HookTemplateSource => ({ found: false, reason });
  if (!container || !env) return no(`no container sets ${HOOK_TEMPLATE_ENV} (the hook runs without a template)`);
  if (!env.value) return no(`${HOOK_TEMPLATE_ENV} is set from a reference (valueFrom), not a path`);
  const path = posix.normalize(env.value);
  // The deepest mount that contains the path wins, as in the container's filesystem.
  const mounts = (container.volumeMounts ?? [])
    .filter((m) => {
      const at = posix.normalize(m.mountPath);
      return path === at || path.startsWith(`${at.replace(/\/$/, '')}/`);
    })
    .sort((a, b) => b.mountPath.length - a.mountPath.length);
  const mount = mounts[0];
  if (!mount) return { found: false, reason: `no volume is mounted at ${path} in container \`${container.name}\`` };
  const volume = pod.spec?.volumes?.find((v) => v.name === mount.name);
  const cm = volume?.configMap;
  if (!cm?.name) return no(`${path} comes from volume \`${mount.name}\`, which is not a ConfigMap`);
  const mountPath = posix.normalize(mount.mountPath);
  // subPath mounts one projected file at exactly mountPath.
  const file = mount.subPath ? mount.subPath : posix.relative(mountPath, path);
  if (!file) return no(`${path} is the mount point of ConfigMap \`${cm.name}\`, not a file in it`);
  const item = cm.items?.find((i) => posix.normalize(i.path) === file);
  if (cm.items?.length && !item) return no(`ConfigMap \`${cm.name}\` projects no item at ${file}`);
  return { found: true, path, configMap: cm.name, key: item ? item.key : file };
}
