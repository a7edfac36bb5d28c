import { z } from 'zod';
import { catalogEntrySchema, ID_RE } from '../catalog/catalog-schema.js';

/** Where the published schema lives, relative to the repository root. */
export const REPO_CONFIG_JSON_SCHEMA_PATH = 'schema/repo-config.schema.json';

export const MIN_LOG_BYTES = 64 * 1024;
export const MAX_LOG_BYTES = 512 * 1024 * 1024;
export const MAX_RERUN_ATTEMPTS = 5;
/** A size like `100 MiB` (units b, kb, kib, mb, mib, gb, gib; any case, spelt out: JSON Schema has no /i). */
export const SIZE_RE = /^\s*(\d+(?:\.\d+)?)\s*([kKmMgG][iI]?[bB]|[bB])?\s*$/;

const idList = z.union([z.string(), z.array(z.string().regex(ID_RE))]);

/**
 * `.github/runner-doctor.yml`: each setting's type, allowed values and default. parseRepoConfig checks
 * each field against its schema here (so one bad field keeps its default and the rest applies), then
 * the checks a schema cannot express (known ids, list caps, paths).
 */
export const repoConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(true).meta({ description: 'Set false to turn runner-doctor off here.' }),
    comment: z.enum(['always', 'on-match']).default('always')
      .meta({ description: '`on-match`: comment only when a root cause was found.' }),
    ignore: idList.default([]).meta({ description: 'Catalog ids to drop, e.g. `noise/buffer-deprecation`.' }),
    signatures: z.array(catalogEntrySchema).default([])
      .meta({ description: 'Extra catalog entries, in the format of `catalog/*.yaml`.' }),
    maxLogBytes: z.union([
      z.number().min(MIN_LOG_BYTES).max(MAX_LOG_BYTES),
      z.string().regex(SIZE_RE),
    ]).default(50 * 1024 * 1024)
      .meta({ description: 'Largest log read per job: bytes, or a size like `100 MiB` (64 KiB to 512 MiB).' }),
    hookTemplates: z.union([z.string(), z.array(z.string())]).default([])
      .meta({ description: 'Repository paths of hook templates for the fix generators.' }),
    privateRunnerLogs: z.enum(['full', 'titles', 'skip']).default('full')
      .meta({ description: 'What to show from self-hosted runners\' logs.' }),
    checkRun: z.boolean().default(false)
      .meta({ description: 'When there is no PR: a neutral check run on the commit.' }),
    rerun: z.strictObject({
      signatures: z.array(z.string().regex(ID_RE)).min(1),
      maxAttempts: z.number().int().min(2).max(MAX_RERUN_ATTEMPTS).default(2),
    }).nullable().default(null)
      .meta({ description: 'Opt-in automatic re-run of listed infrastructure causes.' }),
  })
  .meta({
    title: 'runner-doctor repository config',
    description: '`.github/runner-doctor.yml` (README: "Configuration").',
  });

/** The default of every setting, from the schema. */
export const SCHEMA_DEFAULTS = repoConfigSchema.parse({});

/**
 * The repo config schema as JSON Schema (draft-07, for editors): written to REPO_CONFIG_JSON_SCHEMA_PATH
 * by `npm run schema`, and checked fresh by the test suite.
 */
export function repoConfigJsonSchema(): string {
  const schema = z.toJSONSchema(repoConfigSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
