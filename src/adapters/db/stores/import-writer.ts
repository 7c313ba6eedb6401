import { CompiledQuery, sql, type Insertable } from 'kysely';
import type { Db } from '../database.js';
import type { ContactRow, CustomerRow, Database, InvoiceRow } from '../schema.js';
import { moveStoredOpenAmounts, OPEN_COLUMN, type DocumentTable } from './stored-open-amounts.js';
import { withPaymentReferences } from './payment-references.js';

export type { DocumentTable };

type WritableTable = 'customers' | 'contacts' | 'invoices' | 'credit_notes' | 'payments' | 'allocations' | 'imports';

// SQLite accepts 32,766 bound parameters per statement and PostgreSQL 65,535; 4,000 keeps
// every table's multi-row insert well inside both.
const MAX_PARAMETERS = 4000;

const statements = new Map<string, string>();

/** `insert into t (a, b) values (?, ?), (?, ?)…` for `rows` rows, written once per shape and engine. */
function insertStatement(engine: Db['engine'], table: string, columns: readonly string[], rows: number): string {
  const key = `${engine}|${table}|${columns.join(',')}|${rows}`;
  let text = statements.get(key);
  if (text === undefined) {
    let n = 0;
    const tuple = () => `(${columns.map(() => (engine === 'postgres' ? `$${(n += 1)}` : '?')).join(', ')})`;
    const tuples = Array.from({ length: rows }, tuple);
    text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples.join(', ')}`;
    statements.set(key, text);
  }
  return text;
}

/**
 * Multi-row inserts, split so no statement binds too many parameters. The statement text is
 * built once per shape and handed to the driver as is: a million rows through the query
 * builder would build a million syntax trees for the same statement. A new document starts
 * wholly open; allocations move the stored open amounts of the documents they link. A new
 * invoice without a payment reference takes the next one of its organization.
 */
export async function insertRows<T extends WritableTable>(db: Db, table: T, given: readonly Insertable<Database[T]>[]): Promise<void> {
  if (given.length === 0) return;
  const opened = table in OPEN_COLUMN ? given.map((row) => withOpenAmount(table as DocumentTable, row)) : given;
  const rows = table === 'invoices' ? await withPaymentReferences(db, opened as Insertable<Database['invoices']>[]) : opened;
  const columns = Object.keys(rows[0] as object);
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let i = 0; i < rows.length; i += size) {
    const slice = rows.slice(i, i + size) as ReadonlyArray<Record<string, unknown>>;
    const parameters: unknown[] = [];
    for (const row of slice) for (const column of columns) parameters.push(row[column] ?? null);
    await db.kysely.executeQuery(CompiledQuery.raw(insertStatement(db.engine, table, columns, slice.length), parameters));
  }
  if (table === 'allocations') {
    const allocations = rows as readonly Insertable<Database['allocations']>[];
    await moveStoredOpenAmounts(db, String(allocations[0]!.organization_id), allocations, 1);
  }
}

function withOpenAmount(table: DocumentTable, row: object): object {
  const column = OPEN_COLUMN[table];
  return column in row ? row : { ...row, [column]: (row as { amount_minor: number }).amount_minor };
}

export interface CustomerEntry {
  id: string;
  name: string;
  paymentTerms: string | null;
}

/** Every customer of the organization by external reference: what an import resolves codes against. */
export async function loadCustomerDirectory(db: Db, organizationId: string): Promise<Map<string, CustomerEntry>> {
  const rows = await db.kysely
    .selectFrom('customers')
    .select(['id', 'external_ref', 'name', 'payment_terms'])
    .where('organization_id', '=', organizationId)
    .execute();
  return new Map(rows.map((r) => [r.external_ref, { id: r.id, name: r.name, paymentTerms: r.payment_terms }]));
}

export async function findCustomersByRef(db: Db, organizationId: string, refs: readonly string[]): Promise<CustomerRow[]> {
  if (refs.length === 0) return [];
  return db.kysely
    .selectFrom('customers')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('external_ref', 'in', [...refs])
    .execute();
}

export async function findContactsOf(db: Db, organizationId: string, customerIds: readonly string[]): Promise<ContactRow[]> {
  if (customerIds.length === 0) return [];
  return db.kysely
    .selectFrom('contacts')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('customer_id', 'in', [...customerIds])
    .execute();
}

export type CustomerPatch = Partial<Pick<CustomerRow, 'name' | 'registration_id' | 'vat_id' | 'language' | 'segment' | 'credit_limit_minor' | 'payment_terms'>>;

export async function updateCustomerFields(db: Db, organizationId: string, customerId: string, patch: CustomerPatch, now: string): Promise<void> {
  await db.kysely
    .updateTable('customers')
    .set({ ...patch, updated_at: now })
    .where('organization_id', '=', organizationId)
    .where('id', '=', customerId)
    .execute();
}

/** The documents an import keys on: invoices and credit notes by number, payments by reference. */
export interface KeyedDocument {
  id: string;
  key: string;
  customer_id: string;
  date: string;
  due_date: string | null;
  currency: string;
  amount_minor: number;
}


export async function findDocumentsByKey(
  db: Db,
  organizationId: string,
  table: DocumentTable,
  keys: readonly string[],
): Promise<KeyedDocument[]> {
  if (keys.length === 0) return [];
  const keyColumn = table === 'payments' ? 'reference' : 'number';
  const dateColumn = table === 'payments' ? 'received_on' : 'issue_date';
  const due = table === 'invoices' ? sql<string>`due_date` : sql<null>`null`;
  const rows = await sql<KeyedDocument>`
    select id, ${sql.ref(keyColumn)} as key, customer_id, ${sql.ref(dateColumn)} as date, ${due} as due_date, currency, amount_minor
    from ${sql.table(table)}
    where organization_id = ${organizationId} and ${sql.ref(keyColumn)} in (${sql.join([...keys])})`.execute(db.kysely);
  return rows.rows.map((r) => ({ ...r, amount_minor: Number(r.amount_minor) }));
}

/**
 * What is still open on each document: for an invoice its amount minus what was allocated to
 * it; for a payment or credit note its amount minus what it was allocated to.
 */
export async function findOpenAmounts(db: Db, organizationId: string, table: DocumentTable, ids: readonly string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  if (ids.length === 0) return result;
  for (let i = 0; i < ids.length; i += 500) {
    const slice = ids.slice(i, i + 500);
    const { rows } = await sql<{ id: string; open_minor: number }>`
      select id, ${sql.ref(OPEN_COLUMN[table])} as open_minor from ${sql.table(table)}
      where organization_id = ${organizationId} and id in (${sql.join(slice)})`.execute(db.kysely);
    for (const row of rows) result.set(row.id, Number(row.open_minor));
  }
  return result;
}

export async function findInvoicesByNumber(db: Db, organizationId: string, numbers: readonly string[]): Promise<InvoiceRow[]> {
  if (numbers.length === 0) return [];
  return db.kysely
    .selectFrom('invoices')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('number', 'in', [...numbers])
    .execute();
}
