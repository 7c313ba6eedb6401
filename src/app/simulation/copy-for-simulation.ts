import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { AppError } from '../../core/app-error.js';
import { openDatabase, type Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';

/** A private SQLite copy of one organization's data, removed by `dispose`. */
export interface SimulationCopy {
  db: Db;
  organization: OrganizationRow;
  /** A directory of the copy's own, for the files its outbox would keep. */
  workDir: string;
  dispose(): Promise<void>;
}

// Rows per INSERT: 200 rows of the widest table stay far below SQLite's 32,766 bound parameters.
const COPY_BATCH_ROWS = 200;

/**
 * Makes the throw-away database a simulation writes into, so the real one is never written.
 * A SQLite file is copied whole with SQLite's online backup (a consistent snapshot, even while
 * the server writes); PostgreSQL, or SQLite in memory, is copied row by row into a new SQLite
 * file migrated by the same migrations: every table's rows of that organization, which is
 * everything they reference, since every business row belongs to one organization.
 */
export async function copyForSimulation(source: Db, organizationId: string): Promise<SimulationCopy> {
  const workDir = mkdtempSync(join(tmpdir(), 'relance-simulation-'));
  const file = join(workDir, 'copy.db');
  let db: Db | undefined;
  try {
    if (source.engine === 'sqlite' && source.file) {
      const reader = new SQLite(source.file, { readonly: true, fileMustExist: true });
      try {
        await reader.backup(file);
      } finally {
        reader.close();
      }
      db = await openDatabase(`sqlite:${file}`);
    } else {
      db = await openDatabase(`sqlite:${file}`);
      await copyOrganizationRows(source, db, organizationId);
    }
    // A copy lost in a crash is thrown away anyway: no reason to wait for the disk on each commit.
    await sql`PRAGMA synchronous = OFF`.execute(db.kysely);
    const organization = await getOrganization(db, organizationId);
    if (!organization) throw new AppError('not_found', `organization ${organizationId} does not exist`);
    const copy = db;
    return {
      db: copy,
      organization,
      workDir,
      dispose: async () => {
        await copy.close();
        rmSync(workDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await db?.close();
    rmSync(workDir, { recursive: true, force: true });
    throw error;
  }
}

async function copyOrganizationRows(source: Db, target: Db, organizationId: string): Promise<void> {
  // Tables without an organization (sign-in failures) hold nothing of the organization to replay.
  const tables = await sql<{ name: string }>`
    select m.name from sqlite_master m
    where m.type = 'table' and m.name not like 'sqlite_%' and m.name not like 'kysely_%'
      and (m.name = 'organizations' or exists (select 1 from pragma_table_info(m.name) c where c.name = 'organization_id'))
    order by m.rowid`.execute(target.kysely);
  // The copy holds one organization's rows, inserted table by table: the order of the foreign
  // keys does not matter while they are off, and every reference lands inside the copy.
  await sql`PRAGMA foreign_keys = OFF`.execute(target.kysely);
  try {
    for (const { name } of tables.rows) {
      const key = name === 'organizations' ? 'id' : 'organization_id';
      // Columns the database computes (generated ones, left out by table_info) are computed by the copy.
      const columns = new Set((await sql<{ name: string }>`select name from pragma_table_info(${name})`.execute(target.kysely)).rows.map((column) => column.name));
      // Table names come from the copy's own schema, never from input.
      const rows = await sql<Record<string, unknown>>`select * from ${sql.table(name)} where ${sql.ref(key)} = ${organizationId}`.execute(source.kysely);
      for (let start = 0; start < rows.rows.length; start += COPY_BATCH_ROWS) {
        const batch = rows.rows.slice(start, start + COPY_BATCH_ROWS).map((row) => portableRow(row, columns));
        // Migrations may seed shared rows (rates); the organization's own version wins nothing twice.
        await (target.kysely as any).insertInto(name).values(batch).onConflict((oc: any) => oc.doNothing()).execute();
      }
    }
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(target.kysely);
  }
}

/** The row as the copy stores it: PostgreSQL may hand back a Date or a boolean where SQLite stores text or 0/1. */
function portableRow(row: Record<string, unknown>, columns: ReadonlySet<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(row)) {
    if (!columns.has(column)) continue;
    out[column] = value instanceof Date ? value.toISOString() : typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  return out;
}
