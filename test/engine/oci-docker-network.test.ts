import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { bashStep, jobLog, rootCauseIds } from '../helpers/job-log.js';

// Logs written for these tests (not corpus logs): OCI runtime, docker daemon, registry and network errors are
// causes where the runner or docker prints them, and not where a user's own tests print them.

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const SET_UP = ["Current runner version: '2.331.0'", 'Runner name: self-hosted-01', 'Complete job name: test'];
const FAILED = '##[error]Process completed with exit code 1.';
const run = (lines: string[]) => diagnose(jobLog(lines), { catalog, source: 'job.log' });

describe('OCI runtime errors', () => {
  it('names the missing program of a `docker run` and folds the generic runtime failure', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('docker run --rm -v "$PWD:/src" acme/lint:3 ruff check /src', [
        'docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "ruff": executable file not found in $PATH: unknown.',
        "Run 'docker run --help' for more information",
        '##[error]Process completed with exit code 127.',
      ]),
    ]);
    expect(rootCauseIds(d)).toEqual(['oci/executable-not-found']);
    expect(d.rootCause).toMatchObject({ captures: { executable: 'ruff' } });
    expect(d.rootCause!.folded).toContain('oci/runtime-failed');
    expect(d.rootCause!.evidence[0]!.line).toBe(8);
  });

  it('does not take a Go test that prints os/exec errors for a container that cannot start', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('go test ./...', [
        '=== RUN   TestRunner',
        '    runner_test.go:31: exec: "docker": executable file not found in $PATH',
        'exec /usr/local/bin/helper: permission denied from fork/exec',
        '--- FAIL: TestRunner (0.00s)',
        'FAIL',
        FAILED,
      ]),
    ]);
    expect(rootCauseIds(d)).toEqual(['code/go-test-failed']);
  });

  it('leaves a hook tool missing from the job image to image/missing-tool, with the OCI line as its evidence', async () => {
    const d = await run([
      ...SET_UP,
      '##[group]Checking docker version',
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "tail": executable file not found in $PATH: unknown',
      '##[error]Process completed with exit code 126.',
    ]);
    expect(rootCauseIds(d)).toEqual(['image/missing-tool']);
    expect(d.rootCause!.folded).toEqual(expect.arrayContaining(['oci/executable-not-found', 'oci/runtime-failed']));
  });
});

describe('docker daemon and registries', () => {
  it('puts a socket permission problem above the pull failure the runner reports first', async () => {
    const d = await run([
      ...SET_UP,
      '##[group]Pull down action image',
      '##[error]Docker pull failed with exit code 1',
      '/usr/bin/docker pull golang:1.24-alpine',
      'permission denied while trying to connect to the docker API at unix:///var/run/docker.sock',
    ]);
    expect(d.rootCause).toMatchObject({ id: 'docker/socket-permission-denied', captures: { endpoint: 'unix:///var/run/docker.sock' } });
    expect(d.rootCause!.folded).toContain('docker/pull-failed');
    expect(rootCauseIds(d)).toEqual(['docker/socket-permission-denied']);
  });

  it('calls a missing tag not found, not a generic pull failure', async () => {
    const d = await run([
      ...SET_UP,
      '##[group]Starting job container',
      '/usr/bin/docker pull ghcr.io/acme/ci:main',
      'Error response from daemon: manifest unknown',
      '##[warning]Docker pull failed with exit code 1, back off 9.789 seconds before retry.',
      '##[error]Docker pull failed with exit code 1',
    ]);
    expect(rootCauseIds(d)).toEqual(['registry/image-not-found']);
    expect(d.rootCause!.evidence[0]!.line).toBe(6);
  });
});

describe('buildkit progress lines', () => {
  it('are the build\'s own output (`#3 ERROR: ...`), while a markdown heading stays a quote', async () => {
    const build = await run([
      ...SET_UP,
      ...bashStep('docker build .', [
        '#3 [internal] load metadata for docker.io/nvidia/cuda:12.2.2-base-ubuntu22.04',
        '#3 ERROR: unexpected status from HEAD request to https://registry-1.docker.io/v2/nvidia/cuda/manifests/12.2.2-base-ubuntu22.04: 429 Too Many Requests',
        FAILED,
      ]),
    ]);
    expect(build.rootCause).toMatchObject({ id: 'registry/rate-limited' });
    expect(build.rootCause!.evidence[0]!.line).toBe(9);

    const docs = await run([
      ...SET_UP,
      ...bashStep('cat docs/ci.md', ['# unexpected status from HEAD request to https://x/v2/: 429 Too Many Requests']),
      ...bashStep('npm test', ['not ok 1 - works', FAILED]),
    ]);
    expect(rootCauseIds(docs)).toEqual([]);
  });
});

describe('network errors and the tests that print them', () => {
  const dnsLine = 'E   socket.gaierror: [Errno -3] Temporary failure in name resolution';

  it('is DNS when the step that failed is a download', async () => {
    const d = await run([...SET_UP, ...bashStep('pip download -r requirements.txt', [dnsLine, FAILED])]);
    expect(rootCauseIds(d)).toEqual(['network/dns-failed']);
  });

  it('is the failing test when a test suite reports failures around the same error', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('pytest', [
        '=================================== FAILURES ===================================',
        dnsLine,
        '=========================== short test summary info ============================',
        'FAILED tests/test_client.py::test_fetch_remote - socket.gaierror: [Errno -3] Temporary failure in name resolution',
        FAILED,
      ]),
    ]);
    expect(rootCauseIds(d)).toEqual(['code/pytest-test-failed']);
    expect(d.rootCause).toMatchObject({ captures: { test: 'test_fetch_remote' } });
  });
});
