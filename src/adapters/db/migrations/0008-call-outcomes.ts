import type { Kysely } from 'kysely';

// A call task is one attempt of a chain (a retry after no answer is attempt 2, then 3), and a
// completed call keeps its structured outcome as JSON beside the free-text `outcome` that
// every other kind of task uses. SQLite adds one column per statement.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_tasks').addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('collection_tasks').addColumn('call_outcome', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_tasks').dropColumn('call_outcome').execute();
  await db.schema.alterTable('collection_tasks').dropColumn('attempt').execute();
}
