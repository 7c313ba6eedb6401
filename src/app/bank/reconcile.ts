import { AppError } from '../../core/app-error.js';
import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import type { MatchProposal } from '../../core/matching/match-payments.js';
import type { Db } from '../../adapters/db/database.js';
import type { BankLineRow } from '../../adapters/db/bank-schema.js';
import { recordBankLineMatch } from '../../adapters/db/stores/bank-lines.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { applyToCustomer, unapplyBankLine } from './match-bank-lines.js';
import { settlePaymentClaims } from '../collection/settle-payment-claims.js';
import type { PlainDate } from '../../core/plain-date.js';

/** One allocation of a line to an invoice, as a person or matching proposes it. */
export interface ReconcileAllocation {
  invoiceId: string;
  amountMinor: number;
}

export interface ReconciliationLineJson {
  id: string;
  status: 'suggested' | 'unmatched' | 'matched' | 'ignored';
  amount: MoneyJson;
  booking_date: string;
  payer_name: string | null;
  payer_iban: string | null;
  reference: string | null;
  remittance: string | null;
  file_name: string;
  /** Best first; each sent back by its index to confirm it. */
  suggestions: {
    customer: { id: string; reference: string; name: string };
    invoices: { id: string; number: string; amount: MoneyJson }[];
    on_account: MoneyJson;
    confidence: number;
    reason: { en: string; fr: string };
  }[];
  /** The payment the line became, once applied. */
  payment_id: string | null;
}

interface StoredProposal extends Omit<MatchProposal, 'reason'> {
  reason: { en: string; fr: string };
}

async function requireLine(db: Db, organizationId: string, lineId: string): Promise<BankLineRow> {
  const line = await db.kysely.selectFrom('bank_lines').selectAll().where('organization_id', '=', organizationId).where('id', '=', lineId).executeTakeFirst();
  if (!line) throw new AppError('not_found', `no bank line ${lineId}`, { field: 'id' });
  return line;
}

function proposalsOf(line: BankLineRow): StoredProposal[] {
  return line.suggestions ? (JSON.parse(line.suggestions) as StoredProposal[]) : [];
}

/**
 * The reconciliation queue: the bank lines matching was not sure of (`suggested`, with its ranked
 * proposals) and those it found nothing for (`unmatched`), oldest booking first; with `status`,
 * the lines in that state (`matched` to undo one, `ignored`).
 */
export async function listReconciliationLines(db: Db, organizationId: string, options: { status?: ReconciliationLineJson['status']; limit?: number } = {}): Promise<ReconciliationLineJson[]> {
  const statuses = options.status ? [options.status] : ['suggested', 'unmatched'];
  const lines = await db.kysely
    .selectFrom('bank_lines')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('status', 'in', statuses as BankLineRow['status'][])
    .orderBy('booking_date')
    .orderBy('id')
    .limit(options.limit ?? 200)
    .execute();
  const proposals = lines.flatMap(proposalsOf);
  const customerIds = [...new Set(proposals.map((proposal) => proposal.customerId))];
  const invoiceIds = [...new Set(proposals.flatMap((proposal) => proposal.allocations.map((allocation) => allocation.invoiceId)))];
  const [customers, invoices] = await Promise.all([
    customerIds.length === 0 ? [] : db.kysely.selectFrom('customers').select(['id', 'external_ref', 'name']).where('organization_id', '=', organizationId).where('id', 'in', customerIds).execute(),
    invoiceIds.length === 0 ? [] : db.kysely.selectFrom('invoices').select(['id', 'number']).where('organization_id', '=', organizationId).where('id', 'in', invoiceIds).execute(),
  ]);
  const customerById = new Map(customers.map((row) => [row.id, row]));
  const numberById = new Map(invoices.map((row) => [row.id, row.number]));
  return lines.map((line) => ({
    id: line.id,
    status: line.status as ReconciliationLineJson['status'],
    amount: toMoneyJson(line.amount_minor, line.currency),
    booking_date: line.booking_date,
    payer_name: line.payer_name,
    payer_iban: line.payer_iban,
    reference: line.reference,
    remittance: line.remittance,
    file_name: line.file_name,
    payment_id: line.payment_id,
    suggestions: proposalsOf(line).map((proposal) => {
      const customer = customerById.get(proposal.customerId);
      return {
        customer: { id: proposal.customerId, reference: customer?.external_ref ?? '', name: customer?.name ?? '' },
        invoices: proposal.allocations.map((allocation) => ({ id: allocation.invoiceId, number: numberById.get(allocation.invoiceId) ?? '', amount: toMoneyJson(allocation.amountMinor, line.currency) })),
        on_account: toMoneyJson(proposal.onAccountMinor, line.currency),
        confidence: proposal.confidence,
        reason: proposal.reason,
      };
    }),
  }));
}

/** What a person decides for a waiting line: one of its suggestions, or a customer and a split of their own. */
export type Confirmation = { suggestion: number } | { customerId: string; allocations: readonly ReconcileAllocation[] };

/**
 * A person confirms a waiting line: it becomes the customer's payment, allocated as chosen (a
 * split across invoices, or nothing: all of it stays on the customer's account as credit). The
 * payer's IBAN is known for that customer from then on, for the next statements.
 */
export async function confirmBankLine(db: Db, organizationId: string, lineId: string, confirmation: Confirmation): Promise<{ invoices: string[] }> {
  return inTransaction(db, async (tx) => {
    const line = await requireLine(tx, organizationId, lineId);
    if (line.status !== 'suggested' && line.status !== 'unmatched') throw new AppError('conflict', `this bank line is ${line.status}, not waiting for a person`, { field: 'id' });
    let customerId: string;
    let allocations: readonly ReconcileAllocation[];
    if ('suggestion' in confirmation) {
      const proposal = proposalsOf(line)[confirmation.suggestion];
      if (!proposal) throw new AppError('validation_failed', `this line has no suggestion ${confirmation.suggestion}`, { field: 'suggestion' });
      customerId = proposal.customerId;
      allocations = proposal.allocations;
    } else {
      customerId = confirmation.customerId;
      allocations = confirmation.allocations;
    }
    const invoices = await requireAllocations(tx, organizationId, line, customerId, allocations);
    await applyToCustomer(tx, organizationId, line, customerId, allocations, 'confirmed by a person');
    await settlePaymentClaims(tx, organizationId, line.booking_date as PlainDate, { customerIds: new Set([customerId]), foundOnly: true });
    return { invoices };
  });
}

/** Checks a person's split and returns the numbers of the invoices it pays, in its order. */
async function requireAllocations(db: Db, organizationId: string, line: BankLineRow, customerId: string, allocations: readonly ReconcileAllocation[]): Promise<string[]> {
  const customer = await db.kysely.selectFrom('customers').select('id').where('organization_id', '=', organizationId).where('id', '=', customerId).executeTakeFirst();
  if (!customer) throw new AppError('not_found', `no customer ${customerId}`, { field: 'customer_id' });
  let total = 0;
  const numbers: string[] = [];
  for (const [index, allocation] of allocations.entries()) {
    const field = `allocations[${index}]`;
    if (!Number.isSafeInteger(allocation.amountMinor) || allocation.amountMinor <= 0) throw new AppError('invalid_amount', 'an amount put on an invoice is more than zero', { field: `${field}.amount` });
    const invoice = await db.kysely
      .selectFrom('invoices')
      .select(['number', 'open_minor', 'currency', 'customer_id'])
      .where('organization_id', '=', organizationId)
      .where('id', '=', allocation.invoiceId)
      .executeTakeFirst();
    if (!invoice || invoice.customer_id !== customerId) throw new AppError('validation_failed', "this invoice is not one of the customer's", { field: `${field}.invoice_id` });
    if (invoice.currency !== line.currency) throw new AppError('validation_failed', `invoice ${invoice.number} is in ${invoice.currency}, the credit in ${line.currency}`, { field: `${field}.invoice_id` });
    if (allocation.amountMinor > Number(invoice.open_minor)) throw new AppError('validation_failed', `invoice ${invoice.number} has less than that left to pay`, { field: `${field}.amount` });
    total += allocation.amountMinor;
    numbers.push(invoice.number);
  }
  if (total > line.amount_minor) throw new AppError('validation_failed', 'the amounts put on invoices add up to more than the credit', { field: 'allocations' });
  return numbers;
}

/** Leaves a line out of the queue for good (a transfer between own accounts, a refund): nothing is applied. */
export async function ignoreBankLine(db: Db, organizationId: string, lineId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const line = await requireLine(tx, organizationId, lineId);
    if (line.status !== 'suggested' && line.status !== 'unmatched') throw new AppError('conflict', `this bank line is ${line.status}, not waiting for a person`, { field: 'id' });
    await recordBankLineMatch(tx, organizationId, lineId, { status: 'ignored', paymentId: null, suggestions: line.suggestions });
  });
}

/**
 * Undoes a match, matching's own or a person's: the payment it became is taken back, its
 * allocations first, so the invoices are open (and reminded) again; the line waits in the queue.
 */
export async function undoBankLine(db: Db, organizationId: string, lineId: string): Promise<void> {
  await inTransaction(db, async (tx) => {
    const line = await requireLine(tx, organizationId, lineId);
    if (line.status !== 'matched' && line.status !== 'ignored') throw new AppError('conflict', `this bank line is ${line.status}: there is nothing to undo`, { field: 'id' });
    await unapplyBankLine(tx, organizationId, line);
    await recordBankLineMatch(tx, organizationId, lineId, { status: line.suggestions ? 'suggested' : 'unmatched', paymentId: null, suggestions: line.suggestions });
  });
}

