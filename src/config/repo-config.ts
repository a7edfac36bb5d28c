import { parseSize } from './parse-size.js';
import { CatalogError } from '../catalog/catalog-error.js';
import { parseCatalogEntries } from '../catalog/parse-catalog.js';
import { parseRerun, type RerunConfig } from './parse-rerun.js';
import {
  MAX_LOG_BYTES, MIN_LOG_BYTES, repoConfigSchema, SCHEMA_DEFAULTS, SIZE_RE,
} from './repo-config-schema.js';

/**
 * `.github/runner-doctor.yml`, read by the handler with `context.config()` (falls back to the org's `.github`
 * repo).
 */
export interface RepoConfig {
  /** Default true. */
  enabled: boolean;
  /** `on-match`: comment only when a root cause was found. Default `always`. */
  comment: 'always' | 'on-match';
  /** Catalog ids to drop, e.g. `noise/buffer-deprecation`. */
  ignore: string[];
  /** Extra catalog entries in the catalog YAML format, each already validated (raw, as written). */
  signatures: unknown[];
  /** Per job; default 50 MiB, from 64 KiB to 512 MiB. */
  maxLogBytes: number;
  /** Repository paths of hook templates for the fix generators. */
  hookTemplates: string[];
  /** What to show from self-hosted runners' logs. Default `full`. */
  privateRunnerLogs: 'full' | 'titles' | 'skip';
  /** When there is no PR: a neutral check run on the commit. Default false. */
  checkRun: boolean;
  /** Opt-in automatic re-run of listed infrastructure causes (src/config/parse-rerun.ts). Default off. */
  rerun: RerunConfig | null;
}

/** The defaults, from the one schema (src/config/repo-config-schema.ts). */
export const DEFAULT_CONFIG: RepoConfig = Object.freeze({
  ...SCHEMA_DEFAULTS,
  ignore: Object.freeze([]) as unknown as string[],
  signatures: Object.freeze([]) as unknown as unknown[],
  maxLogBytes: SCHEMA_DEFAULTS.maxLogBytes as number,
  hookTemplates: Object.freeze([]) as unknown as string[],
  rerun: null,
});

export const DEFAULT_CONFIG_FILE = '.github/runner-doctor.yml';
const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const FIELDS = repoConfigSchema.shape;
const KEYS = Object.keys(FIELDS) as (keyof RepoConfig)[];
/** Settings that existed once: say so instead of "unknown". */
const REMOVED: Record<string, string> = {
  commitComment: 'no longer a setting (it was accepted but never acted on); delete the line, or use `checkRun: true`',
};

/**
 * Most entries used per list: each hook template costs an API call per run, each signature scan
 * time per log line, each ignore id a lookup. The rest is reported as ignored.
 */
export const LIST_CAPS = { ignore: 200, hookTemplates: 5, signatures: 50 } as const;

export interface ParseConfigOptions {
  /** Catalog ids that exist; when given, `ignore` ids not among them and `signatures` ids among them are reported. */
  knownIds?: Iterable<string>;
}

/**
 * Validates the repo config. Never throws: each bad field is reported as
 * `<file>: <field>: <what is wrong>; <what to do>` and keeps its default, the rest still applies.
 * A missing file (`null` / `undefined`) is the defaults with no errors.
 */
export function parseRepoConfig(
  raw: unknown,
  file: string = DEFAULT_CONFIG_FILE,
  opts: ParseConfigOptions = {},
): { config: RepoConfig; errors: string[] } {
  const config: RepoConfig = { ...DEFAULT_CONFIG, ignore: [], signatures: [], hookTemplates: [] };
  const errors: string[] = [];
  const err = (field: string, problem: string) => errors.push(`${file}: ${field}: ${problem}`);
  if (raw === null || raw === undefined) return { config, errors };
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    errors.push(`${file}: expected a mapping of settings (${KEYS.join(', ')}); using the defaults`);
    return { config, errors };
  }
  const r = raw as Record<string, unknown>;

  for (const key of Object.keys(r)) {
    if ((KEYS as string[]).includes(key)) continue;
    if (key in REMOVED) {
      err(key, REMOVED[key]!);
      continue;
    }
    const near = closest(key, KEYS);
    err(key, `unknown setting; ${near ? `did you mean \`${near}\`?` : `allowed: ${KEYS.join(', ')}`}`);
  }

  const bool = (key: 'enabled' | 'checkRun') => {
    const v = r[key];
    if (v === undefined) return;
    const ok = FIELDS[key].safeParse(v);
    if (ok.success) config[key] = ok.data;
    else err(key, `must be true or false, got ${show(v)}; using ${DEFAULT_CONFIG[key]}`);
  };
  bool('enabled');
  bool('checkRun');

  if (r.comment !== undefined) {
    const ok = FIELDS.comment.safeParse(r.comment);
    if (ok.success) config.comment = ok.data;
    else err('comment', `must be \`always\` or \`on-match\`, got ${show(r.comment)}; using \`always\``);
  }
  if (r.privateRunnerLogs !== undefined) {
    const v = r.privateRunnerLogs;
    const ok = FIELDS.privateRunnerLogs.safeParse(v);
    if (ok.success) config.privateRunnerLogs = ok.data;
    else err('privateRunnerLogs', `must be \`full\`, \`titles\` or \`skip\`, got ${show(v)}; using \`full\``);
  }

  if (r.maxLogBytes !== undefined) {
    const n = parseConfigSize(r.maxLogBytes);
    if (n === null) {
      err('maxLogBytes', `must be a number of bytes or a size like \`100 MiB\`, got ` +
        `${show(r.maxLogBytes)}; using 50 MiB`);
    } else if (n < MIN_LOG_BYTES || n > MAX_LOG_BYTES) {
      err('maxLogBytes', `${n} bytes is outside 64 KiB (65536) to 512 MiB (536870912); using 50 MiB`);
    } else {
      config.maxLogBytes = Math.floor(n);
    }
  }

  const known = opts.knownIds ? new Set(opts.knownIds) : null;
  /** The first LIST_CAPS[key] entries; the rest reported once as ignored. */
  const capped = <T>(key: keyof typeof LIST_CAPS, list: T[] | null): T[] | null => {
    const cap = LIST_CAPS[key];
    if (!list || list.length <= cap) return list;
    err(key, `${list.length} entries, only the first ${cap} are used; the other ${list.length - cap} were ignored`);
    return list.slice(0, cap);
  };
  if (r.ignore !== undefined) {
    const list = capped('ignore', stringList(r.ignore));
    if (!list) {
      err('ignore', `must be a list of catalog ids such as \`noise/buffer-deprecation\`, got ` +
        `${show(r.ignore)}; nothing is ignored`);
    } else {
      list.forEach((id, i) => {
        if (!ID_RE.test(id)) err(`ignore[${i}]`, `${show(id)} is not a catalog id; write it as ` +
          `\`family/name\`, e.g. \`noise/buffer-deprecation\``);
        else if (known && !known.has(id)) err(`ignore[${i}]`, `no catalog entry has the id \`${id}\`; ` +
          `check the spelling (\`runner-doctor catalog list\`)`);
        else config.ignore.push(id);
      });
    }
  }

  if (r.hookTemplates !== undefined) {
    const list = capped('hookTemplates', stringList(r.hookTemplates));
    if (!list) {
      err('hookTemplates', `must be a list of repository paths such as \`deploy/hook-template.yaml\`, ` +
        `got ${show(r.hookTemplates)}`);
    } else {
      list.forEach((p, i) => {
        const problem = pathProblem(p);
        if (problem) err(`hookTemplates[${i}]`, `${show(p)} ${problem}; give a path relative to the repository root`);
        else config.hookTemplates.push(p.replace(/^\.\//, ''));
      });
    }
  }

  if (r.signatures !== undefined) {
    if (!Array.isArray(r.signatures)) {
      err('signatures', 'must be a list of catalog entries (the format of `catalog/*.yaml`); no extra ' +
        'signatures are used');
    } else {
      const seen = new Set<string>();
      capped('signatures', r.signatures as unknown[])!.forEach((item, i) => {
        // One entry at a time, so one bad signature does not drop the good ones.
        try {
          const [entry] = parseCatalogEntries([item], `${file}: signatures[${i}]`);
          if (seen.has(entry!.id)) {
            err(`signatures[${i}].id`, `\`${entry!.id}\` is used by an earlier signature; give each ` +
              `signature its own id`);
            return;
          }
          if (known?.has(entry!.id)) {
            err(`signatures[${i}].id`, `\`${entry!.id}\` is already a built-in catalog entry; choose ` +
              `another id (e.g. prefix it with your team's name)`);
            return;
          }
          seen.add(entry!.id);
          config.signatures.push(item);
        } catch (e) {
          if (!(e instanceof CatalogError)) throw e;
          const field = e.field ? `.${e.field}` : '';
          const entry = e.entryId && !e.entryId.startsWith('#') ? `signature \`${e.entryId}\`: ` : '';
          err(`signatures[${i}]${field}`, `${entry}${e.problem}; this signature is skipped`);
        }
      });
    }
  }

  config.rerun = parseRerun(r.rerun, err, known);

  return { config, errors };
}

function stringList(v: unknown): string[] | null {
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) return null;
  return v as string[];
}

/** A size as the schema allows it (the units the published JSON Schema names), in bytes. */
function parseConfigSize(v: unknown): number | null {
  return typeof v === 'string' && !SIZE_RE.test(v) ? null : parseSize(v);
}

function pathProblem(p: string): string | null {
  if (p.trim() === '') return 'is empty';
  if (p.startsWith('/') || /^[a-z]:[\\/]/i.test(p)) return 'is an absolute path';
  if (p.split(/[\\/]/).includes('..')) return 'leaves the repository (`..`)';
  return null;
}

function show(v: unknown): string {
  const s =
    typeof v === 'string'
      ? JSON.stringify(v)
      : Array.isArray(v)
        ? 'a list'
        : v === null
          ? 'null'
          : typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint'
            ? String(v)
            : typeof v === 'object'
              ? 'a mapping'
              : typeof v;
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** The known key nearest to a typo (edit distance <= 3), for "did you mean". */
function closest(key: string, keys: readonly string[]): string | null {
  let best: string | null = null;
  let bestD = 4;
  for (const k of keys) {
    const d = distance(key.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}
