import { sql, type Kysely } from 'kysely';

// A customer's statement shows the allocations whose other side is older than the ledger
// Relance holds (no invoice, or neither payment nor credit note). Finding them read every
// allocation of the organization: two seconds for one statement on a million-invoice ledger.
// They are few; a partial index holds only them.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('allocations_outside_ledger')
    .on('allocations')
    .column('organization_id')
    .where(sql<boolean>`${sql.ref('invoice_id')} is null or (${sql.ref('payment_id')} is null and ${sql.ref('credit_note_id')} is null)`)
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('allocations_outside_ledger').execute();
}
