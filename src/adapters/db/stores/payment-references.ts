import { sql } from 'kysely';
import { paymentReferenceFor, paymentReferenceSchemeOf, readPaymentReference, type PaymentReferenceScheme } from '../../../core/payments/payment-reference.js';
import { AppError } from '../../../core/app-error.js';
import type { Db } from '../database.js';

/**
 * Gives `count` new invoices of the organization their payment references: the next serials,
 * written in the organization's scheme. One statement moves the organization's last serial, so
 * a million-invoice import takes its references in one step; on PostgreSQL the organization's
 * row stays locked until the transaction ends, so two writers never take the same serials.
 * A serial taken by a transaction that then fails is simply never used.
 */
export async function takePaymentReferences(db: Db, organizationId: string, count: number): Promise<string[]> {
  if (count <= 0) return [];
  const row = await db.kysely
    .updateTable('organizations')
    .set((eb) => ({ payment_reference_serial: eb('payment_reference_serial', '+', count) }))
    .where('id', '=', organizationId)
    .returning(['payment_reference_serial', 'payment_reference_scheme', 'country'])
    .executeTakeFirst();
  if (!row) throw new AppError('not_found', `organization ${organizationId} does not exist`);
  const scheme = paymentReferenceSchemeOf(row.payment_reference_scheme, row.country);
  const last = Number(row.payment_reference_serial);
  return Array.from({ length: count }, (_, i) => paymentReferenceFor(scheme, last - count + 1 + i));
}

/** The rows with a payment reference each: the ones given keep theirs, the others take the next ones of their organization. */
export async function withPaymentReferences<T extends { organization_id: string; payment_reference?: string | null }>(db: Db, rows: readonly T[]): Promise<T[]> {
  const missing = new Map<string, number[]>();
  rows.forEach((row, index) => {
    if (row.payment_reference) return;
    const list = missing.get(row.organization_id) ?? [];
    list.push(index);
    missing.set(row.organization_id, list);
  });
  if (missing.size === 0) return [...rows];
  const result = [...rows];
  for (const [organizationId, indexes] of missing) {
    const references = await takePaymentReferences(db, organizationId, indexes.length);
    indexes.forEach((index, i) => {
      result[index] = { ...rows[index]!, payment_reference: references[i]! };
    });
  }
  return result;
}

/** The scheme the organization writes new invoices' references in, and whether it chose it or has its country's default. */
export async function getPaymentReferenceScheme(db: Db, organizationId: string): Promise<{ scheme: PaymentReferenceScheme; chosen: boolean }> {
  const row = await db.kysely.selectFrom('organizations').select(['payment_reference_scheme', 'country']).where('id', '=', organizationId).executeTakeFirst();
  if (!row) throw new AppError('not_found', `organization ${organizationId} does not exist`);
  return { scheme: paymentReferenceSchemeOf(row.payment_reference_scheme, row.country), chosen: row.payment_reference_scheme != null };
}

/** Sets the scheme of invoices recorded from now on; null goes back to the country's default. Invoices keep the references already given. */
export async function setPaymentReferenceScheme(db: Db, organizationId: string, scheme: PaymentReferenceScheme | null): Promise<void> {
  await db.kysely.updateTable('organizations').set({ payment_reference_scheme: scheme }).where('id', '=', organizationId).execute();
}

/** An invoice a payment reference points to, with what is still open on it. */
export interface InvoiceByReference {
  id: string;
  customer_id: string;
  number: string;
  currency: string;
  due_date: string;
  amount_minor: number;
  open_minor: number;
  payment_reference: string;
}

/**
 * The organization's invoices these references point to, read tolerantly (+++…+++, ***…***,
 * spaces, lower case); a text that is no reference, or whose check digits fail, finds nothing.
 * By the unique index on (organization, reference): what a bank statement's matching looks up.
 */
export async function findInvoicesByPaymentReference(db: Db, organizationId: string, texts: readonly string[]): Promise<InvoiceByReference[]> {
  const references = [...new Set(texts.flatMap((text) => readPaymentReference(text)?.reference ?? []))];
  const found: InvoiceByReference[] = [];
  for (let i = 0; i < references.length; i += 500) {
    const slice = references.slice(i, i + 500);
    const { rows } = await sql<InvoiceByReference>`
      select id, customer_id, number, currency, due_date, amount_minor, open_minor, payment_reference from invoices
      where organization_id = ${organizationId} and payment_reference in (${sql.join(slice)})`.execute(db.kysely);
    for (const row of rows) found.push({ ...row, amount_minor: Number(row.amount_minor), open_minor: Number(row.open_minor) });
  }
  return found;
}

/** The payment references (electronic form) of a customer's invoices, by invoice number: what a message lists. */
export async function paymentReferencesByNumber(db: Db, organizationId: string, customerId: string, numbers: readonly string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  const wanted = [...new Set(numbers)];
  for (let i = 0; i < wanted.length; i += 500) {
    const rows = await db.kysely
      .selectFrom('invoices')
      .select(['number', 'payment_reference'])
      .where('organization_id', '=', organizationId)
      .where('customer_id', '=', customerId)
      .where('number', 'in', wanted.slice(i, i + 500))
      .execute();
    for (const row of rows) if (row.payment_reference) result.set(row.number, row.payment_reference);
  }
  return result;
}

/** The payment references of invoices by id, for what a queued message listed. */
export async function paymentReferencesById(db: Db, organizationId: string, invoiceIds: readonly string[]): Promise<Map<string, { number: string; paymentReference: string | null }>> {
  const result = new Map<string, { number: string; paymentReference: string | null }>();
  for (let i = 0; i < invoiceIds.length; i += 500) {
    const rows = await db.kysely
      .selectFrom('invoices')
      .select(['id', 'number', 'payment_reference'])
      .where('organization_id', '=', organizationId)
      .where('id', 'in', invoiceIds.slice(i, i + 500))
      .execute();
    for (const row of rows) result.set(row.id, { number: row.number, paymentReference: row.payment_reference ?? null });
  }
  return result;
}
