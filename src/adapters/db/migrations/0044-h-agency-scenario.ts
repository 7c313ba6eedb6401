import type { Kysely } from 'kysely';

// An agency's own scenario: which of its letters (first letter, reminder, last notice) it sends
// and on which day after the hand-off. No row: the built-in days.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agency_scenarios')
    .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('agency_scenarios').execute();
}
