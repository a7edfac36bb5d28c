import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** A value as one .env line: double-quoted with \n escapes when it needs it (Node, Probot and Compose read it back). */
export function envValue(value: string): string {
  if (/^[A-Za-z0-9_./:@+-]*$/.test(value)) return value;
  if (value.includes('"') && !value.includes("'") && !value.includes('\n')) return `'${value}'`;
  return `"${value.replace(/\\/g, '\\\\').replace(/\r?\n/g, '\\n').replace(/"/g, '\\"')}"`;
}

/**
 * Sets `values` in a .env file and keeps everything else in it (comments, other variables, their
 * order): a key's first assignment is replaced in place, a new key is appended. Written to a
 * temporary file and renamed, owner-only (it holds the private key).
 */
export function updateEnvFile(path: string, values: Record<string, string>): void {
  const entries = existsSync(path) ? splitEntries(readFileSync(path, 'utf8')) : [];
  const pending = new Map(Object.entries(values));
  const out = entries.map((entry) => {
    const key = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(entry)?.[1];
    if (key === undefined || !pending.has(key)) return entry;
    const next = `${key}=${envValue(pending.get(key)!)}`;
    pending.delete(key);
    return next;
  });
  for (const [key, value] of pending) out.push(`${key}=${envValue(value)}`);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${out.join('\n')}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

/** The file's lines, a quoted value that spans lines (a PEM pasted as is) kept as one entry. */
function splitEntries(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const entries: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let entry = lines[i]!;
    const quote = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_]*\s*=\s*(["'`])(.*)$/.exec(entry);
    if (quote && !closes(quote[2]!, quote[1]!)) {
      while (i + 1 < lines.length) {
        entry += `\n${lines[++i]!}`;
        if (closes(lines[i]!, quote[1]!)) break;
      }
    }
    entries.push(entry);
  }
  return entries;
}

/** Whether `rest` holds the closing `quote` (not backslash-escaped). */
function closes(rest: string, quote: string): boolean {
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '\\') i++;
    else if (rest[i] === quote) return true;
  }
  return false;
}
