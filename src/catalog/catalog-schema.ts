import { z } from 'zod';
import { ANCHORED_VALUES, WHERE_VALUES, type CatalogEntry } from '../model/catalog.js';
import { patternProblem } from './compile-pattern.js';

/**
 * The one schema of a catalog file: the checks, the defaults and the messages (each says what
 * to write instead). `scripts/write-catalog-schema.mjs` publishes it as JSON Schema for editors.
 */

export const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KEBAB_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const ROLES = ['root-cause', 'symptom', 'noise'] as const;
export const CONFIDENCES = ['high', 'medium', 'low'] as const;

const nonEmpty = (what = 'must be a non-empty string') =>
  z.string({ error: what }).refine((s) => s.trim() !== '', { error: what });
const strings = (what = 'must be a list of strings') => z.array(z.string({ error: what }), { error: what });
const entryId = (what: string) => z.string({ error: what }).regex(ID_RE, { error: what });

/** A regex of the catalog: RE2 that compiles and has a literal for the prefilter. */
const pattern = z
  .string({ error: 'must be a regex (a string)' })
  .superRefine((source, ctx) => {
    const problem = patternProblem(source);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .meta({ description: 'RE2 regex; named captures `(?<name>...)`; needs a literal run of 5+ characters' });

const contextRule = z
  .strictObject(
    {
      pattern: pattern.optional(),
      entry: entryId('must be an entry id like `runner/container-hook-failed`').optional(),
      present: z.boolean({ error: 'must be true (must appear) or false (must not appear)' }),
      within: z
        .int({ error: 'must be a whole number of lines' })
        .min(0, { error: 'must be a whole number of lines' })
        .optional(),
      where: z.enum(['before', 'after', 'any'], { error: 'must be before, after or any' }).optional(),
    },
    { error: 'must be a mapping with `pattern` or `entry`, and `present`' },
  )
  .refine((r) => (r.pattern === undefined) !== (r.entry === undefined), {
    error: 'needs exactly one of `pattern` (a regex) or `entry` (an entry id)',
  });

const inferRule = z
  .strictObject(
  {
    symptoms: z
      .array(entryId('must be entry ids like `runner/container-hook-failed`'), {
        error: 'must be a list of entry ids',
      })
      .min(1, { error: 'needs at least one entry id the inference stands on' }),
    check: z
      .string({ error: 'must name a context check such as `nixery-missing-hook-tools`' })
      .regex(KEBAB_RE, { error: 'must name a context check such as `nixery-missing-hook-tools`' })
      .optional(),
    lastStage: z
      .string({ error: 'must name a hook stage such as `copy-in`' })
      .regex(KEBAB_RE, { error: 'must name a hook stage such as `copy-in`' })
      .optional(),
    confidence: z.enum(['medium', 'low'], { error: 'must be medium or low (an inference is never certain)' }),
    lead: nonEmpty(),
  },
  { error: 'must be a mapping with symptoms, check or lastStage, confidence, lead' },
  )
  .refine((r) => r.check !== undefined || r.lastStage !== undefined, {
    error: 'needs `check` (a context check) or `lastStage` (a hook stage), or both',
  });

const fix = z.strictObject(
  {
    summary: nonEmpty(),
    steps: strings().default([]),
    commands: strings().default([]),
    generator: z
      .string({ error: 'must be a generator name such as `nixery-missing-tools`' })
      .regex(/^[a-z0-9-]+$/, { error: 'must be a generator name such as `nixery-missing-tools`' })
      .optional(),
  },
  { error: 'must be a mapping with summary, steps, commands, generator' },
);

const example = z.union(
  [
    z.string(),
    z.strictObject({
      line: z.string({ error: 'must be a line, or `{ line, captures }`' }),
      captures: z.record(z.string(), z.string(), { error: 'must map capture names to strings' }).optional(),
    }),
  ],
  { error: 'must be a line, or `{ line, captures }`' },
);

export const catalogEntrySchema = z
  .strictObject(
    {
      id: entryId('must be `family/name` in lowercase kebab-case, e.g. `hook/job-pod-exists`'),
      title: nonEmpty(),
      role: z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }).meta({
        description: 'root-cause: why the job failed; symptom: true but not the cause; noise: never fails a job',
      }),
      category: z
        .string({ error: 'must be a non-empty string' })
        .regex(KEBAB_RE, { error: 'must be lowercase kebab-case, e.g. `k8s-hooks`' }),
      priority: z
        .int({ error: 'must be a whole number from 0 to 100 (higher wins)' })
        .min(0, { error: 'must be a whole number from 0 to 100 (higher wins)' })
        .max(100, { error: 'must be a whole number from 0 to 100 (higher wins)' }),
      confidence: z.enum(CONFIDENCES, { error: `must be one of ${CONFIDENCES.join(', ')}` }).optional(),
      patterns: z.array(pattern, { error: 'must be a list of regexes' }).min(1, { error: 'needs at least one regex' }),
      where: z
        .array(z.enum(WHERE_VALUES, { error: `must be a list of: ${WHERE_VALUES.join(', ')}` }), {
          error: `must be a list of: ${WHERE_VALUES.join(', ')}`,
        })
        .min(1, { error: `must name at least one of: ${WHERE_VALUES.join(', ')}` })
        .optional()
        .meta({ description: 'Where in the job this text can come from; lines elsewhere are quotes, not causes' }),
      anchored: z
        .enum(ANCHORED_VALUES, { error: `must be one of ${ANCHORED_VALUES.join(', ')}` })
        .optional()
        .meta({ description: 'start: the message starts with it; error: an ##[error] line; message: not a quote' }),
      context: z.array(contextRule, { error: 'must be a list of rules' }).optional(),
      explains: z
        .array(entryId('must be an entry id like `runner/script-step-failed`'), { error: 'must be a list of strings' })
        .optional(),
      infer: z
        .array(inferRule, { error: 'must be a list of inference rules' })
        .optional()
        .meta({ description: 'When no root cause matched: infer this entry from a symptom plus a check of the job' }),
      explanation: nonEmpty(),
      fix: fix.optional(),
      stage: z
        .string({ error: 'must name a hook stage such as `copy-in`' })
        .regex(KEBAB_RE, { error: 'must name a hook stage such as `copy-in`' })
        .optional()
        .meta({ description: 'The container hook stage these lines mark, for infer[].lastStage' }),
      probe: z
        .string({ error: 'must name a cluster probe such as `stale-pod`' })
        .regex(KEBAB_RE, { error: 'must name a cluster probe such as `stale-pod`' })
        .optional()
        .meta({ description: 'Live cluster probe that confirms it: stale-pod, hook-template, pod-health, access' }),
      wrapper: z
        .boolean({ error: 'must be true or false' })
        .optional()
        .meta({ description: 'A wrapper line: the runner reports a failure whose cause was printed just above' }),
      next: z
        .array(nonEmpty('must be a non-empty markdown line'), { error: 'must be a list of strings' })
        .optional()
        .meta({ description: 'Next steps when this is found but no root cause; {where}, {text}, captures fill in' }),
      references: z
        .array(z.string().regex(/^https:\/\/\S+$/, { error: 'must be an https:// URL' }), {
          error: 'must be a list of strings',
        })
        .default([]),
      examples: z
        .array(example, { error: 'needs at least one real-looking log line that must match' })
        .min(1, { error: 'needs at least one real-looking log line that must match' }),
      counterexamples: strings().min(1, { error: 'needs at least one close-looking line that must NOT match' }),
    },
    { error: 'expected a mapping with id, title, role, ...' },
  )
  .meta({ title: 'runner-doctor catalog entry' });

/** A catalog file: `entries:` and nothing else. */
export const catalogFileSchema = z
  .strictObject({ entries: z.array(catalogEntrySchema) })
  .meta({
    title: 'runner-doctor catalog',
    description: 'Failure signatures for runner-doctor (README: "Writing a signature").',
  });

/** Allowed keys of an entry and of `fix`, for "unknown field" messages. */
export const ENTRY_KEYS = Object.keys(catalogEntrySchema.shape);
const FIX_KEYS = Object.keys(fix.shape);
const CONTEXT_KEYS = ['pattern', 'entry', 'present', 'within', 'where'];
const INFER_KEYS = ['symptoms', 'check', 'lastStage', 'confidence', 'lead'];
const EXAMPLE_KEYS = ['line', 'captures'];

export type ParsedEntry = z.output<typeof catalogEntrySchema>;

// The schema's output must be a CatalogEntry (examples are normalised after parsing).
type Assignable = Omit<ParsedEntry, 'examples'> extends Omit<CatalogEntry, 'examples' | 'file'> ? true : never;
const assignable: Assignable = true;
void assignable;

/** Where an issue is: `patterns[0]`, `fix.generator`, `context[1].present`. */
export function fieldOf(path: readonly PropertyKey[]): string | null {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out ? '.' : ''}${String(p)}`;
  return out || null;
}

/** One issue as the field it is about and what to do; unknown keys name the allowed ones. */
export function describeIssue(issue: z.core.$ZodIssue): { field: string | null; problem: string } {
  if (issue.code === 'unrecognized_keys') {
    const parent = fieldOf(issue.path);
    const last = issue.path[issue.path.length - 1];
    const allowed = parent === null ? ENTRY_KEYS
      : parent === 'fix' ? FIX_KEYS
      : String(parent).startsWith('infer') ? INFER_KEYS
      : String(parent).startsWith('examples') ? EXAMPLE_KEYS
      : typeof last === 'number' && String(parent).startsWith('context') ? CONTEXT_KEYS
      : [];
    return {
      field: fieldOf([...issue.path, issue.keys[0]!]),
      problem: `unknown field; allowed: ${allowed.join(', ')}`,
    };
  }
  return { field: fieldOf(issue.path), problem: issue.message };
}
