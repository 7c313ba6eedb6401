import type { Kysely } from 'kysely';

// The links to a customer's debtor page. The secret part of the address is never stored, only
// its SHA-256, so a copy of the database opens no page. A link expires, can be revoked, and
// belongs to one customer of one organization. When the organization asks for a second factor
// above some balance, the code mailed to the customer and the browser it opened are kept on the
// link too, hashed as well.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('portal_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // message (minted for one outgoing message) | manual (made by a person, CLI or API).
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('created_by', 'text')
    // The second factor: the code last sent (hashed), until when it holds, attempts left.
    .addColumn('code_hash', 'text')
    .addColumn('code_expires_at', 'text')
    .addColumn('code_attempts_left', 'integer')
    .execute();
  await db.schema.createIndex('portal_links_customer').on('portal_links').columns(['organization_id', 'customer_id']).execute();
  // Browsers that passed the second factor on a link: the cookie's secret, hashed, and until when.
  await db.schema
    .createTable('portal_link_passes')
    .addColumn('pass_hash', 'text', (c) => c.primaryKey())
    .addColumn('link_id', 'text', (c) => c.notNull().references('portal_links.id').onDelete('cascade'))
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_link_passes_link').on('portal_link_passes').columns(['link_id']).execute();
  // Above this balance (in the organization's minor units), opening a link asks for a code; null: never.
  await db.schema.alterTable('collection_settings').addColumn('portal_code_above_minor', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_settings').dropColumn('portal_code_above_minor').execute();
  await db.schema.dropTable('portal_link_passes').execute();
  await db.schema.dropTable('portal_links').execute();
}
