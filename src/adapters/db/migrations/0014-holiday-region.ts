import type { Kysely } from 'kysely';

// Public holidays differ inside a country (Alsace-Moselle keeps Good Friday and 26 December,
// each German Land has its own): the region, as the holiday calendar names it, picks the right
// ones. Null means the whole country's calendar.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').addColumn('holiday_region', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('organizations').dropColumn('holiday_region').execute();
}
