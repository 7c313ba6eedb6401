import { AppError } from '../../core/app-error.js';
import { formatMinor, type Currency } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, PaymentPromiseRow } from '../../adapters/db/schema.js';
import { createPaymentPromise } from '../../adapters/db/stores/collection-pauses.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices, type OpenInvoice } from '../../adapters/db/stores/open-items.js';
import { requireDate, requireDays } from './pause-inputs.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';

/** A promised amount is positive and in the currency of the invoices promised. */
function requirePromisedAmount(amount: { minor: number; currency: string }, promised: readonly OpenInvoice[]): { minor: number; currency: string } {
  if (!Number.isSafeInteger(amount.minor) || amount.minor <= 0) throw new AppError('invalid_amount', 'a promised amount is more than zero', { field: 'amount' });
  const currencies = new Set(promised.map((invoice) => invoice.currency));
  if (!currencies.has(amount.currency as Currency)) throw new AppError('validation_failed', `the invoices promised are in ${[...currencies].join(', ')}, not ${amount.currency}`, { field: 'amount.currency' });
  return amount;
}

// A transfer made on the promised day can take a few business days to show on the statement.
export const DEFAULT_PROMISE_GRACE_DAYS = 3;

/**
 * Records a promise to pay: the invoices it covers are silenced until the date plus grace;
 * if they are still open after that, escalation resumes. Without a list, the promise covers
 * what is open today, so a later invoice is not silenced by an old promise.
 */
export async function addPaymentPromise(
  db: Db,
  organizationId: string,
  customer: CustomerRow,
  input: { promisedOn: string; graceDays?: number; invoiceNumbers?: string[] | null; amount?: { minor: number; currency: string } | null; note?: string | null },
  on: PlainDate,
  by: string | null,
): Promise<PaymentPromiseRow> {
  const promisedOn = requireDate(input.promisedOn, 'promised_on');
  if (promisedOn < on) throw new AppError('validation_failed', `a promise to pay is for a day to come, not ${promisedOn}`, { field: 'promised_on' });
  const graceDays = requireDays(input.graceDays ?? DEFAULT_PROMISE_GRACE_DAYS, 'grace_days', 30);
  return inTransaction(db, async (tx) => {
    const openInvoices = (await listOpenInvoices(tx, organizationId, { customerId: customer.id })).filter((invoice) => invoice.openMinor > 0);
    const open = openInvoices.map((invoice) => invoice.number);
    const numbers = input.invoiceNumbers && input.invoiceNumbers.length > 0 ? input.invoiceNumbers : open;
    const unknown = numbers.filter((number) => !open.includes(number));
    if (unknown.length > 0) throw new AppError('validation_failed', `nothing is open on invoice ${unknown.join(', ')} of this customer`, { field: 'invoice_numbers' });
    if (numbers.length === 0) throw new AppError('validation_failed', 'the customer owes nothing: there is nothing to promise', { field: 'invoice_numbers' });
    const amount = input.amount ? requirePromisedAmount(input.amount, openInvoices.filter((invoice) => numbers.includes(invoice.number))) : null;
    const row = await createPaymentPromise(tx, organizationId, { customerId: customer.id, promisedOn, graceDays, invoiceNumbers: numbers, amount, note: input.note ?? null, createdOn: on, createdBy: by });
    const of = amount ? { en: `${formatMinor(amount.minor, amount.currency as Currency)} ${amount.currency} of `, fr: `${formatMinor(amount.minor, amount.currency as Currency)} ${amount.currency} sur ` } : { en: '', fr: '' };
    await addTimelineEvent(tx, organizationId, {
      customerId: customer.id,
      occurredOn: on,
      kind: 'promise_added',
      summary: { en: `Promise to pay ${of.en}${numbers.join(', ')} by ${formatDateForLanguage(promisedOn, 'en')}`, fr: `Promesse de paiement de ${of.fr}${numbers.join(', ')} au ${formatDateForLanguage(promisedOn, 'fr')}` },
      subjectId: row.id,
    });
    return row;
  });
}
