import type { Kysely } from 'kysely';

// The partner the scenario's hand-off step hands a case to by itself: an agency on this instance
// and the terms of its mandates. Unset (null agency), the step leaves a task for a person, who
// picks the partner and the terms in the hand-off form.
const COLUMNS = [
  ['handoff_agency_organization_id', 'text'],
  ['handoff_acting_as', 'text'],
  ['handoff_fee_percent_bp', 'integer'],
  ['handoff_fee_fixed_minor', 'bigint'],
  ['handoff_term_days', 'integer'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, type] of COLUMNS) await db.schema.alterTable('collection_settings').addColumn(name, type).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of [...COLUMNS].reverse()) await db.schema.alterTable('collection_settings').dropColumn(name).execute();
}
