import { sql } from 'kysely';
import type { OpenItem, UnappliedCredit } from '../../../core/aging.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import { oneOfIds } from './id-list.js';
import { allocatedToSql, openAmountSql, sumMinor } from './open-amount.js';

export interface OpenInvoice extends OpenItem {
  invoiceId: string;
  number: string;
  issueDate: PlainDate;
  amountMinor: number;
}

const sumAmount = sumMinor();

/** Invoices whose allocations do not cover them (or over-cover them), as of now. */
export async function listOpenInvoices(
  db: Db,
  organizationId: string,
  filter: { customerId?: string } = {},
): Promise<OpenInvoice[]> {
  let allocatedQuery = db.kysely
    .selectFrom('allocations')
    .select(['invoice_id', sumAmount.as('allocated')])
    .where('organization_id', '=', organizationId)
    .where('invoice_id', 'is not', null);
  // For one customer, sum only that customer's allocations: summing the whole organization's
  // for each customer made a run over every customer quadratic.
  if (filter.customerId) {
    const customerId = filter.customerId;
    allocatedQuery = allocatedQuery.where('invoice_id', 'in', (eb) =>
      eb.selectFrom('invoices').select('id').where('organization_id', '=', organizationId).where('customer_id', '=', customerId),
    );
  }
  const allocated = allocatedQuery.groupBy('invoice_id').as('a');
  let query = db.kysely
    .selectFrom('invoices as i')
    .leftJoin(allocated, 'a.invoice_id', 'i.id')
    .select([
      'i.id',
      'i.customer_id',
      'i.number',
      'i.issue_date',
      'i.due_date',
      'i.currency',
      'i.amount_minor',
      openAmountSql('i').as('open_minor'),
    ])
    .where('i.organization_id', '=', organizationId)
    .where(sql<boolean>`${openAmountSql('i')} <> 0`);
  if (filter.customerId) query = query.where('i.customer_id', '=', filter.customerId);
  const rows = await query.orderBy('i.due_date').orderBy('i.number').execute();
  return rows.map((r) => ({
    invoiceId: r.id,
    customerId: r.customer_id,
    number: r.number,
    issueDate: r.issue_date as PlainDate,
    dueDate: r.due_date as PlainDate,
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    openMinor: Number(r.open_minor),
  }));
}

/** Per customer and currency, what payments and credit notes left unallocated. */
export async function listUnappliedCredits(
  db: Db,
  organizationId: string,
  filter: { customerId?: string; customerIds?: readonly string[] } = {},
): Promise<UnappliedCredit[]> {
  const result: UnappliedCredit[] = [];
  const customerIds = filter.customerIds ?? (filter.customerId ? [filter.customerId] : null);
  if (customerIds?.length === 0) return result;
  for (const [table, fk] of [['payments', 'payment_id'], ['credit_notes', 'credit_note_id']] as const) {
    // For a few customers, looking up each document's allocations beats grouping them all;
    // for the whole organization, one grouped pass is the cheaper plan on both engines.
    const { rows } = customerIds
      ? await sql<{ customer_id: string; currency: string; unapplied: number }>`
          select d.customer_id, d.currency, cast(sum(${openAmountSql('d', allocatedToSql('d', fk))}) as bigint) as unapplied
          from ${sql.table(table)} d
          where d.organization_id = ${organizationId} and ${oneOfIds(db, 'd.customer_id', customerIds)}
          group by d.customer_id, d.currency`.execute(db.kysely)
      : await sql<{ customer_id: string; currency: string; unapplied: number }>`
          select d.customer_id, d.currency, cast(sum(${openAmountSql('d')}) as bigint) as unapplied
          from ${sql.table(table)} d
          left join (
            select ${sql.ref(fk)} as source_id, ${sumAmount} as allocated
            from allocations where organization_id = ${organizationId} and ${sql.ref(fk)} is not null
            group by ${sql.ref(fk)}
          ) a on a.source_id = d.id
          where d.organization_id = ${organizationId}
          group by d.customer_id, d.currency`.execute(db.kysely);
    for (const row of rows) {
      const minor = Number(row.unapplied);
      if (minor !== 0) result.push({ customerId: row.customer_id, currency: row.currency, minor });
    }
  }
  return result;
}

/** Credit sales (invoices minus credit notes) issued in [from, to], for DSO. */
export async function sumSales(db: Db, organizationId: string, currency: string, from: PlainDate, to: PlainDate): Promise<number> {
  let total = 0;
  for (const [table, sign] of [['invoices', 1], ['credit_notes', -1]] as const) {
    const row = await db.kysely
      .selectFrom(table)
      .select(sumAmount.as('total'))
      .where('organization_id', '=', organizationId)
      .where('currency', '=', currency)
      .where('issue_date', '>=', from)
      .where('issue_date', '<=', to)
      .executeTakeFirst();
    total += sign * Number(row?.total ?? 0);
  }
  return total;
}
