/** How to get the hook tools into a non-Nixery job image, per base distribution. */
export type Distro = 'debian' | 'alpine' | 'rhel' | 'distroless' | 'unknown';

/**
 * The packages of the hooks' tools, the same names on Debian, Alpine and RHEL (`sh` is always there).
 * The whole set every time, so one rebuild covers every tool the hooks run, not only the one that failed.
 */
const HOOK_PACKAGES = 'tar findutils coreutils grep';

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

/** Steps naming the install command for the image's distribution (all of them when unknown). */
export function installSteps(image: string): string[] {
  const distro = distroOf(image);
  const debian =
    `Debian/Ubuntu base: \`RUN apt-get update && apt-get install -y ${HOOK_PACKAGES}\``;
  const alpine = `Alpine base: \`RUN apk add --no-cache ${HOOK_PACKAGES}\` ` +
    `(BusyBox \`tar\` lacks options the hooks and actions use, so install GNU tar)`;
  const rhel = `RHEL/Fedora/UBI base: \`RUN dnf install -y ${HOOK_PACKAGES}\` ` +
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
