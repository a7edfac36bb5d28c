import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlClient, SqlValue } from './sql-client.js';

/**
 * SQLite through better-sqlite3 (synchronous, one file, one process). WAL lets the stats page
 * read while a diagnosis is written; foreign keys are off by default in SQLite and needed for
 * the label rows to follow their diagnosis.
 */
export function openSqlite(file: string): SqlClient {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let st = statements.get(sql);
    if (!st) {
      st = db.prepare(sql);
      statements.set(sql, st);
    }
    return st;
  };
  const client: SqlClient = {
    dialect: 'sqlite',
    all: (sql: string, params: SqlValue[] = []) => Promise.resolve(prepare(sql).all(...params) as Row[]),
    run: (sql: string, params: SqlValue[] = []) => Promise.resolve(prepare(sql).run(...params).changes),
    async transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T> {
      // One connection: statements of other callers wait in line behind this transaction's.
      db.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(client);
        db.exec('COMMIT');
        return out;
      } catch (err) {
        db.exec('ROLLBACK');
        throw err;
      }
    },
    close: () => {
      db.close();
      return Promise.resolve();
    },
  };
  return client;
}
