import { createHash } from 'node:crypto';
import { AppError, type ImportIssue, type ImportIssueCode } from '../../core/app-error.js';
import type { BuyerId, EInvoice } from '../../core/einvoice/einvoice.js';
import { findBuyer, languageForBuyer, newCustomerRef, registrationsOf, vatsOf, type KnownCustomer } from '../../core/einvoice/find-buyer.js';
import { TEXT_LIMITS } from '../../core/field-limits.js';
import { formatMinor } from '../../core/money.js';
import { checkInvoiceDelayCap, dueDateFor } from '../../core/payment-terms.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import type { AllocationRow, ContactRow, CreditNoteRow, CustomerRow, InvoiceRow, OrganizationRow } from '../../adapters/db/schema.js';
import { customerRow } from '../../adapters/db/stores/customers.js';
import { findBuyerCandidates } from '../../adapters/db/stores/einvoice-buyers.js';
import { allocationRow } from '../../adapters/db/stores/documents.js';
import { findDocumentsByKey, findOpenAmounts, insertRows, type KeyedDocument } from '../../adapters/db/stores/import-writer.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listInvoiceFileInfo, putInvoiceFile } from '../../adapters/db/stores/invoice-files.js';
import { getOrganization } from '../../adapters/db/stores/organizations.js';
import { refreshStatisticsAfterBulkLoad } from '../../adapters/db/stores/planner-statistics.js';
import { EINVOICE_PDF_MAX_BYTES, readEInvoiceFile } from '../../adapters/files/einvoice-file.js';
import { refuseInexactLedger } from '../refuse-inexact-ledger.js';
import { emptyCounts, type ImportOptions, type ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';
import { DEFAULT_MAX_ISSUES, IssueList } from './issue-list.js';

/** One document read from an e-invoice, as `--json` and the API list it. */
export interface EInvoiceDocumentJson {
  file: string;
  kind: 'invoice' | 'credit_note';
  number: string;
  issue_date: string;
  /** As written, else from the customer's payment terms (MINIMUM profile), else the organization's. */
  due_date: string | null;
  currency: string;
  /** BT-112, the grand total, as a decimal string. */
  total: string;
  /** BT-115, what is collected: the grand total less what was prepaid. */
  amount_due: string;
  buyer_name: string;
  buyer_ids: BuyerId[];
}

/** An import report with the documents the e-invoices hold. */
export interface EInvoiceImportReport extends ImportReport {
  documents: EInvoiceDocumentJson[];
}

/** A file read whole: e-invoices are small, and a PDF is kept as it came. */
interface ReadFile {
  name: string;
  bytes: Buffer;
  sha256: string;
}

/** A document ready to be written, with where it came from. */
interface Planned {
  file: ReadFile;
  invoice: EInvoice;
  pdf: Uint8Array | null;
  customer: Candidate;
  dueDate: PlainDate | null;
  amountMinor: number;
}

/** A customer of the ledger, or one this import creates with the contact its invoice gives. */
interface Candidate extends KnownCustomer {
  paymentTerms: string | null;
  row: CustomerRow | null;
  contact: ContactRow | null;
}

const MAX_FILE_BYTES = EINVOICE_PDF_MAX_BYTES * 2;

async function readWhole(source: ImportSource): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source.open()) {
    size += chunk.length;
    if (size > MAX_FILE_BYTES) return null;
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

function decimal(minor: number, currency: string): string {
  return formatMinor(minor, currency);
}

function documentJson(file: string, invoice: EInvoice, dueDate: PlainDate | null): EInvoiceDocumentJson {
  return {
    file,
    kind: invoice.kind,
    number: invoice.number,
    issue_date: invoice.issueDate,
    due_date: dueDate,
    currency: invoice.currency,
    total: decimal(invoice.totalMinor, invoice.currency),
    amount_due: decimal(invoice.amountDueMinor, invoice.currency),
    buyer_name: invoice.buyer.name,
    buyer_ids: invoice.buyer.ids,
  };
}

/** Reads every file; what cannot be read is listed with the file and the element at fault. */
async function readAll(sources: readonly ImportSource[], issues: IssueList): Promise<Array<{ file: ReadFile; invoice: EInvoice; pdf: Uint8Array | null }>> {
  const read: Array<{ file: ReadFile; invoice: EInvoice; pdf: Uint8Array | null }> = [];
  for (const source of sources) {
    const bytes = await readWhole(source);
    if (bytes === null) {
      issues.add({ file: source.name, message: `the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, more than any invoice`, reason: { code: 'einvoice_file_too_large' } });
      continue;
    }
    const file = { name: source.name, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
    const reading = await readEInvoiceFile(bytes);
    if ('problems' in reading) {
      for (const p of reading.problems) {
        const issue: ImportIssue = { file: source.name, message: p.path ? `${p.path}: ${p.message}` : p.message, reason: { code: p.code as ImportIssueCode } };
        if (p.line !== undefined) issue.line = p.line;
        if (p.column !== undefined) issue.column = p.column;
        // The element's path is the place in the file: the second value of the reason.
        if (p.path !== undefined) issue.reason!.expected = p.path;
        if (p.value !== undefined) issue.reason!.value = p.value;
        issues.add(issue);
      }
      continue;
    }
    read.push({ file, invoice: reading.invoice, pdf: reading.pdf });
  }
  return read;
}

/** The customer of each document: found among the organization's, or created once for the whole import. */
async function resolveCustomers(
  db: Db,
  organization: OrganizationRow,
  documents: ReadonlyArray<{ file: ReadFile; invoice: EInvoice }>,
  issues: IssueList,
): Promise<Array<Candidate | null>> {
  const buyers = documents.map((d) => d.invoice.buyer);
  const rows = await findBuyerCandidates(db, organization.id, {
    registrations: buyers.flatMap(registrationsOf),
    vats: buyers.flatMap(vatsOf),
    refs: buyers.flatMap((b) => [...b.ids.map((id) => id.value), newCustomerRef(b, TEXT_LIMITS.customerReference)]),
    names: buyers.map((b) => b.name.toLowerCase()),
  });
  const pool: Candidate[] = rows.map((r) => ({
    id: r.id,
    externalRef: r.external_ref,
    name: r.name,
    registrationId: r.registration_id,
    vatId: r.vat_id,
    paymentTerms: r.payment_terms,
    row: null,
    contact: null,
  }));
  const now = nowIso();
  return documents.map(({ file, invoice }) => {
    const match = findBuyer(invoice.buyer, pool);
    if ('found' in match) return match.found;
    if ('ambiguous' in match) {
      const refs = match.ambiguous.map((c) => c.externalRef).join(', ');
      issues.add({
        file: file.name,
        message: `the buyer ${invoice.buyer.name} matches several customers by ${match.by} (${refs}): give each customer its own registration and VAT numbers`,
        reason: { code: 'ambiguous_buyer', value: invoice.buyer.name, expected: refs },
      });
      return null;
    }
    const buyer = invoice.buyer;
    let ref = newCustomerRef(buyer, TEXT_LIMITS.customerReference);
    // A customer whose reference happens to be this name or number but matched none of the buyer's identifiers.
    if (pool.some((c) => c.externalRef === ref)) ref = `${ref.slice(0, TEXT_LIMITS.customerReference - 10)} (${invoice.number})`.slice(0, TEXT_LIMITS.customerReference);
    const siren = buyer.ids.find((id) => id.scheme === 'siret' || id.scheme === 'siren')?.value ?? null;
    const vat = vatsOf(buyer)[0] ?? null;
    const row = customerRow(
      organization.id,
      {
        externalRef: ref,
        name: buyer.name.slice(0, TEXT_LIMITS.customerName) || ref,
        ...(siren !== null ? { registrationId: siren.slice(0, TEXT_LIMITS.registrationId) } : {}),
        ...(vat !== null ? { vatId: vat.slice(0, TEXT_LIMITS.vatId) } : {}),
        language: languageForBuyer(buyer.country, organization.country, organization.locale.slice(0, 2)),
      },
      now,
    );
    const given = buyer.contact;
    // Reminders go to the buyer's contact point: without it, a customer created here could only be written to by post once someone adds one.
    const contact: ContactRow | null = given && {
      id: newId(),
      organization_id: organization.id,
      customer_id: row.id,
      name: given.name?.slice(0, TEXT_LIMITS.contactName) ?? null,
      email: given.email && given.email.length <= TEXT_LIMITS.email ? given.email : null,
      phone: given.phone?.slice(0, TEXT_LIMITS.phone) ?? null,
      address: given.address?.slice(0, TEXT_LIMITS.address) ?? null,
      role: 'accounts_payable',
      created_at: now,
    };
    const created: Candidate = { id: row.id, externalRef: ref, name: row.name, registrationId: row.registration_id, vatId: row.vat_id, paymentTerms: null, row, contact };
    pool.push(created);
    return created;
  });
}

/** What differs between a recorded document and the one read, in words; empty when they are the same. */
function differences(existing: KeyedDocument, planned: Planned, table: 'invoices' | 'credit_notes'): string[] {
  const diffs: string[] = [];
  if (existing.customer_id !== planned.customer.id) diffs.push('another customer');
  if (existing.date !== planned.invoice.issueDate) diffs.push(`date ${existing.date}, here ${planned.invoice.issueDate}`);
  if (table === 'invoices' && existing.due_date !== planned.dueDate) diffs.push(`due date ${existing.due_date}, here ${planned.dueDate}`);
  if (existing.currency !== planned.invoice.currency || existing.amount_minor !== planned.amountMinor) {
    diffs.push(`amount ${decimal(existing.amount_minor, existing.currency)} ${existing.currency}, here ${decimal(planned.amountMinor, planned.invoice.currency)} ${planned.invoice.currency}`);
  }
  return diffs;
}

const tableOf = (p: Planned) => (p.invoice.kind === 'invoice' ? 'invoices' : 'credit_notes') as 'invoices' | 'credit_notes';
const nounOf = (p: Planned) => (p.invoice.kind === 'invoice' ? 'invoice' : 'credit note');

/**
 * Imports e-invoices, recognised by their content whatever their names: UBL 2.1 invoices and
 * credit notes (Peppol BIS 3), Factur-X and ZUGFeRD as XML, or as the PDF/A-3 invoice that
 * carries the XML, in which case the PDF becomes the invoice's document. All the files are
 * checked first and written together, or nothing is: a problem in one stops them all.
 *
 * The customer is the buyer found by its identifiers, or created from them. The amount to
 * collect is the amount due (BT-115), which leaves out what was prepaid; an invoice without a
 * due date (the MINIMUM profile has none) falls due on its customer's payment terms. A document
 * already recorded with the same values is left alone; with other values the import is refused,
 * as for a CSV file.
 */
export async function importEInvoices(db: Db, organizationId: string, sources: readonly ImportSource[], options: ImportOptions = {}): Promise<EInvoiceImportReport> {
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw new AppError('not_found', `organization ${organizationId} does not exist`);
  const max = options.maxIssues ?? DEFAULT_MAX_ISSUES;
  const issues = new IssueList(max);
  const warnings = new IssueList(max);
  const names = sources.map((s) => s.name).join(', ');
  const totalBytes = sources.reduce<number | null>((sum, s) => (sum === null || s.size === null ? null : sum + s.size), 0);
  const progress = (phase: 'validate' | 'write', done: number) => options.onProgress?.({ phase, bytesRead: phase === 'write' || done === sources.length ? (totalBytes ?? 0) : 0, totalBytes, rowsRead: done });
  progress('validate', 0);

  const read = await readAll(sources, issues);
  const customers = await resolveCustomers(db, organization, read, issues);
  const planned: Planned[] = [];
  read.forEach((doc, index) => {
    const customer = customers[index];
    if (!customer) return;
    const { invoice, file } = doc;
    let dueDate: PlainDate | null = null;
    if (invoice.kind === 'invoice') {
      dueDate = invoice.dueDate ?? dueDateFor(invoice.issueDate, { customer: customer.paymentTerms, organization: organization.default_terms }).dueDate;
      if (dueDate < invoice.issueDate) {
        issues.add({ file: file.name, message: `due date ${dueDate} is before the invoice date ${invoice.issueDate}`, reason: { code: 'due_before_date', field: 'due_date', value: dueDate, expected: invoice.issueDate } });
        return;
      }
      const cap = checkInvoiceDelayCap(organization.country, invoice.issueDate, dueDate);
      if (cap) warnings.add({ file: file.name, message: `invoice ${invoice.number}: ${cap.message}`, reason: { code: 'terms_over_legal_cap', field: 'due_date', value: String(cap.termDays), expected: cap.capDays } });
    }
    if (invoice.amountDueMinor <= 0) {
      warnings.add({
        file: file.name,
        message: `${invoice.kind === 'invoice' ? 'invoice' : 'credit note'} ${invoice.number}: nothing is left to pay (amount due ${decimal(invoice.amountDueMinor, invoice.currency)} ${invoice.currency}), so it is not imported`,
        reason: { code: 'nothing_left_to_pay', value: invoice.number },
      });
      return;
    }
    if (invoice.number.length > TEXT_LIMITS.documentNumber) {
      issues.add({ file: file.name, message: `the number ${invoice.number.slice(0, 40)}… is longer than ${TEXT_LIMITS.documentNumber} characters`, reason: { code: 'too_long', field: 'number', value: String(invoice.number.length), expected: TEXT_LIMITS.documentNumber } });
      return;
    }
    planned.push({ file, invoice, pdf: doc.pdf, customer, dueDate, amountMinor: invoice.amountDueMinor });
  });

  // Documents already recorded, and the same number twice among the files.
  const skipped = new Set<Planned>();
  const pdfsForRecorded: Array<{ invoiceId: string; planned: Planned }> = [];
  for (const table of ['invoices', 'credit_notes'] as const) {
    const mine = planned.filter((p) => tableOf(p) === table);
    const recorded = new Map((await findDocumentsByKey(db, organization.id, table, mine.map((p) => p.invoice.number))).map((d) => [d.key, d]));
    const firstSeen = new Map<string, Planned>();
    for (const p of mine) {
      const number = p.invoice.number;
      const existing = recorded.get(number);
      const earlier = firstSeen.get(number);
      if (existing) {
        const diffs = differences(existing, p, table);
        if (diffs.length > 0) {
          issues.add({
            file: p.file.name,
            message: `${nounOf(p)} ${number} is already in Relance with other values (${diffs.join('; ')}); an import never changes a recorded ${nounOf(p)}`,
            reason: { code: 'recorded_with_other_values', field: 'number', value: number },
          });
        } else {
          skipped.add(p);
          if (p.pdf && table === 'invoices') pdfsForRecorded.push({ invoiceId: existing.id, planned: p });
        }
      } else if (earlier) {
        const same = earlier.customer.id === p.customer.id && earlier.amountMinor === p.amountMinor && earlier.invoice.issueDate === p.invoice.issueDate && earlier.dueDate === p.dueDate;
        if (same) skipped.add(p);
        else {
          issues.add({
            file: p.file.name,
            message: `${nounOf(p)} ${number} is also in ${earlier.file.name}, with other values`,
            reason: { code: 'einvoice_number_twice', field: 'number', value: number, expected: earlier.file.name },
          });
        }
      } else firstSeen.set(number, p);
    }
  }
  progress('validate', sources.length);

  const report: EInvoiceImportReport = {
    kind: 'einvoice',
    file: names,
    dry_run: options.dryRun === true,
    encoding: 'utf-8',
    rows_read: read.length,
    created: emptyCounts(),
    updated: { customers: 0 },
    skipped: skipped.size,
    warnings: warnings.listed(),
    warnings_total: warnings.total,
    documents: planned.map((p) => documentJson(p.file.name, p.invoice, p.dueDate)),
  };
  if (issues.total > 0) {
    const n = issues.total;
    throw new AppError('import_failed', `${names}: ${n} problem${n > 1 ? 's' : ''} found, nothing was imported`, { file: names }, { issues: issues.listed() });
  }

  const toWrite = planned.filter((p) => !skipped.has(p));
  const now = nowIso();
  const newCustomers = [...new Set(toWrite.map((p) => p.customer.row).filter((row) => row !== null))];
  const invoices: InvoiceRow[] = [];
  const creditNotes: CreditNoteRow[] = [];
  const files: Array<{ invoiceId: string; planned: Planned }> = [...pdfsForRecorded];
  for (const p of toWrite) {
    const common = { id: newId(), organization_id: organization.id, customer_id: p.customer.id, currency: p.invoice.currency, amount_minor: p.amountMinor, source: 'einvoice', created_at: now };
    if (p.invoice.kind === 'invoice') {
      invoices.push({ ...common, number: p.invoice.number, issue_date: p.invoice.issueDate, due_date: p.dueDate!, payment_terms: null });
      if (p.pdf) files.push({ invoiceId: common.id, planned: p });
    } else {
      creditNotes.push({ ...common, number: p.invoice.number, issue_date: p.invoice.issueDate, invoice_id: null });
    }
  }
  const allocations = await creditTheirInvoices(db, organization.id, creditNotes, toWrite, invoices, now);
  const contacts = toWrite.flatMap((p) => (p.customer.row && p.customer.contact ? [p.customer.contact] : [])).filter((c, i, all) => all.indexOf(c) === i);
  report.created.customers = newCustomers.length;
  report.created.contacts = contacts.length;
  report.created.invoices = invoices.length;
  report.created.credit_notes = creditNotes.length;
  report.created.allocations = allocations.length;
  if (options.dryRun) {
    progress('write', sources.length);
    return report;
  }
  await inTransaction(db, async (tx) => {
    await insertRows(tx, 'customers', newCustomers);
    await insertRows(tx, 'contacts', contacts);
    await insertRows(tx, 'invoices', invoices);
    await insertRows(tx, 'credit_notes', creditNotes);
    await insertRows(tx, 'allocations', allocations);
    // The PDF an e-invoice came in becomes its invoice's document; one already kept is left as it is.
    const kept = new Set((await listInvoiceFileInfo(tx, organization.id, files.map((f) => f.invoiceId))).map((f) => f.invoice_id));
    let stored = 0;
    for (const { invoiceId, planned: p } of files) {
      if (kept.has(invoiceId)) continue;
      stored += 1;
      const content = Buffer.from(p.pdf!);
      await putInvoiceFile(tx, {
        invoice_id: invoiceId,
        organization_id: organization.id,
        file_name: `${p.invoice.number.replace(/[^A-Za-z0-9._-]+/g, '-')}.pdf`,
        content_type: 'application/pdf',
        size_bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content_base64: content.toString('base64'),
        uploaded_at: now,
      });
    }
    if (invoices.length + creditNotes.length > 0) await refuseInexactLedger(tx, organization.id, names, { file: names });
    // One entry for the run, as for the other imports: a customer's timeline finds the import
    // that brought its documents by its time. A second run of the same files changes nothing,
    // not even this log.
    if (toWrite.length > 0 || stored > 0) {
      const digest = createHash('sha256');
      for (const d of read) digest.update(d.file.sha256);
      await insertRows(tx, 'imports', [
        {
          id: newId(),
          organization_id: organization.id,
          kind: 'einvoice',
          file_name: names,
          sha256: digest.digest('hex'),
          rows: read.length,
          summary: JSON.stringify({ created: report.created, skipped: report.skipped, documents: toWrite.map((p) => ({ file: p.file.name, number: p.invoice.number })) }),
          created_at: now,
        },
      ]);
    }
  });
  progress('write', sources.length);
  await refreshStatisticsAfterBulkLoad(db, newCustomers.length + invoices.length + creditNotes.length);
  return report;
}

/**
 * A credit note that names the invoice it corrects (BT-25) is set against it, up to what is
 * still open there, when the invoice is the same customer's in the same currency, recorded or in
 * these files; what is left stays on the customer's account. One that names none, or another
 * customer's invoice, stays wholly on account.
 */
async function creditTheirInvoices(db: Db, organizationId: string, creditNotes: CreditNoteRow[], toWrite: readonly Planned[], invoices: readonly InvoiceRow[], now: string): Promise<AllocationRow[]> {
  const named = new Map(toWrite.filter((p) => p.invoice.kind === 'credit_note').map((p) => [p.invoice.number, p.invoice.precedingInvoice]));
  const numbers = [...new Set([...named.values()].filter((n) => n !== null))];
  if (numbers.length === 0) return [];
  const recorded = await findDocumentsByKey(db, organizationId, 'invoices', numbers);
  const open = new Map(await findOpenAmounts(db, organizationId, 'invoices', recorded.map((d) => d.id)));
  const byNumber = new Map(recorded.map((d) => [d.key, { id: d.id, customerId: d.customer_id, currency: d.currency }]));
  for (const invoice of invoices) {
    byNumber.set(invoice.number, { id: invoice.id, customerId: invoice.customer_id, currency: invoice.currency });
    open.set(invoice.id, invoice.amount_minor);
  }
  const allocations: AllocationRow[] = [];
  for (const note of creditNotes) {
    const target = byNumber.get(named.get(note.number) ?? '');
    if (!target || target.customerId !== note.customer_id || target.currency !== note.currency) continue;
    note.invoice_id = target.id;
    const amount = Math.min(note.amount_minor, Math.max(open.get(target.id) ?? 0, 0));
    if (amount <= 0) continue;
    allocations.push(allocationRow(organizationId, { invoiceId: target.id, creditNoteId: note.id, amountMinor: amount, allocatedOn: note.issue_date, note: `credit note ${note.number}` }, now));
    open.set(target.id, (open.get(target.id) ?? 0) - amount);
  }
  return allocations;
}

/** One e-invoice file: the import every kind shares (`relance import einvoice`, the API, the import page). */
export function importEInvoice(db: Db, organizationId: string, source: ImportSource, options: ImportOptions = {}): Promise<EInvoiceImportReport> {
  return importEInvoices(db, organizationId, [source], options);
}

/** The columns of a preview of e-invoices: the EN 16931 terms each value is read from. */
export const EINVOICE_PREVIEW_COLUMNS = [
  { field: 'number', header: 'BT-1' },
  { field: 'date', header: 'BT-2' },
  { field: 'due_date', header: 'BT-9' },
  { field: 'currency', header: 'BT-5' },
  { field: 'total', header: 'BT-112' },
  { field: 'amount_due', header: 'BT-115' },
  { field: 'customer_name', header: 'BT-44' },
] as const;

/** The document of an e-invoice file as a preview row, or none when the file cannot be read. */
export async function einvoicePreviewRows(source: ImportSource): Promise<{ columns: Array<{ field: string; header: string }>; rows: Array<{ line: number; values: string[] }> }> {
  const columns = EINVOICE_PREVIEW_COLUMNS.map((c) => ({ ...c }));
  const bytes = await readWhole(source);
  const reading = bytes === null ? null : await readEInvoiceFile(bytes);
  if (reading === null || 'problems' in reading) return { columns, rows: [] };
  const doc = documentJson(source.name, reading.invoice, reading.invoice.dueDate);
  return { columns, rows: [{ line: 1, values: [doc.number, doc.issue_date, doc.due_date ?? '', doc.currency, doc.total, doc.amount_due, doc.buyer_name] }] };
}
