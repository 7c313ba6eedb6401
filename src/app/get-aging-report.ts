import { AGING_BUCKETS, computeDso, type AgingBucket, type AgingLine } from '../core/aging.js';
import { AppError } from '../core/app-error.js';
import { toMoneyJson, type MoneyJson } from '../core/money.js';
import { addDays, asOfIn, type AsOf, type PlainDate } from '../core/plain-date.js';
import type { Db } from '../adapters/db/database.js';
import { getOrganization } from '../adapters/db/stores/organizations.js';
import { sumSalesOfOwner } from '../adapters/db/stores/documents.js';
import { sumSales } from '../adapters/db/stores/open-items.js';
import { listOtherCurrencies, pageAgingByCustomer, sumAgingTotal, type AgingScope, type CustomerLinesPage } from '../adapters/db/stores/aging-figures.js';

export interface AgingLineJson {
  balance: MoneyJson;
  overdue: MoneyJson;
  unapplied_credit: MoneyJson;
  buckets: Record<AgingBucket, MoneyJson>;
  oldest_due_date: PlainDate | null;
}

export interface CustomerAgingJson extends AgingLineJson {
  id: string;
  reference: string;
  name: string;
}

/** The aging report: the figures behind the dashboard, the CLI report and the API, all alike. */
export interface AgingReport extends AgingLineJson {
  organization: { id: string; name: string };
  as_of: PlainDate;
  currency: string;
  /** DSO over the last 90 days, null when nothing was invoiced then. */
  dso_days: number | null;
  /** Largest balance first (or largest overdue amount, as asked), a page at a time when asked. */
  customers: CustomerAgingJson[];
  /** How many customers have a line: more than `customers` holds when it is one page of them. */
  customers_total: number;
  /** Open items in another currency than the organization's are counted apart, never converted. */
  other_currencies: string[];
}

export const DSO_PERIOD_DAYS = 90;

function lineJson(line: AgingLine, currency: string): AgingLineJson {
  const buckets = Object.fromEntries(AGING_BUCKETS.map((b) => [b, toMoneyJson(line.buckets[b], currency)])) as Record<
    AgingBucket,
    MoneyJson
  >;
  return {
    balance: toMoneyJson(line.balance, currency),
    overdue: toMoneyJson(line.overdue, currency),
    unapplied_credit: toMoneyJson(line.unappliedCredit, currency),
    buckets,
    oldest_due_date: line.oldestDueDate,
  };
}

export async function getAgingReport(
  db: Db,
  organizationId: string,
  /** `ownerUserId` narrows the report to the accounts one user owns (what a sales user sees). */
  options: AsOf & {
    customerId?: string;
    currency?: string;
    ownerUserId?: string;
    /** One page of the customer lines (all of them without it), by balance or by overdue amount. */
    customers?: CustomerLinesPage;
  },
): Promise<AgingReport> {
  const organization = await getOrganization(db, organizationId);
  if (!organization) throw new AppError('not_found', `organization ${organizationId} does not exist`);
  const asOf = asOfIn(organization.time_zone, options);
  const currency = options.currency ?? organization.currency;
  const scope: AgingScope = {
    asOf,
    currency,
    ...(options.customerId ? { customerId: options.customerId } : {}),
    ...(options.ownerUserId !== undefined ? { ownerUserId: options.ownerUserId } : {}),
  };
  const page = options.customers;
  const [lines, otherCurrencies] = await Promise.all([
    pageAgingByCustomer(db, organizationId, scope, page ?? { limit: null, offset: 0, sort: 'balance' }),
    listOtherCurrencies(db, organizationId, scope),
  ]);
  // A page read from the open invoices up brings the total line with it.
  const total = lines.totalLine ?? (await sumAgingTotal(db, organizationId, scope));
  const customers = lines.rows.map(({ id, reference, name, line }) => ({ id, reference, name, ...lineJson(line, currency) }));

  const periodStart = addDays(asOf, -DSO_PERIOD_DAYS + 1);
  const sales = options.customerId
    ? 0
    : options.ownerUserId !== undefined
      ? await sumSalesOfOwner(db, organizationId, options.ownerUserId, currency, periodStart, asOf)
      : await sumSales(db, organizationId, currency, periodStart, asOf);
  return {
    organization: { id: organization.id, name: organization.name },
    as_of: asOf,
    currency,
    ...lineJson(total, currency),
    dso_days: options.customerId ? null : computeDso(total.balance, sales, DSO_PERIOD_DAYS),
    customers,
    customers_total: lines.total,
    other_currencies: otherCurrencies,
  };
}
