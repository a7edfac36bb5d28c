import { describe, expect, it } from 'vitest';
import { distroOf, installSteps } from '../../src/fixes/distro-install.js';

describe('distro-install', () => {
  it('tells distributions apart from the image name', () => {
    expect(distroOf('alpine:3.20')).toBe('alpine');
    expect(distroOf('node:22-alpine')).toBe('alpine');
    expect(distroOf('node:22')).toBe('debian');
    expect(distroOf('gcr.io/distroless/static-debian12')).toBe('distroless');
    expect(distroOf('registry.access.redhat.com/ubi9/ubi-minimal')).toBe('rhel');
    expect(distroOf('ghcr.io/acme/builder:1')).toBe('unknown');
  });

  it('names the install command per distribution', () => {
    expect(installSteps('debian:12')).toEqual([
      'Build your own image `FROM debian:12` with the packages below, push it, and use it as the job\'s `container.image`.',
      'Debian/Ubuntu base: `RUN apt-get update && apt-get install -y tar findutils coreutils grep`',
    ]);
    expect(installSteps('gcr.io/distroless/base')[0]).toContain('cannot be added');
    expect(installSteps('ghcr.io/acme/builder:1')).toHaveLength(4);
  });
});
