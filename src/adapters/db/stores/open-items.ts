import { sql } from 'kysely';
import type { OpenItem, UnappliedCredit } from '../../../core/aging.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import { oneOfIds } from './id-list.js';
import { sumMinor } from './open-amount.js';

export interface OpenInvoice extends OpenItem {
  invoiceId: string;
  number: string;
  issueDate: PlainDate;
  amountMinor: number;
  /** What the customer quotes with a transfer, electronic form; left out by readers that do not need it. */
  paymentReference?: string | null;
}

const sumAmount = sumMinor();

/** Invoices whose allocations do not cover them (or over-cover them), as of now. */
export async function listOpenInvoices(
  db: Db,
  organizationId: string,
  filter: { customerId?: string } = {},
): Promise<OpenInvoice[]> {
  let query = db.kysely
    .selectFrom('invoices')
    .select(['id', 'customer_id', 'number', 'issue_date', 'due_date', 'currency', 'amount_minor', 'open_minor', 'payment_reference'])
    .where('organization_id', '=', organizationId)
    .where('open_minor', '<>', 0);
  if (filter.customerId) query = query.where('customer_id', '=', filter.customerId);
  const rows = await query.orderBy('due_date').orderBy('number').execute();
  return rows.map((r) => ({
    invoiceId: r.id,
    customerId: r.customer_id,
    number: r.number,
    issueDate: r.issue_date as PlainDate,
    dueDate: r.due_date as PlainDate,
    currency: r.currency,
    amountMinor: Number(r.amount_minor),
    openMinor: Number(r.open_minor),
    paymentReference: r.payment_reference ?? null,
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
  for (const table of ['payments', 'credit_notes'] as const) {
    const { rows } = await sql<{ customer_id: string; currency: string; unapplied: number }>`
      select d.customer_id, d.currency, ${sumMinor('d.unapplied_minor')} as unapplied
      from ${sql.table(table)} d
      where d.organization_id = ${organizationId} and d.unapplied_minor <> 0${customerIds ? sql` and ${oneOfIds(db, 'd.customer_id', customerIds)}` : sql``}
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
