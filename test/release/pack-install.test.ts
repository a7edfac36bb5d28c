/**
 * The npm package as a user gets it: `npm pack`, the tarball installed into an empty directory, and the CLI run
 * from there with npx. It checks what the tarball holds (what the CLI and `probot run` need, and nothing of the
 * repository's tests, sources, bundled Action or scripts) and what a user sees.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import yaml from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string; bin: Record<string, string>; files: string[]; main: string; exports: Record<string, string>;
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/**
 * The environment for the npm children: `npm test` exports its own npm_* settings (prefix, lifecycle, package
 * fields) that would make the install act on this checkout; the cache and registry settings stay.
 */
function childEnv(): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const wanted = ([k]: [string, unknown]) => !/^npm_/i.test(k) || keep.has(k.toLowerCase());
  return Object.fromEntries(Object.entries(process.env).filter(wanted));
}

interface Packed { filename: string; files: { path: string }[] }

let scratch = '';
let packed: Packed;
let app = '';

/**
 * Runs the installed CLI as `npx runner-doctor ARGS` in the install directory; `--no --` makes npx fail rather than
 * fetch a package of that name from the registry should the local one be missing.
 */
function runInstalled(args: string[], input?: string) {
  const r = spawnSync(npx, ['--no', '--', 'runner-doctor', ...args], {
    cwd: app, env: { ...childEnv(), NO_COLOR: '1' }, input, encoding: 'utf8', timeout: 60_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

beforeAll(() => {
  if (!existsSync(pkg.main)) throw new Error(`${pkg.main} is missing: run \`npm run build\` first (npm test does)`);
  scratch = mkdtempSync(join(tmpdir(), 'rd-pack-'));
  // lib/ is already built (npm test builds before the suite), so `prepare` need not run again.
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
    env: childEnv(), encoding: 'utf8',
  });
  packed = (JSON.parse(out) as Packed[])[0]!;
  app = join(scratch, 'app');
  mkdirSync(app);
  // From the npm cache `npm ci` filled (CI reaches only the npm registry, and this keeps the test to seconds).
  // Install scripts off: better-sqlite3 would compile SQLite for a minute when no prebuilt binary can be
  // downloaded, and the history store it serves is not what this test is about (test/history/ covers it).
  execFileSync(npm, [
    'install', join(scratch, packed.filename), '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts',
    '--loglevel=error',
  ], { cwd: app, env: childEnv(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}, 240_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('ships the CLI, the compiled app, the catalog and the docs a package page shows', () => {
    const paths = packed.files.map((f) => f.path);
    for (const bin of Object.values(pkg.bin)) expect(paths).toContain(bin.replace(/^\.\//, ''));
    for (const p of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'app.yml', pkg.main, 'lib/cli.js',
      'lib/catalog-cache.json', 'catalog/classification.json']) {
      expect(paths, p).toContain(p);
    }
    // Every built-in catalog file: the CLI's `catalog lint` and a custom catalog's error messages read them.
    const catalog = readdirSync('catalog').filter((n) => n.endsWith('.yaml'));
    for (const name of catalog) expect(paths).toContain(`catalog/${name}`);
    // Every compiled module of the app (a missing one is an import error at run time).
    const built = execFileSync('git', ['ls-files', 'src'], { encoding: 'utf8' }).split('\n')
      .filter((p) => p.endsWith('.ts'))
      .map((p) => p.replace(/^src\//, 'lib/').replace(/\.ts$/, '.js'))
      .filter((p) => !p.startsWith('lib/action/'));
    for (const p of built) expect(paths, p).toContain(p);
  });

  it('ships nothing else: no tests, sources, source maps, bundled Action, scripts or repository files', () => {
    const paths = packed.files.map((f) => f.path);
    const allowed = /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|app\.yml|bin\/|lib\/|catalog\/|schema\/)/;
    expect(paths.filter((p) => !allowed.test(p))).toEqual([]);
    expect(paths.filter((p) => p.endsWith('.map') || p.startsWith('lib/action/'))).toEqual([]);
  });

  it('`npx runner-doctor --version` in an empty directory prints the package version', () => {
    expect(existsSync(join(app, 'node_modules', 'runner-doctor', 'test'))).toBe(false);
    const r = runInstalled(['--version']);
    expect(r.err).toBe('');
    expect(r.out).toBe(`${pkg.version}\n`);
    expect(r.code).toBe(0);
  });

  it('diagnoses a real log piped to it, as the corpus expects', () => {
    const corpus = yaml.load(readFileSync('test/fixtures/logs/corpus.yaml', 'utf8')) as
      { file: string; rootCause: string | null; line?: number }[];
    const file = 'real/docker-daemon-build-push-action.log';
    const expected = corpus.find((c) => c.file === file)!;
    const log = readFileSync(resolve('test/fixtures/logs', file), 'utf8');
    // The evidence is the line as shown: without the log's timestamp.
    const logLine = log.split(/\r?\n/)[expected.line! - 1]!.replace(/^\S+Z /, '');

    const text = runInstalled(['diagnose', '-'], log);
    expect(text.err).toBe('');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`^Root cause: .*\\(${expected.rootCause}\\) at line ${expected.line}\\.`));
    expect(text.out).toContain(`line ${expected.line}: ${logLine.trim()}`);

    const json = runInstalled(['diagnose', '-', '--format', 'json'], log);
    const answer = JSON.parse(json.out) as { rootCause: { id: string; evidence: { line: number }[] }; source: string };
    expect(answer.rootCause.id).toBe(expected.rootCause);
    expect(answer.rootCause.evidence[0]!.line).toBe(expected.line);
    expect(answer.source).toBe('stdin');
  });

  it('validates its own built-in catalog from the install (catalog files and examples shipped)', () => {
    const r = runInstalled(['catalog', 'lint']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });

  it('is importable by its package name: the Probot app function (`exports`)', () => {
    const r = spawnSync(process.execPath, ['--input-type=module', '-e',
      'const m = await import("runner-doctor"); console.log(typeof m.default)'], { cwd: app, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('function\n');
    expect(pkg.exports['.']).toBe(`./${pkg.main}`);
  });
});
