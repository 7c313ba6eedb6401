import type { Db } from '../database.js';
import type { InvoiceFileRow } from '../schema.js';
import { oneOfIds } from './id-list.js';

export type InvoiceFileInfo = Omit<InvoiceFileRow, 'content_base64'>;

const INFO_COLUMNS = ['invoice_id', 'organization_id', 'file_name', 'content_type', 'size_bytes', 'sha256', 'uploaded_at'] as const;

/** Stores or replaces the invoice's file. */
export async function putInvoiceFile(db: Db, row: InvoiceFileRow): Promise<void> {
  const { invoice_id: _key, organization_id: _org, ...changes } = row;
  await db.kysely
    .insertInto('invoice_files')
    .values(row)
    .onConflict((oc) => oc.column('invoice_id').doUpdateSet(changes))
    .execute();
}

export async function getInvoiceFile(db: Db, organizationId: string, invoiceId: string): Promise<InvoiceFileRow | undefined> {
  return db.kysely.selectFrom('invoice_files').selectAll().where('organization_id', '=', organizationId).where('invoice_id', '=', invoiceId).executeTakeFirst();
}

/** What is known of the files of some invoices, without their content. */
export async function listInvoiceFileInfo(db: Db, organizationId: string, invoiceIds: readonly string[]): Promise<InvoiceFileInfo[]> {
  if (invoiceIds.length === 0) return [];
  return db.kysely.selectFrom('invoice_files').select(INFO_COLUMNS).where('organization_id', '=', organizationId).where(oneOfIds(db, 'invoice_id', invoiceIds)).execute();
}

/** The files of some invoices with their content, for the messages that list them. */
export async function listInvoiceFiles(db: Db, organizationId: string, invoiceIds: readonly string[]): Promise<InvoiceFileRow[]> {
  if (invoiceIds.length === 0) return [];
  return db.kysely.selectFrom('invoice_files').selectAll().where('organization_id', '=', organizationId).where(oneOfIds(db, 'invoice_id', invoiceIds)).execute();
}

export async function deleteInvoiceFile(db: Db, organizationId: string, invoiceId: string): Promise<boolean> {
  const result = await db.kysely.deleteFrom('invoice_files').where('organization_id', '=', organizationId).where('invoice_id', '=', invoiceId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
