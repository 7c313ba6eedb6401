import type { Currency } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import { matchPayments, type LineMatch, type MatchableCustomer, type MatchableInvoice, type StatementCredit } from '../../core/matching/match-payments.js';
import type { Db } from '../../adapters/db/database.js';
import type { BankLineRow } from '../../adapters/db/bank-schema.js';
import { knownPayerIbans, recordBankLineMatch } from '../../adapters/db/stores/bank-lines.js';
import { createPayment, insertAllocation } from '../../adapters/db/stores/documents.js';
import { moveStoredOpenAmounts } from '../../adapters/db/stores/stored-open-amounts.js';
import { settlePaymentClaims } from '../collection/settle-payment-claims.js';

/** What matching decided for one stored bank line. */
export interface BankLineMatch {
  lineId: string;
  /** `matched`: applied to invoices; `suggested`: waits for a person with ranked suggestions; `unmatched`: nothing found. */
  status: 'matched' | 'suggested' | 'unmatched';
  /** Numbers of the invoices the line was applied to. */
  invoices: string[];
}

/** A structured reference the bank reported, told apart from an end-to-end id kept in the same column. */
function structuredReferenceOf(line: BankLineRow): string | null {
  return line.reference !== null && line.reference !== line.end_to_end_id ? line.reference : null;
}

function creditOf(line: BankLineRow): StatementCredit {
  return {
    id: line.id,
    amountMinor: line.amount_minor,
    currency: line.currency as Currency,
    bookingDate: line.booking_date as PlainDate,
    payerName: line.payer_name,
    payerIban: line.payer_iban,
    structuredReference: structuredReferenceOf(line),
    endToEndId: line.end_to_end_id,
    remittance: line.remittance,
  };
}

/** The organization's open invoices and customers, as matching reads them. */
async function matchingLedger(db: Db, organizationId: string): Promise<{ invoices: MatchableInvoice[]; customers: MatchableCustomer[]; numbers: Map<string, string> }> {
  const [invoiceRows, customerRows, ibans] = await Promise.all([
    db.kysely
      .selectFrom('invoices')
      .select(['id', 'customer_id', 'number', 'open_minor', 'currency', 'due_date', 'payment_reference'])
      .where('organization_id', '=', organizationId)
      .where('open_minor', '>', 0)
      .execute(),
    db.kysely.selectFrom('customers').select(['id', 'name']).where('organization_id', '=', organizationId).execute(),
    knownPayerIbans(db, organizationId),
  ]);
  return {
    invoices: invoiceRows.map((row) => ({
      id: row.id,
      customerId: row.customer_id,
      number: row.number,
      openMinor: Number(row.open_minor),
      currency: row.currency as Currency,
      dueDate: row.due_date as PlainDate,
      paymentReference: row.payment_reference ?? null,
    })),
    customers: customerRows.map((row) => ({ id: row.id, name: row.name, payerIbans: ibans.get(row.id) ?? [] })),
    numbers: new Map(invoiceRows.map((row) => [row.id, row.number])),
  };
}

/** The payment's reference: what the bank calls the credit, told apart from other payments by the line. */
function paymentReferenceOf(line: BankLineRow): string {
  const said = line.bank_reference ?? line.end_to_end_id ?? line.reference;
  return `${said && said !== 'NOTPROVIDED' ? said : line.booking_date} · ${line.id.slice(0, 8)}`;
}

/**
 * Called inside the statement import's transaction with the lines just stored (a dry run rolls
 * it back). Matching (core/matching) decides each line; what it is sure of becomes a payment of
 * the customer, allocated to the invoices it pays (through `moveStoredOpenAmounts`, like every
 * allocation; the rest stays on the customer's account), so the invoices it pays are no longer
 * reminded: a message queued for them is stopped by the last check before sending. A line it is
 * not sure of keeps its ranked suggestions and waits for a person.
 */
export async function matchBankLines(db: Db, organizationId: string, lines: readonly BankLineRow[]): Promise<BankLineMatch[]> {
  if (lines.length === 0) return [];
  const ledger = await matchingLedger(db, organizationId);
  const decided = matchPayments({ lines: lines.map(creditOf), invoices: ledger.invoices, customers: ledger.customers });
  const byId = new Map(lines.map((line) => [line.id, line]));
  const results: BankLineMatch[] = [];
  const paid = new Set<string>();
  let lastDay: PlainDate | null = null;
  for (const match of decided) {
    const line = byId.get(match.lineId)!;
    results.push(await apply(db, organizationId, line, match, ledger.numbers));
    if (match.status !== 'matched') continue;
    paid.add(match.customerId);
    if (lastDay === null || line.booking_date > lastDay) lastDay = line.booking_date as PlainDate;
  }
  // Customers who said they had paid are answered at once, in one pass for the whole statement.
  if (lastDay !== null) await settlePaymentClaims(db, organizationId, lastDay, { customerIds: paid, foundOnly: true });
  return results;
}

async function apply(db: Db, organizationId: string, line: BankLineRow, match: LineMatch, numbers: ReadonlyMap<string, string>): Promise<BankLineMatch> {
  if (match.status === 'unmatched') return { lineId: line.id, status: 'unmatched', invoices: [] };
  if (match.status === 'suggested') {
    await recordBankLineMatch(db, organizationId, line.id, { status: 'suggested', paymentId: null, suggestions: JSON.stringify(match.suggestions) });
    return { lineId: line.id, status: 'suggested', invoices: [] };
  }
  // The proposal applied is kept with the line: undone, it waits in the queue with it.
  const { lineId: _lineId, status: _status, ...proposal } = match;
  await applyToCustomer(db, organizationId, line, match.customerId, match.allocations, match.reason.en, JSON.stringify([proposal]));
  return { lineId: line.id, status: 'matched', invoices: match.allocations.map((allocation) => numbers.get(allocation.invoiceId)!) };
}

/**
 * Makes a line the customer's payment, allocated as given (the rest stays on the customer's
 * account), and marks it matched. Claims the payment answers are closed by the caller, once for
 * all the lines it applies.
 */
export async function applyToCustomer(
  db: Db,
  organizationId: string,
  line: BankLineRow,
  customerId: string,
  allocations: readonly { invoiceId: string; amountMinor: number }[],
  note: string,
  suggestions: string | null = line.suggestions,
): Promise<void> {
  const payment = await createPayment(db, organizationId, {
    customerId,
    reference: paymentReferenceOf(line),
    receivedOn: line.booking_date,
    currency: line.currency,
    amountMinor: line.amount_minor,
    method: 'transfer',
    source: 'statement',
  });
  for (const allocation of allocations) {
    await insertAllocation(db, organizationId, { invoiceId: allocation.invoiceId, paymentId: payment.id, amountMinor: allocation.amountMinor, allocatedOn: line.booking_date, note });
  }
  await recordBankLineMatch(db, organizationId, line.id, { status: 'matched', paymentId: payment.id, suggestions });
}

/**
 * Called inside the import's transaction when a later statement reverses a stored credit (the
 * line is then marked `reversed`): the payment it became is taken back, its allocations first,
 * so the invoices it paid are open again and reminded as before.
 */
export async function unapplyBankLine(db: Db, organizationId: string, line: BankLineRow): Promise<void> {
  if (line.payment_id === null) return;
  const removed = await db.kysely
    .deleteFrom('allocations')
    .where('organization_id', '=', organizationId)
    .where('payment_id', '=', line.payment_id)
    .returning(['invoice_id', 'payment_id', 'credit_note_id', 'amount_minor'])
    .execute();
  await moveStoredOpenAmounts(db, organizationId, removed, -1);
  await db.kysely.updateTable('bank_lines').set({ payment_id: null }).where('organization_id', '=', organizationId).where('id', '=', line.id).execute();
  await db.kysely.deleteFrom('payments').where('organization_id', '=', organizationId).where('id', '=', line.payment_id).execute();
}
