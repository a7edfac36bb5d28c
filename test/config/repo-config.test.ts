import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { DEFAULT_CONFIG, parseRepoConfig } from '../../src/config/repo-config.js';

const FILE = '.github/runner-doctor.yml';
const fixture = (name: string): unknown => yaml.load(readFileSync(new URL(`../fixtures/config/${name}`, import.meta.url), 'utf8'));

/** A valid signature in the catalog format. */
function signature(id: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: 'Registry timeout',
    role: 'root-cause',
    category: 'registry',
    priority: 50,
    patterns: ['registry\\.corp\\.example: i/o timeout'],
    explanation: 'The registry did not answer.',
    examples: ['dial tcp: registry.corp.example: i/o timeout'],
    counterexamples: ['registry.corp.example: ok'],
    ...over,
  };
}

describe('parseRepoConfig', () => {
  it('no file: the defaults, no errors', () => {
    expect(parseRepoConfig(null)).toEqual({ config: DEFAULT_CONFIG, errors: [] });
    expect(parseRepoConfig(undefined)).toEqual({ config: DEFAULT_CONFIG, errors: [] });
    expect(parseRepoConfig({})).toEqual({ config: DEFAULT_CONFIG, errors: [] });
  });

  it('has the documented defaults', () => {
    expect(DEFAULT_CONFIG).toEqual({
      enabled: true,
      comment: 'always',
      ignore: [],
      signatures: [],
      maxLogBytes: 52428800,
      hookTemplates: [],
      privateRunnerLogs: 'full',
      checkRun: false,
      rerun: null,
    });
  });

  it('reads every setting of a valid file', () => {
    const raw = fixture('full.yml') as Record<string, unknown>;
    const { config, errors } = parseRepoConfig(raw);
    expect(errors).toEqual([]);
    expect(config).toEqual({
      enabled: false,
      comment: 'on-match',
      ignore: ['noise/buffer-deprecation', 'runner/process-failed'],
      signatures: raw.signatures,
      maxLogBytes: 100 * 1024 * 1024,
      hookTemplates: ['deploy/arc/hook-template.yaml'],
      privateRunnerLogs: 'titles',
      checkRun: true,
      rerun: { signatures: ['hook/job-pod-exists'], maxAttempts: 3 },
    });
  });

  it('accepts the example in the README as it stands', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('### Configuration (`.github/runner-doctor.yml`)'));
    const block = /```yaml\n([\s\S]*?)```/.exec(section)?.[1];
    expect(block).toContain('privateRunnerLogs:');
    const { config, errors } = parseRepoConfig(yaml.load(block!));
    expect(errors).toEqual([]);
    expect(config.signatures).toHaveLength(1);
    expect(config.maxLogBytes).toBe(50 * 1024 * 1024);
  });

  it('reports each bad field with file, field and what to do, keeps its default and applies the rest', () => {
    const raw = fixture('invalid.yml') as Record<string, unknown>;
    const { config, errors } = parseRepoConfig(raw);
    expect(errors).toEqual([
      `${FILE}: commitComment: no longer a setting (it was accepted but never acted on); delete the line, or use \`checkRun: true\``,
      `${FILE}: enabled: must be true or false, got "yes"; using true`,
      `${FILE}: checkRun: must be true or false, got 1; using false`,
      `${FILE}: comment: must be \`always\` or \`on-match\`, got "sometimes"; using \`always\``,
      `${FILE}: privateRunnerLogs: must be \`full\`, \`titles\` or \`skip\`, got "hidden"; using \`full\``,
      `${FILE}: maxLogBytes: must be a number of bytes or a size like \`100 MiB\`, got "1 TB"; using 50 MiB`,
      `${FILE}: ignore[1]: "Buffer Deprecation" is not a catalog id; write it as \`family/name\`, e.g. \`noise/buffer-deprecation\``,
      `${FILE}: hookTemplates[0]: "../outside.yaml" leaves the repository (\`..\`); give a path relative to the repository root`,
      `${FILE}: hookTemplates[1]: "/etc/passwd" is an absolute path; give a path relative to the repository root`,
      expect.stringMatching(
        /^\.github\/runner-doctor\.yml: signatures\[0\]\.patterns\[0\]: signature `team\/backref`: invalid regex "\(timeout\) again \\\\1": .*RE2 syntax \(linear time\): no backreferences, lookahead or lookbehind; this signature is skipped$/,
      ),
    ]);
    expect(config).toEqual({
      ...DEFAULT_CONFIG,
      ignore: ['noise/buffer-deprecation'],
      signatures: [(raw.signatures as unknown[])[1]],
      hookTemplates: ['deploy/ok.yaml'],
    });
  });

  it('rejects a signature regex that needs backtracking (lookahead) with a clear error', () => {
    const { config, errors } = parseRepoConfig({ signatures: [signature('team/look', { patterns: ['registry timeout(?=!)'] })] });
    expect(config.signatures).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^\.github\/runner-doctor\.yml: signatures\[0\]\.patterns\[0\]: signature `team\/look`: invalid regex "registry timeout\(\?=!\)": .*no backreferences, lookahead or lookbehind/);
  });

  it('reports a signature with a missing field or a duplicate id, keeping the good ones', () => {
    const good = signature('team/good');
    const { config, errors } = parseRepoConfig({
      signatures: [good, signature('team/no-examples', { examples: [] }), signature('team/good'), 'not a mapping'],
    });
    expect(config.signatures).toEqual([good]);
    expect(errors).toEqual([
      `${FILE}: signatures[1].examples: signature \`team/no-examples\`: needs at least one real-looking log line that must match; this signature is skipped`,
      `${FILE}: signatures[2].id: \`team/good\` is used by an earlier signature; give each signature its own id`,
      `${FILE}: signatures[3]: expected a mapping with id, title, role, ...; this signature is skipped`,
    ]);
  });

  it('signatures must be a list', () => {
    expect(parseRepoConfig({ signatures: { id: 'x/y' } }).errors).toEqual([
      `${FILE}: signatures: must be a list of catalog entries (the format of \`catalog/*.yaml\`); no extra signatures are used`,
    ]);
  });

  it.each([
    [65536, 65536],
    ['64 KiB', 65536],
    ['512MiB', 536870912],
    ['1.5 MB', 1500000],
    ['2 gib', null],
    [1024, null],
    [-5, null],
  ])('maxLogBytes %j -> %j', (input, want) => {
    const { config, errors } = parseRepoConfig({ maxLogBytes: input });
    if (want === null) {
      expect(config.maxLogBytes).toBe(52428800);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(/^\.github\/runner-doctor\.yml: maxLogBytes: -?\d+ bytes is outside 64 KiB \(65536\) to 512 MiB \(536870912\); using 50 MiB$/);
    } else {
      expect(errors).toEqual([]);
      expect(config.maxLogBytes).toBe(want);
    }
  });

  it('checks ignored ids against the catalog when it is given', () => {
    const { config, errors } = parseRepoConfig({ ignore: ['noise/buffer-deprecation', 'noise/buffer-deprecaton'] }, FILE, {
      knownIds: ['noise/buffer-deprecation'],
    });
    expect(config.ignore).toEqual(['noise/buffer-deprecation']);
    expect(errors).toEqual([
      `${FILE}: ignore[1]: no catalog entry has the id \`noise/buffer-deprecaton\`; check the spelling (\`runner-doctor catalog list\`)`,
    ]);
  });

  it('rejects a signature that reuses a built-in id when the catalog is given', () => {
    const { config, errors } = parseRepoConfig({ signatures: [signature('hook/job-pod-exists')] }, FILE, { knownIds: ['hook/job-pod-exists'] });
    expect(config.signatures).toEqual([]);
    expect(errors).toEqual([
      `${FILE}: signatures[0].id: \`hook/job-pod-exists\` is already a built-in catalog entry; choose another id (e.g. prefix it with your team's name)`,
    ]);
  });

  it('accepts a single string where a list is expected', () => {
    expect(parseRepoConfig({ ignore: 'noise/buffer-deprecation', hookTemplates: 'hooks/t.yaml' }).config).toMatchObject({
      ignore: ['noise/buffer-deprecation'],
      hookTemplates: ['hooks/t.yaml'],
    });
  });

  it('a file that is not a mapping: one error, all defaults', () => {
    expect(parseRepoConfig(['enabled'], 'org/.github/.github/runner-doctor.yml')).toEqual({
      config: DEFAULT_CONFIG,
      errors: [
        'org/.github/.github/runner-doctor.yml: expected a mapping of settings (enabled, comment, ignore, signatures, maxLogBytes, hookTemplates, privateRunnerLogs, checkRun, rerun); using the defaults',
      ],
    });
    expect(parseRepoConfig('enabled: false').errors).toHaveLength(1);
  });

  it('uses the first entries of an overlong list and says how many were ignored (400 hookTemplates: 5 fetched)', () => {
    const paths = Array.from({ length: 400 }, (_, i) => `deploy/t${i}.yaml`);
    const { config, errors } = parseRepoConfig({ hookTemplates: paths, ignore: Array.from({ length: 201 }, () => 'a/b') });
    expect(config.hookTemplates).toEqual(paths.slice(0, 5));
    expect(config.ignore).toHaveLength(200);
    expect(errors).toEqual([
      `${FILE}: ignore: 201 entries, only the first 200 are used; the other 1 were ignored`,
      `${FILE}: hookTemplates: 400 entries, only the first 5 are used; the other 395 were ignored`,
    ]);
  });

  it('an unknown key far from any setting lists the allowed ones', () => {
    expect(parseRepoConfig({ colour: 'blue' }).errors).toEqual([
      `${FILE}: colour: unknown setting; allowed: enabled, comment, ignore, signatures, maxLogBytes, hookTemplates, privateRunnerLogs, checkRun, rerun`,
    ]);
  });

  it('rerun: each bad field is named with what to do, and re-runs stay off unless a listed id is valid', () => {
    const known = ['hook/job-pod-exists'];
    expect(parseRepoConfig({ rerun: ['hook/job-pod-exists'] }, FILE, { knownIds: known })).toEqual({
      config: { ...DEFAULT_CONFIG, ignore: [], signatures: [], hookTemplates: [] },
      errors: [`${FILE}: rerun: must be a mapping like \`{ signatures: [runner/lost-communication], maxAttempts: 2 }\`; no automatic re-runs`],
    });
    const r = parseRepoConfig({ rerun: { signatures: ['hook/job-pod-exists', 'nope/typo', 'Bad Id'], maxAttempts: 9, when: 1 } }, FILE, { knownIds: known });
    expect(r.errors).toEqual([
      `${FILE}: rerun.when: unknown setting; allowed: signatures, maxAttempts`,
      `${FILE}: rerun.signatures[1]: no catalog entry has the id \`nope/typo\`; check the spelling`,
      `${FILE}: rerun.signatures[2]: "Bad Id" is not a catalog id; write it as \`family/name\``,
      `${FILE}: rerun.maxAttempts: must be a whole number from 2 to 5, got 9; using 2`,
    ]);
    expect(r.config.rerun).toEqual({ signatures: ['hook/job-pod-exists'], maxAttempts: 2 });
    expect(parseRepoConfig({ rerun: { signatures: [] } }).config.rerun).toBeNull();
  });

  it('never shares or changes the defaults', () => {
    const a = parseRepoConfig({ ignore: ['a/b'] }).config;
    const b = parseRepoConfig(null).config;
    b.ignore.push('c/d');
    expect(a.ignore).toEqual(['a/b']);
    expect(DEFAULT_CONFIG.ignore).toEqual([]);
    expect(parseRepoConfig(null).config.ignore).toEqual([]);
  });
});
