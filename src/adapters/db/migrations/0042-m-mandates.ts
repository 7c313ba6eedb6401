import type { Kysely } from 'kysely';
import { sql } from 'kysely';

// A creditor hands a customer's case to a partner: a collection agency working on the same
// instance (an organization of kind "agency") or an outside partner reached by email. The
// mandate row belongs to the creditor; the agency reaches the case only through it, only while it
// is live. What the partner does (messages, payments) stays in the creditor's ledger, marked with
// the mandate, so the creditor sees it as it happens.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('kind', 'text', (c) => c.notNull().defaultTo('creditor')).execute();

  await db.schema
    .createTable('mandates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The creditor: the mandate is its record.
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    // The agency on this instance, or null for an outside partner reached by email.
    .addColumn('agency_organization_id', 'text', (c) => c.references('organizations.id'))
    .addColumn('partner_name', 'text', (c) => c.notNull())
    .addColumn('partner_email', 'text')
    // creditor | agency: in whose name the partner writes to the customer.
    .addColumn('acting_as', 'text', (c) => c.notNull())
    .addColumn('fee_percent_bp', 'integer', (c) => c.notNull())
    .addColumn('fee_fixed_minor', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text')
    // active | ended | taken_back
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('closed_on', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('handed_by', 'text')
    .addColumn('step_id', 'text')
    .addColumn('balance_at_handoff_minor', 'bigint', (c) => c.notNull())
    .addColumn('overdue_days_at_handoff', 'integer', (c) => c.notNull())
    .addColumn('invoice_ids', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mandates_creditor').on('mandates').columns(['organization_id', 'status', 'starts_on']).execute();
  await db.schema.createIndex('mandates_agency').on('mandates').columns(['agency_organization_id', 'status', 'starts_on']).execute();
  // One live mandate per customer at a time, whatever the engine.
  await db.schema
    .createIndex('mandates_one_active_per_customer')
    .on('mandates')
    .columns(['organization_id', 'customer_id'])
    .unique()
    .where(sql.ref('status'), '=', 'active')
    .execute();

  await db.schema.alterTable('outbox_messages').addColumn('mandate_id', 'text').execute();
  await db.schema.alterTable('payments').addColumn('mandate_id', 'text').execute();
  await db.schema.alterTable('timeline_events').addColumn('mandate_id', 'text').execute();
  // An agency's own to-do for a case it holds; the row belongs to the agency.
  await db.schema.alterTable('collection_tasks').addColumn('mandate_id', 'text').execute();
  await db.schema.createIndex('outbox_messages_mandate').on('outbox_messages').column('mandate_id').execute();
  await db.schema.createIndex('payments_mandate').on('payments').column('mandate_id').execute();
  await db.schema.createIndex('collection_tasks_mandate').on('collection_tasks').columns(['mandate_id', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('collection_tasks_mandate').execute();
  await db.schema.alterTable('collection_tasks').dropColumn('mandate_id').execute();
  await db.schema.dropIndex('payments_mandate').execute();
  await db.schema.dropIndex('outbox_messages_mandate').execute();
  await db.schema.alterTable('timeline_events').dropColumn('mandate_id').execute();
  await db.schema.alterTable('payments').dropColumn('mandate_id').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('mandate_id').execute();
  await db.schema.dropTable('mandates').execute();
  await db.schema.alterTable('organizations').dropColumn('kind').execute();
}
