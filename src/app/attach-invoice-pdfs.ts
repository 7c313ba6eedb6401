import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { AppError, type ImportIssue } from '../core/app-error.js';
import type { Db } from '../adapters/db/database.js';
import { nowIso } from '../adapters/db/ids.js';
import type { InvoiceRow } from '../adapters/db/schema.js';
import { findInvoicesByNumber } from '../adapters/db/stores/import-writer.js';
import { inTransaction } from '../adapters/db/stores/in-transaction.js';
import { listInvoiceFileInfo, putInvoiceFile, type InvoiceFileInfo } from '../adapters/db/stores/invoice-files.js';

/** Larger files would make the reminders that carry them bounce off most mail servers. */
export const INVOICE_PDF_MAX_BYTES = 10 * 1024 * 1024;

export interface AttachedInvoicePdf extends InvoiceFileInfo {
  invoice_number: string;
  /** What the upload did: a first file, a different file in place of the earlier one, or the same file again. */
  outcome: 'attached' | 'replaced' | 'unchanged';
}

/** Why the bytes cannot be an invoice's PDF, or null when they can. */
export function pdfProblem(content: Buffer): string | null {
  if (content.length === 0) return 'the file is empty';
  if (content.length > INVOICE_PDF_MAX_BYTES) return `the file is ${(content.length / 1024 / 1024).toFixed(1)} MB; an invoice PDF may be at most ${INVOICE_PDF_MAX_BYTES / 1024 / 1024} MB`;
  if (!content.subarray(0, 1024).includes('%PDF-')) return 'the file is not a PDF (no %PDF- header)';
  return null;
}

/** A file name safe in a mail header and on any disk, from the invoice number when none is given. */
function safeFileName(invoice: InvoiceRow, given: string | undefined): string {
  const base = basename(given ?? `${invoice.number}.pdf`).replace(/[^A-Za-z0-9._-]+/g, '-');
  return base.toLowerCase().endsWith('.pdf') ? base : `${base}.pdf`;
}

/**
 * Keeps the PDF of one invoice, replacing an earlier one. The same file again changes nothing,
 * so an upload can be repeated safely.
 */
export async function attachInvoicePdf(db: Db, invoice: InvoiceRow, content: Buffer, fileName?: string): Promise<AttachedInvoicePdf> {
  const problem = pdfProblem(content);
  if (problem) throw new AppError('validation_failed', problem, { field: 'body' });
  const sha256 = createHash('sha256').update(content).digest('hex');
  // What is stored, without its content: the digest tells whether this is the same file.
  const [existing] = await listInvoiceFileInfo(db, invoice.organization_id, [invoice.id]);
  if (existing && existing.sha256 === sha256) return { ...existing, invoice_number: invoice.number, outcome: 'unchanged' };
  const row = {
    invoice_id: invoice.id,
    organization_id: invoice.organization_id,
    file_name: safeFileName(invoice, fileName),
    content_type: 'application/pdf',
    size_bytes: content.length,
    sha256,
    content_base64: content.toString('base64'),
    uploaded_at: nowIso(),
  };
  await putInvoiceFile(db, row);
  const { content_base64: _content, ...info } = row;
  return { ...info, invoice_number: invoice.number, outcome: existing ? 'replaced' : 'attached' };
}

export interface NamedPdf {
  /** The file's name as given; without its `.pdf` ending it is the invoice number. */
  name: string;
  content: Buffer;
}

/**
 * Attaches a folder's worth of invoice PDFs, each named after its invoice (`F-2025-0456.pdf`).
 * All or nothing: a file that is not a PDF or names no invoice of the organization stops the
 * whole batch, with every such file listed.
 */
export async function attachInvoicePdfFiles(db: Db, organizationId: string, files: readonly NamedPdf[]): Promise<AttachedInvoicePdf[]> {
  const numberOf = (file: NamedPdf) => basename(file.name).replace(/\.pdf$/i, '');
  const invoices = new Map((await findInvoicesByNumber(db, organizationId, files.map(numberOf))).map((invoice) => [invoice.number, invoice]));
  const issues: ImportIssue[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const number = numberOf(file);
    const problem = pdfProblem(file.content);
    if (problem) issues.push({ file: file.name, message: problem });
    else if (!invoices.has(number)) issues.push({ file: file.name, message: `no invoice numbered "${number}"; name each file after its invoice number` });
    else if (seen.has(number)) issues.push({ file: file.name, message: `invoice ${number} already has a file in this batch (${seen.get(number)})` });
    seen.set(number, file.name);
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', `${issues.length} of ${files.length} files cannot be attached; nothing was stored`, {}, { issues });
  }
  return inTransaction(db, async (tx) => {
    const attached: AttachedInvoicePdf[] = [];
    for (const file of files) attached.push(await attachInvoicePdf(tx, invoices.get(numberOf(file))!, file.content, basename(file.name)));
    return attached;
  });
}
