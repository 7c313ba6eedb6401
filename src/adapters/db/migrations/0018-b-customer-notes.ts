import type { Kysely } from 'kysely';

// Notes people write about a customer, and the indexes the customer's timeline reads through:
// each source of the timeline is read newest first for one customer of one organization.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('customer_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('written_on', 'text', (c) => c.notNull())
    // The user who wrote it; null when an integration's API key did (its id is kept instead).
    .addColumn('author_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('author_api_key_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customer_notes_customer').on('customer_notes').columns(['organization_id', 'customer_id', 'created_at']).execute();
  await db.schema.createIndex('timeline_events_customer_day').on('timeline_events').columns(['organization_id', 'customer_id', 'occurred_on', 'created_at']).execute();
  await db.schema.createIndex('outbox_messages_customer').on('outbox_messages').columns(['organization_id', 'customer_id', 'created_at']).execute();
  await db.schema.createIndex('payments_customer_day').on('payments').columns(['organization_id', 'customer_id', 'received_on']).execute();
  await db.schema.createIndex('imports_organization_day').on('imports').columns(['organization_id', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['imports_organization_day', 'payments_customer_day', 'outbox_messages_customer', 'timeline_events_customer_day']) await db.schema.dropIndex(index).execute();
  await db.schema.dropTable('customer_notes').execute();
}
