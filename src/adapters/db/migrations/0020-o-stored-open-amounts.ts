import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Lists, reports and the collection run read what is left open on each document. Derived at read
// time, that meant summing the allocations of every document of an organization: 35 to 50 seconds
// for the customer list or the dashboard on a million-invoice ledger. The open amount (invoices)
// and the unapplied credit (payments, credit notes) are now stored beside the amount and moved in
// the same transaction as every allocation (stores/stored-open-amounts.ts). Partial indexes hold
// only what is still open, a tenth of the ledger, with what the aging needs, so the figures are
// read from the index alone.
export const STORED_OPEN_AMOUNTS = [
  ['invoices', 'open_minor', 'invoice_id'],
  ['payments', 'unapplied_minor', 'payment_id'],
  ['credit_notes', 'unapplied_minor', 'credit_note_id'],
] as const;

const INDEXES = [
  ['invoices_org_open', 'invoices', ['organization_id', 'customer_id', 'due_date', 'currency', 'open_minor'], 'open_minor'],
  ['payments_org_unapplied', 'payments', ['organization_id', 'customer_id', 'currency', 'unapplied_minor'], 'unapplied_minor'],
  ['credit_notes_org_unapplied', 'credit_notes', ['organization_id', 'customer_id', 'currency', 'unapplied_minor'], 'unapplied_minor'],
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const [table, column, foreignKey] of STORED_OPEN_AMOUNTS) {
    // SQLite adds a NOT NULL column only with a default; PostgreSQL drops it once filled, so an
    // insert that forgets the column fails there instead of storing a wrong figure.
    await db.schema.alterTable(table).addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update ${sql.table(table)} set ${sql.ref(column)} = amount_minor - coalesce((
        select sum(a.amount_minor) from allocations a
        where a.organization_id = ${sql.table(table)}.organization_id and ${sql.ref(`a.${foreignKey}`)} = ${sql.table(table)}.id), 0)`.execute(db);
    if (postgres) await sql`alter table ${sql.table(table)} alter column ${sql.ref(column)} drop default`.execute(db);
  }
  for (const [name, table, columns, column] of INDEXES) {
    await db.schema.createIndex(name).on(table).columns([...columns]).where(sql.ref(column), '<>', 0).execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
  for (const [table, column] of STORED_OPEN_AMOUNTS) await db.schema.alterTable(table).dropColumn(column).execute();
}
