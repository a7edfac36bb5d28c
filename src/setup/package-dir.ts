import { fileURLToPath } from 'node:url';

/**
 * The package's top directory. From a file two levels down, as lib/setup/ and the CLI bundle's
 * lib/bundle/ both are (scripts/build-cli-bundle.mjs), so the path holds in either.
 */
export const PACKAGE_DIR = fileURLToPath(new URL('../../', import.meta.url));
