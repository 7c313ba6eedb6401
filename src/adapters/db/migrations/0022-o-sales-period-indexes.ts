import type { Kysely } from 'kysely';

// The aging report's DSO sums the invoices and credit notes issued in the last 90 days, in the
// organization's currency. Read through an index on the organization and the amount, that meant
// fetching every invoice row of the organization: 17 seconds on a million-invoice ledger on SQLite
// under load. Indexes on the currency and the issue date, holding the amount, read the period alone.
const INDEXES = [
  ['invoices_org_currency_issued', 'invoices'],
  ['credit_notes_org_currency_issued', 'credit_notes'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(['organization_id', 'currency', 'issue_date', 'amount_minor']).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
