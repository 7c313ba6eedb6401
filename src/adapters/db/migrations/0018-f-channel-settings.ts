import type { Kysely } from 'kysely';

// An organization's own mail server and SMS provider, set from the web app instead of the
// environment. The password and the token are sealed (AES-256-GCM, see secret-box.ts): they
// must be replayed to the provider, so a hash would not do.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('channel_settings')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id').onDelete('cascade'))
    .addColumn('smtp_host', 'text')
    .addColumn('smtp_port', 'integer')
    .addColumn('smtp_security', 'text', (c) => c.notNull().defaultTo('starttls'))
    .addColumn('smtp_user', 'text')
    .addColumn('smtp_password_sealed', 'text')
    .addColumn('smtp_from', 'text')
    .addColumn('sms_provider_url', 'text')
    .addColumn('sms_token_sealed', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('channel_settings').execute();
}
