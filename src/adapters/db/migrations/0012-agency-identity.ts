import type { Kysely } from 'kysely';

// The collection agency or lawyer a hand-off step signs as ("acting for the creditor"): its
// name and how to reach it. Without a name, those steps sign as the accounts team.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('collection_settings').addColumn('agency_name', 'text').execute();
  await db.schema.alterTable('collection_settings').addColumn('agency_email', 'text').execute();
  await db.schema.alterTable('collection_settings').addColumn('agency_phone', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['agency_phone', 'agency_email', 'agency_name']) await db.schema.alterTable('collection_settings').dropColumn(column).execute();
}
