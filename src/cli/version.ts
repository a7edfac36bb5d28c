import { readFileSync } from 'node:fs';

/**
 * The package's version, from its package.json. The path is from this file's folder two levels
 * up, as the catalog's is in src/catalog/load-catalog.ts, so it holds from src/cli/, lib/cli/ and
 * the CLI bundle in lib/bundle/ alike.
 */
export function version(): string {
  const url = new URL('../../package.json', import.meta.url);
  // Synchronous: `node:fs/promises` would cost `--version` more to load than the read takes.
  const pkg = JSON.parse(readFileSync(url, 'utf8')) as { version: string };
  return pkg.version;
}
