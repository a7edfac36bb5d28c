// Bundles the GitHub Action (src/action/main.ts and everything it imports) into dist/, with the
// built-in catalog, so the action runs without `npm install`: `npm run build:action`.
// `node scripts/build-action.mjs --out DIR` writes elsewhere (the staleness test compares the two).
//
// Layout: the bundle sits at dist/lib/action/index.js because src/catalog/load-catalog.ts finds
// the catalog at `../../catalog/` and its parse cache at `../catalog-cache.json` from its own file,
// as from lib/catalog/load-catalog.js; in the bundle both resolve inside dist/.
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { buildCatalogCache, CATALOG_DIR } from './build-catalog-cache.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { values } = parseArgs({ options: { out: { type: 'string', default: path.join(root, 'dist') } } });
const out = path.resolve(values.out);

rmSync(out, { recursive: true, force: true });
mkdirSync(path.join(out, 'catalog'), { recursive: true });
mkdirSync(path.join(out, 'lib'), { recursive: true });

await build({
  entryPoints: [path.join(root, 'src/action/main.ts')],
  outfile: path.join(out, 'lib/action/index.js'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Some bundled dependencies are CommonJS and call require() for Node built-ins.
  banner: { js: "import { createRequire as __rdCreateRequire } from 'node:module';\nconst require = __rdCreateRequire(import.meta.url);" },
  legalComments: 'eof',
  minify: true,
  logLevel: 'warning',
});

const { names, json } = await buildCatalogCache();
for (const name of names) copyFileSync(new URL(name, CATALOG_DIR), path.join(out, 'catalog', name));
writeFileSync(path.join(out, 'lib/catalog-cache.json'), json);
// No lib/catalog-scan-plan.bin: the Action diagnoses once per job, where building the plan costs a few
// milliseconds, not worth a 340 KB binary in git rebuilt with every catalog change.
// Marks the bundle as ESM whatever package.json sits above it.
writeFileSync(path.join(out, 'package.json'), '{ "type": "module" }\n');
