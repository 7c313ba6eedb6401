import type { Kysely } from 'kysely';

// Rates an administrator adds per organization, merged over the built-in statutory table,
// and each organization's late-fee policy. Booleans are 0/1 integers: the same on both engines.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('late_payment_rates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('law', 'text', (c) => c.notNull())
    .addColumn('from_date', 'text', (c) => c.notNull())
    .addColumn('percent', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('replaces_built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('late_payment_rates_org_law_from', ['organization_id', 'law', 'from_date'])
    .execute();

  await db.schema
    .createTable('late_fee_policies')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('claim_interest', 'integer', (c) => c.notNull())
    .addColumn('claim_indemnity', 'integer', (c) => c.notNull())
    .addColumn('law', 'text')
    .addColumn('state_from_step', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('late_fee_policies').execute();
  await db.schema.dropTable('late_payment_rates').execute();
}
