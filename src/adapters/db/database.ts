import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import { AppError } from '../../core/app-error.js';
import { migrateToLatest } from './migrator.js';
import type { Database } from './schema.js';

export type Engine = 'sqlite' | 'postgres';

/** An open database: the query builder plus what callers need to know about the engine. */
export interface Db {
  readonly kysely: Kysely<Database>;
  readonly engine: Engine;
  /** Where the data lives, without credentials, for start-up messages. */
  readonly description: string;
  /** The SQLite file, absolute; absent in memory and on PostgreSQL. */
  readonly file?: string;
  /** The DATABASE_URL it was opened with, so a worker thread can open its own connection; absent in memory. */
  readonly url?: string;
  close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = './data/relance.db';

// PostgreSQL sends int8 (our minor units) as text to avoid precision loss; amounts stay
// below 2^53, so a JavaScript number is exact.
pg.types.setTypeParser(20, (value) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new AppError('internal', `integer ${value} is too large for this engine`);
  return n;
});

/**
 * `DATABASE_URL` unset → SQLite under ./data; `sqlite:PATH` → another SQLite file
 * (`sqlite::memory:` for a throw-away one); `postgres://…` → PostgreSQL.
 */
export async function openDatabase(url: string | undefined, options: { migrate?: boolean } = {}): Promise<Db> {
  const db = url && /^postgres(ql)?:\/\//.test(url) ? openPostgres(url) : openSqlite(sqlitePath(url));
  if (options.migrate !== false) {
    try {
      await migrateToLatest(db.kysely);
    } catch (error) {
      await db.close();
      throw error;
    }
  }
  return db;
}

function sqlitePath(url: string | undefined): string {
  if (!url) return DEFAULT_SQLITE_PATH;
  if (url.startsWith('sqlite:')) return url.slice('sqlite:'.length) || DEFAULT_SQLITE_PATH;
  throw new AppError(
    'configuration',
    `DATABASE_URL must start with postgres:// or sqlite:, got "${url.split(':')[0]}:…"`,
  );
}

function openSqlite(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    kysely,
    engine: 'sqlite',
    description: `SQLite ${path === ':memory:' ? '(in memory)' : resolve(path)}`,
    ...(path === ':memory:' ? {} : { file: resolve(path), url: `sqlite:${resolve(path)}` }),
    close: () => kysely.destroy(),
  };
}

const CACHED_STATEMENTS = 500;

/**
 * Kysely prepares every query anew; compiling the SQL is a good part of a short read's time
 * (the debtor page, the API's look-ups). The same SQL text reuses its compiled statement,
 * unless that one is still being read (a stream), the oldest being dropped past a bound.
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const kept = statements.get(sql);
      if (kept && !kept.busy) return kept;
      const statement = sqlite.prepare(sql);
      if (!kept) {
        if (statements.size >= CACHED_STATEMENTS) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

function openPostgres(url: string): Db {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection the server closes (a restart, an administrator) is dropped by the pool
  // and replaced on next use; without a listener, its 'error' event would end the process.
  pool.on('error', (error) => process.stderr.write(`relance: an idle PostgreSQL connection was closed: ${error.message}\n`));
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return {
    kysely,
    engine: 'postgres',
    description: `PostgreSQL ${safe.host}${safe.pathname}`,
    url,
    close: () => kysely.destroy(),
  };
}
