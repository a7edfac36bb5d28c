import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Set by the CLI bundle's build to the version of the re2js it bundles (scripts/build-cli-bundle.mjs). */
declare const __RE2JS_VERSION__: string | undefined;

let version: string | null | undefined;

/**
 * The version of the re2js this code runs with, or null when it cannot be told: the programs the build
 * stored (lib/catalog-programs.json) are used only with the re2js that compiled them. The bundle holds
 * its own copy, whose version its build wrote in; the modules in lib/ read the package's package.json
 * (which its `exports` hide from require), once, when a stored program is first wanted.
 */
export function re2jsVersion(): string | null {
  if (version !== undefined) return version;
  if (typeof __RE2JS_VERSION__ === 'string') return (version = __RE2JS_VERSION__);
  try {
    // The package's entry file is under build/: its package.json is one folder up.
    const entry = createRequire(import.meta.url).resolve('re2js');
    const pkg = JSON.parse(readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    version = pkg.name === 're2js' && typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    version = null;
  }
  return version;
}
