import { sql } from 'kysely';
import type { Db } from '../database.js';

// Rows created in one go beyond which the planner's statistics are refreshed at once.
const BULK_ROWS = 10_000;

/**
 * After a bulk load, refreshes PostgreSQL's statistics of the tables. Until its autovacuum
 * comes round, the planner believes an organization still holds the few rows it had before,
 * and reads every customer's invoices and allocations where an index look-up for a few hundred
 * customers was meant: the collection run was 8 times slower right after loading a ledger of a
 * million invoices. SQLite plans these queries without statistics.
 */
export async function refreshStatisticsAfterBulkLoad(db: Db, rowsWritten: number): Promise<void> {
  if (db.engine !== 'postgres' || rowsWritten < BULK_ROWS) return;
  for (const table of ['customers', 'contacts', 'invoices', 'credit_notes', 'payments', 'allocations'] as const) {
    await sql`analyze ${sql.table(table)}`.execute(db.kysely);
  }
}
