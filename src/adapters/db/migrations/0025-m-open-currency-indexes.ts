import { sql, type Kysely } from 'kysely';

// The aging report names the currencies, other than the organization's, that still have something
// open. Read from the open-amount indexes, which lead with the customer, that meant visiting every
// open document (a tenth of a second on a million-invoice ledger). These partial indexes lead with
// the currency, so the other currencies are two short range reads on either side of the
// organization's own.
const INDEXES = [
  ['invoices_org_open_currency', 'invoices', 'open_minor'],
  ['payments_org_unapplied_currency', 'payments', 'unapplied_minor'],
  ['credit_notes_org_unapplied_currency', 'credit_notes', 'unapplied_minor'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, column] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns(['organization_id', 'currency']).where(sql.ref(column), '<>', 0).execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
