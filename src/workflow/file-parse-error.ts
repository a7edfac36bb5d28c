/**
 * A workflow or hook template that js-yaml could not read. Carries the 1-based line and column
 * from js-yaml's `mark`, so the fix can tell the user exactly where to look.
 */
export class FileParseError extends Error {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly column: number,
    readonly reason: string,
  ) {
    super(`${path}:${line}:${column}: ${reason}`);
    this.name = 'FileParseError';
  }
}

interface YamlMark {
  line?: number;
  column?: number;
}

/** Wraps a js-yaml exception (or anything thrown while parsing) as a FileParseError for `path`. */
export function toFileParseError(err: unknown, path: string): FileParseError {
  if (err instanceof FileParseError) return err;
  const e = err as { mark?: YamlMark; reason?: string; message?: string };
  const line = typeof e.mark?.line === 'number' ? e.mark.line + 1 : 1;
  const column = typeof e.mark?.column === 'number' ? e.mark.column + 1 : 1;
  const reason = e.reason ?? (e.message ? e.message.split('\n')[0]! : String(err));
  return new FileParseError(path, line, column, reason);
}
