import type { TestProject } from 'vitest/node';
import { startPostgres, type PostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

/** One PostgreSQL server for the whole run; each test file makes its own database in it. */
export async function setup(project: TestProject): Promise<void> {
  if (process.env.RELANCE_TEST_POSTGRES_URL) {
    project.provide('postgresUrl', process.env.RELANCE_TEST_POSTGRES_URL);
    return;
  }
  server = await startPostgres();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
