import { sql } from 'kysely';
import type { UnappliedCredit } from '../../../core/aging.js';
import type { PlainDate } from '../../../core/plain-date.js';
import type { Db } from '../database.js';
import type { CollectionActionRow, CollectionCaseRow, CollectionHoldRow, CollectionTaskRow, ContactLogRow, ContactRow, PaymentClaimRow, PaymentPlanRow, PaymentPromiseRow } from '../schema.js';
import { oneOfIds } from './id-list.js';
import { openAmountOf } from './open-amount.js';
import { listUnappliedCredits } from './open-items.js';

/** One invoice with what its allocations cover: both an open item and a line of payment history. */
export interface LedgerInvoice {
  invoiceId: string;
  number: string;
  issueDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  amountMinor: number;
  allocatedMinor: number;
  /** The day of the latest allocation; null without any. */
  lastAllocatedOn: PlainDate | null;
}

/** Everything the collection run reads about one customer, as stored. */
export interface CustomerCollectionFacts {
  /** Every invoice, by due date then number. */
  invoices: LedgerInvoice[];
  /** Read only when some invoice is open (left empty otherwise, as nothing is asked for). */
  credits: UnappliedCredit[];
  openCase: CollectionCaseRow | undefined;
  actions: CollectionActionRow[];
  ownerNotices: CollectionTaskRow[];
  openDisputeInvoiceNumbers: string[];
  /** Invoices a person left out of reminders: never listed in a message nor counted in its balance. */
  excludedInvoiceNumbers: string[];
  /** The latest promise made on or before the day. */
  promise: PaymentPromiseRow | undefined;
  /** The hold that lasts longest among those in force on the day. */
  hold: CollectionHoldRow | undefined;
  paymentPlan: { row: PaymentPlanRow; paidSinceMinor: number } | undefined;
  /** Claims that invoices are already paid, still open, made on or before the day. */
  paymentClaims: PaymentClaimRow[];
  manualScenarioId: string | null;
  /** Read only when some invoice is open, like `credits`. */
  contacts: ContactRow[];
  /** Contacts made outside Relance, oldest first; read only when some invoice is open. */
  outsideContacts: ContactLogRow[];
  /** When each of the customer's messages left, or is to leave when still queued (ISO instant), by action id. */
  sentAtByAction: Map<string, string>;
  /** The mandate live on the day: the case is the partner's, and the creditor's own scenario is paused. */
  liveMandate: LiveMandateFact | undefined;
}

/** What planning needs of a live mandate: who holds the case, and until when. */
export interface LiveMandateFact {
  id: string;
  partnerName: string;
  startsOn: PlainDate;
  endsOn: PlainDate | null;
}

interface InvoiceFactRow {
  id: string;
  customer_id: string;
  number: string;
  issue_date: string;
  due_date: string;
  currency: string;
  amount_minor: number;
  allocated: number | null;
  last_on: string | null;
}

function emptyFacts(): CustomerCollectionFacts {
  return {
    invoices: [],
    credits: [],
    openCase: undefined,
    actions: [],
    ownerNotices: [],
    openDisputeInvoiceNumbers: [],
    excludedInvoiceNumbers: [],
    promise: undefined,
    hold: undefined,
    paymentPlan: undefined,
    paymentClaims: [],
    manualScenarioId: null,
    contacts: [],
    outsideContacts: [],
    sentAtByAction: new Map(),
    liveMandate: undefined,
  };
}

/**
 * The ledger part of the customers' facts, with one query per kind whatever their number: every
 * invoice with what its allocations cover, and the unapplied credit of those with something
 * open; the other facts are left empty. What a customer owes and how it pays come from these alone.
 */
export async function readLedgerFacts(db: Db, organizationId: string, customerIds: readonly string[]): Promise<Map<string, CustomerCollectionFacts>> {
  const facts = new Map<string, CustomerCollectionFacts>(customerIds.map((id) => [id, emptyFacts()]));
  if (customerIds.length === 0) return facts;
  const ids = [...customerIds];
  const of = (customerId: string) => facts.get(customerId)!;

  // The same read written for each engine's planner. SQLite joins and groups by the primary key
  // alone (listing every column made it scan the organization's invoices for each batch).
  // PostgreSQL, given the join, hashes every allocation of the organization for each batch; a
  // lateral look-up per invoice keeps it on the index.
  const inBatch = sql`i.organization_id = ${organizationId} and ${oneOfIds(db, 'i.customer_id', ids)}`;
  const { rows: invoices } = await (db.engine === 'postgres'
    ? sql<InvoiceFactRow>`
        select i.id, i.customer_id, i.number, i.issue_date, i.due_date, i.currency, i.amount_minor, a.allocated, a.last_on
        from invoices i
        left join lateral (
          select cast(sum(amount_minor) as bigint) as allocated, max(allocated_on) as last_on
          from allocations where organization_id = i.organization_id and invoice_id = i.id
        ) a on true
        where ${inBatch}`
    : sql<InvoiceFactRow>`
        select i.id, i.customer_id, i.number, i.issue_date, i.due_date, i.currency, i.amount_minor,
               cast(sum(a.amount_minor) as bigint) as allocated, max(a.allocated_on) as last_on
        from invoices i
        left join allocations a on a.organization_id = i.organization_id and a.invoice_id = i.id
        where ${inBatch}
        group by i.id`
  ).execute(db.kysely);
  for (const row of invoices) {
    of(row.customer_id).invoices.push({
      invoiceId: row.id,
      number: row.number,
      issueDate: row.issue_date as PlainDate,
      dueDate: row.due_date as PlainDate,
      currency: row.currency,
      amountMinor: Number(row.amount_minor),
      allocatedMinor: Number(row.allocated ?? 0),
      lastAllocatedOn: (row.last_on ?? null) as PlainDate | null,
    });
  }

  // Sorted here rather than by the query: an ORDER BY made the database sort every row again.
  for (const customerFacts of facts.values()) customerFacts.invoices.sort((a, b) => (a.dueDate !== b.dueDate ? (a.dueDate < b.dueDate ? -1 : 1) : a.number < b.number ? -1 : a.number > b.number ? 1 : 0));

  // Unapplied credit and contacts matter only to customers with something open: what they are
  // asked for, and who is asked. Reading them for everybody cost as much as reading the invoices.
  const withOpen = ids.filter((id) => of(id).invoices.some((invoice) => openAmountOf(invoice) !== 0));
  for (const credit of await listUnappliedCredits(db, organizationId, { customerIds: withOpen })) of(credit.customerId).credits.push(credit);
  return facts;
}

/**
 * Reads the collection facts of a set of customers with one query per kind of fact, whatever
 * the number of customers: the run reads a whole organization in batches of a few hundred
 * customers instead of a dozen round trips per customer. The same reads serve a single
 * customer, so the run, its dry run and the customer page decide from identical facts.
 */
export async function readCollectionFacts(db: Db, organizationId: string, customerIds: readonly string[], asOf: PlainDate): Promise<Map<string, CustomerCollectionFacts>> {
  const facts = await readLedgerFacts(db, organizationId, customerIds);
  if (customerIds.length === 0) return facts;
  const ids = [...customerIds];
  const of = (customerId: string) => facts.get(customerId)!;
  const withOpen = ids.filter((id) => of(id).invoices.some((invoice) => openAmountOf(invoice) !== 0));

  // One query per kind of fact, asked together: on PostgreSQL each is a round trip of its own,
  // and for one customer (the customer page) the round trips were most of the time.
  const [cases, actions, notices, disputes, excluded, promises, holds, plans, manual, contacts, logged, sent, claims] = await Promise.all([
    db.kysely.selectFrom('collection_cases').selectAll().where('organization_id', '=', organizationId).where(oneOfIds(db, 'open_customer_id', ids)).execute(),
    db.kysely
      .selectFrom('collection_actions')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(oneOfIds(db, 'customer_id', ids))
      .orderBy('planned_on')
      .orderBy('created_at')
      .execute(),
    db.kysely
      .selectFrom('collection_tasks')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(oneOfIds(db, 'customer_id', ids))
      .where('kind', '=', 'owner_notice')
      .orderBy('due_on')
      .orderBy('created_at')
      .execute(),
    db.kysely
      .selectFrom('disputes as d')
      .innerJoin('invoices as i', 'i.id', 'd.invoice_id')
      .select(['d.customer_id', 'i.number'])
      .where('d.organization_id', '=', organizationId)
      .where(oneOfIds(db, 'd.customer_id', ids))
      .where('d.status', '=', 'open')
      .orderBy('d.opened_on')
      .orderBy('d.created_at')
      .execute(),
    db.kysely
      .selectFrom('invoice_reminder_exclusions as e')
      .innerJoin('invoices as i', 'i.id', 'e.invoice_id')
      .select(['e.customer_id', 'i.number'])
      .where('e.organization_id', '=', organizationId)
      .where(oneOfIds(db, 'e.customer_id', ids))
      .execute(),
    // Ordered oldest first, so the last row seen per customer is the one in force.
    db.kysely
      .selectFrom('payment_promises')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(oneOfIds(db, 'customer_id', ids))
      .where('created_on', '<=', asOf)
      .orderBy('created_on')
      .orderBy('created_at')
      .execute(),
    db.kysely
      .selectFrom('collection_holds')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(oneOfIds(db, 'customer_id', ids))
      .where('released_at', 'is', null)
      .where('created_on', '<=', asOf)
      .where('until', '>=', asOf)
      .orderBy('until')
      .execute(),
    db.kysely
      .selectFrom('payment_plans')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where(oneOfIds(db, 'customer_id', ids))
      .where('status', '=', 'active')
      .where('created_on', '<=', asOf)
      .orderBy('created_on')
      .execute(),
    db.kysely
      .selectFrom('customer_scenarios')
      .select(['customer_id', 'scenario_id'])
      .where('organization_id', '=', organizationId)
      .where(oneOfIds(db, 'customer_id', ids))
      .execute(),
    withOpen.length === 0
      ? []
      : db.kysely
          .selectFrom('contacts')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where(oneOfIds(db, 'customer_id', withOpen))
          .orderBy('created_at')
          .orderBy('id')
          .execute(),
    withOpen.length === 0
      ? []
      : db.kysely
          .selectFrom('contact_logs')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where(oneOfIds(db, 'customer_id', withOpen))
          .where('occurred_on', '<=', asOf)
          .orderBy('occurred_on')
          .orderBy('created_at')
          .execute(),
    // A letter kept for a person to post has no sent_at: it left when it was handed over. A
    // message still queued leaves at its not_before: that is when it counts as a contact.
    withOpen.length === 0
      ? []
      : db.kysely
          .selectFrom('outbox_messages')
          .select(['customer_id', 'action_id', 'sent_at', 'transport_called_at', 'not_before'])
          .where('organization_id', '=', organizationId)
          .where(oneOfIds(db, 'customer_id', withOpen))
          .where('status', 'in', ['sent', 'kept', 'queued', 'sending'])
          .execute(),
    withOpen.length === 0
      ? []
      : db.kysely
          .selectFrom('payment_claims')
          .selectAll()
          .where('organization_id', '=', organizationId)
          .where(oneOfIds(db, 'customer_id', withOpen))
          .where('status', '=', 'open')
          .where('created_on', '<=', asOf)
          .orderBy('created_on')
          .orderBy('created_at')
          .execute(),
  ]);
  for (const row of cases) of(row.customer_id).openCase = row;
  for (const row of actions) of(row.customer_id).actions.push(row);
  for (const row of notices) of(row.customer_id).ownerNotices.push(row);
  for (const row of disputes) of(row.customer_id).openDisputeInvoiceNumbers.push(row.number);
  for (const row of excluded) of(row.customer_id).excludedInvoiceNumbers.push(row.number);
  for (const row of promises) of(row.customer_id).promise = row;
  for (const row of holds) of(row.customer_id).hold = row;
  for (const row of claims) of(row.customer_id).paymentClaims.push(row);
  for (const row of plans) of(row.customer_id).paymentPlan = { row, paidSinceMinor: 0 };
  // Plans are few; what each plan's invoices received since it was agreed is read one plan at a time.
  for (const customerId of new Set(plans.map((plan) => plan.customer_id))) {
    const plan = of(customerId).paymentPlan!;
    plan.paidSinceMinor = await sumAllocatedSince(db, organizationId, customerId, JSON.parse(plan.row.invoice_numbers) as string[], plan.row.created_on);
  }
  for (const row of manual) of(row.customer_id).manualScenarioId = row.scenario_id;
  for (const row of contacts) of(row.customer_id).contacts.push(row);
  for (const row of logged) of(row.customer_id).outsideContacts.push(row);
  for (const row of sent) of(row.customer_id).sentAtByAction.set(row.action_id, row.sent_at ?? row.transport_called_at ?? row.not_before);
  // Live on the day: active, begun, and not past its last day (the same rule as mandateIsLive).
  const mandates = await db.kysely
    .selectFrom('mandates')
    .select(['id', 'customer_id', 'partner_name', 'starts_on', 'ends_on'])
    .where('organization_id', '=', organizationId)
    .where(oneOfIds(db, 'customer_id', ids))
    .where('status', '=', 'active')
    .where('starts_on', '<=', asOf)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', asOf)]))
    .execute();
  for (const row of mandates) of(row.customer_id).liveMandate = { id: row.id, partnerName: row.partner_name, startsOn: row.starts_on as PlainDate, endsOn: (row.ends_on ?? null) as PlainDate | null };

  return facts;
}

/** What allocations put on the customer's given invoices from a date on: the payments a payment plan counts. */
async function sumAllocatedSince(db: Db, organizationId: string, customerId: string, invoiceNumbers: readonly string[], since: string): Promise<number> {
  if (invoiceNumbers.length === 0) return 0;
  const row = await db.kysely
    .selectFrom('allocations as a')
    .innerJoin('invoices as i', 'i.id', 'a.invoice_id')
    .select(sql<number>`cast(coalesce(sum(a.amount_minor), 0) as bigint)`.as('total'))
    .where('a.organization_id', '=', organizationId)
    .where('i.organization_id', '=', organizationId)
    .where('i.customer_id', '=', customerId)
    .where('i.number', 'in', [...invoiceNumbers])
    .where('a.allocated_on', '>=', since)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
