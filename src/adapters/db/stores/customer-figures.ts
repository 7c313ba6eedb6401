import { sql, type RawBuilder } from 'kysely';
import { bucketStarts } from '../../../core/aging.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import { inTransaction } from './in-transaction.js';

// Each customer's aging figures kept for one day, the organization's today (migration 0030-f): the
// lists and the dashboard read the page they show from an index instead of summing every open
// invoice on each request. The database moves the figures with every open amount and unapplied
// credit; the day itself moves once a day (`keepCustomerFigures`), when every invoice's bucket may
// change. Figures asked for another day, or for part of the organization, are summed as before.

/** The day an organization's figures are kept for, or null when none are kept. */
export async function keptFiguresDay(db: Db, organizationId: string): Promise<PlainDate | null> {
  const row = await db.kysely.selectFrom('customer_figures_days').select('as_of').where('organization_id', '=', organizationId).executeTakeFirst();
  return (row?.as_of ?? null) as PlainDate | null;
}

/** Every customer's figures in every currency, as of `asOf`, summed from its open documents. */
function summedFigures(organizationId: string, asOf: PlainDate): RawBuilder<unknown> {
  const starts = bucketStarts(asOf);
  const due = sql.ref('i.due_date');
  const open = sql.ref('i.open_minor');
  const sumWhen = (condition: RawBuilder<unknown>) => sql`sum(case when ${condition} then ${open} else 0 end)`;
  const invoices = sql`
    select i.customer_id, i.currency,
      ${sumWhen(sql`${due} >= ${starts.not_due}`)} as not_due,
      ${sumWhen(sql`${due} < ${starts.not_due} and ${due} >= ${starts.d1_30}`)} as d1_30,
      ${sumWhen(sql`${due} < ${starts.d1_30} and ${due} >= ${starts.d31_60}`)} as d31_60,
      ${sumWhen(sql`${due} < ${starts.d31_60} and ${due} >= ${starts.d61_90}`)} as d61_90,
      ${sumWhen(sql`${due} < ${starts.d61_90}`)} as over_90,
      0 as unapplied
    from invoices i where i.organization_id = ${organizationId} and i.open_minor <> 0
    group by i.customer_id, i.currency`;
  const credit = (table: 'payments' | 'credit_notes') =>
    sql`select d.customer_id, d.currency, 0 as not_due, 0 as d1_30, 0 as d31_60, 0 as d61_90, 0 as over_90, d.unapplied_minor as unapplied
      from ${sql.table(table)} d where d.organization_id = ${organizationId} and d.unapplied_minor <> 0`;
  const sum = (column: string) => sql`cast(sum(${sql.ref(`k.${column}`)}) as bigint)`;
  return sql`
    select k.customer_id, k.currency, ${sum('not_due')} as not_due, ${sum('d1_30')} as d1_30, ${sum('d31_60')} as d31_60,
      ${sum('d61_90')} as d61_90, ${sum('over_90')} as over_90, ${sum('unapplied')} as unapplied
    from (${invoices} union all ${credit('payments')} union all ${credit('credit_notes')}) k
    group by k.customer_id, k.currency`;
}

/**
 * Works out every customer's figures for `asOf` and keeps them, in place of another day's: once a
 * day, at the start of the organization's day, and after a change the database does not follow.
 */
export async function keepCustomerFigures(db: Db, organizationId: string, asOf: PlainDate): Promise<void> {
  const starts = bucketStarts(asOf);
  const day = { as_of: asOf, not_due_from: starts.not_due, d1_30_from: starts.d1_30, d31_60_from: starts.d31_60, d61_90_from: starts.d61_90 };
  await inTransaction(db, async (tx) => {
    // First, so that on PostgreSQL the transactions moving figures wait for this one (and it for them).
    await tx.kysely
      .insertInto('customer_figures_days')
      .values({ organization_id: organizationId, ...day })
      .onConflict((oc) => oc.column('organization_id').doUpdateSet(day))
      .execute();
    await tx.kysely.deleteFrom('customer_figures').where('organization_id', '=', organizationId).execute();
    await sql`
      insert into customer_figures (organization_id, currency, customer_id, not_due, d1_30, d31_60, d61_90, over_90, unapplied, overdue, balance)
      select ${organizationId}, s.currency, s.customer_id, s.not_due, s.d1_30, s.d31_60, s.d61_90, s.over_90, s.unapplied,
        s.d1_30 + s.d31_60 + s.d61_90 + s.over_90, s.not_due + s.d1_30 + s.d31_60 + s.d61_90 + s.over_90 - s.unapplied
      from (${summedFigures(organizationId, asOf)}) s`.execute(tx.kysely);
  });
}

/** A customer's kept figures that differ from what its open documents add up to. */
export interface CustomerFigureDrift {
  customerId: string;
  currency: string;
  kept: Record<string, number> | null;
  summed: Record<string, number> | null;
}

const FIGURES = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'over_90', 'unapplied'] as const;

/**
 * The kept figures that the open documents no longer add up to (rows of nothing but zeros aside):
 * none, as long as the database moved them with every change. Empty when no figures are kept.
 */
export async function findCustomerFigureDrift(db: Db, organizationId: string): Promise<CustomerFigureDrift[]> {
  const asOf = await keptFiguresDay(db, organizationId);
  if (asOf === null) return [];
  const kept = await db.kysely.selectFrom('customer_figures').selectAll().where('organization_id', '=', organizationId).execute();
  const { rows: summed } = await sql<Record<(typeof FIGURES)[number], number | string> & { customer_id: string; currency: string }>`${summedFigures(organizationId, asOf)}`.execute(db.kysely);
  // Overdue and balance are derived from the buckets when summed, and kept in columns of their own.
  const figuresOf = (row: Record<string, unknown>, derived: boolean) => {
    const figures: Record<string, number> = Object.fromEntries(FIGURES.map((column) => [column, Number(row[column])]));
    const overdue = figures.d1_30! + figures.d31_60! + figures.d61_90! + figures.over_90!;
    figures.overdue = derived ? overdue : Number(row.overdue);
    figures.balance = derived ? figures.not_due! + overdue - figures.unapplied! : Number(row.balance);
    return Object.values(figures).every((value) => value === 0) ? null : figures;
  };
  const keyOf = (row: { customer_id: string; currency: string }) => `${row.customer_id}\u0000${row.currency}`;
  const keptBy = new Map(kept.map((row) => [keyOf(row), { row, figures: figuresOf(row, false) }]));
  const drift: CustomerFigureDrift[] = [];
  for (const row of summed) {
    const figures = figuresOf(row, true);
    const mine = keptBy.get(keyOf(row))?.figures ?? null;
    keptBy.delete(keyOf(row));
    if (JSON.stringify(mine) !== JSON.stringify(figures)) drift.push({ customerId: row.customer_id, currency: row.currency, kept: mine, summed: figures });
  }
  for (const { row, figures } of keptBy.values()) {
    if (figures !== null) drift.push({ customerId: row.customer_id, currency: row.currency, kept: figures, summed: null });
  }
  return drift;
}
