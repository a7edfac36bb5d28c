// Bundles the CLI (src/cli.ts) into lib/bundle/, run by `npm run build` after tsc: loading ~50
// modules one by one was a third of a small log's time (issue 13). bin/runner-doctor.js runs the
// bundle when it is there, else lib/cli.js; both run the same source, so their output is the same
// (test/cli/bundle-same-output.test.ts). The catalog's parse cache is lib/catalog-cache.json either way.
//
// Layout: lib/bundle/ is two levels under the package, like lib/catalog/: the paths the code finds
// from its own file (`../../catalog/`, `../catalog-cache.json`, `../../package.json`) hold in both.
// Commands other than diagnose load as chunks of their own when run (`splitting`).
// Only small pure-JS libraries on the diagnose path are bundled; the app's (probot, the stores,
// the Kubernetes client) stay packages, loaded from node_modules when a command needs them.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
export const BUNDLE_DIR = path.join(root, 'lib', 'bundle');
const BUNDLED = new Set(['re2js', 'lru-cache', 'fastest-levenshtein', 'js-yaml', 'zod', 'diff']);

/** Every other package (`probot`, `@octokit/x/y`, ...) is imported from node_modules at run time. */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { path: args.path, external: true };
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      return BUNDLED.has(name) ? undefined : { path: args.path, external: true };
    });
  },
};

rmSync(BUNDLE_DIR, { recursive: true, force: true });
await build({
  entryPoints: { cli: path.join(root, 'src/cli.ts') },
  outdir: BUNDLE_DIR,
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  plugins: [externalPackages],
  // Some bundled dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __rdCreateRequire } from 'node:module';\nconst require = __rdCreateRequire(import.meta.url);" },
  minify: true,
  // Class and function names as in lib/, should an error message or a check use them.
  keepNames: true,
  legalComments: 'eof',
  logLevel: 'warning',
});
