import type { Kysely } from 'kysely';

// The telephone number messages give for the sender, beside the sender's email; none until
// the organization sets one, and the messages then leave it out.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_settings').addColumn('sender_phone', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_settings').dropColumn('sender_phone').execute();
}
