import type { TestProject } from 'vitest/node';
import { startPostgresServer } from '../helpers/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

/**
 * One PostgreSQL for the suite: the one `.ci/run` started (TEST_DATABASE_URL), else one started
 * here and stopped at the end. Test files keep apart by database (see test/helpers/pg-database.ts).
 */
export default function setup(project: TestProject): () => void {
  const given = process.env.TEST_DATABASE_URL;
  if (given) {
    project.provide('databaseUrl', given);
    return () => undefined;
  }
  const server = startPostgresServer();
  project.provide('databaseUrl', server.url);
  return () => server.stop();
}
