import type { Aging } from '../core/aging.js';
import type { PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import { listOtherCurrencies, sumAgingByCustomer, sumAgingTotal, type AgingScope } from '../adapters/db/stores/aging-figures.js';

export interface CustomerBalances {
  aging: Aging;
  /** Currencies of open items left out because they are not the one asked for. */
  otherCurrencies: string[];
}

/**
 * Balance, overdue and aging per customer in one currency, summed by the database over the stored
 * open amounts (stores/aging-figures.ts, the rules of core/aging.ts): the computation behind the
 * aging report, the customer list and the customer page, so they always agree. Meant for one
 * customer or one owner's accounts; the whole organization's lines are read a page at a time
 * (pageAgingByCustomer).
 */
export async function getCustomerBalances(
  db: Db,
  organizationId: string,
  options: { asOf: PlainDate; currency: string; customerId?: string; ownerUserId?: string },
): Promise<CustomerBalances> {
  const scope: AgingScope = {
    asOf: options.asOf,
    currency: options.currency,
    ...(options.customerId !== undefined ? { customerId: options.customerId } : {}),
    ...(options.ownerUserId !== undefined ? { ownerUserId: options.ownerUserId } : {}),
  };
  const [total, byCustomer, otherCurrencies] = await Promise.all([
    sumAgingTotal(db, organizationId, scope),
    sumAgingByCustomer(db, organizationId, scope),
    listOtherCurrencies(db, organizationId, scope),
  ]);
  return { aging: { currency: options.currency, total, byCustomer }, otherCurrencies };
}
