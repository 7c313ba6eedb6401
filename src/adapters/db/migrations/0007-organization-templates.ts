import type { Kysely } from 'kysely';

// One row per (organization, template, language): an organization's own wording of a built-in
// template. Deleting the row is how the built-in text comes back. `updated_by` is a user id kept
// as plain text so that removing a user does not need to touch the templates they saved.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organization_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text')
    .addUniqueConstraint('organization_templates_org_template_language', ['organization_id', 'template_id', 'language'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('organization_templates').execute();
}
