/** How to get the hook tools into a non-Nixery job image, per base distribution. */
export type Distro = 'debian' | 'alpine' | 'rhel' | 'distroless' | 'unknown';

const TOOL_PACKAGE: Record<Exclude<Distro, 'distroless' | 'unknown'>, Record<string, string>> = {
  debian: {
    tar: 'tar',
    find: 'findutils',
    chmod: 'coreutils',
    stat: 'coreutils',
    cat: 'coreutils',
    sleep: 'coreutils',
    tail: 'coreutils',
    grep: 'grep',
    sh: 'dash',
  },
  alpine: {
    tar: 'tar',
    find: 'findutils',
    chmod: 'coreutils',
    stat: 'coreutils',
    cat: 'coreutils',
    sleep: 'coreutils',
    tail: 'coreutils',
    grep: 'grep',
    sh: 'busybox',
  },
  rhel: {
    tar: 'tar',
    find: 'findutils',
    chmod: 'coreutils',
    stat: 'coreutils',
    cat: 'coreutils',
    sleep: 'coreutils',
    tail: 'coreutils',
    grep: 'grep',
    sh: 'bash',
  },
};

/** The hook's full set, so one rebuild covers every tool it runs. */
const FULL_SET = ['tar', 'findutils', 'coreutils', 'grep'];

/** Images built on Debian or Ubuntu: the official language images, runner images and release names. */
const DEBIAN_BASED = new RegExp(
  '(^|/)(debian|ubuntu|buildpack-deps|node|python|golang|ruby|openjdk|eclipse-temurin|rust|php|perl|gcc' +
    '|actions-runner)([:/-]|$)|catthehacker|bookworm|bullseye|jammy|noble|focal',
);

/** Guesses the base distribution from an image reference (name and tag). */
export function distroOf(image: string): Distro {
  const i = image.toLowerCase();
  if (/alpine|musl/.test(i)) return 'alpine';
  if (/distroless|(^|\/)scratch(:|$)|chainguard\/static|-static(:|$)/.test(i)) return 'distroless';
  if (/(^|\/)(ubi\d*|ubi-minimal|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux)([:/-]|$)|redhat/.test(i))
    return 'rhel';
  if (DEBIAN_BASED.test(i)) return 'debian';
  return 'unknown';
}

/** Packages that provide `tools` on `distro` (full hook set included), in install order. */
export function packagesFor(distro: Exclude<Distro, 'distroless' | 'unknown'>, tools: string[]): string[] {
  const out = new Set(FULL_SET);
  for (const t of tools) {
    const p = TOOL_PACKAGE[distro][t];
    if (p && p !== 'dash' && p !== 'busybox' && p !== 'bash') out.add(p);
  }
  return [...out];
}

/** Steps naming the install command for the image's distribution (all of them when unknown). */
export function installSteps(image: string, tools: string[]): string[] {
  const distro = distroOf(image);
  const debian =
    `Debian/Ubuntu base: \`RUN apt-get update && apt-get install -y ${packagesFor('debian', tools).join(' ')}\``;
  const alpine = `Alpine base: \`RUN apk add --no-cache ${packagesFor('alpine', tools).join(' ')}\` ` +
    `(BusyBox \`tar\` lacks options the hooks and actions use, so install GNU tar)`;
  const rhel = `RHEL/Fedora/UBI base: \`RUN dnf install -y ${packagesFor('rhel', tools).join(' ')}\` ` +
    `(\`microdnf\` on ubi-minimal)`;
  const build = `Build your own image \`FROM ${image}\` with the packages below, push it, and use it as ` +
    `the job's \`container.image\`.`;
  switch (distro) {
    case 'debian':
      return [build, debian];
    case 'alpine':
      return [build, alpine];
    case 'rhel':
      return [build, rhel];
    case 'distroless':
      return [
        `\`${image}\` is distroless/static: it has no package manager and no shell, so the tools cannot ` +
          `be added to it. Use another base for the job container (e.g. \`debian:bookworm-slim\` or the ` +
          `matching \`-debian\`/\`-slim\` variant of this image); the k8s hooks need \`sh\`, \`tar\`, ` +
          `\`find\`, \`chmod\`, \`stat\`, \`cat\`, \`grep\`, \`sleep\` and \`tail\` in it.`,
      ];
    case 'unknown':
      return [build, debian, alpine, rhel];
  }
}
