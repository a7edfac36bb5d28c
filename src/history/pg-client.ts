import pg from 'pg';
import type { Row, SqlClient, SqlValue } from './sql-client.js';

const INT8 = 20;
const NUMERIC = 1700;

/** Counts and epoch-millisecond times come back as numbers, as they do from SQLite. */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format) as (v: string) => unknown;
  },
};

/** `?` placeholders to PostgreSQL's `$1, $2...` (the store's SQL has no `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

/** PostgreSQL through a small `pg` pool (DATABASE_URL), for several replicas sharing one history. */
export function openPostgres(connectionString: string, max = 4): SqlClient {
  const pool = new pg.Pool({ connectionString, max, types });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const over = (q: { query: pg.Pool['query'] }): Omit<SqlClient, 'transaction' | 'close'> => ({
    dialect: 'postgres',
    all: async (sql: string, params: SqlValue[] = []) => (await q.query(numbered(sql), params)).rows as Row[],
    run: async (sql: string, params: SqlValue[] = []) => (await q.query(numbered(sql), params)).rowCount ?? 0,
  });
  return {
    ...over(pool),
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>, lockKey?: number): Promise<T> {
      const conn = await pool.connect();
      const tx: SqlClient = {
        ...over(conn),
        transaction: (inner) => inner(tx),
        close: () => Promise.resolve(),
      };
      try {
        await conn.query('BEGIN');
        if (lockKey !== undefined) await conn.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
        const out = await fn(tx);
        await conn.query('COMMIT');
        return out;
      } catch (err) {
        await conn.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        conn.release();
      }
    },
    close: () => pool.end(),
  };
}
