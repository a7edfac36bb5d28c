import { describe, expect, it } from 'vitest';
import { mergeSection } from '../../src/comment/merge.js';
import { isStickyComment, STICKY_MARKER, type JobReport, type RunSection } from '../../src/comment/model.js';
import { parseSections } from '../../src/comment/section-markers.js';
import { diagnosis, evidence, finding, podExistsDiagnosis } from './make-diagnosis.js';
import { inspect, visibleText } from '../markdown/github-render.js';

const RUN = 'https://github.com/o/r/actions/runs';

function job(jobId: number, name: string, over: Partial<JobReport> = {}): JobReport {
  return { jobId, name, htmlUrl: `${RUN}/1001/job/${jobId}`, diagnosis: podExistsDiagnosis(), error: null, ...over };
}

function section(over: Partial<RunSection> = {}): RunSection {
  const runId = over.runId ?? 1001;
  return {
    workflowKey: '.github/workflows/ci.yml',
    workflowName: 'CI',
    runId,
    runAttempt: 1,
    runUrl: `${RUN}/${runId}`,
    headSha: 'abcdef1234567890abcdef1234567890abcdef12',
    status: 'failed',
    completedAt: '2026-11-28T15:30:12Z',
    jobs: [job(77, 'build')],
    notes: [],
    ...over,
  };
}

const lint = (over: Partial<RunSection> = {}) =>
  section({ workflowKey: '.github/workflows/lint.yml', workflowName: 'Lint', runId: 2002, jobs: [job(90, 'eslint')], ...over });

/** The raw text of the section for `key` in `body`. */
function rawOf(body: string, key: string): string {
  const s = parseSections(body).find((x) => x.meta.workflowKey === key);
  if (!s) throw new Error(`no section ${key}`);
  return s.raw;
}

describe('isStickyComment', () => {
  it('recognises the marker at the start only', () => {
    expect(isStickyComment(`${STICKY_MARKER}\n## x`)).toBe(true);
    expect(isStickyComment(`\n  ${STICKY_MARKER}`)).toBe(true);
    expect(isStickyComment(`quoted: ${STICKY_MARKER}`)).toBe(false);
    expect(isStickyComment(null)).toBe(false);
    expect(isStickyComment(undefined)).toBe(false);
  });
});

describe('mergeSection', () => {
  it('creates the comment: marker, header, then the section with every job', () => {
    const jobs = [job(77, 'build'), job(79, 'lint', { diagnosis: null, error: "the job's log has expired (HTTP 410)" })];
    const { body, changed } = mergeSection(null, section({ jobs }));
    expect(changed).toBe(true);
    expect(body.startsWith(`${STICKY_MARKER}\n`)).toBe(true);
    expect(parseSections(body).map((s) => s.meta)).toEqual([
      {
        workflowKey: '.github/workflows/ci.yml',
        workflowName: 'CI',
        runId: 1001,
        runAttempt: 1,
        status: 'failed',
        completedAt: '2026-11-28T15:30:12Z',
        runUrl: `${RUN}/1001`,
        headSha: 'abcdef1234567890abcdef1234567890abcdef12',
        jobCount: 2,
      },
    ]);
    const seen = inspect(body);
    expect(seen.headings).toEqual(['🩺 runner-doctor', '❌ CI: 2 jobs failed', '❌ build', '❌ lint']);
    expect(seen.links.slice(0, 3)).toEqual([`${RUN}/1001`, `${RUN}/1001/job/77`, `${RUN}/1001/job/77#step:2:7`]);
    expect(seen.links).toContain(`${RUN}/1001/job/79`);
    const text = visibleText(body);
    expect(text).toContain('❌ CI failed');
    expect(text).toContain('Run 1001, attempt 1 · abcdef1 · 2026-11-28 15:30 UTC');
    expect(text).toContain('Root cause: A workflow pod from an earlier run still exists');
    expect(text).toContain("⚠️ The log could not be read: the job's log has expired (HTTP 410).");
    expect(body.endsWith('<!-- runner-doctor:end -->\n')).toBe(true);
  });

  it('adds a second workflow without touching the first, in name order', () => {
    const first = mergeSection(null, lint()).body;
    const lintRaw = rawOf(first, '.github/workflows/lint.yml');
    const { body, changed } = mergeSection(first, section());
    expect(changed).toBe(true);
    expect(rawOf(body, '.github/workflows/lint.yml')).toBe(lintRaw);
    expect(body).toContain('❌ **CI** failed · ❌ **Lint** failed');
    expect(parseSections(body).map((s) => s.meta.workflowName)).toEqual(['CI', 'Lint']);
  });

  it('gives the same body whatever order the workflows arrive in', () => {
    const names = ['zeta', 'Alpha', 'mid', 'beta', 'Build'];
    const sections = names.map((n, i) => section({ workflowKey: `.github/workflows/${n}.yml`, workflowName: n, runId: 100 + i }));
    const forward = sections.reduce<string | null>((b, s) => mergeSection(b, s).body, null);
    const backward = [...sections].reverse().reduce<string | null>((b, s) => mergeSection(b, s).body, null);
    expect(backward).toBe(forward);
    expect(parseSections(forward!).map((s) => s.meta.workflowName)).toEqual(['Alpha', 'beta', 'Build', 'mid', 'zeta']);
  });

  it('is idempotent: the same section twice changes nothing the second time', () => {
    const a = mergeSection(mergeSection(null, lint()).body, section());
    const b = mergeSection(a.body, section());
    expect(b).toEqual({ body: a.body, changed: false });
  });

  it('replaces the section with a newer attempt or run, and ignores an older one (late redelivery)', () => {
    const a1 = mergeSection(null, section()).body;
    const a2 = mergeSection(a1, section({ runAttempt: 2, jobs: [job(78, 'build-again')] }));
    expect(a2.changed).toBe(true);
    expect(a2.body).toContain('[Run 1001, attempt 2]');
    expect(a2.body).not.toContain('job/77');

    const late = mergeSection(a2.body, section({ runAttempt: 1 }));
    expect(late).toEqual({ body: a2.body, changed: false });

    const newRun = mergeSection(a2.body, section({ runId: 1500, runAttempt: 1, jobs: [job(80, 'build')] }));
    expect(newRun.changed).toBe(true);
    expect(newRun.body).toContain('[Run 1500, attempt 1]');
    expect(parseSections(newRun.body)).toHaveLength(1);
    expect(mergeSection(newRun.body, section({ runId: 1001, runAttempt: 3 })).changed).toBe(false);
  });

  it('a passing attempt replaces the stale diagnosis with a pass and its time', () => {
    const failed = mergeSection(mergeSection(null, lint()).body, section()).body;
    const { body, changed } = mergeSection(failed, section({ runAttempt: 2, status: 'passed', completedAt: '2026-11-28T16:05:59Z', jobs: [] }));
    expect(changed).toBe(true);
    const ci = rawOf(body, '.github/workflows/ci.yml');
    expect(parseSections(body)[0]!.meta).toMatchObject({ runAttempt: 2, status: 'passed', completedAt: '2026-11-28T16:05:59Z' });
    expect(inspect(ci).headings).toEqual(['✅ CI passed']);
    expect(inspect(ci).links).toEqual([`${RUN}/1001`]);
    expect(visibleText(ci)).toContain('Passed at 2026-11-28 16:05 UTC; the earlier failure diagnosis no longer applies.');
    expect(visibleText(ci)).not.toContain('Root cause');
    expect(visibleText(body)).toContain('✅ CI passed · ❌ Lint failed');
  });

  it('a pass for a workflow the comment does not mention is not news', () => {
    const failed = mergeSection(null, lint()).body;
    expect(mergeSection(failed, section({ status: 'passed', jobs: [] }))).toEqual({ body: failed, changed: false });
    expect(mergeSection(null, section({ status: 'passed', jobs: [] })).changed).toBe(false);
  });

  it('starts afresh from a body that is not a sticky comment', () => {
    const { body, changed } = mergeSection('Thanks for the PR!', section());
    expect(changed).toBe(true);
    expect(body.startsWith(STICKY_MARKER)).toBe(true);
    expect(body).not.toContain('Thanks for the PR');
  });

  it('log text that imitates our markers cannot break the sections apart', () => {
    const evil =
      '<!-- runner-doctor:end --> <!-- runner-doctor:section {"workflowKey":".github/workflows/lint.yml","workflowName":"Lint","runId":999999,"runAttempt":9,"status":"passed","completedAt":"x","runUrl":"https://e","headSha":"x"} -->';
    const d = diagnosis([finding({ id: 'a/b', title: 'T', role: 'root-cause', evidence: [evidence({ line: 1, text: evil })], explanation: 'e' })]);
    const first = mergeSection(null, section({ jobs: [job(77, 'build', { diagnosis: d })] })).body;
    expect(parseSections(first).map((s) => s.meta.workflowKey)).toEqual(['.github/workflows/ci.yml']);
    const ciRaw = rawOf(first, '.github/workflows/ci.yml');
    const second = mergeSection(first, lint());
    expect(second.changed).toBe(true);
    expect(rawOf(second.body, '.github/workflows/ci.yml')).toBe(ciRaw);
    expect(rawOf(second.body, '.github/workflows/lint.yml')).toContain('[Run 2002, attempt 1]');
  });

  it('shows config errors at the top, and drops them once the config is fixed', () => {
    const err = '.github/runner-doctor.yml: maxLogBytes: 1 bytes is outside 64 KiB (65536) to 512 MiB (536870912); using 50 MiB';
    const withErr = mergeSection(null, section(), { configErrors: [err] }).body;
    const header = withErr.slice(0, withErr.indexOf('<!-- runner-doctor:section'));
    expect(inspect(header).shape).toContain('blockquote_open:blockquote');
    expect(visibleText(header)).toContain(`The runner-doctor config has problems; the affected settings use their defaults:${err}`);
    const fixed = mergeSection(withErr, lint());
    expect(fixed.body).not.toContain('[!WARNING]');
  });

  it('lists jobs with the same root cause once in detail, the others in one line each', () => {
    const { body } = mergeSection(null, section({ jobs: [job(1, 'test (1)'), job(2, 'test (2)'), job(3, 'test (3)')] }));
    expect(body.match(/\*\*Root cause: /g)).toHaveLength(1);
    const seen = inspect(body);
    expect(seen.headings).toEqual(['🩺 runner-doctor', '❌ CI: 3 jobs failed', '❌ test (1)']);
    expect(seen.links).toContain(`${RUN}/1001/job/2#step:2:7`);
    expect(seen.links).toContain(`${RUN}/1001/job/3#step:2:7`);
    const text = visibleText(body);
    expect(text).toContain('❌ test (2): A workflow pod from an earlier run still exists (same as test (1)) · evidence');
    expect(text).toContain('❌ test (3): A workflow pod from an earlier run still exists (same as test (1)) · evidence');
  });

  it('shows a capped log, cluster probe lines and section notes', () => {
    const j = job(77, 'build', {
      logTruncated: { keptBytes: 50 * 1024 * 1024, totalBytes: 80 * 1024 * 1024 },
      probeLines: ['- Pod `arc-x-workflow` is `Terminating` since 2026-11-28 (finalizer `example.com/hold`)'],
    });
    const { body } = mergeSection(null, section({ jobs: [j], notes: ['Logs of self-hosted runners show titles only (`privateRunnerLogs: titles`).'] }));
    const text = visibleText(body);
    expect(text).toContain('Only 50.0 MiB of the 80.0 MiB log were scanned (its start and end; maxLogBytes).');
    expect(text).toContain('Cluster checksPod arc-x-workflow is Terminating since 2026-11-28 (finalizer example.com/hold)');
    expect(text).toContain('Logs of self-hosted runners show titles only (privateRunnerLogs: titles).');
    expect(inspect(body).code).toEqual(expect.arrayContaining(['arc-x-workflow', 'Terminating', 'example.com/hold']));
  });

  it('passes titlesOnly through: no log text in the comment', () => {
    const { body } = mergeSection(null, section(), { titlesOnly: true });
    expect(body).toContain('**Root cause: A workflow pod from an earlier run still exists**');
    expect(body).not.toContain('arc-runner-x7k2p');
    expect(body).not.toContain('```');
  });

  it('titlesOnly per job overrides the comment-wide setting', () => {
    const other = podExistsDiagnosis();
    other.rootCause!.id = 'hook/other'; // a different cause, so the job is shown in detail
    const jobs = [job(1, 'hosted', { titlesOnly: false }), job(2, 'private', { titlesOnly: true, diagnosis: other })];
    const { body } = mergeSection(null, section({ jobs }), { titlesOnly: true });
    const [hosted, priv] = body.split('#### ❌ [private]');
    expect(hosted).toContain('arc-runner-x7k2p');
    expect(priv).not.toContain('arc-runner-x7k2p');
    expect(priv).toContain("Log text is hidden by this repository's runner-doctor config");
  });

  it('redacts secrets and neutralises mentions in names and notes', () => {
    const token = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
    const { body } = mergeSection(null, section({ workflowName: 'CI @octocat', notes: [`leaked ${token}`] }));
    expect(body).not.toContain(token);
    const seen = inspect(body);
    expect(seen.texts.join('')).not.toMatch(/@octocat/);
    expect(visibleText(body)).toContain('CI @octocat');
    expect(visibleText(body)).toContain('leaked [REDACTED]');
  });
});

describe('mergeSection: size limit', () => {
  /** A job whose evidence is five lines of `width` characters. */
  function bigJob(id: number, width: number): JobReport {
    const d = podExistsDiagnosis();
    d.rootCause!.id = `big/cause-${id}`; // distinct root causes, so no grouping
    d.rootCause!.evidence = Array.from({ length: 5 }, (_, i) =>
      evidence({ line: i + 1, step: 'Run tests', stepNumber: 4, stepLine: i + 1, text: `E${i} ` + 'x'.repeat(width) }),
    );
    d.rootCause!.matchCount = 5;
    return job(id, `job-${id}`, { diagnosis: d });
  }

  it('shortens evidence first, and says so', () => {
    const s = section({ jobs: [bigJob(1, 900), bigJob(2, 900)] });
    const full = mergeSection(null, s).body;
    const max = full.length - 100;
    const { body } = mergeSection(null, s, { maxLength: max });
    expect(body.length).toBeLessThanOrEqual(max);
    expect(body).toContain('<sub>✂️ Shortened to fit GitHub\'s comment size limit: evidence shortened.</sub>');
    expect(body.match(/\*\*Root cause: /g)).toHaveLength(2);
    expect(body).toContain('… [703 more characters]');
  });

  it('then collapses jobs to one line, last first', () => {
    const s = section({ jobs: Array.from({ length: 6 }, (_, i) => bigJob(i + 1, 900)) });
    const { body } = mergeSection(null, s, { maxLength: 4000 });
    expect(body.length).toBeLessThanOrEqual(4000);
    const detailed = inspect(body).headings.filter((h) => h.startsWith('❌ job-'));
    expect(detailed.length).toBeGreaterThan(0);
    expect(detailed.length).toBeLessThan(6);
    expect(detailed[0]).toBe('❌ job-1');
    expect(visibleText(body)).toContain('❌ job-6: A workflow pod from an earlier run still exists · evidence');
    expect(inspect(body).links).toContain(`${RUN}/1001/job/6#step:4:1`);
    expect(body).toMatch(/evidence shortened, \d jobs shown as titles only\.<\/sub>/);
  });

  it('then collapses older sections to stubs, oldest first, and stays idempotent', () => {
    const old1 = section({ workflowKey: 'a.yml', workflowName: 'A', runId: 10, completedAt: '2026-11-28T10:00:00Z', jobs: [bigJob(1, 900), bigJob(2, 900)] });
    const old2 = section({ workflowKey: 'b.yml', workflowName: 'B', runId: 11, completedAt: '2026-11-28T11:00:00Z', jobs: [bigJob(3, 900), bigJob(4, 900)] });
    let body = mergeSection(mergeSection(null, old1).body, old2).body;
    const bRaw = rawOf(body, 'b.yml');
    const fresh = section({ workflowKey: 'c.yml', workflowName: 'C', runId: 12, completedAt: '2026-11-28T12:00:00Z', jobs: [bigJob(5, 900)] });
    const max = body.length;
    const merged = mergeSection(body, fresh, { maxLength: max });
    expect(merged.body.length).toBeLessThanOrEqual(max);
    // A, the oldest, became a stub; B kept byte for byte; C in full.
    const stub = rawOf(merged.body, 'a.yml');
    expect(parseSections(stub)[0]!.meta).toMatchObject({ runId: 10, jobCount: 2, collapsed: true });
    expect(inspect(stub).headings).toEqual(['❌ A: 2 jobs failed']);
    expect(inspect(stub).links).toEqual([`${RUN}/10`]);
    expect(visibleText(stub)).toContain(
      "Details removed to fit GitHub's comment size limit; open the run, or comment /diagnose 10 to see them again.",
    );
    expect(visibleText(stub)).not.toContain('Root cause');
    expect(rawOf(merged.body, 'b.yml')).toBe(bRaw);
    expect(rawOf(merged.body, 'c.yml')).not.toContain('Shortened');
    body = merged.body;
    expect(mergeSection(body, fresh, { maxLength: max })).toEqual({ body, changed: false });
  });

  it('lists only as many collapsed jobs as fit, with a link to the run for the rest', () => {
    const s = section({ jobs: Array.from({ length: 200 }, (_, i) => bigJob(i + 1, 100)) });
    const { body } = mergeSection(null, s, { maxLength: 8000 });
    expect(body.length).toBeLessThanOrEqual(8000);
    expect(body).toMatch(/- …and \d+ more failed jobs: \[open the run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/1001\)/);
    expect(body).toMatch(/\d+ jobs not listed\.<\/sub>/);
  });

  it('keeps the default limit of 60000 characters with 300 failed jobs', () => {
    const s = section({ jobs: Array.from({ length: 300 }, (_, i) => bigJob(i + 1, 900)) });
    const { body } = mergeSection(null, s);
    expect(body.length).toBeLessThanOrEqual(60000);
    expect(body.length).toBeGreaterThan(50000);
  });

  it('drops the oldest sections only when even stubs do not fit, and never exceeds the limit', () => {
    let body: string | null = null;
    for (let i = 0; i < 8; i++) {
      const at = `2026-11-28T1${i}:00:00Z`;
      body = mergeSection(body, section({ workflowKey: `w${i}.yml`, workflowName: `W${i}`, runId: 100 + i, completedAt: at, jobs: [bigJob(i, 50)] }), { maxLength: 2500 }).body;
      expect(body.length).toBeLessThanOrEqual(2500);
    }
    const names = parseSections(body!).map((s) => s.meta.workflowName);
    expect(names).toContain('W7');
    expect(names).not.toContain('W0');
  });

  it('shows at most 10 config errors', () => {
    const errors = Array.from({ length: 14 }, (_, i) => `f.yml: k${i}: bad`);
    const { body } = mergeSection(null, section(), { configErrors: errors });
    expect(body).toContain('> - f.yml: k9: bad\n> - …and 4 more\n');
    expect(body).not.toContain('k10');
  });

  it('random merges: never over the limit, and each workflow shows its newest run', () => {
    // A small deterministic generator (no Math.random: the test must fail the same way every time).
    let seed = 12345;
    const rand = (n: number) => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % n;
    };
    const max = 20000;
    const events: RunSection[] = Array.from({ length: 60 }, (_, k) => {
      const w = rand(6);
      const passed = rand(4) === 0;
      const jobs = passed ? [] : Array.from({ length: 1 + rand(4) }, (_, j) => bigJob(k * 10 + j, rand(1200)));
      return section({
        workflowKey: `wf-${w}.yml`, workflowName: `Workflow ${w}`, runId: 1000 + rand(5), runAttempt: 1 + rand(3),
        status: passed ? 'passed' : 'failed', completedAt: `2026-11-28T12:${String(k).padStart(2, '0')}:00Z`, jobs,
      });
    });
    // The expected outcome, by the rules: newer-or-same replaces, older is ignored, a pass needs a section to replace.
    const model = new Map<string, { runId: number; runAttempt: number; status: string }>();
    let body: string | null = null;
    for (const e of events) {
      const cur = model.get(e.workflowKey);
      const older = cur && (e.runId < cur.runId || (e.runId === cur.runId && e.runAttempt < cur.runAttempt));
      if (!older && (cur || e.status === 'failed')) model.set(e.workflowKey, { runId: e.runId, runAttempt: e.runAttempt, status: e.status });
      const r = mergeSection(body, e, { maxLength: max });
      if (r.changed) body = r.body;
      if (body !== null) expect(body.length).toBeLessThanOrEqual(max);
    }
    const got = new Map(parseSections(body!).map((s) => [s.meta.workflowKey, { runId: s.meta.runId, runAttempt: s.meta.runAttempt, status: s.meta.status }]));
    expect(got).toEqual(model);
    expect(body).toMatch(/Details removed to fit GitHub's comment size limit|Shortened to fit/);
  });
});

