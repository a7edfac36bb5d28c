import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const DOCKER_LINE = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

/** A corpus of three real-looking cases in a folder of its own: one right, one wrong, one green. */
function corpus(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-stats-'));
  writeFileSync(path.join(dir, 'daemon.log'), `Run docker ps\n${DOCKER_LINE}\nError: Process completed with exit code 1.\n`);
  writeFileSync(path.join(dir, 'wrong.log'), `${DOCKER_LINE}\n`);
  writeFileSync(path.join(dir, 'quiet.log'), 'Run make\nmake: *** [all] Error 2\nError: Process completed with exit code 2.\n');
  const src = 'https://github.com/example/repo/issues/1';
  writeFileSync(path.join(dir, 'corpus.yaml'), [
    `- { file: daemon.log, description: d, source: ${src}, trimmed: both, kind: infra, rootCause: docker/daemon-unavailable, line: 2 }`,
    `- { file: wrong.log, description: w, source: ${src}, trimmed: both, kind: infra, rootCause: runner/disk-full, line: 1 }`,
    `- { file: quiet.log, description: q, source: ${src}, trimmed: none, kind: user-code, rootCause: null }`,
  ].join('\n'));
  return dir;
}

describe('runner-doctor catalog stats', () => {
  it('prints accuracy on real logs, the unclassified rate, cases per kind and family, and the misses', async () => {
    const dir = corpus();
    const { code, out, err } = await runCli(['catalog', 'stats', '--corpus', 'corpus.yaml', '--misses'], { cwd: dir });
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('3 cases, 3 real logs');
    expect(out).toContain('real logs, right root cause and line: 2/3 (66.7%)');
    expect(out).toContain('real failed jobs with no root cause (unclassified): 1/3 (33.3%)');
    expect(out).toMatch(/^ {2}infra +2 cases +50\.0% right$/m);
    expect(out).toMatch(/^ {2}docker +1 cases +100\.0% right$/m);
    expect(out).toContain('wrong.log: expected runner/disk-full, got docker/daemon-unavailable');
  });

  it('names a missing manifest and a bad field, with exit code 2', async () => {
    const dir = corpus();
    const missing = await runCli(['catalog', 'stats', '--corpus', 'nope.yaml'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('nope.yaml');
    writeFileSync(path.join(dir, 'bad.yaml'), '- { file: daemon.log, description: d, rootCause: null, colour: red }\n');
    const bad = await runCli(['catalog', 'stats', '--corpus', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml: case #1 \(daemon\.log\): unknown field colour/);
  });
});
