import { addDays, parseIsoDate } from '../../core/plain-date.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestRow } from '../../adapters/db/debtor-request-schema.js';
import { getDebtorRequestPolicy } from '../../adapters/db/stores/debtor-requests.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { addPaymentPromise } from '../collection/add-payment-promise.js';
import { DebtorRefusal } from './debtor-refusal.js';
import { invoiceNumbersOf, pageContextOf, recordDebtorRequest, type PageAccess } from './record-debtor-request.js';

export interface PagePromiseInput {
  promisedOn: string;
  /** Without a list: every overdue invoice (every open one when none is overdue yet). */
  invoiceIds?: readonly string[];
}

/**
 * A promise to pay made on the customer's page, within the creditor's policy (at most N days
 * ahead): the invoices it covers are silenced until the date plus grace, as any promise.
 */
export async function promiseOnPage(db: Db, access: PageAccess, input: PagePromiseInput, now: Date): Promise<DebtorRequestRow> {
  const context = await pageContextOf(db, access, now);
  const { organization, customer, on } = context;
  const promisedOn = parseIsoDate(input.promisedOn);
  if (!promisedOn) throw new DebtorRefusal('invalid_date', `promised_on must be a date written YYYY-MM-DD, got "${input.promisedOn}"`, 'promised_on', 'invalid_date');
  if (promisedOn < on) throw new DebtorRefusal('date_in_past', 'a promise to pay is for today or a day to come', 'promised_on');
  const policy = await getDebtorRequestPolicy(db, organization.id);
  if (promisedOn > addDays(on, policy.promiseMaxDays)) {
    throw new DebtorRefusal('promise_too_far', `a promise made on this page reaches at most ${policy.promiseMaxDays} days ahead, until ${addDays(on, policy.promiseMaxDays)}`, 'promised_on');
  }
  return inTransaction(db, async (tx) => {
    let numbers = await invoiceNumbersOf(tx, context, input.invoiceIds);
    if (numbers.length === 0) {
      const open = (await listOpenInvoices(tx, organization.id, { customerId: customer.id })).filter((invoice) => invoice.openMinor > 0);
      const overdue = open.filter((invoice) => invoice.dueDate < on);
      numbers = (overdue.length > 0 ? overdue : open).map((invoice) => invoice.number);
    }
    const promise = await addPaymentPromise(tx, organization.id, customer, { promisedOn, invoiceNumbers: numbers }, on, null);
    const by = { en: formatDateForLanguage(promisedOn, 'en'), fr: formatDateForLanguage(promisedOn, 'fr') };
    return recordDebtorRequest(tx, context, {
      kind: 'promise',
      status: 'accepted_automatically',
      payload: { promised_on: promisedOn, invoice_numbers: numbers },
      message: null,
      subjectId: promise.id,
      task: { en: `${customer.name} promised on its page to pay ${numbers.join(', ')} by ${by.en}`, fr: `${customer.name} a promis sur sa page de payer ${numbers.join(', ')} au plus tard le ${by.fr}` },
      timeline: {
        kind: 'debtor_request',
        summary: { en: `On its page, the customer promised to pay ${numbers.join(', ')} by ${by.en}`, fr: `Sur sa page, le client a promis de payer ${numbers.join(', ')} au plus tard le ${by.fr}` },
      },
    });
  });
}
