import { describe, expect, it } from 'vitest';
import { FileParseError } from '../../src/workflow/file-parse-error.js';
import { jobContextFromWorkflow } from '../../src/workflow/job-context.js';
import { readWorkflow } from '../../src/workflow/workflow-model.js';
import { fixture } from '../fixes/helpers/git-apply.js';

describe('readWorkflow', () => {
  it('reads jobs, names, runs-on, container forms and services', () => {
    const m = readWorkflow(fixture('workflows/several-jobs.yml'), 'ci.yml');
    expect(m.jobs.map((j) => [j.key, j.name, j.runsOn, j.container?.image ?? null])).toEqual([
      ['unit', 'Unit tests', ['arc-nix'], 'nixery.dev/shell/git/go'],
      ['integration', 'Integration tests', ['arc-nix'], 'nixery.dev/shell/git/go'],
      ['docs', null, ['arc-nix'], 'nixery.dev/shell/mdbook'],
      ['hosted', null, ['ubuntu-latest'], null],
    ]);
    const s = readWorkflow(fixture('workflows/string-container.yml'), 's.yml').jobs[0]!;
    expect(s.container).toMatchObject({ image: 'nixery.dev/shell/git/nodejs_22', form: 'string', isExpression: false });
    const q = readWorkflow(fixture('workflows/quoted-image.yml'), 'q.yml');
    const span = q.jobs[0]!.container!.imageSpan!;
    expect(q.text.slice(span.start, span.end)).toBe("'nixery.dev/shell/git:latest'");
    expect(q.jobs[0]!.runsOn).toEqual(['self-hosted', 'linux']);
    const svc = readWorkflow(fixture('workflows/services-duplicate.yml'), 'x.yml').jobs[0]!;
    expect(svc.services).toEqual({ redis1: 'redis:8.0.3-alpine', redis2: 'redis:8.0.3-alpine', postgres: 'postgres:16' });
  });

  it('marks expression images', () => {
    const m = readWorkflow(fixture('workflows/matrix-image.yml'), 'm.yml');
    expect(m.jobs[0]!.container).toMatchObject({ image: '${{ matrix.image }}', isExpression: true });
  });

  it('throws FileParseError with path, 1-based line and column', () => {
    let err: unknown;
    try {
      readWorkflow(fixture('workflows/broken.yml'), '.github/workflows/broken.yml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FileParseError);
    expect(err).toMatchObject({ path: '.github/workflows/broken.yml', line: 8, column: 6 });
    expect((err as Error).message).toBe('.github/workflows/broken.yml:8:6: bad indentation of a mapping entry');
  });

  it('a YAML file that is not a workflow: clear error', () => {
    expect(() => readWorkflow('name: x\non: push\n', 'x.yml')).toThrow('x.yml:1:1: no `jobs:` mapping: is this a GitHub Actions workflow file?');
    expect(() => readWorkflow('', 'e.yml')).toThrow('e.yml:1:1: the file is empty');
  });
});

describe('jobContextFromWorkflow', () => {
  const several = readWorkflow(fixture('workflows/several-jobs.yml'), 'ci.yml');

  it('finds a job by key or display name', () => {
    expect(jobContextFromWorkflow(several, 'docs')).toEqual({ name: 'docs', containerImage: 'nixery.dev/shell/mdbook', containerImageIsExpression: false, runnerLabels: ['arc-nix'] });
    expect(jobContextFromWorkflow(several, 'Integration tests').containerImage).toBe('nixery.dev/shell/git/go');
  });

  it('matches API names of matrix jobs', () => {
    const m = readWorkflow(fixture('workflows/matrix-image.yml'), 'm.yml');
    expect(jobContextFromWorkflow(m, 'Build rust')).toMatchObject({ containerImage: '${{ matrix.image }}', containerImageIsExpression: true });
    expect(jobContextFromWorkflow(m, 'build (go, nixery.dev/shell/go)')).toMatchObject({ name: 'build (go, nixery.dev/shell/go)' });
  });

  it('without a job: the only job with a container, else the only job, else {}', () => {
    const nc = readWorkflow(fixture('workflows/no-container.yml'), 'n.yml');
    expect(jobContextFromWorkflow(nc)).toEqual({});
    const bp = readWorkflow(fixture('workflows/build-and-publish.yml'), 'b.yml');
    expect(jobContextFromWorkflow(bp)).toEqual({
      name: 'build-and-push',
      containerImage: 'nixery.dev/shell/git/docker/devbox/nix/findutils/gnugrep/coreutils',
      containerImageIsExpression: false,
      runnerLabels: ['instant-cf-cached-privileged-kubernetes'],
    });
    expect(jobContextFromWorkflow(several)).toEqual({});
    expect(jobContextFromWorkflow(several, 'missing')).toEqual({});
  });

  it('services come through', () => {
    const svc = readWorkflow(fixture('workflows/services-duplicate.yml'), 'x.yml');
    expect(jobContextFromWorkflow(svc).services).toEqual({ redis1: 'redis:8.0.3-alpine', redis2: 'redis:8.0.3-alpine', postgres: 'postgres:16' });
  });
});
