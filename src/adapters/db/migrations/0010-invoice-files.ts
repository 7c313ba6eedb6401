import type { Kysely } from 'kysely';

// The PDF of an invoice as the creditor issued it, sent with the reminders that list the
// invoice. One file per invoice (a new upload replaces it). The content is kept as base64 text
// so that the same migration serves both engines; `sha256` tells an upload of the same file
// again from a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('invoice_files')
    .addColumn('invoice_id', 'text', (c) => c.primaryKey().references('invoices.id'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content_base64', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoice_files_org').on('invoice_files').columns(['organization_id', 'invoice_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invoice_files').execute();
}
