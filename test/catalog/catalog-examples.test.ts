import { RE2JS } from 're2js';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type CompiledCatalog } from '../../src/catalog/load-catalog.js';
import { patternProblem } from '../../src/catalog/compile-pattern.js';
import { matchEntry, matchEntryAll, matchEntryLine, matchPattern } from '../../src/engine/match-pattern.js';
import { normalizeLine } from '../../src/engine/normalize-line.js';
import { diagnose } from '../../src/engine/diagnose.js';
import type { Captures } from '../../src/engine/types.js';

// The ids the JSON output, users' ignore lists and the docs rely on (issue 2, "The catalog").
const CONTRACT_IDS = [
  'hook/job-pod-exists', 'hook/duplicate-volume', 'image/missing-tool', 'image/node-not-runnable',
  'noise/buffer-deprecation', 'runner/container-hook-failed', 'hook/duplicate-container-name', 'hook/forbidden',
  'hook/unauthorized', 'hook/pod-not-ready', 'hook/job-container-required', 'runner/job-container-forbidden',
  'hook/copy-failed', 'hook/script-not-found', 'hook/container-build-unsupported', 'runner/alpine-arm',
  'docker/daemon-unavailable', 'docker/daemon-died', 'runner/docker-cli-missing', 'runner/shutdown-signal',
  'runner/lost-communication', 'runner/disk-full', 'runner/oom-killed', 'runner/exec-format-error',
  'runner/version-deprecated', 'workspace/event-path-missing', 'noise/hash-mismatch', 'noise/oom-score-adj',
];

let catalog: CompiledCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** First captures of the entry on the line as the engine sees it, or null. */
function match(id: string, raw: string): Captures | null {
  const c = catalog.byId.get(id);
  if (!c) throw new Error(`no catalog entry ${id}`);
  return matchEntryLine(c, raw);
}

/** Ids of the entries with `role` that match the line. */
function matchingIds(raw: string, role: string): string[] {
  const text = normalizeLine(raw);
  return catalog.entries.filter((c) => c.entry.role === role && matchEntry(c, text)).map((c) => c.entry.id);
}

describe('built-in catalog examples', () => {
  it('loads and has every contract id', () => {
    const ids = catalog.entries.map((c) => c.entry.id);
    for (const id of CONTRACT_IDS) expect(ids, id).toContain(id);
  });

  it('matches every example of every entry, with the expected captures', () => {
    const failures: string[] = [];
    for (const c of catalog.entries) {
      c.entry.examples.forEach((ex, i) => {
        const caps = matchEntryLine(c, ex.line);
        if (!caps) {
          failures.push(`${c.entry.id} examples[${i}] does not match: ${ex.line}`);
          return;
        }
        for (const [k, want] of Object.entries(ex.captures ?? {})) {
          if (caps[k] !== want) failures.push(`${c.entry.id} examples[${i}] ${k}=${JSON.stringify(caps[k])}, want ${JSON.stringify(want)}`);
        }
      });
    }
    expect(failures).toEqual([]);
  });

  it('exercises every pattern with at least one example', () => {
    const unused: string[] = [];
    for (const c of catalog.entries) {
      c.patterns.forEach((p, i) => {
        if (!c.entry.examples.some((ex) => matchPattern(p, normalizeLine(ex.line)))) {
          unused.push(`${c.entry.id} patterns[${i}] ${p.source}`);
        }
      });
    }
    expect(unused).toEqual([]);
  });

  it('lets the prefilter see every example: each matching pattern has a literal in the line', () => {
    const missed: string[] = [];
    for (const c of catalog.entries) {
      for (const ex of c.entry.examples) {
        const text = normalizeLine(ex.line);
        for (const p of c.patterns) {
          if (matchPattern(p, text) && !p.literals.some((l) => text.includes(l))) {
            missed.push(`${c.entry.id} ${p.source} on ${ex.line}`);
          }
        }
      }
    }
    expect(missed).toEqual([]);
  });

  it('matches no counterexample with any pattern of its entry', () => {
    const wrong: string[] = [];
    for (const c of catalog.entries) {
      for (const line of c.entry.counterexamples) {
        c.patterns.forEach((p, i) => {
          if (matchPattern(p, normalizeLine(line))) wrong.push(`${c.entry.id} patterns[${i}] matches ${line}`);
        });
      }
    }
    expect(wrong).toEqual([]);
  });

  it('compiles every pattern with RE2, linear in the line length by construction (speed: npm run bench)', () => {
    for (const c of catalog.entries) {
      for (const p of c.patterns) expect(p.re, p.source).toBeInstanceOf(RE2JS);
    }
    // Not vacuous: what only a backtracking engine runs (and can make quadratic or worse) is refused.
    for (const source of ['(a+)+\\1 timed out', '(?=timed out)timed', '(?<!not )timed out']) {
      expect(patternProblem(source), source).toMatch(/^invalid regex .*RE2 syntax \(linear time\)/);
    }
  });

  it('never matches a root-cause entry on its own counterexamples', () => {
    const roots = catalog.entries.filter((c) => c.entry.role === 'root-cause');
    expect(roots.length).toBeGreaterThan(20);
    for (const c of roots) {
      for (const line of c.entry.counterexamples) expect(matchEntryLine(c, line), `${c.entry.id}: ${line}`).toBeNull();
    }
  });
});

describe('the seed and reference lines', () => {
  const pod = 'instant-cf-cached-privileged-kubernetes-qt46h-runner-z-workflow';

  it('finds the stale workflow pod in the plain, 0.7 and escaped 0.8 forms', () => {
    expect(match('hook/job-pod-exists', `pods "${pod}" already exists`)).toEqual({ pod });
    expect(match('hook/job-pod-exists', `2025-12-27T19:02:11.5312840Z ##[error]Error: Error: failed to create job pod: pods "${pod}" already exists`)).toEqual({ pod });
    const escaped =
      '2025-12-27T19:02:11.5312840Z ##[error]Error: failed to create job pod: Error: HTTP-Code: 409 Message: Unknown API Status Code! ' +
      `Body: "{\\"kind\\":\\"Status\\",\\"message\\":\\"pods \\\\\\"${pod}\\\\\\" already exists\\",\\"reason\\":\\"AlreadyExists\\",\\"code\\":409}"`;
    expect(escaped).toContain('pods \\\\\\"' + pod);
    expect(match('hook/job-pod-exists', escaped)).toEqual({ pod });
    expect(match('hook/job-pod-exists', 'Error: failed to create job pod: Error: HTTP-Code: 409')).toEqual({});
  });

  it('collects every duplicated volume and mount path of the 422, plain and escaped', () => {
    const c = catalog.byId.get('hook/duplicate-volume')!;
    const seed = [
      'Message: Pod "instant-cf-cached-privileged-kubernetes-8kgxr-runner-t-workflow" is invalid:',
      '  spec.volumes[16].name: Duplicate value: "externals"',
      '  spec.volumes[18].name: Duplicate value: "github"',
      '  spec.containers[0].volumeMounts[16].mountPath: Invalid value: "/__e": must be unique',
      '  spec.containers[0].volumeMounts[18].mountPath: Invalid value: "/github": must be unique',
    ].map(normalizeLine);
    expect(seed.map((l) => matchEntry(c, l))).toEqual([
      null, { volume: 'externals' }, { volume: 'github' }, { mountPath: '/__e' }, { mountPath: '/github' },
    ]);
    const oneLine =
      '##[error]Error: failed to create job pod: Error: HTTP-Code: 422 Message: Unknown API Status Code! Body: "{\\"message\\":\\"Pod \\\\\\"x-workflow\\\\\\" is invalid: ' +
      '[spec.volumes[16].name: Duplicate value: \\\\\\"externals\\\\\\", spec.volumes[18].name: Duplicate value: \\\\\\"github\\\\\\", ' +
      'spec.containers[0].volumeMounts[16].mountPath: Invalid value: \\\\\\"/__e\\\\\\": must be unique, ' +
      'spec.containers[0].volumeMounts[18].mountPath: Invalid value: \\\\\\"/github\\\\\\": must be unique]\\",\\"code\\":422}"';
    expect(matchEntryAll(c, normalizeLine(oneLine))).toEqual({ volume: ['externals', 'github'], mountPath: ['/__e', '/github'] });
  });

  it('names the missing tool in every shell and exec form', () => {
    expect(match('image/missing-tool', 'sh: line 1: find: command not found')).toEqual({ tool: 'find' });
    expect(match('image/missing-tool', 'sh: 1: tar: not found')).toEqual({ tool: 'tar' });
    expect(match('image/missing-tool', 'exec: "tar": executable file not found in $PATH')).toEqual({ tool: 'tar' });
    expect(match('image/missing-tool', '/bin/sh: stat: not found')).toEqual({ tool: 'stat' });
    expect(match('image/missing-tool', 'sh: 1: jq: not found')).toBeNull();
  });

  it('names the node build that cannot run', () => {
    expect(match('image/node-not-runnable', "env: '/__e/node20/bin/node': No such file or directory")).toEqual({ node: 'node20' });
    expect(match('image/node-not-runnable', "env: can't execute '/__e/node24_alpine/bin/node': No such file or directory")).toEqual({ node: 'node24_alpine' });
    expect(
      match('image/node-not-runnable', 'OCI runtime exec failed: exec failed: exec: "/__e/node12/bin/node": stat /__e/node12/bin/node: no such file or directory: unknown'),
    ).toEqual({ node: 'node12' });
  });

  it('ranks the specific cause above anything else matching the same line', () => {
    const cases: [string, string][] = [
      ['sh: line 1: find: command not found', 'image/missing-tool'],
      ["env: '/__e/node20/bin/node': No such file or directory", 'image/node-not-runnable'],
      ['/__e/node20/bin/node: cannot execute binary file: Exec format error', 'image/node-not-runnable'],
      ['Error: Error: failed to create job pod: pods "a-runner-b-workflow" is forbidden: exceeded quota: q1, requested: pods=1', 'hook/quota-exceeded'],
      ['Error: failed to run script step: command terminated with non-zero exit code: error executing command [sh -e /__w/_temp/a.sh], exit code 137', 'runner/killed-exit-137'],
    ];
    for (const [line, want] of cases) {
      const ids = matchingIds(line, 'root-cause');
      const top = ids.map((id) => catalog.byId.get(id)!.entry).sort((a, b) => b.priority - a.priority)[0];
      expect(top?.id, line).toBe(want);
    }
  });

  it('keeps the runner wrapper a symptom and DEP0005 noise', () => {
    const wrapper = '2025-12-27T11:31:03.5177813Z ##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.';
    expect(matchingIds(wrapper, 'root-cause')).toEqual([]);
    expect(matchingIds(wrapper, 'symptom')).toEqual(['runner/container-hook-failed']);
    const dep = '(node:68) [DEP0005] DeprecationWarning: Buffer() is deprecated due to security and usability issues.';
    expect(matchingIds(dep, 'root-cause')).toEqual([]);
    expect(matchingIds(dep, 'symptom')).toEqual([]);
    expect(matchingIds(dep, 'noise')).toContain('noise/buffer-deprecation');
  });
});

describe('context rules on real logs', () => {
  const log = (lines: string[]) => lines.map((l, i) => `2025-12-27T11:29:${String(10 + i)}.1234567Z ${l}`).join('\n') + '\n';
  const ids = async (lines: string[]) => (await diagnose(log(lines), { catalog, source: 'job.log' })).findings.map((f) => f.id);

  it('shows an unknown hook error only when the runner wrapper follows it', async () => {
    const hookError = '##[error]Error: failed to create job pod: Error: HTTP-Code: 500 Message: Unknown API Status Code!';
    const wrapper = '##[error]Executing the custom container implementation failed. Please contact your self hosted runner administrator.';
    // The hook's group opens "Initialize containers": where these lines come from.
    const hook = "##[group]Run '/home/runner/k8s/index.js'";
    expect(await ids([hook, hookError, '##[error]Process completed with exit code 1.', wrapper])).toEqual(
      expect.arrayContaining(['hook/unrecognized-error', 'runner/container-hook-failed']),
    );
    const actionError = "##[error]Error: The process '/usr/bin/git' failed with exit code 128";
    expect(await ids([actionError])).not.toContain('hook/unrecognized-error');
    expect(await ids([hook, wrapper, actionError])).not.toContain('hook/unrecognized-error');
  });
});
