import { toMoneyJson, type MoneyJson } from '../core/money.js';
import { asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import type { OrganizationRow } from '../adapters/db/schema.js';
import { balanceSql, lineOfRow, openInvoicesByCustomer, overdueSql, topCustomersBy, unappliedByCustomer, type AgingScope } from '../adapters/db/stores/aging-figures.js';
import { countMatchingCustomers, customersWithIds, getCustomersWithOwnerByIds, matchingCustomers } from '../adapters/db/stores/customers.js';
import { readCustomerListStatus, type CustomerListStatus } from '../adapters/db/stores/customer-list-status.js';

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

/** Up to this many customers found by a search, their figures are read by id rather than summed for the whole ledger. */
const SEARCH_FIGURES_BY_ID = 1000;

/** Names and references in the French-friendly order of the list: accents and case aside, numbers by value. */
const textOrder = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * Customers with the balance, overdue amount and oldest due date of the aging report, computed by
 * the database for the customers listed (stores/aging-figures.ts). By overdue amount or balance,
 * the database sorts and pages, ties by name then reference; by name or reference, the names of
 * the matching customers are sorted here (the databases do not all sort accents and numbers the
 * French way) and the figures read for the page only.
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
  const filter = {
    ...(query.search ? { search: query.search } : {}),
    ...(query.segment !== undefined ? { segment: query.segment } : {}),
    ...(ownerUserId !== undefined ? { ownerUserId } : {}),
  };
  const currency = organization.currency;
  const asOf = asOfIn(organization.time_zone, query);
  const scope: AgingScope = { asOf, currency, ...(query.ownerScope !== undefined ? { ownerUserId: query.ownerScope } : {}) };
  const sort = query.sort ?? 'name';
  const moneySort = sort === 'overdue' || sort === 'balance';
  const direction = query.order ?? (moneySort ? 'desc' : 'asc');

  // The customers matching the filter, or these ids (which passed it already), with the aging sums of the customers in `figuresOf`.
  const aged = (figuresOf: AgingScope, ids?: readonly string[]) =>
    (ids ? customersWithIds(db, organization.id, ids) : matchingCustomers(db, organization.id, filter))
      .leftJoin(openInvoicesByCustomer(db, organization.id, figuresOf).as('iv'), 'iv.customer_id', 'c.id')
      .leftJoin(unappliedByCustomer(db, organization.id, figuresOf).as('cr'), 'cr.customer_id', 'c.id');
  let ids: string[];
  let total: number;
  let pageFigures: Map<string, Parameters<typeof lineOfRow>[0]> | null = null;
  if (moneySort) {
    // A search finds few customers: their figures alone are summed, by their ids.
    const found = filter.search ? (await matchingCustomers(db, organization.id, filter).select('c.id').execute()).map((row) => row.id) : null;
    const narrow = found !== null && found.length <= SEARCH_FIGURES_BY_ID;
    total = found?.length ?? (await countMatchingCustomers(db, organization.id, filter));
    // The unfiltered list, largest first, as most pages are asked: read from the open invoices up.
    const top =
      Object.keys(filter).length === 0 && direction === 'desc'
        ? await topCustomersBy(db, organization.id, scope, { sort: sort as 'overdue' | 'balance', limit: query.limit, offset: query.offset, ties: 'name' })
        : null;
    // Otherwise sorted on the id, name and reference alone; the page's rows are read afterwards.
    const sorted =
      top ??
      (narrow && found.length === 0
        ? []
        : await (narrow ? aged({ ...scope, customerIds: found }, found) : aged(scope))
            .select('c.id')
            .orderBy(sort === 'overdue' ? overdueSql() : balanceSql(), direction)
            .orderBy('c.name')
            .orderBy('c.external_ref')
            .limit(query.limit)
            .offset(query.offset)
            .execute());
    ids = sorted.map((row) => row.id);
    if (top) pageFigures = new Map(top.map((row) => [row.id, row]));
  } else {
    const names = await matchingCustomers(db, organization.id, filter).select(['c.id', 'c.name', 'c.external_ref']).execute();
    const sign = direction === 'asc' ? 1 : -1;
    names.sort((a, b) => {
      const primary = sort === 'reference' ? textOrder.compare(a.external_ref, b.external_ref) : textOrder.compare(a.name, b.name);
      // Ties keep a stable, readable order whatever the direction.
      return sign * primary || textOrder.compare(a.name, b.name) || textOrder.compare(a.external_ref, b.external_ref);
    });
    total = names.length;
    ids = names.slice(query.offset, query.offset + query.limit).map((row) => row.id);
  }
  const rows =
    ids.length === 0
      ? []
      : pageFigures
        ? // The page came with its figures: only the customers themselves are read.
          (await getCustomersWithOwnerByIds(db, organization.id, ids)).map((row) => ({
            ...row,
            ...pageFigures!.get(row.id)!,
          }))
        : // The page's ids already passed the filter: it is not searched a second time.
          await aged({ ...scope, customerIds: ids }, ids)
            .selectAll('c')
            .select(['u.name as owner_name', 'iv.not_due', 'iv.d1_30', 'iv.d31_60', 'iv.d61_90', 'iv.over_90', 'iv.oldest', 'cr.unapplied'])
            .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const page = ids.map((id) => byId.get(id)!);
  // Read for the page's rows only: the cost follows the page, not the ledger.
  const statuses = await readCustomerListStatus(db, organization.id, page.map((row) => row.id), asOf);
  return {
    items: page.map((row) => {
      const line = lineOfRow(row);
      return {
        id: row.id,
        reference: row.external_ref,
        name: row.name,
        segment: row.segment,
        language: row.language,
        owner: row.owner_user_id && row.owner_name !== null ? { id: row.owner_user_id, name: row.owner_name } : null,
        balance: toMoneyJson(line.balance, currency),
        overdue: toMoneyJson(line.overdue, currency),
        oldest_due_date: line.oldestDueDate,
        credit_limit: row.credit_limit_minor === null ? null : toMoneyJson(Number(row.credit_limit_minor), currency),
        ...statuses.get(row.id)!,
      };
    }),
    total,
    limit: query.limit,
    offset: query.offset,
  };
}
