import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type Db, type Engine } from '../../src/adapters/db/database.js';

/** Every store test runs once per engine; the test names carry the engine. */
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

let counter = 0;

/**
 * A new, migrated, empty database on the given engine, private to the caller: a copy of one
 * migrated once per engine and test process, which is quicker than migrating every new one.
 * Opening it applies any migration added since.
 */
export async function freshDatabase(engine: Engine): Promise<Db> {
  return openDatabase(await copyOf(await migratedTemplate(engine)));
}

/** The URL of a new empty database (not yet migrated), for tests that start Relance itself. */
export async function freshDatabaseUrl(engine: Engine): Promise<string> {
  if (engine === 'sqlite') return newSqliteUrl();
  return createPostgresDatabase('');
}

const templates = new Map<Engine, Promise<string>>();

function migratedTemplate(engine: Engine): Promise<string> {
  let template = templates.get(engine);
  if (!template) {
    template = (async () => {
      const url = await freshDatabaseUrl(engine);
      await (await openDatabase(url)).close();
      return url;
    })();
    templates.set(engine, template);
  }
  return template;
}

async function copyOf(templateUrl: string): Promise<string> {
  if (templateUrl.startsWith('sqlite:')) {
    const url = newSqliteUrl();
    copyFileSync(templateUrl.slice('sqlite:'.length), url.slice('sqlite:'.length));
    return url;
  }
  const template = new URL(templateUrl).pathname.slice(1);
  // The template's last connection can linger a moment after it was closed; PostgreSQL copies
  // no database someone is connected to.
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createPostgresDatabase(`TEMPLATE ${template}`);
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function newSqliteUrl(): string {
  return `sqlite:${join(mkdtempSync(join(tmpdir(), 'relance-sqlite-')), 'relance.db')}`;
}

async function createPostgresDatabase(options: string): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `t_${process.pid}_${Date.now()}_${(counter += 1)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} ${options}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
