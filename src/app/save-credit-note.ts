import { AppError } from '../core/app-error.js';
import { formatMinor, moneyFromJson, type MoneyJson } from '../core/money.js';
import { parseDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import { getCustomer } from '../adapters/db/stores/customers.js';
import {
  allocatedTotal,
  createCreditNote,
  getCreditNote,
  getInvoice,
  updateCreditNote,
  type CreditNoteChanges,
  type CreditNoteWithUnapplied,
} from '../adapters/db/stores/documents.js';
import { inTransaction } from '../adapters/db/stores/in-transaction.js';
import { failOnDuplicate } from '../adapters/db/stores/unique-violation.js';
import { refuseInexactAmount, saveWithinLedgerBound } from './refuse-inexact-ledger.js';

export interface CreditNoteInput {
  customer_id: string;
  number: string;
  issue_date: string;
  amount: MoneyJson;
  /** The invoice it corrects; recorded for reference, the money moves only by allocation. */
  invoice_id?: string | null;
}

function positive(json: MoneyJson) {
  const amount = moneyFromJson(json, 'amount');
  if (amount.minor <= 0) throw new AppError('validation_failed', 'amount must be more than zero', { field: 'amount.amount' });
  return amount;
}

async function checkInvoice(db: Db, organizationId: string, invoiceId: string, customerId: string, currency: string): Promise<void> {
  const invoice = await getInvoice(db, organizationId, invoiceId);
  if (!invoice) throw new AppError('not_found', `invoice ${invoiceId} does not exist`, { field: 'invoice_id' });
  if (invoice.customer_id !== customerId) {
    throw new AppError('validation_failed', `invoice ${invoice.number} belongs to another customer`, { field: 'invoice_id' });
  }
  if (invoice.currency !== currency) {
    throw new AppError('validation_failed', `invoice ${invoice.number} is in ${invoice.currency}, the credit note in ${currency}`, { field: 'amount.currency' });
  }
}

const duplicate = (number: string | undefined) => `a credit note numbered ${number} already exists`;

export async function createCreditNoteFromInput(db: Db, organizationId: string, input: CreditNoteInput): Promise<CreditNoteWithUnapplied> {
  const customer = await getCustomer(db, organizationId, input.customer_id);
  if (!customer) throw new AppError('not_found', `customer ${input.customer_id} does not exist`, { field: 'customer_id' });
  const number = input.number.trim();
  if (!number) throw new AppError('validation_failed', 'number must not be empty', { field: 'number' });
  const amount = positive(input.amount);
  if (input.invoice_id) await checkInvoice(db, organizationId, input.invoice_id, customer.id, amount.currency);
  const issueDate = parseDate(input.issue_date, 'issue_date');
  const row = await saveWithinLedgerBound(db, organizationId, input.amount, (tx) =>
    failOnDuplicate(
      () =>
        createCreditNote(tx, organizationId, {
          customerId: customer.id,
          number,
          issueDate,
          currency: amount.currency,
          amountMinor: amount.minor,
          invoiceId: input.invoice_id ?? null,
        }),
      'number',
      duplicate(number),
    ),
  );
  return (await getCreditNote(db, organizationId, row.id))!;
}

export async function updateCreditNoteFromInput(
  db: Db,
  organizationId: string,
  creditNoteId: string,
  input: Partial<Omit<CreditNoteInput, 'customer_id'>>,
): Promise<CreditNoteWithUnapplied> {
  return inTransaction(db, async (tx) => {
    const current = await getCreditNote(tx, organizationId, creditNoteId);
    if (!current) throw new AppError('not_found', `credit note ${creditNoteId} does not exist`, { field: 'id' });
    const changes: CreditNoteChanges = {};
    if (input.number !== undefined) {
      const number = input.number.trim();
      if (!number) throw new AppError('validation_failed', 'number must not be empty', { field: 'number' });
      changes.number = number;
    }
    if (input.issue_date !== undefined) changes.issue_date = parseDate(input.issue_date, 'issue_date');
    if (input.amount !== undefined) {
      const amount = positive(input.amount);
      const allocated = await allocatedTotal(tx, organizationId, 'credit_note_id', creditNoteId);
      if (allocated > 0 && amount.currency !== current.currency) {
        throw new AppError('conflict', `credit note ${current.number} has allocations in ${current.currency}; its currency cannot change`, { field: 'amount.currency' });
      }
      if (amount.minor < allocated) {
        throw new AppError('conflict', `credit note ${current.number} already has ${formatMinor(allocated, current.currency)} ${current.currency} allocated; its amount cannot be lower`, {
          field: 'amount.amount',
        });
      }
      changes.amount_minor = amount.minor;
      changes.currency = amount.currency;
    }
    if (input.invoice_id !== undefined) {
      if (input.invoice_id) await checkInvoice(tx, organizationId, input.invoice_id, current.customer_id, changes.currency ?? current.currency);
      changes.invoice_id = input.invoice_id;
    }
    await failOnDuplicate(() => updateCreditNote(tx, organizationId, creditNoteId, changes), 'number', duplicate(changes.number));
    if (input.amount !== undefined) await refuseInexactAmount(tx, organizationId, input.amount);
    return (await getCreditNote(tx, organizationId, creditNoteId))!;
  });
}
