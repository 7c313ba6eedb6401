import { parseDecimalToMinor } from '../../core/money.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { addPaymentClaim } from '../collection/add-payment-claim.js';
import { checkUpload, type PageUpload } from './check-upload.js';
import { DebtorRefusal } from './debtor-refusal.js';
import { invoiceNumbersOf, pageContextOf, pageText, quoted, recordDebtorRequest, type PageAccess } from './record-debtor-request.js';

export interface PageClaimInput {
  paidOn: string;
  /** Decimal text in the currency of the customer's open invoices ("1250.00"); empty when not said. */
  amount?: string | null;
  reference?: string | null;
  invoiceIds?: readonly string[];
  proof?: PageUpload | null;
}

/**
 * "Already paid", said on the customer's page: the invoices are not reminded while the payment is
 * looked for (as when a collector records it), the proof is kept, and a task asks a person to
 * look for the payment.
 */
export async function claimPaidOnPage(db: Db, access: PageAccess, input: PageClaimInput, now: Date): Promise<DebtorRequestRow> {
  const context = await pageContextOf(db, access, now);
  const { organization, customer, on } = context;
  const reference = pageText(input.reference, 'reference', false);
  const proof = input.proof ? checkUpload(input.proof, 'proof') : null;
  return inTransaction(db, async (tx) => {
    const numbers = await invoiceNumbersOf(tx, context, input.invoiceIds);
    const open = (await listOpenInvoices(tx, organization.id, { customerId: customer.id })).filter((invoice) => invoice.openMinor > 0);
    const currency = open[0]?.currency ?? organization.currency;
    const amountText = (input.amount ?? '').trim();
    let amount: { minor: number; currency: string } | null = null;
    if (amountText) {
      const minor = parseDecimalToMinor(amountText.replace(',', '.'), currency);
      if (minor === null || minor <= 0) throw new DebtorRefusal('invalid_amount', `amount must be a positive amount such as 1250.00, got "${amountText}"`, 'amount', 'invalid_amount');
      amount = { minor, currency };
    }
    const claim = await addPaymentClaim(tx, organization.id, customer, { paidOn: input.paidOn, invoiceNumbers: numbers, amount, reference }, on, null);
    const claimed = JSON.parse(claim.invoice_numbers) as string[];
    const paidOn = claim.paid_on as Parameters<typeof formatDateForLanguage>[0];
    const words = reference ? { en: `, reference ${quoted(reference)}`, fr: `, référence ${quoted(reference)}` } : { en: '', fr: '' };
    return recordDebtorRequest(tx, context, {
      kind: 'claim',
      // It waits for a person: the pause holds until the payment is found or the request refused.
      status: 'open',
      payload: { paid_on: claim.paid_on, amount, reference, invoice_numbers: claimed },
      message: reference,
      subjectId: claim.id,
      task: { en: `Look for the payment ${customer.name} says it made on ${formatDateForLanguage(paidOn, 'en')}`, fr: `Rechercher le paiement que ${customer.name} dit avoir fait le ${formatDateForLanguage(paidOn, 'fr')}` },
      timeline: {
        kind: 'debtor_request',
        summary: {
          en: `On its page, the customer said it paid ${claimed.join(', ')} on ${formatDateForLanguage(paidOn, 'en')}${words.en}${proof ? ', with a proof attached' : ''}`,
          fr: `Sur sa page, le client a dit avoir payé ${claimed.join(', ')} le ${formatDateForLanguage(paidOn, 'fr')}${words.fr}${proof ? ', justificatif joint' : ''}`,
        },
      },
      files: proof ? [proof] : [],
    });
  });
}
