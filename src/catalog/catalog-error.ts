/** An invalid catalog file or entry: names the file, the entry and the field, and what to do. */
export class CatalogError extends Error {
  constructor(
    readonly file: string,
    readonly entryId: string | null,
    readonly field: string | null,
    readonly problem: string,
  ) {
    super(`${file}${entryId ? `: entry ${entryId}` : ''}${field ? `: field ${field}` : ''}: ${problem}`);
    this.name = 'CatalogError';
  }
}
