import { formatMinor } from '../../core/money.js';
import { checkInvoiceDelayCap, dueDateFor, formatPaymentTerms, parsePaymentTerms, type TermsWarning } from '../../core/payment-terms.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import { customerRow } from '../../adapters/db/stores/customers.js';
import { allocationRow } from '../../adapters/db/stores/documents.js';
import {
  findDocumentsByKey,
  findOpenAmounts,
  loadCustomerDirectory,
  type CustomerEntry,
  type DocumentTable,
  type KeyedDocument,
} from '../../adapters/db/stores/import-writer.js';
import type { AllocationRow, CreditNoteRow, CustomerRow, InvoiceRow, PaymentRow } from '../../adapters/db/schema.js';
import { CSV_COLUMNS, type CsvKind } from './import-columns.js';
import type { ImportOptions, ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';
import { IssueList } from './issue-list.js';
import { LineFingerprints } from './line-fingerprints.js';
import { CellReader, detached, parseColumnMap, readCsvRows, type CsvCell, type CsvRow } from './csv-rows.js';
import { assertNoIssues, runImport, type ImportContext, type WriteBatch } from './run-import.js';

type DocumentKind = Exclude<CsvKind, 'customers'>;

/** A row of an invoices, credit-notes or payments file, read and checked. */
interface DocumentLine {
  key: string;
  keyCell: CsvCell;
  customerId: string;
  date: PlainDate;
  dueDate: PlainDate | null;
  terms: string | null;
  currency: string;
  amountMinor: number;
  invoiceNumber: string | null;
  invoiceCell: CsvCell | null;
}

interface KindRules {
  table: DocumentTable;
  /** "invoice", "credit note", "payment": how messages name a row. */
  noun: string;
  keyField: 'number' | 'reference';
  keyNoun: string;
  /** Why a zero or negative amount is refused, and what to do instead. */
  positiveHint: string;
  source: string;
}

const RULES: Record<DocumentKind, KindRules> = {
  invoices: {
    table: 'invoices',
    noun: 'invoice',
    keyField: 'number',
    keyNoun: 'number',
    positiveHint: 'import credit notes with the credit-notes kind',
    source: 'csv',
  },
  'credit-notes': {
    table: 'credit_notes',
    noun: 'credit note',
    keyField: 'number',
    keyNoun: 'number',
    positiveHint: 'write a credit note as a positive amount',
    source: 'csv',
  },
  payments: {
    table: 'payments',
    noun: 'payment',
    keyField: 'reference',
    keyNoun: 'reference',
    positiveHint: 'a refund is not a payment: leave it out of this file',
    source: 'csv',
  },
};

const BATCH = 500;

interface State {
  directory: Map<string, CustomerEntry>;
  /** Customers the file creates: code → name while validating. */
  newCustomers: Map<string, string>;
  /** Their ids, given when they are written. */
  newCustomerIds: Map<string, string>;
  /** Rows already in Relance with identical values (the writing pass finds them again by key). */
  alreadyPresent: number;
}

/** Reads one row; in the validating pass it also records new customers, duplicates and warnings. */
class LineReader {
  private readonly seen = new LineFingerprints();
  /** Keys whose fingerprint was seen before: confirmed against the text once the file is read. */
  readonly suspects: Array<{ firstLine: number; key: string; cell: CsvCell }> = [];

  constructor(
    private readonly ctx: ImportContext,
    private readonly kind: DocumentKind,
    private readonly state: State,
    private readonly reader: CellReader,
    private readonly validating: boolean,
  ) {}

  read(row: CsvRow): DocumentLine | null {
    const rules = RULES[this.kind];
    const { reader } = this;
    const key = reader.text(row, rules.keyField, true);
    const keyCell = row.cell(rules.keyField)!;
    if (key !== null && this.validating) {
      const previous = this.seen.add(key, keyCell.line);
      if (previous !== 0) this.suspects.push({ firstLine: previous, key: detached(key), cell: keyCell });
    }
    const customer = this.customer(row);
    const date = reader.date(row, 'date', true);
    const currency = reader.currency(row, this.ctx.organization.currency);
    const amountMinor = reader.amount(row, 'amount', currency, true, rules.positiveHint);
    const invoiceNumber = row.has('invoice') ? reader.text(row, 'invoice', false) : null;
    let due: { date: PlainDate; terms: string | null } | null = null;
    if (this.kind === 'invoices' && date !== null && customer !== null) due = this.dueDate(row, key ?? '', date, customer);
    if (key === null || customer === null || date === null || currency === null || amountMinor === null) return null;
    if (this.kind === 'invoices' && due === null) return null;
    return {
      key,
      keyCell,
      customerId: customer.id,
      date,
      dueDate: due?.date ?? null,
      terms: due?.terms ?? null,
      currency,
      amountMinor,
      invoiceNumber,
      invoiceCell: invoiceNumber === null ? null : row.cell('invoice'),
    };
  }

  /** The customer a row names; an unknown code is created when the file gives its name. */
  private customer(row: CsvRow): { id: string; terms: string | null } | null {
    const code = this.reader.text(row, 'customer', true);
    if (code === null) return null;
    const known = this.state.directory.get(code);
    if (known) return { id: known.id, terms: known.paymentTerms };
    if (!this.validating) {
      const id = this.state.newCustomerIds.get(code);
      return id === undefined ? null : { id, terms: null };
    }
    // A customer the file creates cannot own anything already in Relance: no id matches it yet.
    if (this.state.newCustomers.has(code)) return { id: '', terms: null };
    const nameCell = row.cell('customer_name');
    if (nameCell === null) {
      this.reader.problem(row.cell('customer')!, `customer ${code} is not known and the file has no customer name column to create it`, {
        code: 'unknown_customer_no_name_column',
        field: 'customer',
        value: code,
      });
      return null;
    }
    if (nameCell.text === '') {
      this.reader.problem(nameCell, `customer ${code} is not known: give its name here to create it`, {
        code: 'unknown_customer_give_name',
        field: 'customer_name',
        value: code,
      });
      return null;
    }
    this.state.newCustomers.set(detached(code), detached(nameCell.text));
    return { id: '', terms: null };
  }

  /**
   * The due date as written, else from the row's payment terms, else the customer's, else the
   * organization's default terms. Terms past the creditor country's legal cap are a warning:
   * the invoice exists whatever its terms, and chasing it is still right.
   */
  private dueDate(row: CsvRow, number: string, issueDate: PlainDate, customer: { terms: string | null }): { date: PlainDate; terms: string | null } | null {
    const { reader, ctx } = this;
    const country = ctx.organization.country;
    const dueCell = row.cell('due_date');
    if (dueCell !== null && dueCell.text !== '') {
      const date = reader.date(row, 'due_date', false);
      if (date === null) return null;
      if (date < issueDate) {
        reader.problem(dueCell, `due date ${date} is before the invoice date ${issueDate}`, { code: 'due_before_date', field: 'due_date', value: date, expected: issueDate });
        return null;
      }
      this.warnOverCap(dueCell, `invoice ${number}`, checkInvoiceDelayCap(country, issueDate, date));
      return { date, terms: null };
    }
    const termsCell = row.cell('terms');
    let written: string | null = null;
    if (termsCell !== null && termsCell.text !== '') {
      const terms = parsePaymentTerms(termsCell.text);
      if (terms === null) {
        reader.problem(termsCell, `"${termsCell.text}" is not a payment term (write "net 30", "45 eom", "eom + 10" or "on receipt")`, {
          code: 'not_payment_terms',
          field: 'terms',
          value: termsCell.text,
        });
        return null;
      }
      written = formatPaymentTerms(terms);
    }
    const choice = dueDateFor(issueDate, { invoice: written, customer: customer.terms, organization: ctx.organization.default_terms });
    const [place, whose] =
      choice.from === 'invoice'
        ? [termsCell!, `invoice ${number}`]
        : choice.from === 'customer'
          ? [row.cell('customer')!, `invoice ${number} on the customer's terms (${customer.terms})`]
          : [row.cell('date')!, `invoice ${number} on the organization's default terms (${ctx.organization.default_terms})`];
    this.warnOverCap(place, whose, checkInvoiceDelayCap(country, issueDate, choice.dueDate));
    return { date: choice.dueDate, terms: written };
  }

  private warnOverCap(cell: CsvCell, whose: string, warning: TermsWarning | null): void {
    if (warning === null || !this.validating) return;
    this.ctx.warnings.add({
      file: this.ctx.file,
      line: cell.line,
      column: cell.column,
      message: `${cell.header}: ${whose}: ${warning.message}`,
      reason: { code: 'terms_over_legal_cap', value: String(warning.termDays), expected: warning.capDays },
    });
  }
}

function differences(kind: DocumentKind, existing: KeyedDocument, line: DocumentLine): string[] {
  const diffs: string[] = [];
  if (existing.customer_id !== line.customerId) diffs.push('another customer');
  if (existing.date !== line.date) diffs.push(`date ${existing.date}, here ${line.date}`);
  if (kind === 'invoices' && existing.due_date !== line.dueDate) diffs.push(`due date ${existing.due_date}, here ${line.dueDate}`);
  if (existing.currency !== line.currency || existing.amount_minor !== line.amountMinor) {
    diffs.push(
      `amount ${formatMinor(existing.amount_minor, existing.currency)} ${existing.currency}, here ${formatMinor(line.amountMinor, line.currency)} ${line.currency}`,
    );
  }
  return diffs;
}

async function validate(ctx: ImportContext, kind: DocumentKind): Promise<State> {
  const rules = RULES[kind];
  const specs = CSV_COLUMNS[kind];
  const state: State = { directory: await loadCustomerDirectory(ctx.db, ctx.organization.id), newCustomers: new Map(), newCustomerIds: new Map(), alreadyPresent: 0 };
  const reader = new CellReader(ctx.file, ctx.issues);
  const lines = new LineReader(ctx, kind, state, reader, true);
  let pending: DocumentLine[] = [];
  const check = async () => {
    const found = await findDocumentsByKey(ctx.db, ctx.organization.id, rules.table, pending.map((l) => l.key));
    const byKey = new Map(found.map((d) => [d.key, d]));
    for (const line of pending) {
      const existing = byKey.get(line.key);
      if (!existing) continue;
      const diffs = differences(kind, existing, line);
      if (diffs.length === 0) state.alreadyPresent += 1;
      else {
        reader.problem(
          line.keyCell,
          `${rules.noun} ${line.key} is already in Relance with other values (${diffs.join('; ')}); an import never changes a recorded ${rules.noun}`,
          { code: 'recorded_with_other_values', field: rules.keyField, value: line.key },
        );
      }
    }
    const referenced = pending.filter((l) => l.invoiceNumber !== null);
    const invoices = await findDocumentsByKey(ctx.db, ctx.organization.id, 'invoices', [...new Set(referenced.map((l) => l.invoiceNumber!))]);
    const invoiceByNumber = new Map(invoices.map((d) => [d.key, d]));
    for (const line of referenced) {
      const invoice = invoiceByNumber.get(line.invoiceNumber!);
      const cell = line.invoiceCell!;
      const number = line.invoiceNumber!;
      if (!invoice) reader.problem(cell, `invoice ${number} is not in Relance: import the invoices first`, { code: 'invoice_not_recorded', field: 'invoice', value: number });
      else if (invoice.customer_id !== line.customerId) {
        reader.problem(cell, `invoice ${number} belongs to another customer`, { code: 'invoice_of_other_customer', field: 'invoice', value: number });
      } else if (invoice.currency !== line.currency) {
        reader.problem(cell, `invoice ${number} is in ${invoice.currency}, this ${rules.noun} in ${line.currency}`, {
          code: 'invoice_other_currency',
          field: 'invoice',
          value: number,
          expected: invoice.currency,
        });
      }
    }
    pending = [];
  };
  const columnMap = parseColumnMap(ctx.options.columnMap, specs);
  for await (const row of readCsvRows(ctx.read('validate'), { file: ctx.file, encoding: ctx.encoding, specs, columnMap, issues: ctx.issues })) {
    ctx.row();
    const line = lines.read(row);
    if (line === null) continue;
    pending.push(line);
    if (pending.length >= BATCH) await check();
  }
  await check();
  if (lines.suspects.length > 0) await confirmDuplicates(ctx, kind, lines.suspects, reader);
  ctx.report.skipped = state.alreadyPresent;
  return state;
}

/** Reads the file again for the text of the first lines of suspected duplicates, and reports the real ones. */
async function confirmDuplicates(ctx: ImportContext, kind: DocumentKind, suspects: LineReader['suspects'], reader: CellReader): Promise<void> {
  const rules = RULES[kind];
  const specs = CSV_COLUMNS[kind];
  const wanted = new Map(suspects.map((s) => [s.firstLine, '']));
  const scratch = new IssueList();
  const columnMap = parseColumnMap(ctx.options.columnMap, specs);
  for await (const row of readCsvRows(ctx.read('validate'), { file: ctx.file, encoding: ctx.encoding, specs, columnMap, issues: scratch })) {
    const cell = row.cell(rules.keyField)!;
    if (wanted.has(cell.line)) wanted.set(cell.line, cell.text);
  }
  for (const suspect of suspects) {
    if (wanted.get(suspect.firstLine) !== suspect.key) continue;
    reader.problem(suspect.cell, `${rules.noun} ${rules.keyNoun} ${suspect.key} appears twice in the file, on lines ${suspect.firstLine} and ${suspect.cell.line}`, {
      code: 'twice_in_file',
      field: rules.keyField,
      value: suspect.key,
      expected: suspect.firstLine,
    });
  }
}

async function* plan(ctx: ImportContext, db: Db, kind: DocumentKind, state: State): AsyncIterable<WriteBatch> {
  const rules = RULES[kind];
  const specs = CSV_COLUMNS[kind];
  const organizationId = ctx.organization.id;
  const now = nowIso();
  let customers: CustomerRow[] = [];
  for (const [code, name] of state.newCustomers) {
    const row = customerRow(organizationId, { externalRef: code, name, language: ctx.organization.locale.slice(0, 2) }, now);
    state.newCustomerIds.set(code, row.id);
    customers.push(row);
    if (customers.length >= BATCH) {
      yield { customers };
      customers = [];
    }
  }
  if (customers.length > 0) yield { customers };
  state.newCustomers.clear();

  const scratch = new IssueList();
  const lines = new LineReader(ctx, kind, state, new CellReader(ctx.file, scratch), false);
  // What is still open on the invoices this file pays or credits, as the file is applied in order.
  const openOnInvoice = new Map<string, number>();
  let pending: DocumentLine[] = [];

  const build = async (): Promise<WriteBatch> => {
    const batch: WriteBatch = {};
    // Validation showed that every row already in Relance is identical to it: those are left alone.
    const present = new Set((await findDocumentsByKey(db, organizationId, rules.table, pending.map((l) => l.key))).map((d) => d.key));
    if (present.size > 0) pending = pending.filter((l) => !present.has(l.key));
    if (kind === 'invoices') {
      batch.invoices = pending.map(
        (l): InvoiceRow => ({
          id: newId(),
          organization_id: organizationId,
          customer_id: l.customerId,
          number: l.key,
          issue_date: l.date,
          due_date: l.dueDate!,
          currency: l.currency,
          amount_minor: l.amountMinor,
          payment_terms: l.terms,
          source: rules.source,
          created_at: now,
        }),
      );
      return batch;
    }
    const invoices = await findDocumentsByKey(db, organizationId, 'invoices', [...new Set(pending.flatMap((l) => (l.invoiceNumber ? [l.invoiceNumber] : [])))]);
    const invoiceId = new Map(invoices.map((d) => [d.key, d.id]));
    const unknown = [...new Set(invoices.map((d) => d.id))].filter((id) => !openOnInvoice.has(id));
    for (const [id, open] of await findOpenAmounts(db, organizationId, 'invoices', unknown)) openOnInvoice.set(id, open);
    const allocations: AllocationRow[] = [];
    const allocate = (line: DocumentLine, side: { paymentId?: string; creditNoteId?: string }): string | null => {
      if (line.invoiceNumber === null) return null;
      const id = invoiceId.get(line.invoiceNumber)!;
      const open = openOnInvoice.get(id) ?? 0;
      const amount = Math.min(line.amountMinor, Math.max(open, 0));
      if (amount > 0) {
        allocations.push(allocationRow(organizationId, { invoiceId: id, ...side, amountMinor: amount, allocatedOn: line.date }, now));
        openOnInvoice.set(id, open - amount);
      }
      return id;
    };
    if (kind === 'payments') {
      batch.payments = pending.map((l): PaymentRow => {
        const id = newId();
        allocate(l, { paymentId: id });
        return {
          id,
          organization_id: organizationId,
          customer_id: l.customerId,
          reference: l.key,
          received_on: l.date,
          currency: l.currency,
          amount_minor: l.amountMinor,
          method: 'transfer',
          source: rules.source,
          created_at: now,
        };
      });
    } else {
      batch.credit_notes = pending.map((l): CreditNoteRow => {
        const id = newId();
        return {
          id,
          organization_id: organizationId,
          customer_id: l.customerId,
          number: l.key,
          issue_date: l.date,
          currency: l.currency,
          amount_minor: l.amountMinor,
          invoice_id: allocate(l, { creditNoteId: id }),
          source: rules.source,
          created_at: now,
        };
      });
    }
    batch.allocations = allocations;
    return batch;
  };

  const columnMap = parseColumnMap(ctx.options.columnMap, specs);
  for await (const row of readCsvRows(ctx.read('write'), { file: ctx.file, encoding: ctx.encoding, specs, columnMap, issues: scratch })) {
    ctx.row();
    const line = lines.read(row);
    assertNoIssues(scratch.items);
    if (line === null) continue;
    pending.push(line);
    if (pending.length >= BATCH) {
      yield await build();
      pending = [];
    }
  }
  if (pending.length > 0) yield await build();
}

/** Imports an invoices, credit-notes or payments CSV file. */
export async function importDocuments(
  db: Db,
  organizationId: string,
  kind: DocumentKind,
  source: ImportSource,
  options: ImportOptions = {},
): Promise<ImportReport> {
  return runImport(db, organizationId, kind, source, options, {
    validate: (ctx) => validate(ctx, kind),
    plan: (ctx, tx, state) => plan(ctx, tx, kind, state),
  });
}
