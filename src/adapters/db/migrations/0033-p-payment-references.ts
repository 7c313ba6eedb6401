import { PostgresAdapter, sql, type Kysely } from 'kysely';

// Every invoice gets the reference its customer quotes with a transfer (core/payments/
// payment-reference.ts): the n-th invoice of an organization gets serial n, written in the
// organization's scheme — the Belgian structured communication (ten digits, then their
// remainder modulo 97, 97 for 0) or the ISO 11649 creditor reference ("RF", 98 minus the
// remainder modulo 97 of the serial followed by "RF00" read as digits, R = 27 and F = 15, then
// the serial). The reference is stored, so it never changes once printed, and indexed, so a
// statement line finds its invoice by it. `payment_reference_serial` is the last serial an
// organization gave out; `payment_reference_scheme` its choice, null for its country's default.
//
// Invoices recorded before this migration are numbered in the order they were recorded, by one
// set-based statement per engine: a million-invoice ledger migrates in seconds, not row by row.

const CREDITOR_CHECK = (serial: string) => `98 - ((${serial} * 1000000 + 271500) % 97)`;
const STRUCTURED_CHECK = (serial: string) => `case when ${serial} % 97 = 0 then 97 else ${serial} % 97 end`;

function referenceSql(postgres: boolean): string {
  if (postgres) {
    return `case when s.structured then lpad(s.n::text, 10, '0') || lpad((${STRUCTURED_CHECK('s.n')})::text, 2, '0')
      else 'RF' || lpad((${CREDITOR_CHECK('s.n')})::text, 2, '0') || s.n::text end`;
  }
  return `case when s.structured then printf('%010d%02d', s.n, ${STRUCTURED_CHECK('s.n')})
    else 'RF' || printf('%02d', ${CREDITOR_CHECK('s.n')}) || s.n end`;
}

export async function up(db: Kysely<any>): Promise<void> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.alterTable('organizations').addColumn('payment_reference_scheme', 'text').execute();
  await db.schema
    .alterTable('organizations')
    .addColumn('payment_reference_serial', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('invoices').addColumn('payment_reference', 'text').execute();

  await sql
    .raw(
      `update invoices set payment_reference = ${referenceSql(postgres)}
      from (
        select i.id, row_number() over (partition by i.organization_id order by i.created_at, i.id) as n,
          upper(o.country) = 'BE' as structured
        from invoices i join organizations o on o.id = i.organization_id
      ) s
      where s.id = invoices.id`,
    )
    .execute(db);
  await sql`update organizations set payment_reference_serial = (select count(*) from invoices where invoices.organization_id = organizations.id)`.execute(db);

  await db.schema.createIndex('invoices_payment_reference').on('invoices').columns(['organization_id', 'payment_reference']).unique().execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('invoices_payment_reference').execute();
  await db.schema.alterTable('invoices').dropColumn('payment_reference').execute();
  await db.schema.alterTable('organizations').dropColumn('payment_reference_serial').execute();
  await db.schema.alterTable('organizations').dropColumn('payment_reference_scheme').execute();
}
