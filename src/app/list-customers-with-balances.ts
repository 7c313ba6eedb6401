import { toMoneyJson, type MoneyJson } from '../core/money.js';
import { asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { listCustomers } from '../adapters/db/stores/customers.js';
import { readCustomerListStatus, type CustomerListStatus } from '../adapters/db/stores/customer-list-status.js';
import { getCustomerBalances } from './get-customer-balances.js';

export const CUSTOMER_SORTS = ['overdue', 'balance', 'name', 'reference'] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

export interface CustomerListItem {
  id: string;
  reference: string;
  name: string;
  segment: string | null;
  language: string;
  owner: { id: string; name: string } | null;
  balance: MoneyJson;
  overdue: MoneyJson;
  oldest_due_date: PlainDate | null;
  credit_limit: MoneyJson | null;
  /** What holds the collection (dispute, promise, plan, hold, hand-off), the next action and the last contact. */
  status: CustomerListStatus['status'];
  next_action: CustomerListStatus['next_action'];
  last_contact_on: PlainDate | null;
}

export interface CustomerListQuery {
  search?: string;
  segment?: string;
  /** A user id, or "none" for customers without an owner. */
  owner?: string;
  sort?: CustomerSort;
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
  /** Set for a sales user: only the accounts they own. */
  ownerScope?: string;
}

/**
 * Customers with the balance, overdue amount and oldest due date of the aging report. The
 * whole filtered list is sorted before paging, since the order may depend on those figures.
 */
export async function listCustomersWithBalances(
  db: Db,
  organization: OrganizationRow,
  query: CustomerListQuery & AsOf,
): Promise<{ items: CustomerListItem[]; total: number; limit: number; offset: number }> {
  const empty = { items: [], total: 0, limit: query.limit, offset: query.offset };
  let ownerUserId: string | null | undefined = query.owner === undefined ? undefined : query.owner === 'none' ? null : query.owner;
  if (query.ownerScope !== undefined) {
    if (ownerUserId !== undefined && ownerUserId !== query.ownerScope) return empty;
    ownerUserId = query.ownerScope;
  }
  const rows = await listCustomers(db, organization.id, {
    ...(query.search ? { search: query.search } : {}),
    ...(query.segment !== undefined ? { segment: query.segment } : {}),
    ...(ownerUserId !== undefined ? { ownerUserId } : {}),
  });
  const currency = organization.currency;
  const asOf = asOfIn(organization.time_zone, query);
  const { aging } = await getCustomerBalances(db, organization.id, {
    asOf,
    currency,
    ...(query.ownerScope !== undefined ? { ownerUserId: query.ownerScope } : {}),
  });
  const withFigures = rows.map((row) => {
    const line = aging.byCustomer.get(row.id);
    return { row, balance: line?.balance ?? 0, overdue: line?.overdue ?? 0, oldest: line?.oldestDueDate ?? null };
  });
  const sort = query.sort ?? 'name';
  const moneySort = sort === 'overdue' || sort === 'balance';
  const direction = (query.order ?? (moneySort ? 'desc' : 'asc')) === 'asc' ? 1 : -1;
  const text = (a: string, b: string) => a.localeCompare(b, 'fr', { sensitivity: 'base', numeric: true });
  withFigures.sort((a, b) => {
    const primary =
      sort === 'overdue'
        ? a.overdue - b.overdue
        : sort === 'balance'
          ? a.balance - b.balance
          : sort === 'reference'
            ? text(a.row.external_ref, b.row.external_ref)
            : text(a.row.name, b.row.name);
    // Ties keep a stable, readable order whatever the direction.
    return direction * primary || text(a.row.name, b.row.name) || text(a.row.external_ref, b.row.external_ref);
  });
  const page = withFigures.slice(query.offset, query.offset + query.limit);
  // Read for the page's rows only: the cost follows the page, not the ledger.
  const statuses = await readCustomerListStatus(db, organization.id, page.map(({ row }) => row.id), asOf);
  return {
    items: page.map(({ row, balance, overdue, oldest }) => ({
      id: row.id,
      reference: row.external_ref,
      name: row.name,
      segment: row.segment,
      language: row.language,
      owner: row.owner_user_id && row.owner_name !== null ? { id: row.owner_user_id, name: row.owner_name } : null,
      balance: toMoneyJson(balance, currency),
      overdue: toMoneyJson(overdue, currency),
      oldest_due_date: oldest,
      credit_limit: row.credit_limit_minor === null ? null : toMoneyJson(Number(row.credit_limit_minor), currency),
      ...statuses.get(row.id)!,
    })),
    total: rows.length,
    limit: query.limit,
    offset: query.offset,
  };
}
