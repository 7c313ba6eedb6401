import type { Kysely } from 'kysely';

// Per-customer reads join allocations on (organization, invoice | payment | credit note). With an
// index on the organization alone, SQLite's planner walked every allocation of the organization
// for each invoice, so a run over all customers grew with customers × allocations. Indexes that
// lead with the organization and end with the document serve both equalities at once.
const COMPOSITES = [
  ['allocations_org_invoice', 'invoice_id'],
  ['allocations_org_payment', 'payment_id'],
  ['allocations_org_credit_note', 'credit_note_id'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, column] of COMPOSITES) {
    await db.schema.createIndex(name).on('allocations').columns(['organization_id', column]).execute();
  }
  await db.schema.dropIndex('allocations_org').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('allocations_org').on('allocations').columns(['organization_id']).execute();
  for (const [name] of COMPOSITES) await db.schema.dropIndex(name).execute();
}
