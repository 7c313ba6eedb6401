import { AppError } from '../core/app-error.js';
import { formatMinor, moneyFromJson, type MoneyJson } from '../core/money.js';
import { parseDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import { getCustomer } from '../adapters/db/stores/customers.js';
import { allocatedTotal, createPayment, getPayment, updatePayment, type PaymentChanges, type PaymentWithUnapplied } from '../adapters/db/stores/documents.js';
import { inTransaction } from '../adapters/db/stores/in-transaction.js';
import { failOnDuplicate } from '../adapters/db/stores/unique-violation.js';
import { refuseInexactAmount, saveWithinLedgerBound } from './refuse-inexact-ledger.js';

export interface PaymentInput {
  customer_id: string;
  reference: string;
  received_on: string;
  amount: MoneyJson;
  method?: string;
}

function positive(json: MoneyJson) {
  const amount = moneyFromJson(json, 'amount');
  if (amount.minor <= 0) throw new AppError('validation_failed', 'amount must be more than zero', { field: 'amount.amount' });
  return amount;
}

const duplicate = (reference: string | undefined) => `a payment with the reference ${reference} already exists`;

export async function createPaymentFromInput(db: Db, organizationId: string, input: PaymentInput): Promise<PaymentWithUnapplied> {
  const customer = await getCustomer(db, organizationId, input.customer_id);
  if (!customer) throw new AppError('not_found', `customer ${input.customer_id} does not exist`, { field: 'customer_id' });
  const reference = input.reference.trim();
  if (!reference) throw new AppError('validation_failed', 'reference must not be empty', { field: 'reference' });
  const amount = positive(input.amount);
  const receivedOn = parseDate(input.received_on, 'received_on');
  const row = await saveWithinLedgerBound(db, organizationId, input.amount, (tx) =>
    failOnDuplicate(
      () =>
        createPayment(tx, organizationId, {
          customerId: customer.id,
          reference,
          receivedOn,
          currency: amount.currency,
          amountMinor: amount.minor,
          ...(input.method ? { method: input.method } : {}),
        }),
      'reference',
      duplicate(reference),
    ),
  );
  return (await getPayment(db, organizationId, row.id))!;
}

/** Corrects a payment; its amount cannot drop below what is already allocated from it. */
export async function updatePaymentFromInput(
  db: Db,
  organizationId: string,
  paymentId: string,
  input: Partial<Omit<PaymentInput, 'customer_id'>>,
): Promise<PaymentWithUnapplied> {
  return inTransaction(db, async (tx) => {
    const current = await getPayment(tx, organizationId, paymentId);
    if (!current) throw new AppError('not_found', `payment ${paymentId} does not exist`, { field: 'id' });
    const changes: PaymentChanges = {};
    if (input.reference !== undefined) {
      const reference = input.reference.trim();
      if (!reference) throw new AppError('validation_failed', 'reference must not be empty', { field: 'reference' });
      changes.reference = reference;
    }
    if (input.received_on !== undefined) changes.received_on = parseDate(input.received_on, 'received_on');
    if (input.method !== undefined) changes.method = input.method;
    if (input.amount !== undefined) {
      const amount = positive(input.amount);
      const allocated = await allocatedTotal(tx, organizationId, 'payment_id', paymentId);
      if (allocated > 0 && amount.currency !== current.currency) {
        throw new AppError('conflict', `payment ${current.reference} has allocations in ${current.currency}; its currency cannot change`, { field: 'amount.currency' });
      }
      if (amount.minor < allocated) {
        throw new AppError('conflict', `payment ${current.reference} already has ${formatMinor(allocated, current.currency)} ${current.currency} allocated; its amount cannot be lower`, {
          field: 'amount.amount',
        });
      }
      changes.amount_minor = amount.minor;
      changes.currency = amount.currency;
    }
    await failOnDuplicate(() => updatePayment(tx, organizationId, paymentId, changes), 'reference', duplicate(changes.reference));
    if (input.amount !== undefined) await refuseInexactAmount(tx, organizationId, input.amount);
    return (await getPayment(tx, organizationId, paymentId))!;
  });
}
