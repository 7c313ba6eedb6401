import { AppError } from '../../core/app-error.js';
import { formatMinor, type Currency } from '../../core/money.js';
import { addDays, type PlainDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, PaymentClaimRow } from '../../adapters/db/schema.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { createPaymentClaim } from '../../adapters/db/stores/payment-claims.js';
import { requireDate, requireDays } from './pause-inputs.js';

// A transfer takes a few business days to reach the statement, and the statement a day to be
// imported: a week leaves the payment time to show before reminders resume.
export const DEFAULT_CLAIM_SEARCH_DAYS = 7;

export interface PaymentClaimInput {
  /** The invoices said to be paid; every open one without a list. */
  invoiceNumbers?: readonly string[] | null;
  paidOn: string;
  amount?: { minor: number; currency: string } | null;
  reference?: string | null;
  note?: string | null;
  /** How many days the payment is looked for before reminders resume. */
  searchDays?: number;
}

/**
 * Records a customer's word that invoices are already paid ("déjà payé"): they are not
 * reminded while the payment is looked for, until it is found on the ledger (the daily run then
 * closes the claim) or the search days have passed, when reminders of what is still open resume.
 */
export async function addPaymentClaim(db: Db, organizationId: string, customer: CustomerRow, input: PaymentClaimInput, on: PlainDate, by: string | null): Promise<PaymentClaimRow> {
  const paidOn = requireDate(input.paidOn, 'paid_on');
  if (paidOn > on) throw new AppError('validation_failed', `a payment already made is dated today or earlier, not ${paidOn}`, { field: 'paid_on' });
  const searchDays = requireDays(input.searchDays ?? DEFAULT_CLAIM_SEARCH_DAYS, 'search_days', 30);
  const reference = input.reference?.trim() || null;
  return inTransaction(db, async (tx) => {
    const open = (await listOpenInvoices(tx, organizationId, { customerId: customer.id })).filter((invoice) => invoice.openMinor > 0);
    const numbers = input.invoiceNumbers && input.invoiceNumbers.length > 0 ? [...new Set(input.invoiceNumbers)] : open.map((invoice) => invoice.number);
    const unknown = numbers.filter((number) => !open.some((invoice) => invoice.number === number));
    if (unknown.length > 0) throw new AppError('validation_failed', `nothing is open on invoice ${unknown.join(', ')} of this customer`, { field: 'invoice_numbers' });
    if (numbers.length === 0) throw new AppError('validation_failed', 'the customer owes nothing: there is nothing said to be paid', { field: 'invoice_numbers' });
    const amount = input.amount ?? null;
    if (amount && (!Number.isSafeInteger(amount.minor) || amount.minor <= 0)) throw new AppError('invalid_amount', 'a paid amount is more than zero', { field: 'amount' });
    const until = addDays(on, searchDays);
    const row = await createPaymentClaim(tx, organizationId, { customerId: customer.id, invoiceNumbers: numbers, paidOn, amount, reference, note: input.note?.trim() || null, until, createdOn: on, createdBy: by });
    const paid = amount ? { en: ` (${formatMinor(amount.minor, amount.currency as Currency)} ${amount.currency})`, fr: ` (${formatMinor(amount.minor, amount.currency as Currency)} ${amount.currency})` } : { en: '', fr: '' };
    const ref = reference ? { en: `, reference ${reference}`, fr: `, référence ${reference}` } : { en: '', fr: '' };
    await addTimelineEvent(tx, organizationId, {
      customerId: customer.id,
      occurredOn: on,
      kind: 'payment_claim_added',
      summary: {
        en: `Said to be paid on ${formatDateForLanguage(paidOn, 'en')}${paid.en}${ref.en}: ${numbers.join(', ')}; not reminded while the payment is looked for, until ${formatDateForLanguage(until, 'en')}`,
        fr: `Déclarées payées le ${formatDateForLanguage(paidOn, 'fr')}${paid.fr}${ref.fr} : ${numbers.join(', ')} ; pas de relance pendant la recherche du paiement, jusqu'au ${formatDateForLanguage(until, 'fr')}`,
      },
      subjectId: row.id,
    });
    return row;
  });
}
