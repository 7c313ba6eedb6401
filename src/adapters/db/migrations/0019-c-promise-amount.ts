import type { Kysely } from 'kysely';

// What the customer said they would pay by the promised date, for the record and the timeline;
// null for promises recorded without one (the promise then covers what its invoices owe).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payment_promises').addColumn('amount_minor', 'bigint').execute();
  await db.schema.alterTable('payment_promises').addColumn('amount_currency', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payment_promises').dropColumn('amount_currency').execute();
  await db.schema.alterTable('payment_promises').dropColumn('amount_minor').execute();
}
