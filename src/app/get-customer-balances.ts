import { computeAging, type Aging } from '../core/aging.js';
import type { PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import { listOwnedCustomerIds } from '../adapters/db/stores/customers.js';
import { listOpenInvoices, listUnappliedCredits } from '../adapters/db/stores/open-items.js';

export interface CustomerBalances {
  aging: Aging;
  /** Currencies of open items left out because they are not the one asked for. */
  otherCurrencies: string[];
}

/**
 * Balance, overdue and aging per customer in one currency: the single computation behind the
 * aging report, the customer list and the customer page, so they always agree.
 */
export async function getCustomerBalances(
  db: Db,
  organizationId: string,
  options: { asOf: PlainDate; currency: string; customerId?: string; ownerUserId?: string },
): Promise<CustomerBalances> {
  const filter = options.customerId ? { customerId: options.customerId } : {};
  const [allItems, allCredits, owned] = await Promise.all([
    listOpenInvoices(db, organizationId, filter),
    listUnappliedCredits(db, organizationId, filter),
    options.ownerUserId === undefined ? undefined : listOwnedCustomerIds(db, organizationId, options.ownerUserId).then((ids) => new Set(ids)),
  ]);
  const items = owned ? allItems.filter((i) => owned.has(i.customerId)) : allItems;
  const credits = owned ? allCredits.filter((c) => owned.has(c.customerId)) : allCredits;
  const aging = computeAging(options.currency, items, credits, options.asOf);
  const otherCurrencies = new Set<string>();
  for (const item of items) if (item.currency !== options.currency) otherCurrencies.add(item.currency);
  for (const credit of credits) if (credit.currency !== options.currency) otherCurrencies.add(credit.currency);
  return { aging, otherCurrencies: [...otherCurrencies].sort() };
}
