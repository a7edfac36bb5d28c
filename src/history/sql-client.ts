/**
 * The one interface both databases sit behind, so the store's queries are written once: `?`
 * placeholders (the PostgreSQL client numbers them), rows as plain objects with numbers for
 * integer columns, and a transaction that runs a function.
 */
export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface SqlClient {
  readonly dialect: 'sqlite' | 'postgres';
  all(sql: string, params?: SqlValue[]): Promise<Row[]>;
  run(sql: string, params?: SqlValue[]): Promise<number>;
  /** Runs `fn` in one transaction; `lockKey` serialises it across processes where the database can. */
  transaction<T>(fn: (tx: SqlClient) => Promise<T>, lockKey?: number): Promise<T>;
  close(): Promise<void>;
}
