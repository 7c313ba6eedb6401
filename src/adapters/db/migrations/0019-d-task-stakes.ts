import { sql, type Kysely } from 'kysely';

// The inbox sorts by what is at stake. Reading each task's action to sort a hundred thousand
// tasks took seconds; the amount kept on the task, with an index, lets the database read one
// page in order. A task's step does not change its figures while the task is open (approving
// closes it in the same transaction), so the copy taken when the task is created stays true.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('collection_tasks').addColumn('stake_minor', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await sql`update collection_tasks set stake_minor = coalesce((select a.balance_minor from collection_actions a where a.id = collection_tasks.action_id), 0) where action_id is not null`.execute(db);
  await db.schema.createIndex('collection_tasks_org_status_stake').on('collection_tasks').columns(['organization_id', 'status', 'stake_minor']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('collection_tasks_org_status_stake').execute();
  await db.schema.alterTable('collection_tasks').dropColumn('stake_minor').execute();
}
