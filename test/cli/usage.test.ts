import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const version = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const LOG = '2025-12-28T09:14:04.5000000Z ##[error]Error: Error: failed to create job pod: pods "r-workflow" already exists\n';

describe('help', () => {
  it('--help lists every command, the version and how to get a command’s options', async () => {
    const { code, out, err } = await runCli(['--help']);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.split('\n')[0]).toBe(`runner-doctor ${version}: diagnoses failed GitHub Actions jobs and proposes the fix`);
    expect(out).toMatch(/^ {2}runner-doctor diagnose +\S/m);
    expect(out).toMatch(/^ {2}runner-doctor catalog lint +\S/m);
    expect(out).toMatch(/^ {2}runner-doctor --version +print the version/m);
    expect(out).toContain('runner-doctor <command> --help');
  });

  it('--version prints the package version alone', async () => {
    expect(await runCli(['--version'])).toEqual({ code: 0, out: `${version}\n`, err: '' });
  });

  it.each([
    [['diagnose', '--help'], '--format text|json|markdown'],
    [['diagnose', '-h'], '--hook-template <file>'],
    [['help', 'diagnose'], '--ignore <id,...>'],
    [['catalog', 'lint', '--help'], 'Usage: runner-doctor catalog lint [file...]'],
    [['catalog', '--help'], 'runner-doctor catalog stats'],
    [['help', 'catalog'], 'runner-doctor catalog lint'],
    [['help', 'catalog', 'lint'], 'counterexamples'],
    [['stats', '--help'], '--days <N>'],
    [['help', 'stats'], '--json'],
    [['worker', '--help'], 'SHUTDOWN_GRACE_SECONDS'],
    [['worker', '-h'], 'Usage: runner-doctor worker'],
    [['serve', '--help'], 'PUBLIC_URL'],
    [['catalog', 'stats', '--help'], '--corpus <file>'],
  ])('%j prints that command’s help on stdout, exit 0', async (args, text) => {
    const { code, out, err } = await runCli(args);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain(text);
    expect(out).toMatch(/^Usage:(?: runner-doctor |\n)/);
  });

  it('every option of every command is in that command’s help, and every command is in the main help', async () => {
    const { COMMANDS } = await import('../../src/cli/commands.js');
    const main = (await runCli(['--help'])).out;
    for (const spec of COMMANDS) {
      const { code, out } = await runCli([...spec.name.split(' '), '--help']);
      expect(code).toBe(0);
      expect(main).toContain(`runner-doctor ${spec.name} `);
      for (const name of Object.keys(spec.options)) expect(out, `${spec.name} --${name}`).toContain(`--${name}`);
    }
  });

  it('with no command, the usage goes to stderr and the exit code is 2', async () => {
    const { code, out, err } = await runCli([]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('runner-doctor diagnose');
  });
});

describe('mistakes name the nearest real thing', () => {
  it.each([
    [['diagnose', 'x.log', '--formt', 'json'], 'runner-doctor: unknown option --formt (did you mean --format?); run `runner-doctor diagnose --help`\n'],
    [['diagnose', 'x.log', '--workfow=a.yml'], 'runner-doctor: unknown option --workfow (did you mean --workflow?); run `runner-doctor diagnose --help`\n'],
    [['diagnose', 'x.log', '--hook-templat', 'h.yaml'], 'runner-doctor: unknown option --hook-templat (did you mean --hook-template?); run `runner-doctor diagnose --help`\n'],
    [['diagnose', 'x.log', '--zzzzzz'], 'runner-doctor: unknown option --zzzzzz; run `runner-doctor diagnose --help`\n'],
    [['catalog', 'lint', '--fix'], 'runner-doctor: unknown option --fix; run `runner-doctor catalog lint --help`\n'],
    [['diagnoes', 'x.log'], 'runner-doctor: unknown command "diagnoes" (did you mean `diagnose`?); run `runner-doctor --help`\n'],
    [['catalog', 'lnt'], 'runner-doctor: unknown command "catalog lnt" (did you mean `catalog lint`?); run `runner-doctor --help`\n'],
    [['worker', '--concurency', '8'], 'runner-doctor: unknown option --concurency; run `runner-doctor worker --help`\n'],
    [['worker', '--hepl'], 'runner-doctor: unknown option --hepl (did you mean --help?); run `runner-doctor worker --help`\n'],
    [['worker', 'now'], 'runner-doctor: worker takes no arguments (got "now"); run `runner-doctor worker --help`\n'],
    [['stats', '--dyas', '7'], 'runner-doctor: unknown option --dyas (did you mean --days?); run `runner-doctor stats --help`\n'],
    [['catalog', 'stats', '--corpsu', 'c.yaml'], 'runner-doctor: unknown option --corpsu (did you mean --corpus?); run `runner-doctor catalog stats --help`\n'],
    [['--verison'], 'runner-doctor: unknown option --verison (did you mean --version?); options come after the command, run `runner-doctor --help`\n'],
    [['--hlep'], 'runner-doctor: unknown option --hlep (did you mean --help?); options come after the command, run `runner-doctor --help`\n'],
    [['--format', 'json'], 'runner-doctor: unknown option --format; options come after the command, run `runner-doctor --help`\n'],
    [['stat'], 'runner-doctor: unknown command "stat" (did you mean `stats`?); run `runner-doctor --help`\n'],
    [['serve', '--hepl'], 'runner-doctor: unknown option --hepl (did you mean --help?); run `runner-doctor serve --help`\n'],
    [['serve', './lib/index.js'], 'runner-doctor: serve takes no arguments (got "./lib/index.js"); run `runner-doctor serve --help`\n'],
    [['serv'], 'runner-doctor: unknown command "serv" (did you mean `serve`?); run `runner-doctor --help`\n'],
    [['help', 'diagnos'], 'runner-doctor: no command "diagnos" (did you mean `diagnose`?); run `runner-doctor --help`\n'],
  ])('%j', async (args, message) => {
    expect(await runCli(args)).toEqual({ code: 2, out: '', err: message });
  });

  it('an unknown id in --ignore is exit 2 with the nearest known id, before any log is read', async () => {
    const { code, out, err } = await runCli(['diagnose', '-', '--ignore', 'noise/buffer-deprecation,hook/job-pod-exist'], { stdin: LOG });
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toBe('runner-doctor: --ignore: no catalog entry has the id "hook/job-pod-exist"; did you mean hook/job-pod-exists?\n');
  });

  it('an --ignore id far from every known one says where the ids are', async () => {
    const { code, err } = await runCli(['diagnose', '-', '--ignore', 'completely-unrelated'], { stdin: LOG });
    expect(code).toBe(2);
    expect(err).toBe('runner-doctor: --ignore: no catalog entry has the id "completely-unrelated"; the ids are the `id:` fields of catalog/*.yaml and --catalog files\n');
  });

  it('known --ignore ids are accepted and left out', async () => {
    const { code, out } = await runCli(['diagnose', '-', '--format', 'json', '--ignore', 'hook/job-pod-exists'], { stdin: LOG });
    expect(code).toBe(0);
    expect(JSON.parse(out).findings.map((f: { id: string }) => f.id)).not.toContain('hook/job-pod-exists');
  });
});
