import type { Kysely } from 'kysely';

// Escalation one step at a time: what a formal notice and a hand-off need, when a step may go
// without approval, how long a rejected step waits; contacts made outside Relance, which count
// like the ones it sends; the invoices a case message names as coming due, which then need no
// pre-due reminder of their own; and the day a rejected step may be proposed again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_settings').addColumn('handoff_minimum_minor', 'bigint').execute();
  await db.schema.alterTable('collection_settings').addColumn('formal_notice_min_reminders', 'integer').execute();
  await db.schema.alterTable('collection_settings').addColumn('approval_threshold_minor', 'bigint').execute();
  await db.schema.alterTable('collection_settings').addColumn('rejection_hold_days', 'integer').execute();
  await db.schema.alterTable('collection_actions').addColumn('coming_due_numbers', 'text').execute();
  await db.schema.alterTable('collection_actions').addColumn('retry_on', 'text').execute();

  await db.schema
    .createTable('contact_logs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    // call | email | letter | meeting | other
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('author_user_id', 'text', (c) => c.references('users.id').onDelete('set null'))
    // Set when the contact is a call task's outcome, so the same call is never logged twice.
    .addColumn('task_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('contact_logs_customer').on('contact_logs').columns(['organization_id', 'customer_id', 'occurred_on']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('contact_logs').execute();
  for (const column of ['retry_on', 'coming_due_numbers']) await db.schema.alterTable('collection_actions').dropColumn(column).execute();
  for (const column of ['rejection_hold_days', 'approval_threshold_minor', 'formal_notice_min_reminders', 'handoff_minimum_minor']) {
    await db.schema.alterTable('collection_settings').dropColumn(column).execute();
  }
}
