import type { Kysely } from 'kysely';

// A bank line that matching applies becomes a customer payment, allocated to the invoices it
// pays: the line keeps which payment it became (undone with it when the bank reverses the
// credit), and, when it waits for a person, the ranked suggestions matching made.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('bank_lines').addColumn('payment_id', 'text', (c) => c.references('payments.id').onDelete('set null')).execute();
  // JSON list of proposals (customer, allocations, what stays on account, confidence, reason in words), best first.
  await db.schema.alterTable('bank_lines').addColumn('suggestions', 'text').execute();
  await db.schema.createIndex('bank_lines_payment').on('bank_lines').columns(['organization_id', 'payment_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('bank_lines_payment').execute();
  await db.schema.alterTable('bank_lines').dropColumn('suggestions').execute();
  await db.schema.alterTable('bank_lines').dropColumn('payment_id').execute();
}
