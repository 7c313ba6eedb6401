import { AppError } from '../../core/app-error.js';
import { formatMinor } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, PaymentPlanRow } from '../../adapters/db/schema.js';
import { createPaymentPlan } from '../../adapters/db/stores/collection-pauses.js';
import { addTimelineEvent } from '../../adapters/db/stores/collection-timeline.js';
import { inTransaction } from '../../adapters/db/stores/in-transaction.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { requireDate, requireDays } from './pause-inputs.js';

/**
 * Agrees a payment plan (échéancier): its instalments replace the due dates of the invoices
 * it covers, and must add up to what is open on them. A missed instalment (past its date plus
 * grace) resumes escalation. A plan is in one currency, the one of the invoices it covers:
 * instalments in another currency could never be matched against them.
 */
export async function addPaymentPlan(
  db: Db,
  organizationId: string,
  customer: CustomerRow,
  input: { invoiceNumbers: string[]; instalments: { dueDate: string; amountMinor: number; currency?: string }[]; graceDays?: number },
  on: PlainDate,
  by: string | null,
): Promise<PaymentPlanRow> {
  if (input.instalments.length === 0) throw new AppError('validation_failed', 'a payment plan needs at least one instalment', { field: 'instalments' });
  const instalments = input.instalments
    .map((instalment, index) => {
      if (!Number.isSafeInteger(instalment.amountMinor) || instalment.amountMinor <= 0) {
        throw new AppError('invalid_amount', 'every instalment must be a positive amount', { field: `instalments[${index}].amount` });
      }
      return { dueDate: requireDate(instalment.dueDate, `instalments[${index}].due_date`), amountMinor: instalment.amountMinor, currency: instalment.currency, index };
    })
    .sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
  const graceDays = requireDays(input.graceDays ?? 3, 'grace_days', 30);
  return inTransaction(db, async (tx) => {
    const open = new Map((await listOpenInvoices(tx, organizationId, { customerId: customer.id })).filter((i) => i.openMinor > 0).map((i) => [i.number, i]));
    const numbers = input.invoiceNumbers.length > 0 ? input.invoiceNumbers : [...open.keys()];
    const unknown = numbers.filter((number) => !open.has(number));
    if (unknown.length > 0) throw new AppError('validation_failed', `nothing is open on invoice ${unknown.join(', ')} of this customer`, { field: 'invoice_numbers' });
    if (numbers.length === 0) throw new AppError('validation_failed', 'nothing is open for this customer: there is no payment plan to agree', { field: 'invoice_numbers' });
    const currencies = [...new Set(numbers.map((number) => open.get(number)!.currency))];
    if (currencies.length > 1) {
      throw new AppError('validation_failed', `one payment plan covers invoices of one currency; ${numbers.join(', ')} are in ${currencies.join(' and ')}`, { field: 'invoice_numbers' });
    }
    const currency = currencies[0]!;
    const foreign = instalments.find((instalment) => instalment.currency !== undefined && instalment.currency !== currency);
    if (foreign) {
      throw new AppError('validation_failed', `an instalment in ${foreign.currency} cannot pay invoices in ${currency}; write every instalment in ${currency}`, {
        field: `instalments[${foreign.index}].amount.currency`,
      });
    }
    const owed = numbers.reduce((sum, number) => sum + open.get(number)!.openMinor, 0);
    const planned = instalments.reduce((sum, instalment) => sum + instalment.amountMinor, 0);
    if (planned !== owed) {
      throw new AppError('validation_failed', `the instalments add up to ${formatMinor(planned, currency)} ${currency} but ${formatMinor(owed, currency)} ${currency} is open on the invoices covered`, { field: 'instalments' });
    }
    const row = await createPaymentPlan(tx, organizationId, {
      customerId: customer.id,
      invoiceNumbers: numbers,
      instalments: instalments.map(({ dueDate, amountMinor }) => ({ dueDate, amountMinor })),
      graceDays,
      createdOn: on,
      createdBy: by,
    });
    await addTimelineEvent(tx, organizationId, {
      customerId: customer.id,
      occurredOn: on,
      kind: 'payment_plan_added',
      summary: { en: `Payment plan in ${instalments.length} instalments for ${numbers.join(', ')}`, fr: `Plan de paiement en ${instalments.length} échéances pour ${numbers.join(', ')}` },
      subjectId: row.id,
    });
    return row;
  });
}
