import { AppError } from '../../core/app-error.js';
import { splitIntoInstalments, type InstalmentInterval } from '../../core/collection/instalment-schedule.js';
import { toMoneyJson, type Currency, type MoneyJson } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow } from '../../adapters/db/schema.js';
import { listOpenInvoices } from '../../adapters/db/stores/open-items.js';
import { requireDate } from './pause-inputs.js';

export interface PaymentPlanProposal {
  invoice_numbers: string[];
  total: MoneyJson;
  instalments: { due_date: PlainDate; amount: MoneyJson }[];
}

/**
 * A payment plan's schedule before it is agreed: what is open on the invoices it would cover
 * (every open one when none is named, as `addPaymentPlan` takes them), split into equal
 * instalments. Sent back as it is to `POST /payment-plans`, it adds up exactly. Writes nothing.
 */
export async function proposePaymentPlan(
  db: Db,
  organizationId: string,
  customer: CustomerRow,
  input: { count: number; firstDueDate: string; every: InstalmentInterval; invoiceNumbers?: readonly string[] },
): Promise<PaymentPlanProposal> {
  const firstDueDate = requireDate(input.firstDueDate, 'first_due_date');
  const open = new Map((await listOpenInvoices(db, organizationId, { customerId: customer.id })).filter((i) => i.openMinor > 0).map((i) => [i.number, i]));
  const numbers = input.invoiceNumbers && input.invoiceNumbers.length > 0 ? [...input.invoiceNumbers] : [...open.keys()];
  const unknown = numbers.filter((number) => !open.has(number));
  if (unknown.length > 0) throw new AppError('validation_failed', `nothing is open on invoice ${unknown.join(', ')} of this customer`, { field: 'invoice_numbers' });
  if (numbers.length === 0) {
    const en = 'Nothing is open for this customer: there is no payment plan to agree.';
    throw new AppError('validation_failed', en, { field: 'invoice_numbers' }, { localized: { en, fr: "Rien n'est ouvert pour ce client : il n'y a pas de plan de paiement à convenir." } });
  }
  const currencies = [...new Set(numbers.map((number) => open.get(number)!.currency))];
  if (currencies.length > 1) {
    const en = `One payment plan covers invoices of one currency; these are in ${currencies.join(' and ')}.`;
    throw new AppError('validation_failed', en, { field: 'invoice_numbers' }, { localized: { en, fr: `Un plan de paiement couvre des factures d'une seule devise ; celles-ci sont en ${currencies.join(' et ')}.` } });
  }
  const currency = currencies[0]! as Currency;
  const totalMinor = numbers.reduce((sum, number) => sum + open.get(number)!.openMinor, 0);
  return {
    invoice_numbers: numbers,
    total: toMoneyJson(totalMinor, currency),
    instalments: splitIntoInstalments(totalMinor, input.count, firstDueDate, input.every).map((instalment) => ({ due_date: instalment.dueDate, amount: toMoneyJson(instalment.amountMinor, currency) })),
  };
}
