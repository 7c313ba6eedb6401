import type { Db } from '../database.js';
import type { ContactRow, CustomerRow } from '../schema.js';

/** An invoice as the simulation starts from it: what it was for, and what allocations left open. */
export interface InvoiceState {
  id: string;
  customer_id: string;
  number: string;
  issue_date: string;
  due_date: string;
  currency: string;
  amount_minor: number;
  open_minor: number;
  /** The day of its last allocation: for a settled invoice, the day it was paid. */
  last_allocated_on: string | null;
}

export async function listInvoiceStates(db: Db, organizationId: string): Promise<InvoiceState[]> {
  const allocated = db.kysely
    .selectFrom('allocations')
    .select((eb) => ['invoice_id', eb.fn.max('allocated_on').as('last_allocated_on')])
    .where('organization_id', '=', organizationId)
    .where('invoice_id', 'is not', null)
    .groupBy('invoice_id')
    .as('a');
  const rows = await db.kysely
    .selectFrom('invoices as i')
    .leftJoin(allocated, 'a.invoice_id', 'i.id')
    .select(['i.id', 'i.customer_id', 'i.number', 'i.issue_date', 'i.due_date', 'i.currency', 'i.amount_minor', 'i.open_minor', 'a.last_allocated_on'])
    .where('i.organization_id', '=', organizationId)
    .orderBy('i.number')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    customer_id: row.customer_id,
    number: row.number,
    issue_date: row.issue_date,
    due_date: row.due_date,
    currency: row.currency,
    amount_minor: Number(row.amount_minor),
    open_minor: Number(row.open_minor),
    last_allocated_on: (row.last_allocated_on as string | null) ?? null,
  }));
}

export async function listCustomersWithContacts(db: Db, organizationId: string): Promise<{ customer: CustomerRow; contacts: ContactRow[] }[]> {
  const customers = await db.kysely.selectFrom('customers').selectAll().where('organization_id', '=', organizationId).orderBy('external_ref').execute();
  const contacts = await db.kysely.selectFrom('contacts').selectAll().where('organization_id', '=', organizationId).execute();
  const byCustomer = new Map<string, ContactRow[]>();
  for (const contact of contacts) {
    const list = byCustomer.get(contact.customer_id) ?? [];
    list.push(contact);
    byCustomer.set(contact.customer_id, list);
  }
  return customers.map((customer) => ({ customer, contacts: byCustomer.get(customer.id) ?? [] }));
}

/** A message that went out, with the step that wrote it and the invoices it named. */
export interface SentMessageFacts {
  outbox_id: string;
  customer_id: string;
  channel: string;
  step_id: string;
  episode_key: string;
  planned_on: string;
  invoice_numbers: string;
  coming_due_numbers: string | null;
}

export async function getSentMessageFacts(db: Db, organizationId: string, outboxIds: readonly string[]): Promise<SentMessageFacts[]> {
  if (outboxIds.length === 0) return [];
  return db.kysely
    .selectFrom('outbox_messages as m')
    .innerJoin('collection_actions as a', 'a.id', 'm.action_id')
    .select(['m.id as outbox_id', 'm.customer_id', 'm.channel', 'a.step_id', 'a.episode_key', 'a.planned_on', 'a.invoice_numbers', 'a.coming_due_numbers'])
    .where('m.organization_id', '=', organizationId)
    .where('m.id', 'in', outboxIds)
    .execute();
}

/** Open tasks of one kind due by a day, in an order that does not depend on generated ids. */
export async function listOpenTasksDue(db: Db, organizationId: string, kind: string, createdBefore: string | null, dueBy: string | null) {
  let query = db.kysely
    .selectFrom('collection_tasks as t')
    .innerJoin('customers as c', 'c.id', 't.customer_id')
    .select(['t.id', 't.customer_id', 't.dedupe_key', 't.created_on', 't.due_on', 'c.external_ref'])
    .where('t.organization_id', '=', organizationId)
    .where('t.kind', '=', kind)
    .where('t.status', '=', 'open');
  if (createdBefore !== null) query = query.where('t.created_on', '<', createdBefore);
  if (dueBy !== null) query = query.where('t.due_on', '<=', dueBy);
  return query.orderBy('c.external_ref').orderBy('t.dedupe_key').execute();
}

/** Tasks made for a person between two days, by kind. */
export async function countTasksCreated(db: Db, organizationId: string, from: string, to: string): Promise<Map<string, number>> {
  const rows = await db.kysely
    .selectFrom('collection_tasks')
    .select((eb) => ['kind', eb.fn.countAll<number>().as('n')])
    .where('organization_id', '=', organizationId)
    .where('created_on', '>=', from)
    .where('created_on', '<=', to)
    .groupBy('kind')
    .execute();
  return new Map(rows.map((row) => [row.kind, Number(row.n)]));
}
