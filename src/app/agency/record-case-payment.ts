import { AppError } from '../../core/app-error.js';
import { formatMoneyForPeople, moneyFromJson, type MoneyJson } from '../../core/money.js';
import { parseDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { newId, nowIso } from '../../adapters/db/ids.js';
import { createPayment, getPayment, type PaymentWithUnapplied } from '../../adapters/db/stores/documents.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { failOnDuplicate } from '../../adapters/db/stores/unique-violation.js';
import { allocateCredit } from '../allocate-credit.js';
import type { AgencyCase } from '../mandates/agency-case-access.js';
import { saveWithinLedgerBound } from '../refuse-inexact-ledger.js';

export interface CasePaymentInput {
  amount: MoneyJson;
  received_on: string;
  reference: string;
  method?: string;
}

/**
 * A payment the agency collected on a case, written where the money belongs: in the creditor's
 * ledger, marked as the agency's under this mandate. It pays the handed invoices still open,
 * the oldest due first; what is left stays on the customer's account. The creditor's timeline
 * says who collected it. All of it in one transaction: a refused payment leaves nothing behind.
 */
export async function recordCasePayment(db: Db, agencyCase: AgencyCase, agencyName: string, input: CasePaymentInput, now: Date): Promise<PaymentWithUnapplied> {
  const { mandate, creditor, customer } = agencyCase;
  const amount = moneyFromJson(input.amount, 'amount');
  if (amount.minor <= 0) throw new AppError('validation_failed', 'amount must be more than zero', { field: 'amount.amount' });
  if (amount.currency !== creditor.currency) {
    throw new AppError('validation_failed', `amount must be in ${creditor.currency}, the currency of ${creditor.name}'s ledger`, { field: 'amount.currency' });
  }
  const reference = input.reference.trim();
  if (!reference) throw new AppError('validation_failed', 'reference must not be empty', { field: 'reference' });
  const receivedOn = parseDate(input.received_on, 'received_on');
  if (receivedOn < mandate.starts_on) {
    throw new AppError('validation_failed', `received_on must be on or after ${mandate.starts_on}, the day the case was handed over`, { field: 'received_on' });
  }
  const handed = new Set(JSON.parse(mandate.invoice_ids) as string[]);
  return inTransaction(db, async (tx) => {
    const payment = await saveWithinLedgerBound(tx, creditor.id, input.amount, (inner) =>
      failOnDuplicate(
        () =>
          createPayment(inner, creditor.id, {
            customerId: customer.id,
            reference,
            receivedOn,
            currency: amount.currency,
            amountMinor: amount.minor,
            source: 'agency',
            ...(input.method ? { method: input.method } : {}),
          }),
        'reference',
        `${creditor.name} already has a payment with the reference ${reference}`,
      ),
    );
    await tx.kysely.updateTable('payments').set({ mandate_id: mandate.id }).where('organization_id', '=', creditor.id).where('id', '=', payment.id).execute();
    let left = amount.minor;
    for (const invoice of await listOpenInvoices(tx, creditor.id, { customerId: customer.id })) {
      if (left <= 0) break;
      if (!handed.has(invoice.invoiceId) || invoice.openMinor <= 0 || invoice.currency !== amount.currency) continue;
      const allocation = await allocateCredit(tx, creditor, { invoice_id: invoice.invoiceId, payment_id: payment.id, allocated_on: receivedOn }, now);
      left -= Number(allocation.amount_minor);
    }
    await tx.kysely
      .insertInto('timeline_events')
      .values({
        id: newId(),
        organization_id: creditor.id,
        customer_id: customer.id,
        occurred_on: receivedOn,
        kind: 'agency_payment',
        summary_en: `Payment of ${formatMoneyForPeople(amount.minor, amount.currency, 'en-150')} collected by ${agencyName} (reference ${reference})`,
        summary_fr: `Paiement de ${formatMoneyForPeople(amount.minor, amount.currency, 'fr-FR')} encaissé par ${agencyName} (référence ${reference})`,
        subject_id: payment.id,
        mandate_id: mandate.id,
        created_at: nowIso(),
      })
      .execute();
    return (await getPayment(tx, creditor.id, payment.id))!;
  });
}
