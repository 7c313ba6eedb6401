import type { Kysely } from 'kysely';

// An invoice a person chose to leave out of reminders (a one-off arrangement, a billing
// question handled by phone): at most one row per invoice, removed when it is included again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invoice_reminder_exclusions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('excluded_on', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('invoice_reminder_exclusions_invoice', ['organization_id', 'invoice_id'])
    .execute();
  await db.schema.createIndex('invoice_reminder_exclusions_customer').on('invoice_reminder_exclusions').columns(['organization_id', 'customer_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invoice_reminder_exclusions').execute();
}
