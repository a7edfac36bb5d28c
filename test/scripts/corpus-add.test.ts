import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

// `npm run corpus:add` run the way a helper runs it with every answer given (--yes), on a manifest of its
// own: what it writes is what the corpus test reads next.

const SCRIPT = fileURLToPath(new URL('../../scripts/corpus-add.mjs', import.meta.url));
const SOURCE = 'https://github.com/example/repo/issues/7#issuecomment-1';
const LOG = [
  '2024-05-01T10:00:00.0000000Z ##[group]Run docker build .',
  '2024-05-01T10:00:01.0000000Z ##[error]Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
  '2024-05-01T10:00:01.1000000Z ##[error]Process completed with exit code 1.',
];
const MANIFEST = [
  '# a corpus for the test',
  '',
  '# --- session 9: docker things ---------------------------------',
  '',
  '# (end of the docker section)',
  '',
  '# --- session 9: other things ----------------------------------',
  '',
  '- file: real/other.log',
  '  description: "another helper\'s case"',
  '  rootCause: null',
  '',
  '# (end of the other section)',
  '',
].join('\n');

interface Case {
  file: string;
  description: string;
  source: string;
  trimmed: string;
  kind: string;
  rootCause: string | null;
  line?: number;
  miss?: string;
}

function corpusDir(input: string[] = LOG): { dir: string; input: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'rd-corpus-add-'));
  writeFileSync(path.join(dir, 'corpus.yaml'), MANIFEST);
  const file = path.join(dir, 'pasted.txt');
  writeFileSync(file, `\n${input.join('\n')}\n\n`);
  return { dir, input: file };
}

function run(dir: string, args: string[]) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args, '--corpus', path.join(dir, 'corpus.yaml')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status, err: r.stderr, manifest: readFileSync(path.join(dir, 'corpus.yaml'), 'utf8') };
}

const cases = (manifest: string) => yaml.load(manifest) as Case[];

describe('npm run corpus:add', () => {
  it('copies the log verbatim and writes its case at the end of the named section', () => {
    const { dir, input } = corpusDir();
    const r = run(dir, [input, '--yes', '--source', SOURCE, '--name', 'daemon-down', '--kind', 'infra',
      '--id', 'docker/daemon-unavailable', '--line-of', 'Cannot connect', '--description', 'dind not up',
      '--section', 'docker things']);
    expect(r.err).toContain('runner-doctor finds docker/daemon-unavailable on line 2');
    expect(r.code).toBe(0);
    // Only the blank lines at the ends go; the lines themselves stay byte for byte.
    expect(readFileSync(path.join(dir, 'real/daemon-down.log'), 'utf8')).toBe(`${LOG.join('\n')}\n`);
    expect(cases(r.manifest)).toEqual([
      { file: 'real/daemon-down.log', description: 'dind not up', source: SOURCE, trimmed: 'none', kind: 'infra',
        rootCause: 'docker/daemon-unavailable', line: 2 },
      { file: 'real/other.log', description: "another helper's case", rootCause: null },
    ]);
    const rows = r.manifest.split('\n');
    const at = rows.indexOf('- file: real/daemon-down.log');
    expect(rows.slice(at - 2, at)).toEqual(['# --- session 9: docker things ---------------------------------', '']);
    expect(rows.indexOf('# (end of the docker section)')).toBeGreaterThan(at);
    expect(r.manifest.endsWith('# (end of the other section)\n')).toBe(true);
  });

  it('records a case the catalog gets wrong as a known miss, and the trimmed ends of a quoted log', () => {
    const { dir, input } = corpusDir(['Some text of the issue', ...LOG, 'More text after the log']);
    const r = run(dir, [input, '--yes', '--source', SOURCE, '--name', 'cut', '--kind', 'infra', '--from', '3',
      '--to', '5', '--id', 'runner/disk-full', '--line', '2', '--description', 'a wrong guess on purpose']);
    expect(r.code).toBe(0);
    expect(readFileSync(path.join(dir, 'real/cut.log'), 'utf8')).toBe(`${LOG.join('\n')}\n`);
    const added = cases(r.manifest).at(-1)!;
    expect(added).toMatchObject({ file: 'real/cut.log', trimmed: 'both', rootCause: 'runner/disk-full', line: 2 });
    expect(added.miss).toBe('runner-doctor finds docker/daemon-unavailable on line 2');
  });

  it('writes a green log without a root cause or line', () => {
    const { dir, input } = corpusDir(['##[group]Run npm test', 'ok 1 - works', '##[endgroup]']);
    const r = run(dir, [input, '--yes', '--source', SOURCE, '--name', 'green-one', '--kind', 'green',
      '--description', 'a green job']);
    expect(r.code).toBe(0);
    expect(cases(r.manifest).at(-1)).toEqual({ file: 'real/green-one.log', description: 'a green job', source: SOURCE,
      trimmed: 'none', kind: 'green', rootCause: null });
  });

  it('refuses, writing nothing, without a source URL, a needed answer, a known section or a free name', () => {
    const { dir, input } = corpusDir();
    const base = [input, '--yes', '--name', 'x', '--kind', 'infra', '--description', 'd'];
    const noSource = run(dir, base);
    expect(noSource.code).toBe(2);
    expect(noSource.err).toContain('--source must be the https URL');
    const noId = run(dir, [...base, '--source', SOURCE]);
    expect(noId.code).toBe(2);
    expect(noId.err).toContain('--yes needs expected root cause id');
    const noSection = run(dir, [...base, '--source', SOURCE, '--id', 'none', '--section', 'nowhere']);
    expect(noSection.code).toBe(2);
    expect(noSection.err).toContain('no `# ---` header');
    for (const r of [noSource, noId, noSection]) expect(r.manifest).toBe(MANIFEST);
    expect(existsSync(path.join(dir, 'real/x.log'))).toBe(false);

    writeFileSync(path.join(dir, 'taken.log'), 'x\n');
    expect(run(dir, [...base, '--source', SOURCE, '--id', 'none']).code).toBe(0);
    const again = run(dir, [...base, '--source', SOURCE, '--id', 'none']);
    expect(again.code).toBe(2);
    expect(again.err).toContain('real/x.log exists already');
  });
});
