import { sql } from 'kysely';
import { addDays, type PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import { oneOfIds } from './id-list.js';

/** What holds a customer's collection, as the customer list shows it; several may hold at once. */
export const CUSTOMER_STATUSES = ['in_dispute', 'promise', 'plan', 'hold', 'handed_off'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/**
 * What comes next: a message waiting to leave (its channel), a person's task (its kind), or,
 * with nothing planned, the day a promise falls due or a hold ends.
 */
export const NEXT_ACTION_KINDS = ['email', 'sms', 'letter', 'registered_letter', 'call', 'approval', 'handoff', 'dispute', 'owner_notice', 'small_claim', 'promise_due', 'hold_ends'] as const;
export type NextActionKind = (typeof NEXT_ACTION_KINDS)[number];

export interface CustomerListStatus {
  status: CustomerStatus[];
  next_action: { kind: NextActionKind; on: PlainDate } | null;
  last_contact_on: PlainDate | null;
}

const MESSAGE_CHANNELS = ['email', 'sms', 'letter', 'registered_letter'];

/**
 * The status, next action and last contact of a page of customers: one query per source, each
 * on the (organization, customer) indexes and limited to the page's ids, so the cost follows
 * the page and not the ledger.
 */
export async function readCustomerListStatus(db: Db, organizationId: string, customerIds: readonly string[], asOf: PlainDate): Promise<Map<string, CustomerListStatus>> {
  const result = new Map<string, CustomerListStatus>(customerIds.map((id) => [id, { status: [], next_action: null, last_contact_on: null }]));
  if (customerIds.length === 0) return result;
  const of = (id: string) => result.get(id)!;
  const held = new Map<string, Set<CustomerStatus>>(customerIds.map((id) => [id, new Set()]));
  const inPage = (column: string) => oneOfIds(db, column, customerIds);
  const k = db.kysely;

  const disputes = await k.selectFrom('disputes').select('customer_id').where('organization_id', '=', organizationId).where(inPage('customer_id')).where('status', '=', 'open').execute();
  for (const row of disputes) held.get(row.customer_id)!.add('in_dispute');

  // The latest promise made on or before the day is the one in force, as the collection run reads it.
  const promises = await k
    .selectFrom('payment_promises')
    .select(['customer_id', 'promised_on', 'grace_days'])
    .where('organization_id', '=', organizationId)
    .where(inPage('customer_id'))
    .where('created_on', '<=', asOf)
    .orderBy('created_on')
    .orderBy('created_at')
    .execute();
  const latestPromise = new Map(promises.map((row) => [row.customer_id, row]));
  const promiseDue = new Map<string, PlainDate>();
  for (const [customerId, row] of latestPromise) {
    if (addDays(row.promised_on as PlainDate, Number(row.grace_days)) < asOf) continue;
    held.get(customerId)!.add('promise');
    promiseDue.set(customerId, row.promised_on as PlainDate);
  }

  const plans = await k.selectFrom('payment_plans').select('customer_id').where('organization_id', '=', organizationId).where(inPage('customer_id')).where('status', '=', 'active').where('created_on', '<=', asOf).execute();
  for (const row of plans) held.get(row.customer_id)!.add('plan');

  const holds = await k
    .selectFrom('collection_holds')
    .select(['customer_id', 'until'])
    .where('organization_id', '=', organizationId)
    .where(inPage('customer_id'))
    .where('released_at', 'is', null)
    .where('created_on', '<=', asOf)
    .where('until', '>=', asOf)
    .execute();
  const holdEnds = new Map<string, PlainDate>();
  for (const row of holds) {
    held.get(row.customer_id)!.add('hold');
    const until = row.until as PlainDate;
    if (!holdEnds.has(row.customer_id) || until > holdEnds.get(row.customer_id)!) holdEnds.set(row.customer_id, until);
  }

  // Handed off: the open case's hand-off step was taken (planned for the agency, or done).
  const handoffs = await k
    .selectFrom('collection_actions as a')
    .innerJoin('collection_cases as c', (join) => join.onRef('c.id', '=', 'a.case_id').on('c.status', '=', 'open'))
    .select('a.customer_id')
    .where('a.organization_id', '=', organizationId)
    .where(inPage('a.customer_id'))
    .where('a.channel', '=', 'handoff')
    .where('a.status', 'in', ['planned', 'sent'])
    .execute();
  for (const row of handoffs) held.get(row.customer_id)!.add('handed_off');
  // Or a partner holds the case under a mandate live on the day.
  const mandates = await k
    .selectFrom('mandates')
    .select('customer_id')
    .where('organization_id', '=', organizationId)
    .where(inPage('customer_id'))
    .where('status', '=', 'active')
    .where('starts_on', '<=', asOf)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', asOf)]))
    .execute();
  for (const row of mandates) held.get(row.customer_id)!.add('handed_off');

  for (const [id, statuses] of held) of(id).status = CUSTOMER_STATUSES.filter((status) => statuses.has(status));

  // The next thing planned: an open task, or a message not yet sent (steps needing a person
  // already have their task).
  const tasks = await k.selectFrom('collection_tasks').select(['customer_id', 'kind', 'due_on']).where('organization_id', '=', organizationId).where(inPage('customer_id')).where('status', '=', 'open').execute();
  const messages = await k
    .selectFrom('collection_actions')
    .select(['customer_id', 'channel', sql<string>`coalesce(substr(not_before, 1, 10), planned_on)`.as('on')])
    .where('organization_id', '=', organizationId)
    .where(inPage('customer_id'))
    .where('status', '=', 'planned')
    .where('channel', 'in', MESSAGE_CHANNELS)
    .execute();
  const candidates = [
    ...tasks.map((row) => ({ customerId: row.customer_id, kind: row.kind as NextActionKind, on: row.due_on as PlainDate })),
    ...messages.map((row) => ({ customerId: row.customer_id, kind: row.channel as NextActionKind, on: row.on as PlainDate })),
  ];
  for (const candidate of candidates) {
    if (!(NEXT_ACTION_KINDS as readonly string[]).includes(candidate.kind)) continue;
    const current = of(candidate.customerId).next_action;
    if (current === null || candidate.on < current.on) of(candidate.customerId).next_action = { kind: candidate.kind, on: candidate.on };
  }
  for (const id of customerIds) {
    const line = of(id);
    if (line.next_action !== null) continue;
    const promise = promiseDue.get(id);
    const hold = holdEnds.get(id);
    if (promise !== undefined) line.next_action = { kind: 'promise_due', on: promise };
    else if (hold !== undefined) line.next_action = { kind: 'hold_ends', on: hold };
  }

  // The last contact: a message that left (a letter once handed over for posting) or a contact
  // logged by a person, calls included.
  const { rows: contacts } = await sql<{ customer_id: string; on: string | null }>`
    select customer_id, max(day) as ${sql.ref('on')} from (
      select customer_id, substr(coalesce(sent_at, transport_called_at, updated_at), 1, 10) as day
      from outbox_messages where organization_id = ${organizationId} and ${inPage('customer_id')} and status in ('sent', 'kept')
      union all
      select customer_id, occurred_on as day
      from contact_logs where organization_id = ${organizationId} and ${inPage('customer_id')} and occurred_on <= ${asOf}
    ) contacts group by customer_id`.execute(k);
  for (const row of contacts) if (row.on !== null) of(row.customer_id).last_contact_on = row.on as PlainDate;
  return result;
}
