/** Repo config `rerun:` — opt-in automatic re-runs of infrastructure failures. */
export interface RerunConfig {
  /** Root-cause ids whose failures are re-run (only when classified infrastructure). */
  signatures: string[];
  /** Highest run attempt a re-run may create (GitHub counts the first run as attempt 1). Default 2. */
  maxAttempts: number;
}

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/;
const MAX_ATTEMPTS = 5;

/**
 * Validates `rerun: { signatures: [...], maxAttempts: 2 }`. Bad values are reported through `err`
 * (field, problem, what to do) and turn re-runs off rather than guessing.
 */
export function parseRerun(
  v: unknown,
  err: (field: string, problem: string) => void,
  known: Set<string> | null,
): RerunConfig | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'object' || Array.isArray(v)) {
    err('rerun', 'must be a mapping like `{ signatures: [runner/lost-communication], maxAttempts: 2 }`; ' +
      'no automatic re-runs');
    return null;
  }
  const r = v as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (k !== 'signatures' && k !== 'maxAttempts') err(`rerun.${k}`, 'unknown setting; allowed: ' +
      'signatures, maxAttempts');
  }
  const list = r.signatures;
  if (!Array.isArray(list) || list.length === 0 || list.some((s) => typeof s !== 'string')) {
    err('rerun.signatures', 'must be a non-empty list of catalog ids such as ' +
      '`runner/lost-communication`; no automatic re-runs');
    return null;
  }
  const signatures: string[] = [];
  (list as string[]).forEach((id, i) => {
    if (!ID_RE.test(id)) err(`rerun.signatures[${i}]`, `${JSON.stringify(id).slice(0, 60)} is not a ` +
      `catalog id; write it as \`family/name\``);
    else if (known && !known.has(id)) err(`rerun.signatures[${i}]`, `no catalog entry has the id ` +
      `\`${id}\`; check the spelling`);
    else signatures.push(id);
  });
  let maxAttempts = 2;
  if (r.maxAttempts !== undefined) {
    const n = r.maxAttempts;
    if (typeof n === 'number' && Number.isInteger(n) && n >= 2 && n <= MAX_ATTEMPTS) maxAttempts = n;
    else err('rerun.maxAttempts', `must be a whole number from 2 to ${MAX_ATTEMPTS}, got ` +
      `${JSON.stringify(n)?.slice(0, 60)}; using 2`);
  }
  return signatures.length ? { signatures, maxAttempts } : null;
}
