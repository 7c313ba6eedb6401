import type { Kysely } from 'kysely';

// A customer who says an invoice is already paid is not reminded of it while the payment is
// looked for: until it is found on the ledger (the claim is then closed) or a few days of grace
// have passed without it (reminders resume). One row per claim, with what the customer said.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payment_claims')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    // JSON array of the invoice numbers said to be paid.
    .addColumn('invoice_numbers', 'text', (c) => c.notNull())
    .addColumn('paid_on', 'text', (c) => c.notNull())
    .addColumn('amount_minor', 'bigint')
    .addColumn('amount_currency', 'text')
    .addColumn('reference', 'text')
    .addColumn('note', 'text')
    // The last day the claimed invoices are left alone while the payment is looked for.
    .addColumn('until', 'text', (c) => c.notNull())
    // open → found (the invoices were settled) or not_found (the grace ended without it).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('created_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_claims_customer').on('payment_claims').columns(['organization_id', 'customer_id', 'status']).execute();
  await db.schema.createIndex('payment_claims_open').on('payment_claims').columns(['organization_id', 'status', 'until']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('payment_claims').execute();
}
