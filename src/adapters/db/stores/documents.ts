import { sql } from 'kysely';
import type { InvoiceStatus } from '../../../core/invoice-status.js';
import type { Db } from '../database.js';
import { newId, nowIso } from '../ids.js';
import type { AllocationRow, CreditNoteRow, InvoiceRow, PaymentRow } from '../schema.js';
import { inTransaction } from './in-transaction.js';
import { sumMinor } from './open-amount.js';
import { moveStoredOpenAmounts } from './stored-open-amounts.js';
import { takePaymentReferences } from './payment-references.js';

export interface NewInvoice {
  customerId: string;
  number: string;
  issueDate: string;
  dueDate: string;
  currency: string;
  amountMinor: number;
  paymentTerms?: string | null;
  source?: string;
}

export async function createInvoice(db: Db, organizationId: string, input: NewInvoice): Promise<InvoiceRow> {
  const row: InvoiceRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    number: input.number,
    issue_date: input.issueDate,
    due_date: input.dueDate,
    currency: input.currency,
    amount_minor: input.amountMinor,
    payment_terms: input.paymentTerms ?? null,
    source: input.source ?? 'api',
    created_at: nowIso(),
  };
  [row.payment_reference] = await takePaymentReferences(db, organizationId, 1);
  await db.kysely.insertInto('invoices').values({ ...row, open_minor: row.amount_minor }).execute();
  return row;
}

export interface NewPayment {
  customerId: string;
  reference: string;
  receivedOn: string;
  currency: string;
  amountMinor: number;
  method?: string;
  source?: string;
}

export async function createPayment(db: Db, organizationId: string, input: NewPayment): Promise<PaymentRow> {
  const row: PaymentRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    reference: input.reference,
    received_on: input.receivedOn,
    currency: input.currency,
    amount_minor: input.amountMinor,
    method: input.method ?? 'transfer',
    source: input.source ?? 'api',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('payments').values({ ...row, unapplied_minor: row.amount_minor }).execute();
  return row;
}

export interface NewCreditNote {
  customerId: string;
  number: string;
  issueDate: string;
  currency: string;
  amountMinor: number;
  invoiceId?: string | null;
  source?: string;
}

export async function createCreditNote(db: Db, organizationId: string, input: NewCreditNote): Promise<CreditNoteRow> {
  const row: CreditNoteRow = {
    id: newId(),
    organization_id: organizationId,
    customer_id: input.customerId,
    number: input.number,
    issue_date: input.issueDate,
    currency: input.currency,
    amount_minor: input.amountMinor,
    invoice_id: input.invoiceId ?? null,
    source: input.source ?? 'api',
    created_at: nowIso(),
  };
  await db.kysely.insertInto('credit_notes').values({ ...row, unapplied_minor: row.amount_minor }).execute();
  return row;
}

export interface NewAllocation {
  invoiceId: string | null;
  paymentId?: string | null;
  creditNoteId?: string | null;
  amountMinor: number;
  allocatedOn: string;
  note?: string | null;
}

export function allocationRow(organizationId: string, input: NewAllocation, now = nowIso()): AllocationRow {
  return {
    id: newId(),
    organization_id: organizationId,
    invoice_id: input.invoiceId,
    payment_id: input.paymentId ?? null,
    credit_note_id: input.creditNoteId ?? null,
    amount_minor: input.amountMinor,
    allocated_on: input.allocatedOn,
    note: input.note ?? null,
    created_at: now,
  };
}

/**
 * Low-level insert, which moves the stored open amounts of both sides; the checks (same
 * customer, no over-allocation) live in the allocate use case.
 */
export async function insertAllocation(db: Db, organizationId: string, input: NewAllocation): Promise<AllocationRow> {
  const row = allocationRow(organizationId, input);
  await inTransaction(db, async (tx) => {
    await tx.kysely.insertInto('allocations').values(row).execute();
    await moveStoredOpenAmounts(tx, organizationId, [row], 1);
  });
  return row;
}

// ---------------------------------------------------------------------------------------------
// Reading and changing the ledger. Open and unapplied amounts are the stored figures that every
// allocation moves (stored-open-amounts.ts).

export interface Page {
  limit: number;
  offset: number;
}

export interface ListResult<T> {
  rows: T[];
  total: number;
}

const sumAmount = sumMinor();

/** Restricts a document query to the customers a user owns (what a sales user may read). */
export function ownedBy(db: Db, organizationId: string, ownerUserId: string) {
  return db.kysely
    .selectFrom('customers')
    .select('id')
    .where('organization_id', '=', organizationId)
    .where('owner_user_id', '=', ownerUserId);
}

export interface CustomerLabel {
  customer_ref: string;
  customer_name: string;
}

export interface InvoiceWithOpen extends InvoiceRow, CustomerLabel {
  /** What is left to pay: the amount minus every allocation to it. */
  open_minor: number;
}

export type { InvoiceStatus };

export interface InvoiceFilter {
  customerId?: string;
  ownerUserId?: string;
  /** open: something left to pay; overdue: open and due before `asOf`; paid: nothing left. */
  status?: InvoiceStatus;
  asOf: string;
  dueBefore?: string;
  dueAfter?: string;
  number?: string;
}

function invoiceQuery(db: Db, organizationId: string) {
  return db.kysely
    .selectFrom('invoices as i')
    .innerJoin('customers as c', 'c.id', 'i.customer_id')
    .where('i.organization_id', '=', organizationId);
}

const invoiceOpen = sql<number>`i.open_minor`;

export async function listInvoices(db: Db, organizationId: string, filter: InvoiceFilter, page: Page): Promise<ListResult<InvoiceWithOpen>> {
  let query = invoiceQuery(db, organizationId);
  if (filter.customerId !== undefined) query = query.where('i.customer_id', '=', filter.customerId);
  if (filter.ownerUserId !== undefined) query = query.where('i.customer_id', 'in', ownedBy(db, organizationId, filter.ownerUserId));
  if (filter.dueBefore !== undefined) query = query.where('i.due_date', '<', filter.dueBefore);
  if (filter.dueAfter !== undefined) query = query.where('i.due_date', '>', filter.dueAfter);
  if (filter.number !== undefined) query = query.where('i.number', '=', filter.number);
  if (filter.status === 'paid') query = query.where(sql<boolean>`${invoiceOpen} <= 0`);
  if (filter.status === 'open') query = query.where(sql<boolean>`${invoiceOpen} > 0`);
  if (filter.status === 'overdue') query = query.where(sql<boolean>`${invoiceOpen} > 0`).where('i.due_date', '<', filter.asOf);
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll('i')
    .select(['c.external_ref as customer_ref', 'c.name as customer_name'])
    .orderBy('i.due_date')
    .orderBy('i.number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows: rows.map(numericInvoice), total: Number(count?.n ?? 0) };
}

export async function getInvoice(db: Db, organizationId: string, invoiceId: string): Promise<InvoiceWithOpen | undefined> {
  const row = await invoiceQuery(db, organizationId)
    .selectAll('i')
    .select(['c.external_ref as customer_ref', 'c.name as customer_name'])
    .where('i.id', '=', invoiceId)
    .executeTakeFirst();
  return row && numericInvoice(row);
}

function numericInvoice<T extends { amount_minor: number; open_minor: number }>(row: T): T {
  return { ...row, amount_minor: Number(row.amount_minor), open_minor: Number(row.open_minor) };
}

/**
 * Takes the row lock an allocation needs on PostgreSQL, so two allocations racing for the
 * same invoice or credit cannot both pass the "not more than open" check. SQLite runs one
 * transaction at a time, which gives the same guarantee.
 */
export async function lockDocument(db: Db, organizationId: string, table: 'invoices' | 'payments' | 'credit_notes', id: string): Promise<void> {
  if (db.engine !== 'postgres') return;
  await db.kysely.selectFrom(table).select('id').where('organization_id', '=', organizationId).where('id', '=', id).forUpdate().execute();
}

export type InvoiceChanges = Partial<Pick<InvoiceRow, 'number' | 'issue_date' | 'due_date' | 'currency' | 'amount_minor' | 'payment_terms'>>;

/** A changed amount moves the stored open figure by the difference (the old amount is read by the same statement). */
function withStoredFigure<C extends { amount_minor?: number }>(changes: C, column: 'open_minor' | 'unapplied_minor') {
  if (changes.amount_minor === undefined) return changes;
  return { ...changes, [column]: sql<number>`${sql.ref(column)} + ${changes.amount_minor} - amount_minor` };
}

export async function updateInvoice(db: Db, organizationId: string, invoiceId: string, changes: InvoiceChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.kysely.updateTable('invoices').set(withStoredFigure(changes, 'open_minor')).where('organization_id', '=', organizationId).where('id', '=', invoiceId).execute();
}

/** Sum of the allocations touching one document. */
export async function allocatedTotal(
  db: Db,
  organizationId: string,
  column: 'invoice_id' | 'payment_id' | 'credit_note_id',
  id: string,
): Promise<number> {
  const row = await db.kysely
    .selectFrom('allocations')
    .select(sumAmount.as('total'))
    .where('organization_id', '=', organizationId)
    .where(column, '=', id)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/**
 * Deletes a document that nothing is allocated to, in one statement so an allocation made
 * meanwhile cannot be swept away by the cascade. 'allocated' tells the caller to refuse.
 */
export async function deleteUnallocatedDocument(
  db: Db,
  organizationId: string,
  table: 'invoices' | 'payments' | 'credit_notes',
  id: string,
): Promise<'deleted' | 'allocated' | 'not_found'> {
  const column = table === 'invoices' ? 'invoice_id' : table === 'payments' ? 'payment_id' : 'credit_note_id';
  const nothingAgainst = sql<boolean>`not exists (select 1 from allocations where ${sql.ref(`allocations.${column}`)} = ${id})${
    table === 'invoices' ? sql` and not exists (select 1 from credit_notes where credit_notes.invoice_id = ${id})` : sql``
  }`;
  // The invoice's PDF goes with it, under the same conditions.
  if (table === 'invoices') {
    await db.kysely.deleteFrom('invoice_files').where('organization_id', '=', organizationId).where('invoice_id', '=', id).where(nothingAgainst).execute();
  }
  const result = await db.kysely.deleteFrom(table).where('organization_id', '=', organizationId).where('id', '=', id).where(nothingAgainst).executeTakeFirst();
  if (Number(result.numDeletedRows) > 0) return 'deleted';
  const exists = await db.kysely.selectFrom(table).select('id').where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  return exists ? 'allocated' : 'not_found';
}

export interface CreditWithUnapplied<T> extends CustomerLabel {
  row: T;
  /** What is not yet set against an invoice. */
  unapplied_minor: number;
}

export interface CreditFilter {
  customerId?: string;
  ownerUserId?: string;
  from?: string;
  to?: string;
  /** true: only those with something left to allocate. */
  unapplied?: boolean;
}

export type CreditNoteWithUnapplied = CreditNoteRow & CustomerLabel & { unapplied_minor: number };
export type PaymentWithUnapplied = PaymentRow & CustomerLabel & { unapplied_minor: number };

function creditNoteQuery(db: Db, organizationId: string) {
  return db.kysely
    .selectFrom('credit_notes as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .where('d.organization_id', '=', organizationId);
}

function paymentQuery(db: Db, organizationId: string) {
  return db.kysely
    .selectFrom('payments as d')
    .innerJoin('customers as c', 'c.id', 'd.customer_id')
    .where('d.organization_id', '=', organizationId);
}

const unapplied = sql<number>`d.unapplied_minor`;

function numericCredit<T extends { amount_minor: number; unapplied_minor: number }>(row: T): T {
  return { ...row, amount_minor: Number(row.amount_minor), unapplied_minor: Number(row.unapplied_minor) };
}

export async function listCreditNotes(db: Db, organizationId: string, filter: CreditFilter, page: Page): Promise<ListResult<CreditNoteWithUnapplied>> {
  let query = creditNoteQuery(db, organizationId);
  if (filter.customerId !== undefined) query = query.where('d.customer_id', '=', filter.customerId);
  if (filter.ownerUserId !== undefined) query = query.where('d.customer_id', 'in', ownedBy(db, organizationId, filter.ownerUserId));
  if (filter.from !== undefined) query = query.where('d.issue_date', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('d.issue_date', '<=', filter.to);
  if (filter.unapplied === true) query = query.where(sql<boolean>`${unapplied} > 0`);
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll('d')
    .select(['c.external_ref as customer_ref', 'c.name as customer_name'])
    .orderBy('d.issue_date', 'desc')
    .orderBy('d.number')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows: rows.map(numericCredit), total: Number(count?.n ?? 0) };
}

export async function getCreditNote(db: Db, organizationId: string, creditNoteId: string): Promise<CreditNoteWithUnapplied | undefined> {
  const row = await creditNoteQuery(db, organizationId)
    .selectAll('d')
    .select(['c.external_ref as customer_ref', 'c.name as customer_name'])
    .where('d.id', '=', creditNoteId)
    .executeTakeFirst();
  return row && numericCredit(row);
}

export type CreditNoteChanges = Partial<Pick<CreditNoteRow, 'number' | 'issue_date' | 'currency' | 'amount_minor' | 'invoice_id'>>;

export async function updateCreditNote(db: Db, organizationId: string, creditNoteId: string, changes: CreditNoteChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.kysely.updateTable('credit_notes').set(withStoredFigure(changes, 'unapplied_minor')).where('organization_id', '=', organizationId).where('id', '=', creditNoteId).execute();
}

export async function listPayments(db: Db, organizationId: string, filter: CreditFilter, page: Page): Promise<ListResult<PaymentWithUnapplied>> {
  let query = paymentQuery(db, organizationId);
  if (filter.customerId !== undefined) query = query.where('d.customer_id', '=', filter.customerId);
  if (filter.ownerUserId !== undefined) query = query.where('d.customer_id', 'in', ownedBy(db, organizationId, filter.ownerUserId));
  if (filter.from !== undefined) query = query.where('d.received_on', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('d.received_on', '<=', filter.to);
  if (filter.unapplied === true) query = query.where(sql<boolean>`${unapplied} > 0`);
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await query
    .selectAll('d')
    .select(['c.external_ref as customer_ref', 'c.name as customer_name'])
    .orderBy('d.received_on', 'desc')
    .orderBy('d.reference')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows: rows.map(numericCredit), total: Number(count?.n ?? 0) };
}

export async function getPayment(db: Db, organizationId: string, paymentId: string): Promise<PaymentWithUnapplied | undefined> {
  const row = await paymentQuery(db, organizationId)
    .selectAll('d')
    .select(['c.external_ref as customer_ref', 'c.name as customer_name'])
    .where('d.id', '=', paymentId)
    .executeTakeFirst();
  return row && numericCredit(row);
}

export type PaymentChanges = Partial<Pick<PaymentRow, 'reference' | 'received_on' | 'currency' | 'amount_minor' | 'method'>>;

export async function updatePayment(db: Db, organizationId: string, paymentId: string, changes: PaymentChanges): Promise<void> {
  if (Object.keys(changes).length === 0) return;
  await db.kysely.updateTable('payments').set(withStoredFigure(changes, 'unapplied_minor')).where('organization_id', '=', organizationId).where('id', '=', paymentId).execute();
}

/** An allocation with the currency and customer of the documents it links. */
export interface AllocationView extends AllocationRow {
  currency: string;
  customer_id: string;
  invoice_number: string | null;
  payment_reference: string | null;
  credit_note_number: string | null;
}

export interface AllocationFilter {
  invoiceId?: string;
  paymentId?: string;
  creditNoteId?: string;
  customerId?: string;
  ownerUserId?: string;
}

function allocationQuery(db: Db, organizationId: string) {
  return db.kysely
    .selectFrom('allocations as al')
    .leftJoin('invoices as i', 'i.id', 'al.invoice_id')
    .leftJoin('payments as p', 'p.id', 'al.payment_id')
    .leftJoin('credit_notes as cn', 'cn.id', 'al.credit_note_id')
    .where('al.organization_id', '=', organizationId);
}

const allocationCustomer = sql<string>`coalesce(i.customer_id, p.customer_id, cn.customer_id)`;

function selectAllocation(query: ReturnType<typeof allocationQuery>) {
  return query
    .selectAll('al')
    .select([
      sql<string>`coalesce(i.currency, p.currency, cn.currency)`.as('currency'),
      allocationCustomer.as('customer_id'),
      'i.number as invoice_number',
      'p.reference as payment_reference',
      'cn.number as credit_note_number',
    ]);
}

function numericAllocation(row: AllocationView): AllocationView {
  return { ...row, amount_minor: Number(row.amount_minor) };
}

export async function listAllocations(db: Db, organizationId: string, filter: AllocationFilter, page: Page): Promise<ListResult<AllocationView>> {
  let query = allocationQuery(db, organizationId);
  if (filter.invoiceId !== undefined) query = query.where('al.invoice_id', '=', filter.invoiceId);
  if (filter.paymentId !== undefined) query = query.where('al.payment_id', '=', filter.paymentId);
  if (filter.creditNoteId !== undefined) query = query.where('al.credit_note_id', '=', filter.creditNoteId);
  if (filter.customerId !== undefined) query = query.where(allocationCustomer, '=', filter.customerId);
  if (filter.ownerUserId !== undefined) query = query.where(allocationCustomer, 'in', ownedBy(db, organizationId, filter.ownerUserId));
  const count = await query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  const rows = await selectAllocation(query).orderBy('al.allocated_on').orderBy('al.created_at').orderBy('al.id').limit(page.limit).offset(page.offset).execute();
  return { rows: rows.map(numericAllocation), total: Number(count?.n ?? 0) };
}

export async function getAllocation(db: Db, organizationId: string, allocationId: string): Promise<AllocationView | undefined> {
  const row = await selectAllocation(allocationQuery(db, organizationId)).where('al.id', '=', allocationId).executeTakeFirst();
  return row && numericAllocation(row);
}

/** Removes an allocation and gives its amount back to the invoice's open amount and the credit's unapplied one. */
export async function deleteAllocation(db: Db, organizationId: string, allocationId: string): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const removed = await tx.kysely
      .deleteFrom('allocations')
      .where('organization_id', '=', organizationId)
      .where('id', '=', allocationId)
      .returning(['invoice_id', 'payment_id', 'credit_note_id', 'amount_minor'])
      .execute();
    await moveStoredOpenAmounts(tx, organizationId, removed, -1);
    return removed.length > 0;
  });
}

/** One movement on a customer's account, as a statement lists it. */
export interface LedgerMovement {
  kind: 'invoice' | 'credit_note' | 'payment' | 'external_settlement' | 'external_counterpart';
  id: string;
  date: string;
  number: string;
  amount_minor: number;
  /** For external settlements: the document settled outside Relance. */
  note: string | null;
}

/**
 * Every movement of one customer in one currency up to a date: invoices, credit notes,
 * payments, and the allocations whose other side lies outside Relance (an accounting
 * export's lettering against an entry older than the file), which move the balance too.
 */
export async function listLedgerMovements(
  db: Db,
  organizationId: string,
  customerId: string,
  currency: string,
  to: string,
): Promise<LedgerMovement[]> {
  const movements: LedgerMovement[] = [];
  const invoices = await db.kysely
    .selectFrom('invoices')
    .select(['id', 'issue_date', 'number', 'amount_minor'])
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('issue_date', '<=', to)
    .execute();
  for (const r of invoices) {
    movements.push({ kind: 'invoice', id: r.id, date: r.issue_date, number: r.number, amount_minor: Number(r.amount_minor), note: null });
  }
  const creditNotes = await db.kysely
    .selectFrom('credit_notes')
    .select(['id', 'issue_date', 'number', 'amount_minor'])
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('issue_date', '<=', to)
    .execute();
  for (const r of creditNotes) {
    movements.push({ kind: 'credit_note', id: r.id, date: r.issue_date, number: r.number, amount_minor: Number(r.amount_minor), note: null });
  }
  const payments = await db.kysely
    .selectFrom('payments')
    .select(['id', 'received_on', 'reference', 'amount_minor'])
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .where('currency', '=', currency)
    .where('received_on', '<=', to)
    .execute();
  for (const r of payments) {
    movements.push({ kind: 'payment', id: r.id, date: r.received_on, number: r.reference, amount_minor: Number(r.amount_minor), note: null });
  }
  // Allocations with one side older than the ledger, found from the customer's own documents: read
  // from the organization's allocations instead, PostgreSQL went through every one of them.
  // "cross join" keeps SQLite reading from the customer's documents: given the choice, it walked
  // every allocation without a credit note.
  const { rows: settled } = await sql<{ id: string; allocated_on: string; amount_minor: number | string; note: string | null; number: string }>`
    select al.id, al.allocated_on, al.amount_minor, al.note, i.number
    from invoices i cross join allocations al
    where i.organization_id = ${organizationId} and i.customer_id = ${customerId} and i.currency = ${currency}
      and al.organization_id = ${organizationId} and al.invoice_id = i.id
      and al.payment_id is null and al.credit_note_id is null and al.allocated_on <= ${to}`.execute(db.kysely);
  const counterpart = async (table: 'payments' | 'credit_notes', column: 'payment_id' | 'credit_note_id', number: 'reference' | 'number') =>
    (
      await sql<{ id: string; allocated_on: string; amount_minor: number | string; note: string | null; number: string | null }>`
        select al.id, al.allocated_on, al.amount_minor, al.note, ${sql.ref(`d.${number}`)} as number
        from ${sql.table(table)} d cross join allocations al
        where ${sql.ref(`al.${column}`)} = d.id and d.organization_id = ${organizationId} and d.customer_id = ${customerId} and d.currency = ${currency}
          and al.organization_id = ${organizationId} and al.invoice_id is null and al.allocated_on <= ${to}`.execute(db.kysely)
    ).rows;
  const counterparts = [...(await counterpart('payments', 'payment_id', 'reference')), ...(await counterpart('credit_notes', 'credit_note_id', 'number'))];
  for (const [kind, rows] of [['external_settlement', settled], ['external_counterpart', counterparts]] as const) {
    for (const r of rows) movements.push({ kind, id: r.id, date: r.allocated_on, number: r.number ?? '', amount_minor: Number(r.amount_minor), note: r.note });
  }
  return movements;
}

/** Invoices minus credit notes issued in [from, to] to the customers a user owns, for their DSO. */
export async function sumSalesOfOwner(db: Db, organizationId: string, ownerUserId: string, currency: string, from: string, to: string): Promise<number> {
  let total = 0;
  for (const [table, sign] of [['invoices', 1], ['credit_notes', -1]] as const) {
    const row = await db.kysely
      .selectFrom(table)
      .select(sumAmount.as('total'))
      .where('organization_id', '=', organizationId)
      .where('currency', '=', currency)
      .where('issue_date', '>=', from)
      .where('issue_date', '<=', to)
      .where('customer_id', 'in', ownedBy(db, organizationId, ownerUserId))
      .executeTakeFirst();
    total += sign * Number(row?.total ?? 0);
  }
  return total;
}
