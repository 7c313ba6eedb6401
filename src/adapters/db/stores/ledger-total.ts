import { sql } from 'kysely';
import type { Db } from '../database.js';

const TABLES = ['invoices', 'payments', 'credit_notes'] as const;

/**
 * What the invoices, payments and credit notes of an organization add up to, in absolute minor
 * units of all currencies, exactly. Called inside the transaction that wrote them: on
 * PostgreSQL it first locks the organization's row, so two writers cannot both pass the check
 * on totals that ignore each other (each statement then sees what the other committed).
 */
export async function lockedLedgerTotal(db: Db, organizationId: string): Promise<bigint> {
  if (db.engine === 'postgres') {
    // NO KEY UPDATE: writers of this check wait for each other, while rows that merely refer
    // to the organization (their key share lock) go on being inserted.
    await sql`select id from organizations where id = ${organizationId} for no key update`.execute(db.kysely);
  }
  const sums = TABLES.map((table) => sql`coalesce((select sum(abs(amount_minor)) from ${sql.table(table)} where organization_id = ${organizationId}), 0)`);
  try {
    // As text: PostgreSQL's SUM over bigint is numeric and SQLite's is a 64-bit integer, both
    // exact, and text carries either into a BigInt without passing through a float.
    const { rows } = await sql<{ total: string }>`select cast(${sql.join(sums, sql` + `)} as text) as total`.execute(db.kysely);
    return BigInt(rows[0]!.total);
  } catch (error) {
    // SQLite stops a sum at 2^63 instead of widening it; such a total is over any bound anyway.
    if (db.engine === 'sqlite' && error instanceof Error && /integer overflow/.test(error.message)) return 2n ** 63n;
    throw error;
  }
}
