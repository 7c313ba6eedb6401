import type { Kysely } from 'kysely';

// The task inbox is paged and sorted in SQL: open tasks of one organization are read by due
// date, by assignee, and joined to the action that says what is at stake. A person can hold a
// queued message: who held it and when is what the outbox shows as the reason it waits.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('collection_tasks_org_status_due').on('collection_tasks').columns(['organization_id', 'status', 'due_on']).execute();
  await db.schema.createIndex('collection_tasks_org_assignee').on('collection_tasks').columns(['organization_id', 'assignee_user_id', 'status']).execute();
  await db.schema.alterTable('outbox_messages').addColumn('held_at', 'text').execute();
  await db.schema.alterTable('outbox_messages').addColumn('held_by_user_id', 'text').execute();
  await db.schema.createIndex('outbox_messages_org_channel_status').on('outbox_messages').columns(['organization_id', 'channel', 'status']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_messages_org_channel_status').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('held_by_user_id').execute();
  await db.schema.alterTable('outbox_messages').dropColumn('held_at').execute();
  await db.schema.dropIndex('collection_tasks_org_assignee').execute();
  await db.schema.dropIndex('collection_tasks_org_status_due').execute();
}
