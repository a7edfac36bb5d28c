import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { diagnose } from '../../src/engine/diagnose.js';
import { bashStep, jobLog, rootCauseIds } from '../helpers/job-log.js';

// Logs written for these tests (not corpus logs): memory and disk wordings that a user's own step prints
// must not become the cause, and the cause must be named when the job really died of it.

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});


const SET_UP = ["Current runner version: '2.331.0'", "Runner name: 'self-hosted-01'", 'Complete job name: test'];
const END = ['Cleaning up orphan processes'];

const run = (lines: string[]) => diagnose(jobLog(lines), { catalog, source: 'job.log' });

describe('memory and disk wordings: the job\'s own output versus the cause', () => {
  it('a script that kills its own background server (bash "Killed") while a jest test fails: the test is the cause', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('npm start & npx jest; kill -9 $!', [
        'FAIL src/api.test.ts',
        '  ● api › returns 200',
        '/home/runner/work/_temp/1c2d3e4f.sh: line 1:  4242 Killed                  npm start',
        '##[error]Process completed with exit code 1.',
      ]),
      ...END,
    ]);
    expect(rootCauseIds(d)).toEqual(['code/jest-test-failed']);
  });

  it('the same "Killed" line when the step ends with exit code 137 names the killed command', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('npm run build', [
        '> webpack --mode production',
        '/home/runner/work/_temp/1c2d3e4f.sh: line 1:  4242 Killed                  npm run build',
        '##[error]Process completed with exit code 137.',
      ]),
      ...END,
    ]);
    expect(d.rootCause).toMatchObject({ id: 'memory/process-killed', captures: { command: 'npm run build' } });
    expect(d.rootCause?.evidence[0]?.line).toBe(9);
    expect(d.rootCause?.folded).toContain('runner/killed-exit-137');
  });

  it('a JUnit test that asserts an OutOfMemoryError and fails: the failing test is the cause, not the JVM', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('mvn -B test', [
        '[ERROR] com.example.CacheTest.evicts  Time elapsed: 0.02 s  <<< FAILURE!',
        'org.opentest4j.AssertionFailedError: expected: <java.lang.OutOfMemoryError: Java heap space> but was: <null>',
        '	at com.example.CacheTest.evicts(CacheTest.java:42)',
        '##[error]Process completed with exit code 1.',
      ]),
      ...END,
    ]);
    expect(rootCauseIds(d)).toEqual(['code/junit-test-failed']);
  });

  it('a watcher hitting the inotify limit is not a full disk', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('npm run e2e', [
        "Error: ENOSPC: System limit for number of file watchers reached, watch '/home/runner/work/app/app/src'",
        '##[error]Process completed with exit code 1.',
      ]),
      ...END,
    ]);
    expect(rootCauseIds(d)).toEqual(['runner/inotify-watch-limit']);
  });

  it('npm writing to a full disk is the disk, named on its own line', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('npm ci', [
        'npm ERR! code ENOSPC',
        'npm ERR! syscall write',
        'npm ERR! errno -28',
        'npm ERR! nospc ENOSPC: no space left on device, write',
        '##[error]Process completed with exit code 228.',
      ]),
      ...END,
    ]);
    expect(d.rootCause?.id).toBe('runner/disk-full');
    expect(d.rootCause?.evidence[0]?.line).toBe(11);
  });

  it('cargo reporting rustc killed outranks the compile-error line it follows', async () => {
    const d = await run([
      ...SET_UP,
      ...bashStep('cargo build --release', [
        '   Compiling serde v1.0.200',
        'error: could not compile `app` (bin "app")',
        '',
        'Caused by:',
        '  process didn\'t exit successfully: `rustc --crate-name app --edition=2021 src/main.rs` (signal: 9, SIGKILL: kill)',
        '##[error]Process completed with exit code 101.',
      ]),
      ...END,
    ]);
    expect(d.rootCause?.id).toBe('memory/compiler-killed');
    expect(rootCauseIds(d)).not.toContain('code/rustc-error');
  });
});
