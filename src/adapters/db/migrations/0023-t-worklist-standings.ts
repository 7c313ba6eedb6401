import type { Kysely } from 'kysely';

// Today ranks its lines by what each customer owes and how it pays. Working that out from each
// customer's invoices on every request took seconds once thousands of customers had work; the
// daily run already works it out for every customer it plans, and now keeps it here, one row per
// customer with something open, for the day it ran. Today reads these rows for that day.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('worklist_standings')
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    // The day the figures are as of, and when the run worked them out (ISO instant).
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .addColumn('risk_level', 'text', (c) => c.notNull())
    .addColumn('invoices_considered', 'integer', (c) => c.notNull())
    .addColumn('late_count', 'integer', (c) => c.notNull())
    .addColumn('overdue_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('days_late', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('worklist_standings_pk', ['organization_id', 'customer_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('worklist_standings').execute();
}
