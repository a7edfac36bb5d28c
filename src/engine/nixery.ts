/**
 * Nixery builds an image from its path: every segment is a nixpkgs attribute, and only those
 * packages' binaries land in /bin. This module knows which tools the Kubernetes container hooks
 * run inside the job container and which Nixery package provides each one.
 */

/** Tools the k8s hooks exec in the job container (novolume mode needs all of them). */
export const HOOK_TOOLS = ['sh', 'tar', 'find', 'chmod', 'stat', 'cat', 'grep', 'sleep', 'tail'] as const;
export type HookTool = (typeof HOOK_TOOLS)[number];

/** Tool -> Nixery package (nixpkgs attribute) that puts it on PATH. */
export const NIXERY_PACKAGE_FOR_TOOL: Record<HookTool, string> = {
  sh: 'shell',
  tar: 'gnutar',
  find: 'findutils',
  chmod: 'coreutils',
  stat: 'coreutils',
  cat: 'coreutils',
  sleep: 'coreutils',
  tail: 'coreutils',
  grep: 'gnugrep',
};

/** Packages that also provide a tool (aliases and bundles seen in real images). */
const PROVIDERS: Record<string, HookTool[]> = {
  shell: ['sh'],
  bash: ['sh'],
  bashInteractive: ['sh'],
  dash: ['sh'],
  busybox: ['sh', 'tar', 'find', 'chmod', 'stat', 'cat', 'grep', 'sleep', 'tail'],
  gnutar: ['tar'],
  findutils: ['find'],
  coreutils: ['chmod', 'stat', 'cat', 'sleep', 'tail'],
  'coreutils-full': ['chmod', 'stat', 'cat', 'sleep', 'tail'],
  gnugrep: ['grep'],
};

/** The packages every Nixery job image needs for the k8s hooks, in the order we add them. */
export const NIXERY_HOOK_PACKAGES = ['shell', 'gnutar', 'findutils', 'coreutils', 'gnugrep'] as const;

export interface NixeryImage {
  /** `nixery.dev` or another Nixery host. */
  host: string;
  /** Path segments: packages, possibly led by a meta segment such as `shell` or `arm64`. */
  packages: string[];
  tag: string | null;
}

/** Parses `nixery.dev/a/b/c[:tag]`; null when the image is not a Nixery image. */
export function parseNixeryImage(image: string): NixeryImage | null {
  const trimmed = image.trim().replace(/^docker:\/\//, '');
  const m = /^(nixery\.dev|[a-z0-9.-]*nixery[a-z0-9.-]*)\/([^\s@]+?)(?::([\w.-]+))?$/.exec(trimmed);
  if (!m) return null;
  const packages = m[2]!.split('/').filter((p) => p.length > 0);
  return { host: m[1]!, packages, tag: m[3] ?? null };
}

/** The hook tools a Nixery image lacks, in HOOK_TOOLS order; null when not a Nixery image. */
export function missingHookTools(image: string): HookTool[] | null {
  const parsed = parseNixeryImage(image);
  if (!parsed) return null;
  const have = new Set<HookTool>();
  for (const pkg of parsed.packages) for (const tool of PROVIDERS[pkg] ?? []) have.add(tool);
  return HOOK_TOOLS.filter((tool) => !have.has(tool));
}
