import type { Context } from 'probot';
import { CatalogError } from '../catalog/catalog-error.js';
import { extendCatalog } from '../catalog/extend-catalog.js';
import { lintCatalog } from '../catalog/lint-catalog.js';
import type { CompiledCatalog } from '../model/catalog.js';
import { parseRepoConfig, type RepoConfig } from '../config/repo-config.js';

export const CONFIG_FILE = 'runner-doctor.yml';
const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export interface LoadedConfig {
  config: RepoConfig;
  /** Problems to show in the comment (the defaults were used for the bad parts). */
  errors: string[];
  /** The built-in catalog plus the repo's `signatures:` (the built-in one alone if those are invalid). */
  catalog: CompiledCatalog;
}

/**
 * Reads `.github/runner-doctor.yml` (Probot falls back to the org's `.github` repo). Never
 * throws: an unreadable or invalid file becomes an error line and the defaults.
 */
export async function loadRepoConfig(
  context: Pick<Context, 'config'>,
  builtin: CompiledCatalog,
): Promise<LoadedConfig> {
  let raw: unknown = null;
  const errors: string[] = [];
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (err) {
    errors.push(`${CONFIG_PATH}: could not be read (${(err as Error).message}); using the defaults.`);
  }
  const parsed = parseRepoConfig(raw ?? null, CONFIG_PATH, { knownIds: builtin.byId.keys() });
  errors.push(...parsed.errors);
  let catalog = builtin;
  if (parsed.config.signatures.length > 0) {
    const file = `${CONFIG_PATH} (signatures)`;
    try {
      catalog = extendCatalog(builtin, [{ file, entries: parsed.config.signatures }]);
      // The user's own examples and counterexamples, as `runner-doctor catalog lint` would run them.
      const own = { ...catalog, entries: catalog.entries.filter((c) => c.entry.file === file) };
      for (const p of lintCatalog(own)) {
        errors.push(`${file}: entry ${p.id}: ${p.problem}; fix the pattern or the example`);
      }
    } catch (err) {
      if (!(err instanceof CatalogError)) throw err;
      errors.push(`${err.message} (the built-in catalog was used without your signatures)`);
    }
  }
  return { config: parsed.config, errors, catalog };
}
