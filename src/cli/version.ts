import { readFile } from 'node:fs/promises';

/**
 * The package's version, from its package.json. The path is from this file's folder two levels
 * up, as the catalog's is in src/catalog/load-catalog.ts, so it holds from src/cli/, lib/cli/ and
 * the CLI bundle in lib/bundle/ alike.
 */
export async function version(): Promise<string> {
  const url = new URL('../../package.json', import.meta.url);
  const pkg = JSON.parse(await readFile(url, 'utf8')) as { version: string };
  return pkg.version;
}
