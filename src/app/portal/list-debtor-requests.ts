import type { Db } from '../../adapters/db/database.js';
import type { DebtorRequestStatus } from '../../adapters/db/debtor-request-schema.js';
import { getCustomersByIds } from '../../adapters/db/stores/customers.js';
import { listDebtorRequests } from '../../adapters/db/stores/debtor-requests.js';
import { ownerScope, requireVisibleCustomer, type Caller } from '../auth/caller.js';
import { debtorRequestViews, type DebtorRequestView } from './debtor-request-view.js';

export interface DebtorRequestListItem extends DebtorRequestView {
  customer: { id: string; reference: string; name: string };
}

/** What customers asked on their pages, newest first: every customer's, or one's; a sales user sees its own accounts only. */
export async function listCustomerRequests(
  db: Db,
  caller: Caller,
  filter: { status?: DebtorRequestStatus; customerId?: string },
  page: { limit: number; offset: number },
): Promise<{ items: DebtorRequestListItem[]; total: number; limit: number; offset: number }> {
  if (filter.customerId) await requireVisibleCustomer(db, caller, filter.customerId, 'customer_id');
  const owner = ownerScope(caller);
  const { rows, total } = await listDebtorRequests(db, caller.organizationId, { ...filter, ...(owner !== undefined ? { ownerUserId: owner } : {}) }, page);
  const views = await debtorRequestViews(db, caller.organizationId, rows);
  const customers = new Map((await getCustomersByIds(db, caller.organizationId, [...new Set(rows.map((row) => row.customer_id))])).map((customer) => [customer.id, customer]));
  const items = views.map((view) => {
    const customer = customers.get(view.customer_id)!;
    return { ...view, customer: { id: customer.id, reference: customer.external_ref, name: customer.name } };
  });
  return { items, total, ...page };
}
