// bin/runner-doctor.js runs the bundle (lib/bundle/cli.cjs, with its V8 code cache when V8 takes it)
// when it loads, else lib/ (never fails for want of a bundle or a cache). Checked on a copy of the
// launcher next to stand-in modules that say which one ran; the real bundle's output is checked in
// bundle-same-output.test.ts.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/', import.meta.url));
const { WRAPPER_HEAD, WRAPPER_TAIL, stamped } = createRequire(import.meta.url)(path.join(BIN, 'runner-doctor.js')) as {
  WRAPPER_HEAD: string;
  WRAPPER_TAIL: string;
  stamped: (text: string) => string;
};
const libStandIn = `export const processIo = () => ({});
export async function main(argv) { process.stdout.write('lib ' + argv.join(' ')); return 3; }
`;
const bundleStandIn = `exports.processIo = () => ({});
exports.main = async (argv) => { process.stdout.write('bundle ' + argv.join(' ')); return 3; };
`;

let dir: string;
let bundle: string;
let codeCache: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rd-launcher-'));
  mkdirSync(path.join(dir, 'bin'));
  mkdirSync(path.join(dir, 'lib/bundle'), { recursive: true });
  copyFileSync(path.join(BIN, 'runner-doctor.js'), path.join(dir, 'bin/runner-doctor.js'));
  copyFileSync(path.join(BIN, 'package.json'), path.join(dir, 'bin/package.json'));
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(path.join(dir, 'lib/cli.js'), libStandIn);
  bundle = path.join(dir, 'lib/bundle/cli.cjs');
  codeCache = path.join(dir, 'lib/bundle/cli.code-cache');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the stand-in bundle as the build writes the real one: a CommonJS module's body in the wrapper, stamped. */
const writeBundle = (body: string) => writeFileSync(bundle, stamped(WRAPPER_HEAD + body + WRAPPER_TAIL));

function launch(env: NodeJS.ProcessEnv = {}): { out: string; code: number } {
  try {
    const out = execFileSync(process.execPath, [path.join(dir, 'bin/runner-doctor.js'), 'diagnose', 'x.log'], {
      env: { PATH: process.env.PATH, ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { out, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; status: number };
    return { out: e.stdout, code: e.status };
  }
}

/**
 * Runs `code` in a fresh node with the launcher copy as `l` (V8 keeps what it compiled per process: a
 * second compile of the same source in one process would not even look at the cache).
 */
function withLauncher(code: string): string {
  const script = `const l = require(${JSON.stringify(path.join(dir, 'bin/runner-doctor.js'))}); ${code}`;
  return execFileSync(process.execPath, ['-e', script], { env: { PATH: process.env.PATH }, encoding: 'utf8' });
}

/** What V8 did with the code cache, loading the bundle as the launcher does. */
const cacheState = (opts = '') => withLauncher(`process.stdout.write(l.loadBundle(${opts}).cache)`);

/** Builds the stand-in bundle's code cache the way scripts/build-code-cache.mjs does. */
function buildCache(): void {
  withLauncher(`const b = l.loadBundle({ codeCache: null });
b.exports.main([]).then(() => require('node:fs').writeFileSync(l.CODE_CACHE,
  l.stampedCache(b.stamp, b.script.createCachedData())));`);
}

describe('bin/runner-doctor.js', () => {
  it('is CommonJS whatever the package says (no ES module loader on the fast path)', () => {
    expect(JSON.parse(readFileSync(path.join(BIN, 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' });
  });

  it('runs the bundle when there is one, with the arguments and exit code', () => {
    writeBundle(bundleStandIn);
    expect(launch()).toEqual({ out: 'bundle diagnose x.log', code: 3 });
  });

  it('runs lib/ when RUNNER_DOCTOR_BUNDLE=0', () => {
    writeBundle(bundleStandIn);
    expect(launch({ RUNNER_DOCTOR_BUNDLE: '0' })).toEqual({ out: 'lib diagnose x.log', code: 3 });
  });

  it('runs lib/ when the bundle is missing', () => {
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
  });

  it('runs lib/ when the bundle does not load (a vendor file missing, a syntax error)', () => {
    writeBundle('require("./vendor-gone.cjs");\n' + bundleStandIn);
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
    writeBundle('exports.x = ;\n');
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
  });

  it('runs lib/ when the bundle is not written in the wrapper (a plain module, a file cut short)', () => {
    writeFileSync(bundle, bundleStandIn);
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
    writeFileSync(bundle, WRAPPER_HEAD + bundleStandIn);
    expect(launch()).toEqual({ out: 'lib diagnose x.log', code: 3 });
    writeBundle(bundleStandIn);
    expect(launch()).toEqual({ out: 'bundle diagnose x.log', code: 3 });
  });

  it('compiles the bundle with its code cache when V8 takes it, and without when it does not', () => {
    writeBundle(bundleStandIn);
    expect(cacheState()).toBe('none');
    buildCache();
    expect(cacheState()).toBe('accepted');
    expect(cacheState('{ codeCache: null }')).toBe('none');
    expect(launch()).toEqual({ out: 'bundle diagnose x.log', code: 3 });
    expect(launch({ RUNNER_DOCTOR_CODE_CACHE: '0' })).toEqual({ out: 'bundle diagnose x.log', code: 3 });
    // A cache from another Node (V8 checks its version and flags), a damaged or a stale one: compiled afresh.
    writeFileSync(codeCache, Buffer.from('not a V8 code cache'.repeat(20)));
    expect(cacheState()).toBe('rejected');
    expect(launch()).toEqual({ out: 'bundle diagnose x.log', code: 3 });
    buildCache();
    writeBundle(bundleStandIn.replace("'bundle '", "'bundle, rebuilt, '"));
    expect(cacheState()).toBe('rejected');
    expect(launch()).toEqual({ out: 'bundle, rebuilt, diagnose x.log', code: 3 });
  });

  it('does not take the code cache of another build of the same length (V8 checks only the length)', () => {
    writeBundle(bundleStandIn);
    buildCache();
    expect(cacheState()).toBe('accepted');
    writeBundle(bundleStandIn.replace("'bundle '", "'BUNDLE '"));
    expect(cacheState()).toBe('rejected');
    expect(launch()).toEqual({ out: 'BUNDLE diagnose x.log', code: 3 });
    // Nor a cache, or a bundle, without the build's stamp.
    writeFileSync(bundle, WRAPPER_HEAD + bundleStandIn + WRAPPER_TAIL);
    expect(cacheState()).toBe('rejected');
    expect(launch()).toEqual({ out: 'bundle diagnose x.log', code: 3 });
  });

  it('loads the vendor files the bundle requires with their own code caches, each once; else as Node would', () => {
    const vendor = path.join(dir, 'lib/bundle/vendor-x.cjs');
    const vendorCache = path.join(dir, 'lib/bundle/vendor-x.code-cache');
    writeFileSync(vendor, stamped("exports.hello = (who) => 'hello ' + who;\n"));
    writeBundle(`exports.processIo = () => ({});
exports.main = async (argv) => {
  const x = require('./vendor-x.cjs');
  process.stdout.write(x.hello(argv.join(' ')) + (require('./vendor-x.cjs') === x ? ' once' : ' twice'));
  return 0;
};
`);
    // What the launcher did with the vendor file: loaded with its cache or not, or left to Node's require.
    const chunkState = () => withLauncher(`const b = l.loadBundle();
b.exports.main(['x']).then(() => process.stdout.write(' ' + [...b.chunks.values()].map((c) => c ? c.cache : 'node')));`);
    expect(chunkState()).toBe('hello x once none');
    withLauncher(`const b = l.loadBundle({ codeCache: null });
b.exports.main([]).then(() => { const c = [...b.chunks.values()][0];
  require('node:fs').writeFileSync(${JSON.stringify(vendorCache)}, l.stampedCache(c.stamp, c.script.createCachedData())); });`);
    expect(chunkState()).toBe('hello x once accepted');
    const made = readFileSync(vendorCache);
    writeFileSync(vendorCache, Buffer.from('damaged '.repeat(100)));
    expect(chunkState()).toBe('hello x once rejected');
    // Another build of the vendor file, of the same length: its old cache is not taken.
    writeFileSync(vendor, stamped("exports.hello = (who) => 'HELLO ' + who;\n"));
    writeFileSync(vendorCache, made);
    expect(chunkState()).toBe('HELLO x once rejected');
    // A vendor file the launcher cannot compile is Node's to require, with Node's error.
    writeFileSync(vendor, 'exports.hello = ;\n');
    expect(chunkState).toThrow(/vendor-x\.cjs:1\nexports\.hello = ;[^]*SyntaxError: Unexpected token ';'/);
  });

  it("gives the bundle import() for ES modules, paths from the bundle's folder", () => {
    writeFileSync(path.join(dir, 'lib/esm-part.js'), "export const who = 'esm part';\n");
    writeBundle(`exports.processIo = () => ({});
exports.main = async (argv) => {
  const { who } = await __rdImport('../esm-part.js');
  const { sep } = await __rdImport('node:path');
  process.stdout.write(who + ' ' + sep + ' ' + argv.join(' '));
  return 0;
};
`);
    expect(launch()).toEqual({ out: 'esm part / diagnose x.log', code: 0 });
  });
});
