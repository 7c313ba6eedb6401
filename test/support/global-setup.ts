import type { TestProject } from 'vitest/node';
import { buildEntries, removeEntries } from './built-entries.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;
let builtDir: string | undefined;

/**
 * One PostgreSQL server for the whole run; each test file makes its own database in it. The
 * programs tests start as processes are bundled once, here, from the sources as they are now.
 */
export async function setup(project: TestProject): Promise<void> {
  // RELANCE_TEST_FROM_SOURCES=1 starts them from the TypeScript sources, as `npx relance` does.
  if (!process.env.RELANCE_TEST_FROM_SOURCES) builtDir = await buildEntries();
  if (process.env.RELANCE_TEST_POSTGRES_URL) {
    project.provide('postgresUrl', process.env.RELANCE_TEST_POSTGRES_URL);
    return;
  }
  server = await startPostgres();
  project.provide('postgresUrl', server.url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (builtDir) removeEntries(builtDir);
}
