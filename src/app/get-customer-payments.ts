import { toMoneyJson, type MoneyJson } from '../core/money.js';
import type { Db } from '../adapters/db/database.js';

export interface CustomerPaymentJson {
  id: string;
  reference: string;
  received_on: string;
  amount: MoneyJson;
  /** What is not yet on an invoice: on the customer's account. */
  unapplied: MoneyJson;
  /** `statement` when it came from a bank statement, else how it was recorded (api, import…). */
  source: string;
  /** What it paid, invoice by invoice. */
  paid: { invoice_id: string | null; invoice_number: string | null; amount: MoneyJson; allocated_on: string }[];
}

/** A customer's payments, newest first, with what each paid: the page shows them beside the open items. */
export async function getCustomerPayments(db: Db, organizationId: string, customerId: string, limit = 50): Promise<{ items: CustomerPaymentJson[] }> {
  const payments = await db.kysely
    .selectFrom('payments')
    .select(['id', 'reference', 'received_on', 'amount_minor', 'unapplied_minor', 'currency', 'source'])
    .where('organization_id', '=', organizationId)
    .where('customer_id', '=', customerId)
    .orderBy('received_on', 'desc')
    .orderBy('created_at', 'desc')
    .limit(limit)
    .execute();
  const ids = payments.map((payment) => payment.id);
  const allocations =
    ids.length === 0
      ? []
      : await db.kysely
          .selectFrom('allocations as a')
          .leftJoin('invoices as i', (join) => join.onRef('i.id', '=', 'a.invoice_id').onRef('i.organization_id', '=', 'a.organization_id'))
          .select(['a.payment_id', 'a.invoice_id', 'i.number', 'a.amount_minor', 'a.allocated_on'])
          .where('a.organization_id', '=', organizationId)
          .where('a.payment_id', 'in', ids)
          .orderBy('a.allocated_on')
          .orderBy('a.created_at')
          .execute();
  return {
    items: payments.map((payment) => ({
      id: payment.id,
      reference: payment.reference,
      received_on: payment.received_on,
      amount: toMoneyJson(Number(payment.amount_minor), payment.currency),
      unapplied: toMoneyJson(Number(payment.unapplied_minor), payment.currency),
      source: payment.source,
      paid: allocations
        .filter((allocation) => allocation.payment_id === payment.id)
        .map((allocation) => ({ invoice_id: allocation.invoice_id, invoice_number: allocation.number ?? null, amount: toMoneyJson(Number(allocation.amount_minor), payment.currency), allocated_on: allocation.allocated_on })),
    })),
  };
}
