import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { changedLines, fixFor, fixture, gitApply, makeFinding } from '../helpers/git-apply.js';
import { proposedJobImage } from '../../../src/fixes/generators/job-container.js';

interface Wf {
  jobs: Record<string, { 'runs-on': unknown; container?: { image: string }; services?: object; steps: unknown[] }>;
}
const PATH = '.github/workflows/ci.yml';

describe('job-container', () => {
  it('services without container (hook error): adds container after runs-on, marked for review', () => {
    const text = fixture('workflows/no-container.yml');
    const fix = fixFor(makeFinding('hook/job-container-required', 'job-container'), { workflow: { path: PATH, text } });
    expect(changedLines(fix.diff!).added).toEqual([
      '    container:',
      "      image: ghcr.io/catthehacker/ubuntu:act-24.04 # runner-doctor: proposed image, review: it must have your steps' tools and sh, tar, find, coreutils, grep",
    ]);
    const doc = yaml.load(gitApply({ [PATH]: text }, fix.diff!)[PATH]!) as Wf;
    expect(doc.jobs['build']!.container).toEqual({ image: 'ghcr.io/catthehacker/ubuntu:act-24.04' });
    expect(Object.keys(doc.jobs['build']!)).toEqual(['runs-on', 'container', 'services', 'steps']);
    expect(doc.jobs['other']!.container).toBeUndefined();
    expect(fix.steps[2]).toContain('does not help here');
  });

  it('runner forbids jobs without container: needs the job when several lack one, offers the runner setting', () => {
    const text = fixture('workflows/no-container.yml');
    const finding = makeFinding('runner/job-container-forbidden', 'job-container');
    const unsure = fixFor(finding, { workflow: { path: PATH, text } });
    expect(unsure.diff).toBeNull();
    expect(unsure.diffUnavailableReason).toBe('cannot tell which job failed: `build`, `other` have no container; pass the job name (`--job`)');
    const fix = fixFor(finding, { workflow: { path: PATH, text }, job: 'other' });
    const doc = yaml.load(gitApply({ [PATH]: text }, fix.diff!)[PATH]!) as Wf;
    expect(doc.jobs['other']!.container).toEqual({ image: 'ghcr.io/catthehacker/ubuntu:act-latest' });
    expect(fix.steps[2]).toBe(
      'Runner-side alternative: set `ACTIONS_RUNNER_REQUIRE_JOB_CONTAINER` to `"false"` in the scale set\'s runner container env, so jobs without `container:` run in the runner pod itself.',
    );
  });

  it('a job that already has a container: no diff', () => {
    const fix = fixFor(makeFinding('runner/job-container-forbidden', 'job-container'), {
      workflow: { path: PATH, text: fixture('workflows/validate-manifests.yml') },
      job: 'validate',
    });
    expect(fix.diff).toBeNull();
    expect(fix.diffUnavailableReason).toContain('already has a `container:`');
  });

  it('follows a 4-space file and keeps the runs-on comment', () => {
    const text = 'on: push\njobs:\n    test:\n        runs-on: [self-hosted, ubuntu-22.04] # pool\n        steps:\n            - run: make\n';
    const fix = fixFor(makeFinding('runner/job-container-forbidden', 'job-container'), { workflow: { path: PATH, text } });
    const after = gitApply({ [PATH]: text }, fix.diff!)[PATH]!;
    expect(after).toBe(
      'on: push\njobs:\n    test:\n        runs-on: [self-hosted, ubuntu-22.04] # pool\n        container:\n            image: ghcr.io/catthehacker/ubuntu:act-22.04 # runner-doctor: proposed image, review: it must have your steps\' tools and sh, tar, find, coreutils, grep\n        steps:\n            - run: make\n',
    );
  });

  it('image follows ubuntu labels', () => {
    expect(proposedJobImage(['self-hosted', 'ubuntu-22.04'])).toBe('ghcr.io/catthehacker/ubuntu:act-22.04');
    expect(proposedJobImage(['arc-runner-set'])).toBe('ghcr.io/catthehacker/ubuntu:act-latest');
  });
});
