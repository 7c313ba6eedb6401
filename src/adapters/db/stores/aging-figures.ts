import { sql, type RawBuilder } from 'kysely';
import { agingLineOf, bucketStarts, type AgingLine } from '../../../core/aging.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import { keptFiguresDay } from './customer-figures.js';

// The aging figures (buckets, balance, overdue, unapplied credit, oldest due date) summed by the
// database over the stored open amounts, read from the partial indexes of what is still open
// (migration 0020-o): the rules are those of core/aging.ts, the bucket boundaries computed there
// as plain dates. Nothing here reads the whole ledger into memory.

export interface AgingScope {
  currency: string;
  asOf: PlainDate;
  /** One customer only. */
  customerId?: string;
  /** These customers only (a page of a list). */
  customerIds?: readonly string[];
  /** The customers one user owns. */
  ownerUserId?: string;
}

/** The bucket sums, oldest due date and unapplied credit as read from one row of an aggregate. */
interface LineColumns {
  not_due: number | string | null;
  d1_30: number | string | null;
  d31_60: number | string | null;
  d61_90: number | string | null;
  over_90: number | string | null;
  unapplied: number | string | null;
  oldest: string | null;
}

export function lineOfRow(row: LineColumns): AgingLine {
  const n = (value: number | string | null) => Number(value ?? 0);
  return agingLineOf(
    { not_due: n(row.not_due), d1_30: n(row.d1_30), d31_60: n(row.d31_60), d61_90: n(row.d61_90), over_90: n(row.over_90) },
    n(row.unapplied),
    (row.oldest ?? null) as PlainDate | null,
  );
}

/** The documents of the scope: the organization's, of one customer or of one owner's customers. */
function inScope(organizationId: string, alias: string, scope: Pick<AgingScope, 'customerId' | 'customerIds' | 'ownerUserId'>): RawBuilder<boolean> {
  const customer = sql.ref(`${alias}.customer_id`);
  const conditions = [sql`${sql.ref(`${alias}.organization_id`)} = ${organizationId}`];
  if (scope.customerId !== undefined) conditions.push(sql`${customer} = ${scope.customerId}`);
  if (scope.customerIds !== undefined) conditions.push(scope.customerIds.length === 0 ? sql`1 = 0` : sql`${customer} in (${sql.join([...scope.customerIds])})`);
  if (scope.ownerUserId !== undefined) {
    conditions.push(sql`${customer} in (select o.id from customers o where o.organization_id = ${organizationId} and o.owner_user_id = ${scope.ownerUserId})`);
  }
  return sql<boolean>`${sql.join(conditions, sql` and `)}`;
}

/** The open invoices of the scope summed per bucket, grouped as `groupBy` says. */
function invoiceSums(db: Db, organizationId: string, scope: AgingScope, perCustomer: boolean): RawBuilder<unknown> {
  const starts = bucketStarts(scope.asOf);
  const due = sql.ref('i.due_date');
  const open = sql.ref('i.open_minor');
  const sumWhen = (condition: RawBuilder<unknown>) => sql`cast(sum(case when ${condition} then ${open} else 0 end) as bigint)`;
  return sql`
    select ${perCustomer ? sql`i.customer_id,` : sql``}
      ${sumWhen(sql`${due} >= ${starts.not_due}`)} as not_due,
      ${sumWhen(sql`${due} < ${starts.not_due} and ${due} >= ${starts.d1_30}`)} as d1_30,
      ${sumWhen(sql`${due} < ${starts.d1_30} and ${due} >= ${starts.d31_60}`)} as d31_60,
      ${sumWhen(sql`${due} < ${starts.d31_60} and ${due} >= ${starts.d61_90}`)} as d61_90,
      ${sumWhen(sql`${due} < ${starts.d61_90}`)} as over_90,
      min(case when ${open} > 0 then ${due} end) as oldest
    from invoices i
    where ${inScope(organizationId, 'i', scope)} and i.open_minor <> 0 and i.currency = ${scope.currency}
    ${perCustomer ? sql`group by i.customer_id` : sql``}`;
}

/** The unapplied credit of the scope's payments and credit notes. */
function creditSums(db: Db, organizationId: string, scope: AgingScope, perCustomer: boolean): RawBuilder<unknown> {
  const of = (table: 'payments' | 'credit_notes') => sql`
    select d.customer_id, d.unapplied_minor from ${sql.table(table)} d
    where ${inScope(organizationId, 'd', scope)} and d.unapplied_minor <> 0 and d.currency = ${scope.currency}`;
  return sql`
    select ${perCustomer ? sql`k.customer_id,` : sql``} cast(sum(k.unapplied_minor) as bigint) as unapplied
    from (${of('payments')} union all ${of('credit_notes')}) k
    ${perCustomer ? sql`group by k.customer_id` : sql``}`;
}

type InvoiceSumsRow = Omit<LineColumns, 'unapplied'> & { customer_id: string };

/**
 * The open invoices of the scope summed per customer: to left-join as `iv` to the customers (`c`),
 * with `unappliedByCustomer` as `cr`. Each is read from its partial index in customer order; a
 * customer with neither has nulls, read as 0.
 */
export function openInvoicesByCustomer(db: Db, organizationId: string, scope: AgingScope): RawBuilder<InvoiceSumsRow> {
  return sql<InvoiceSumsRow>`(${invoiceSums(db, organizationId, scope, true)})`;
}

export function unappliedByCustomer(db: Db, organizationId: string, scope: AgingScope): RawBuilder<{ customer_id: string; unapplied: number | string | null }> {
  return sql<{ customer_id: string; unapplied: number | string | null }>`(${creditSums(db, organizationId, scope, true)})`;
}

/** The aging columns of `iv` and `cr`, as `lineOfRow` reads them. */
export const AGING_COLUMNS = sql<LineColumns>`iv.not_due, iv.d1_30, iv.d31_60, iv.d61_90, iv.over_90, iv.oldest, cr.unapplied`;

const ageColumn = (column: string) => sql`coalesce(${sql.ref(column)}, 0)`;

/** SQL of a customer's overdue amount over the columns of `iv` and `cr`. */
export function overdueSql(): RawBuilder<number> {
  return sql<number>`(${ageColumn('iv.d1_30')} + ${ageColumn('iv.d31_60')} + ${ageColumn('iv.d61_90')} + ${ageColumn('iv.over_90')})`;
}

/** SQL of a customer's balance over the columns of `iv` and `cr`: open invoices minus unapplied credit. */
export function balanceSql(): RawBuilder<number> {
  return sql<number>`(${ageColumn('iv.not_due')} + ${overdueSql()} - ${ageColumn('cr.unapplied')})`;
}

/** The customers of the scope (`c`) with their aging columns, as raw SQL after `select …`. */
function customersWithAging(db: Db, organizationId: string, scope: AgingScope): RawBuilder<unknown> {
  return sql`from customers c
    left join (${invoiceSums(db, organizationId, scope, true)}) iv on iv.customer_id = c.id
    left join (${creditSums(db, organizationId, scope, true)}) cr on cr.customer_id = c.id
    where c.organization_id = ${organizationId} and (iv.customer_id is not null or cr.customer_id is not null)${customerIn(scope)}`;
}

/** The scope's own customers as a condition on `c`: one customer's figures then read that customer's row alone. */
function customerIn(scope: Pick<AgingScope, 'customerId' | 'customerIds'>): RawBuilder<unknown> {
  if (scope.customerId !== undefined) return sql` and c.id = ${scope.customerId}`;
  if (scope.customerIds !== undefined) return scope.customerIds.length === 0 ? sql` and 1 = 0` : sql` and c.id in (${sql.join([...scope.customerIds])})`;
  return sql``;
}

/** The scope's total line: every open invoice and unapplied credit of the currency. */
export async function sumAgingTotal(db: Db, organizationId: string, scope: AgingScope): Promise<AgingLine> {
  if (await keptFor(db, organizationId, scope)) return (await keptSummary(db, organizationId, scope)).total;
  const { rows } = await sql<LineColumns>`
    select iv.not_due, iv.d1_30, iv.d31_60, iv.d61_90, iv.over_90, iv.oldest, cr.unapplied
    from (${invoiceSums(db, organizationId, scope, false)}) iv, (${creditSums(db, organizationId, scope, false)}) cr`.execute(db.kysely);
  return lineOfRow(rows[0]!);
}

/** The line of each customer of the scope with something open or unapplied. */
export async function sumAgingByCustomer(db: Db, organizationId: string, scope: AgingScope): Promise<Map<string, AgingLine>> {
  const { rows } = await sql<LineColumns & { id: string }>`select c.id, ${AGING_COLUMNS} ${customersWithAging(db, organizationId, scope)}`.execute(db.kysely);
  return new Map(rows.map((row) => [row.id, lineOfRow(row)]));
}

/** Currencies other than the scope's with something open or unapplied, sorted. */
export async function listOtherCurrencies(db: Db, organizationId: string, scope: AgingScope): Promise<string[]> {
  // Below and above the scope's currency, each side a range of the currency-led partial indexes
  // (migration 0025-m), instead of a "<>" that visits every open document.
  const sides = [sql`< ${scope.currency}`, sql`> ${scope.currency}`];
  const of = (table: 'invoices' | 'payments' | 'credit_notes', column: 'open_minor' | 'unapplied_minor') =>
    sides.map(
      (side) => sql`select distinct d.currency from ${sql.table(table)} d where ${inScope(organizationId, 'd', scope)} and ${sql.ref(`d.${column}`)} <> 0 and d.currency ${side}`,
    );
  const { rows } = await sql<{ currency: string }>`${sql.join(
    [...of('invoices', 'open_minor'), ...of('payments', 'unapplied_minor'), ...of('credit_notes', 'unapplied_minor')],
    sql` union `,
  )}`.execute(db.kysely);
  return rows.map((row) => row.currency).sort();
}

export interface CustomerAgingRow {
  id: string;
  reference: string;
  name: string;
  line: AgingLine;
}

export interface CustomerLinesPage {
  /** null: every line. */
  limit: number | null;
  offset: number;
  /** balance: largest balance first, then by reference; overdue: largest overdue amount first, then by name. */
  sort: 'balance' | 'overdue';
}

type NamedLineRow = LineColumns & { id: string; external_ref: string; name: string };

/**
 * The page of the customers with the largest overdue amount or balance, ties by name then
 * reference (`ties` = 'reference': by reference alone), read from the open invoices up: the
 * database finds the amount at the page's last place, then joins only the customers at or above
 * it (ties included) to their names, instead of every customer of the organization. Exact: every
 * customer left out has a smaller amount. Null when fewer than a full page qualify that way (the
 * page reaches customers with nothing positive, or `where` left some out): the caller then reads
 * the page the general way.
 */
export async function topCustomersBy(
  db: Db,
  organizationId: string,
  scope: AgingScope,
  page: { sort: 'balance' | 'overdue'; limit: number; offset: number; ties: 'name' | 'reference'; where?: RawBuilder<unknown> },
): Promise<NamedLineRow[] | null> {
  return (await topCustomersWithSummary(db, organizationId, scope, page, false))?.rows ?? null;
}

/** The scope's total line and how many customers pass `where`, summed from the same per-customer pass as a page. */
interface PageSummary {
  total: AgingLine;
  listed: number;
}

type SummaryColumns = { listed_total: number | string; t_not_due: number | string | null; t_d1_30: number | string | null; t_d31_60: number | string | null; t_d61_90: number | string | null; t_over_90: number | string | null; t_oldest: string | null; t_unapplied: number | string | null };

async function topCustomersWithSummary(
  db: Db,
  organizationId: string,
  scope: AgingScope,
  page: { sort: 'balance' | 'overdue'; limit: number; offset: number; ties: 'name' | 'reference'; where?: RawBuilder<unknown> },
  summary: boolean,
): Promise<{ rows: NamedLineRow[]; summary: PageSummary | null } | null> {
  if (page.limit <= 0) return null;
  if (await keptFor(db, organizationId, scope)) return keptTopCustomers(db, organizationId, scope, page, summary);
  const amount = page.sort === 'overdue' ? overdueSql() : balanceSql();
  const iv = invoiceSums(db, organizationId, scope, true);
  const cr = creditSums(db, organizationId, scope, true);
  // One pass over the open invoices, kept for both the page's last amount and the page itself.
  const { rows } = await sql<NamedLineRow>`
    with iv as materialized (${iv}), cr as materialized (${cr})${summary ? summaryTable(page.where ?? sql``) : sql``}
    select c.id, c.external_ref, c.name, ${AGING_COLUMNS}${summary ? sql`, summary.*` : sql``}
    from iv cross join customers c left join cr on cr.customer_id = iv.customer_id${summary ? sql` cross join summary` : sql``}
    where c.id = iv.customer_id and c.organization_id = ${organizationId}
      and ${amount} >= (
        select ${amount} as v from iv${page.sort === 'overdue' ? sql`` : sql` left join cr on cr.customer_id = iv.customer_id`}
        where ${amount} > 0 order by v desc limit 1 offset ${page.offset + page.limit - 1})${page.where ?? sql``}
    order by ${amount} desc, ${page.ties === 'name' ? sql`c.name, c.external_ref` : sql`c.external_ref`}
    limit ${page.limit} offset ${page.offset}`.execute(db.kysely);
  if (rows.length !== page.limit) return null;
  if (!summary) return { rows, summary: null };
  const first = rows[0] as NamedLineRow & SummaryColumns;
  const totals = lineOfRow({
    not_due: first.t_not_due,
    d1_30: first.t_d1_30,
    d31_60: first.t_d31_60,
    d61_90: first.t_d61_90,
    over_90: first.t_over_90,
    oldest: first.t_oldest,
    unapplied: first.t_unapplied,
  });
  return { rows, summary: { total: totals, listed: Number(first.listed_total) } };
}

/**
 * The scope's totals and the count of customers passing `where` (a condition on `iv` and `cr`
 * beginning with " and "), over the kept per-customer sums: the sum of every customer's line is
 * the scope's line, and a customer with unapplied credit only has no row in `iv`.
 */
function summaryTable(where: RawBuilder<unknown>): RawBuilder<unknown> {
  const total = (column: string) => sql`cast(sum(${sql.ref(`k.${column}`)}) as bigint) as ${sql.ref(`t_${column}`)}`;
  return sql`, summary as (
      select ${total('not_due')}, ${total('d1_30')}, ${total('d31_60')}, ${total('d61_90')}, ${total('over_90')}, min(k.oldest) as t_oldest,
        (select cast(sum(cr.unapplied) as bigint) from cr) as t_unapplied,
        (select count(*) from iv left join cr on cr.customer_id = iv.customer_id where 1 = 1${where})
          + (select count(*) from cr where cr.unapplied <> 0 and not exists (select 1 from iv where iv.customer_id = cr.customer_id)) as listed_total
      from iv k)`;
}

/**
 * Whether the scope's figures can be read from those kept for the day (stores/customer-figures.ts):
 * the whole organization's, on the day they are kept for.
 */
async function keptFor(db: Db, organizationId: string, scope: AgingScope): Promise<boolean> {
  if (scope.customerId !== undefined || scope.customerIds !== undefined || scope.ownerUserId !== undefined) return false;
  return (await keptFiguresDay(db, organizationId)) === scope.asOf;
}

const keptColumns = sql`f.not_due, f.d1_30, f.d31_60, f.d61_90, f.over_90, f.unapplied`;
// What a line of the report needs: a balance or unapplied credit (as in pageAgingByCustomer).
const keptListed = sql`(f.balance <> 0 or f.unapplied <> 0)`;

/** The oldest due date still owed, per customer of `customerIds` or (without) over the whole scope. */
async function oldestDueDates(db: Db, organizationId: string, currency: string, customerIds?: readonly string[]): Promise<Map<string | null, string>> {
  const { rows } = await sql<{ customer_id: string | null; oldest: string | null }>`
    select ${customerIds ? sql`i.customer_id` : sql`null`} as customer_id, min(i.due_date) as oldest from invoices i
    where i.organization_id = ${organizationId}${customerIds ? sql` and i.customer_id in (${sql.join([...customerIds])})` : sql``}
      and i.open_minor > 0 and i.currency = ${currency}
    ${customerIds ? sql`group by i.customer_id` : sql``}`.execute(db.kysely);
  return new Map(rows.filter((row) => row.oldest !== null).map((row) => [row.customer_id, row.oldest!]));
}

/** The scope's total line and how many customers have a line, summed over the kept figures. */
async function keptSummary(db: Db, organizationId: string, scope: AgingScope): Promise<PageSummary> {
  const total = (column: string) => sql`cast(sum(${sql.ref(`f.${column}`)}) as bigint) as ${sql.ref(column)}`;
  const [{ rows }, oldest] = await Promise.all([
    sql<Omit<LineColumns, 'oldest'> & { listed: number | string }>`
      select ${total('not_due')}, ${total('d1_30')}, ${total('d31_60')}, ${total('d61_90')}, ${total('over_90')}, ${total('unapplied')},
        count(case when ${keptListed} then 1 end) as listed
      from customer_figures f where f.organization_id = ${organizationId} and f.currency = ${scope.currency}`.execute(db.kysely),
    oldestDueDates(db, organizationId, scope.currency),
  ]);
  return { total: lineOfRow({ ...rows[0]!, oldest: oldest.get(null) ?? null }), listed: Number(rows[0]?.listed ?? 0) };
}

/**
 * topCustomersWithSummary over the figures kept for the day: the amount at the page's last place
 * is read from the top of an index, and only the customers at or above it are joined to their
 * names. The report's `where` is its "has a line" condition, which every kept row with a positive
 * overdue amount or balance meets; it is applied here as `keptListed`.
 */
async function keptTopCustomers(
  db: Db,
  organizationId: string,
  scope: AgingScope,
  page: { sort: 'balance' | 'overdue'; limit: number; offset: number; ties: 'name' | 'reference' },
  summary: boolean,
): Promise<{ rows: NamedLineRow[]; summary: PageSummary | null } | null> {
  const amount = sql.ref(page.sort === 'overdue' ? 'f.overdue' : 'f.balance');
  const ofScope = sql`f.organization_id = ${organizationId} and f.currency = ${scope.currency}`;
  const { rows } = await sql<Omit<NamedLineRow, 'oldest'>>`
    select c.id, c.external_ref, c.name, ${keptColumns}
    from customer_figures f cross join customers c
    where ${ofScope} and c.id = f.customer_id and c.organization_id || '' = ${organizationId} and ${keptListed}
      and ${amount} >= (select ${amount} from customer_figures f where ${ofScope} and ${amount} > 0 order by ${amount} desc limit 1 offset ${page.offset + page.limit - 1})
    order by ${amount} desc, ${page.ties === 'name' ? sql`c.name, c.external_ref` : sql`c.external_ref`}
    limit ${page.limit} offset ${page.offset}`.execute(db.kysely);
  if (rows.length !== page.limit) return null;
  const [oldest, totals] = await Promise.all([
    oldestDueDates(db, organizationId, scope.currency, rows.map((row) => row.id)),
    summary ? keptSummary(db, organizationId, scope) : null,
  ]);
  return { rows: rows.map((row) => ({ ...row, oldest: oldest.get(row.id) ?? null })), summary: totals };
}

/**
 * The customers of the scope with a balance or unapplied credit, in the order asked, a page at a
 * time, with how many there are.
 */
export async function pageAgingByCustomer(
  db: Db,
  organizationId: string,
  scope: AgingScope,
  page: CustomerLinesPage,
): Promise<{ rows: CustomerAgingRow[]; total: number; totalLine?: AgingLine }> {
  const listed = sql`(${balanceSql()} <> 0 or ${ageColumn('cr.unapplied')} <> 0)`;
  const named = (row: NamedLineRow) => ({ id: row.id, reference: row.external_ref, name: row.name, line: lineOfRow(row) });
  if (page.limit !== null) {
    // The page, the count and the scope's total line from one pass over what is open.
    const top = await topCustomersWithSummary(
      db,
      organizationId,
      scope,
      { sort: page.sort, limit: page.limit, offset: page.offset, ties: page.sort === 'overdue' ? 'name' : 'reference', where: sql` and ${listed}` },
      true,
    );
    if (top?.summary) return { rows: top.rows.map(named), total: top.summary.listed, totalLine: top.summary.total };
  }
  const from = sql`${customersWithAging(db, organizationId, scope)} and ${listed}`;
  // The count comes with the page (a window over the same rows), not from a second aggregate.
  const { rows } = await sql<LineColumns & { id: string; external_ref: string; name: string; listed: number | string }>`
    select c.id, c.external_ref, c.name, ${AGING_COLUMNS}, count(*) over () as listed ${from}
    order by ${page.sort === 'overdue' ? sql`${overdueSql()} desc, c.name, c.external_ref` : sql`${balanceSql()} desc, c.external_ref`}
    ${page.limit === null ? sql`` : sql`limit ${page.limit} offset ${page.offset}`}`.execute(db.kysely);
  const total =
    rows.length > 0
      ? Number(rows[0]!.listed)
      : page.offset === 0
        ? 0
        : Number((await sql<{ n: number | string }>`select count(*) as n ${from}`.execute(db.kysely)).rows[0]?.n ?? 0);
  return { rows: rows.map(named), total };
}
