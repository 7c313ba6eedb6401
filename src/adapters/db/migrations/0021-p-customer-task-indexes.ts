import type { Kysely } from 'kysely';

// A customer's page lists the customer's tasks, and its timeline finds the call logged for each
// call task. Neither had an index of its own: each read walked every task, or every contact
// logged, of the organization, which grow with every day the collection runs.
const INDEXES = [
  ['collection_tasks_customer', 'collection_tasks', ['organization_id', 'customer_id', 'due_on']],
  ['contact_logs_task', 'contact_logs', ['organization_id', 'task_id']],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns([...columns]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
