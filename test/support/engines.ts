import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db, type Engine } from '../../src/adapters/db/database.js';

/** Every store test runs once per engine; the test names carry the engine. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

let counter = 0;

/** A new, migrated, empty database on the given engine, private to the caller. */
export async function freshDatabase(engine: Engine): Promise<Db> {
  return openDatabase(await freshDatabaseUrl(engine));
}

/** The URL of a new empty database (not yet migrated), for tests that start Relance itself. */
export async function freshDatabaseUrl(engine: Engine): Promise<string> {
  if (engine === 'sqlite') {
    return `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-sqlite-')), 'relance.db')}`;
  }
  const serverUrl = inject('postgresUrl');
  const name = `t_${process.pid}_${Date.now()}_${(counter += 1)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
