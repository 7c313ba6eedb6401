import type { Kysely } from 'kysely';

// Collection emails carry the customer's statement PDF unless the organization turns it off;
// organizations that exist already get it too, as new ones do.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('collection_settings')
    .addColumn('attach_statement', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_settings').dropColumn('attach_statement').execute();
}
