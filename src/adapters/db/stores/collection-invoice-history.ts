import { sql } from 'kysely';
import type { InvoiceHistoryEntry } from '../../../core/risk/assess-payment-behaviour.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';

/**
 * Every invoice of a customer with what is still open and, once nothing is, the day the last
 * allocation settled it: the history payment-behaviour risk is read from.
 */
export async function listInvoiceHistory(db: Db, organizationId: string, customerId: string): Promise<InvoiceHistoryEntry[]> {
  const { rows } = await sql<{ number: string; issue_date: string; due_date: string; amount_minor: number; allocated: number | null; last_on: string | null }>`
    select i.number, i.issue_date, i.due_date, i.amount_minor,
           cast(coalesce(sum(a.amount_minor), 0) as bigint) as allocated, max(a.allocated_on) as last_on
    from invoices i left join allocations a on a.invoice_id = i.id and a.organization_id = i.organization_id
    where i.organization_id = ${organizationId} and i.customer_id = ${customerId}
    group by i.id, i.number, i.issue_date, i.due_date, i.amount_minor
    order by i.due_date, i.number`.execute(db.kysely);
  return rows.map((row) => {
    const amountMinor = Number(row.amount_minor);
    const openMinor = amountMinor - Number(row.allocated ?? 0);
    return {
      number: row.number,
      issueDate: row.issue_date as PlainDate,
      dueDate: row.due_date as PlainDate,
      amountMinor,
      settledOn: openMinor <= 0 ? ((row.last_on ?? row.issue_date) as PlainDate) : null,
      openMinor: Math.max(0, openMinor),
    };
  });
}
