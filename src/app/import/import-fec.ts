import { formatMinor, MAX_AMOUNT_MINOR, maxAmountText } from '../../core/money.js';
import { dueDateFor } from '../../core/payment-terms.js';
import { maxDate, type PlainDate } from '../../core/plain-date.js';
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
} from '../../adapters/db/stores/import-writer.js';
import type { AllocationRow } from '../../adapters/db/schema.js';
import { readFecLines, type FecLine } from '../../adapters/files/fec-lines.js';
import { decodeText } from '../../adapters/files/text-decoding.js';
import type { ImportOptions, ImportReport } from './import-report.js';
import type { ImportSource } from './import-source.js';
import { detached } from './csv-rows.js';
import { runImport, type ImportContext, type WriteBatch } from './run-import.js';

/**
 * A FEC is the whole ledger; Relance reads the customer accounts (411…) out of it:
 * - a debit on a customer line is an invoice, a credit a payment, or a credit note when its
 *   entry (same JournalCode and EcritureNum) also touches a revenue account (7…);
 * - lines sharing a lettering code (EcritureLet) on one customer account settle each other;
 *   an unlettered line is open.
 */
const CUSTOMER_ACCOUNT = /^411/;
const REVENUE_ACCOUNT = /^7/;
const BATCH = 500;

type Side = 'debit' | 'credit';

/** A customer line, reduced to what the import needs. */
interface CustomerLine {
  fec: FecLine;
  code: string;
  name: string;
  side: Side;
  amountMinor: number;
}

function customerLine(line: FecLine): CustomerLine | null {
  if (!CUSTOMER_ACCOUNT.test(line.compteNum)) return null;
  const net = line.debitMinor - line.creditMinor;
  if (net === 0) return null;
  const code = line.compAuxNum || line.compteNum;
  return { fec: line, code, name: line.compAuxLib || line.compteLib || code, side: net > 0 ? 'debit' : 'credit', amountMinor: Math.abs(net) };
}

const entryKey = (l: FecLine) => `${l.journalCode}\u0000${l.ecritureNum}`;
const groupKey = (l: CustomerLine) => `${l.code}\u0000${l.fec.ecritureLet}`;

/**
 * Document numbers must be unique and the same on every import of the file. PieceRef is used as
 * is when no other customer line on the same side carries it; otherwise journal and entry number
 * are prefixed ("ANO-1-RAN"), then the customer code, then an ordinal, until it is unique. The
 * "RAN" opening lines of one entry, one per customer, are the usual case.
 */
class Numbering {
  private readonly ordinals = new Map<string, number>();

  constructor(private readonly counts = new Map<string, number>()) {}

  /** The same numbering from the first line again, for another reading of the file. */
  restart(): Numbering {
    return new Numbering(this.counts);
  }

  private keys(l: CustomerLine): [string, string, string] {
    const base = `${l.fec.journalCode}-${l.fec.ecritureNum}${l.fec.pieceRef ? `-${l.fec.pieceRef}` : ''}`;
    return [`${l.side}\u0000${l.fec.pieceRef}`, `${l.side}\u0000${base}`, `${l.side}\u0000${base}-${l.code}`];
  }

  count(l: CustomerLine): void {
    for (const key of this.keys(l)) this.counts.set(detached(key), (this.counts.get(key) ?? 0) + 1);
  }

  /** Call once per line, in file order, after every line was counted. */
  numberOf(l: CustomerLine): string {
    const [piece, entry, customer] = this.keys(l);
    if (l.fec.pieceRef && this.counts.get(piece) === 1) return l.fec.pieceRef;
    const strip = (key: string) => key.slice(key.indexOf('\u0000') + 1);
    if (this.counts.get(entry) === 1) return strip(entry);
    if (this.counts.get(customer) === 1) return strip(customer);
    const n = (this.ordinals.get(customer) ?? 0) + 1;
    this.ordinals.set(detached(customer), n);
    return `${strip(customer)}-${n}`;
  }
}

interface State {
  directory: Map<string, CustomerEntry>;
  newCustomers: Map<string, { id: string; name: string }>;
  /** Entries that touch a revenue account: their customer credits are credit notes. */
  revenueEntries: Set<string>;
  /** Lines per lettering group, to know when a group is complete while streaming. */
  groupSizes: Map<string, number>;
  /** `table|number` of documents already in Relance with the same values. */
  skip: Set<string>;
  numberingCounts: Numbering;
}

interface Document {
  line: CustomerLine;
  table: DocumentTable;
  number: string;
  customerId: string;
  date: PlainDate;
  dueDate: PlainDate | null;
}

function documentOf(state: State, ctx: ImportContext, numbering: Numbering, line: CustomerLine): Document {
  const fec = line.fec;
  const table: DocumentTable = line.side === 'debit' ? 'invoices' : state.revenueEntries.has(entryKey(fec)) ? 'credit_notes' : 'payments';
  const date = fec.pieceDate ?? fec.ecritureDate;
  let dueDate: PlainDate | null = null;
  if (table === 'invoices') {
    const customerTerms = state.directory.get(line.code)?.paymentTerms ?? null;
    dueDate = fec.dueDate ?? dueDateFor(date, { customer: customerTerms, organization: ctx.organization.default_terms }).dueDate;
  }
  const customerId = state.directory.get(line.code)?.id ?? state.newCustomers.get(line.code)!.id;
  return { line, table, number: numbering.numberOf(line), customerId, date, dueDate };
}

async function* customerLines(ctx: ImportContext, phase: 'validate' | 'write', onLine: (line: FecLine) => void): AsyncGenerator<CustomerLine> {
  for await (const item of readFecLines(decodeText(ctx.read(phase), ctx.encoding), ctx.organization.currency)) {
    ctx.row();
    if (item.problems) {
      for (const p of item.problems) ctx.issues.add({ file: ctx.file, ...p });
      continue;
    }
    onLine(item.line);
    const line = customerLine(item.line);
    if (line && line.amountMinor > MAX_AMOUNT_MINOR) {
      const columnName = line.side === 'debit' ? 'Debit' : 'Credit';
      const column = item.line.columnOf(columnName);
      const amount = formatMinor(line.amountMinor, ctx.organization.currency);
      ctx.issues.add({
        file: ctx.file,
        line: item.line.line,
        column,
        message: `${amount} is more than the largest amount Relance records, ${maxAmountText(ctx.organization.currency)}`,
        reason: { code: 'amount_too_large', field: columnName, value: amount },
      });
      continue;
    }
    if (line) yield line;
  }
}

async function validate(ctx: ImportContext): Promise<State> {
  const state: State = {
    directory: await loadCustomerDirectory(ctx.db, ctx.organization.id),
    newCustomers: new Map(),
    revenueEntries: new Set(),
    groupSizes: new Map(),
    skip: new Set(),
    numberingCounts: new Numbering(),
  };
  const noteRevenue = (l: FecLine) => {
    if (REVENUE_ACCOUNT.test(l.compteNum)) state.revenueEntries.add(detached(entryKey(l)));
  };
  for await (const line of customerLines(ctx, 'validate', noteRevenue)) {
    if (!state.directory.has(line.code) && !state.newCustomers.has(line.code)) {
      state.newCustomers.set(detached(line.code), { id: newId(), name: detached(line.name) });
    }
    state.numberingCounts.count(line);
    if (line.fec.ecritureLet) {
      const key = detached(groupKey(line));
      state.groupSizes.set(key, (state.groupSizes.get(key) ?? 0) + 1);
    }
  }
  if (ctx.issues.total > 0) return state;

  // Numbers are known only now that every line was counted: a second reading checks them
  // against what Relance already holds.
  const replay = state.numberingCounts.restart();
  let pending: Document[] = [];
  const check = async () => {
    for (const table of ['invoices', 'credit_notes', 'payments'] as const) {
      const docs = pending.filter((d) => d.table === table);
      const found = new Map((await findDocumentsByKey(ctx.db, ctx.organization.id, table, docs.map((d) => d.number))).map((d) => [d.key, d]));
      for (const doc of docs) {
        const existing = found.get(doc.number);
        if (!existing) continue;
        const same =
          existing.customer_id === doc.customerId &&
          existing.date === doc.date &&
          existing.amount_minor === doc.line.amountMinor &&
          existing.currency === ctx.organization.currency &&
          (table !== 'invoices' || existing.due_date === doc.dueDate);
        if (same) state.skip.add(detached(`${table}|${doc.number}`));
        else {
          const noun = table === 'invoices' ? 'invoice' : table === 'payments' ? 'payment' : 'credit note';
          ctx.issues.add({
            file: ctx.file,
            line: doc.line.fec.line,
            column: doc.line.fec.columnOf('PieceRef'),
            message: `PieceRef: ${noun} ${doc.number} is already in Relance with other values (${formatMinor(existing.amount_minor, existing.currency)} on ${existing.date}, here ${formatMinor(doc.line.amountMinor, ctx.organization.currency)} on ${doc.date}); an import never changes a recorded ${noun}`,
            reason: { code: 'recorded_with_other_values', field: 'PieceRef', value: doc.number },
          });
        }
      }
    }
    pending = [];
  };
  for await (const line of customerLines(ctx, 'validate', () => {})) {
    pending.push(documentOf(state, ctx, replay, line));
    if (pending.length >= BATCH) await check();
  }
  await check();
  ctx.report.skipped = state.skip.size;
  return state;
}

interface GroupItem {
  side: Side;
  table: DocumentTable;
  id: string;
  remaining: number;
}

interface Group {
  letter: string;
  seen: number;
  latest: PlainDate;
  debits: GroupItem[];
  credits: GroupItem[];
}

async function* plan(ctx: ImportContext, db: Db, state: State): AsyncIterable<WriteBatch> {
  const organizationId = ctx.organization.id;
  const currency = ctx.organization.currency;
  const now = nowIso();
  const customers = [...state.newCustomers].map(([code, c]) => ({ ...customerRow(organizationId, { externalRef: code, name: c.name, language: ctx.organization.locale.slice(0, 2) }, now), id: c.id }));
  for (let i = 0; i < customers.length; i += BATCH) yield { customers: customers.slice(i, i + BATCH) };

  const numbering = state.numberingCounts.restart();
  const groups = new Map<string, Group>();
  let pending: Document[] = [];

  const settle = (group: Group, allocations: AllocationRow[]) => {
    const note = `FEC lettering ${group.letter}`;
    while (group.debits.length > 0 && group.credits.length > 0) {
      const debit = group.debits[0]!;
      const credit = group.credits[0]!;
      const amount = Math.min(debit.remaining, credit.remaining);
      if (amount > 0) {
        allocations.push(
          allocationRow(organizationId, {
            invoiceId: debit.id,
            paymentId: credit.table === 'payments' ? credit.id : null,
            creditNoteId: credit.table === 'credit_notes' ? credit.id : null,
            amountMinor: amount,
            allocatedOn: group.latest,
            note,
          }, now),
        );
      }
      debit.remaining -= amount;
      credit.remaining -= amount;
      if (debit.remaining <= 0) group.debits.shift();
      if (credit.remaining <= 0) group.credits.shift();
    }
  };

  const build = async (): Promise<WriteBatch> => {
    const batch: Required<Pick<WriteBatch, 'invoices' | 'credit_notes' | 'payments' | 'allocations'>> = {
      invoices: [],
      credit_notes: [],
      payments: [],
      allocations: [],
    };
    // Lettered documents already in Relance take part in their group with what is still open on them.
    const existingIds = new Map<string, string>();
    const open = new Map<string, number>();
    for (const table of ['invoices', 'credit_notes', 'payments'] as const) {
      const numbers = pending.filter((d) => d.table === table && d.line.fec.ecritureLet && state.skip.has(`${table}|${d.number}`)).map((d) => d.number);
      const found = await findDocumentsByKey(db, organizationId, table, numbers);
      for (const d of found) existingIds.set(`${table}|${d.key}`, d.id);
      for (const [id, amount] of await findOpenAmounts(db, organizationId, table, found.map((d) => d.id))) open.set(id, amount);
    }
    for (const doc of pending) {
      const fec = doc.line.fec;
      const known = state.skip.has(`${doc.table}|${doc.number}`);
      if (known && !fec.ecritureLet) continue;
      let id: string;
      let remaining: number;
      if (known) {
        id = existingIds.get(`${doc.table}|${doc.number}`)!;
        remaining = open.get(id) ?? 0;
      } else {
        id = newId();
        remaining = doc.line.amountMinor;
        const common = { id, organization_id: organizationId, customer_id: doc.customerId, currency, amount_minor: doc.line.amountMinor, source: 'fec', created_at: now };
        if (doc.table === 'invoices') {
          batch.invoices.push({ ...common, number: doc.number, issue_date: doc.date, due_date: doc.dueDate!, payment_terms: null });
        } else if (doc.table === 'credit_notes') {
          batch.credit_notes.push({ ...common, number: doc.number, issue_date: doc.date, invoice_id: null });
        } else {
          batch.payments.push({ ...common, reference: doc.number, received_on: doc.date, method: 'other' });
        }
      }
      if (!fec.ecritureLet) continue;
      const key = groupKey(doc.line);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { letter: fec.ecritureLet, seen: 0, latest: doc.date, debits: [], credits: [] }));
      group.seen += 1;
      group.latest = maxDate(group.latest, maxDate(doc.date, fec.ecritureDate));
      const item: GroupItem = { side: doc.line.side, table: doc.table, id, remaining };
      if (remaining > 0) (item.side === 'debit' ? group.debits : group.credits).push(item);
      settle(group, batch.allocations);
      if (group.seen === state.groupSizes.get(key)) {
        // The letter says these lines are settled; what the file does not show them settled
        // against predates the file (or sits in another ledger), so it is settled against nothing here.
        for (const rest of [...group.debits, ...group.credits]) {
          if (rest.remaining <= 0) continue;
          batch.allocations.push(
            allocationRow(organizationId, {
              invoiceId: rest.side === 'debit' ? rest.id : null,
              paymentId: rest.side === 'credit' && rest.table === 'payments' ? rest.id : null,
              creditNoteId: rest.side === 'credit' && rest.table === 'credit_notes' ? rest.id : null,
              amountMinor: rest.remaining,
              allocatedOn: group.latest,
              note: `FEC lettering ${group.letter}: settled by entries outside this file`,
            }, now),
          );
        }
        groups.delete(key);
      }
    }
    return batch;
  };

  for await (const line of customerLines(ctx, 'write', () => {})) {
    pending.push(documentOf(state, ctx, numbering, line));
    if (pending.length >= BATCH) {
      yield await build();
      pending = [];
    }
  }
  if (pending.length > 0) yield await build();
}

/**
 * Imports a FEC (Fichier des Écritures Comptables): customers, invoices, credit notes, payments
 * and their lettering, so the balance of each customer equals its unlettered 411 lines.
 */
export async function importFec(db: Db, organizationId: string, source: ImportSource, options: ImportOptions = {}): Promise<ImportReport> {
  return runImport(db, organizationId, 'fec', source, options, { validate, plan });
}
