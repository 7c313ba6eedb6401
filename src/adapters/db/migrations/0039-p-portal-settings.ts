import type { Kysely } from 'kysely';

// What the debtor's page shows of the creditor beyond its identity: its logo (kept apart from
// the organization row, which every request reads, so the image is read only when it is shown)
// and the address of a hosted payment page, with placeholders, for paying by card.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_settings')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('payment_link_template', 'text')
    .addColumn('logo_content_type', 'text')
    .addColumn('logo_base64', 'text')
    .addColumn('logo_size_bytes', 'integer')
    .addColumn('logo_sha256', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('portal_settings').execute();
}
