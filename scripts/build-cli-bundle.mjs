// Bundles the CLI (src/cli.ts) into one CommonJS file, lib/bundle/cli.cjs, and builds its V8 code
// cache (scripts/build-code-cache.mjs); run by `npm run build` after tsc. Loading ~50 ES modules
// was a third of a small log's time, and Node's ESM loader even for a few chunks a fifth (issue 13);
// bin/runner-doctor.js compiles this file with the cache, else runs lib/cli.js (same source, same
// output: test/cli/bundle-same-output.test.ts). The catalog's parse cache is lib/catalog-cache.json either way.
//
// Layout: lib/bundle/ is two levels under the package, like lib/catalog/: the paths the code finds
// from its own file (`../../catalog/`, `../catalog-cache.json`, `../../package.json`) hold in both.
// What only some commands or inputs need loads when used: the bundle's modules are initialised
// lazily, and big libraries off the diagnose path (zod: the catalog schema; js-yaml; diff) are files
// of their own, lib/bundle/vendor-*.cjs, required when first used, so a diagnosis neither reads nor
// caches them. The app's packages (probot, the stores, the Kubernetes client) stay in node_modules.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const { WRAPPER_HEAD, WRAPPER_TAIL, stamped } = createRequire(import.meta.url)('../bin/runner-doctor.js');
export const BUNDLE_DIR = path.join(root, 'lib', 'bundle');
const BUNDLE = path.join(BUNDLE_DIR, 'cli.cjs');
/** Small pure-JS libraries on the diagnose path: inside the bundle (and its code cache). */
const BUNDLED = new Set(['re2js', 'lru-cache', 'fastest-levenshtein']);
/** Libraries that only some inputs or commands use: one CommonJS file each, next to the bundle. */
const VENDORED = ['zod', 'js-yaml', 'diff'];
/** The app's modules that import ES-module-only packages at their top (probot): loaded from lib/ by import(). */
const FROM_LIB = /^\.\/(serve|worker)\.js$/;

const packageName = (spec) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');

/**
 * node:module as the bundle sees it. The sources load builtins when first used by
 * `createRequire(import.meta.url)('node:x')` (ES modules have no require); in the bundle that is its own
 * require, so a diagnosis does not load node:module (with Node's ES module loader, 0.3 ms of start-up).
 * Other ids go to the real createRequire.
 */
const NODE_MODULE_SHIM = `const real = () => require('node:module');
exports.createRequire = (url) => (id) => (id.startsWith('node:') ? require(id) : real().createRequire(url)(id));
`;

const resolvePlugin = {
  name: 'cli-bundle-resolve',
  setup(b) {
    b.onResolve({ filter: FROM_LIB }, (args) => ({ path: `../${args.path.slice(2)}`, external: true }));
    b.onResolve({ filter: /^node:module$/ }, (args) => (args.namespace === 'node-module-shim'
      ? { path: args.path, external: true }
      : { path: 'node:module', namespace: 'node-module-shim' }));
    b.onLoad({ filter: /.*/, namespace: 'node-module-shim' }, () => ({ contents: NODE_MODULE_SHIM, loader: 'js' }));
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const name = packageName(args.path);
      if (VENDORED.includes(name)) return { path: `./vendor-${name}.cjs`, external: true };
      // Every other package (`probot`, `@octokit/x/y`, ...) is required or imported from node_modules at run time.
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  // Class and function names as in the packages' own files (the vendored libraries'; see the bundle's below).
  keepNames: true,
  // Non-ASCII characters escaped: the launcher reads the file as latin1 (no UTF-8 decoding).
  charset: 'ascii',
  legalComments: 'eof',
  logLevel: 'warning',
  write: false,
};

/** The version of the re2js the bundle holds (its package.json, one folder above its entry file). */
function re2jsVersion() {
  const entry = createRequire(import.meta.url).resolve('re2js');
  return JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')).version;
}

rmSync(BUNDLE_DIR, { recursive: true, force: true });
mkdirSync(BUNDLE_DIR, { recursive: true });
const result = await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: BUNDLE,
  // No keepNames here: it wraps every function and class in an Object.defineProperty call for its `name`,
  // run as the bundle loads (about 3 ms of a 1 MiB log's wall time). Nothing on the CLI's path reads a
  // function's or class's name (errors print their message, src/cli.ts); bundle-same-output.test.ts
  // compares the bundle's outputs with lib/'s.
  keepNames: false,
  plugins: [resolvePlugin],
  // The sources find the catalog and package.json from their own file's URL. The stored RE2 programs are
  // used with the re2js bundled here (src/catalog/re2js-version.ts).
  define: { 'import.meta.url': '__rdUrl', __RE2JS_VERSION__: JSON.stringify(re2jsVersion()) },
  banner: { js: 'var __rdUrl = require("node:url").pathToFileURL(__filename).href;' },
  metafile: true,
});
// Written as the function the launcher calls (its WRAPPER_HEAD and WRAPPER_TAIL): compiled as read. Each file
// ends with the build's stamp, which its code cache starts with (the launcher's `stamped`).
writeFileSync(BUNDLE, stamped(WRAPPER_HEAD + esmImportsToLauncher(result) + WRAPPER_TAIL));

for (const name of VENDORED) {
  const vendor = await build({
    ...common,
    stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
    outfile: path.join(BUNDLE_DIR, `vendor-${name}.cjs`),
  });
  // The launcher reads it as latin1 too (loadChunk).
  writeFileSync(path.join(BUNDLE_DIR, `vendor-${name}.cjs`), stamped(printableAscii(vendor.outputFiles[0].text, name)));
}

// In a process of its own, with no esbuild loaded: the cache is made the way the launcher compiles.
execFileSync(process.execPath, [path.join(root, 'scripts', 'build-code-cache.mjs')], { stdio: 'inherit' });

/**
 * The bundle's text with each `import("...")` turned into `__rdImport("...")`, the launcher's (code
 * compiled by vm.Script with a code cache cannot import). Checked against esbuild's own list of the
 * dynamic imports it left, so no other text (a string that happens to read `import(`) is touched.
 */
function esmImportsToLauncher({ outputFiles, metafile }) {
  const text = outputFiles[0].text;
  const kept = Object.values(metafile.outputs)[0].imports.filter((i) => i.kind === 'dynamic-import' && i.external);
  let count = 0;
  const out = text.replace(/\bimport\("([^"\\]+)"\)/g, (_m, spec) => {
    count++;
    return `__rdImport(${JSON.stringify(spec)})`;
  });
  if (count !== kept.length || /\bimport\s*\(/.test(out)) {
    throw new Error(`build-cli-bundle: expected ${kept.length} import() calls to rewrite, found ${count} and more`);
  }
  return printableAscii(out, 'the bundle');
}

/** `text`, checked to be printable ASCII: the launcher reads the bundle's files as latin1. */
function printableAscii(text, what) {
  if (!/^[\t\n\r\x20-\x7e]*$/.test(text)) {
    throw new Error(`build-cli-bundle: ${what} is not printable ASCII (the launcher reads it as latin1)`);
  }
  return text;
}
