import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import { listContacts } from '../../adapters/db/stores/contacts.js';
import { TIMELINE_KINDS } from '../../adapters/db/stores/customer-timeline.js';
import { contactJson, type ContactJson } from '../get-customer-detail.js';
import { getCustomerOpenItems } from '../get-customer-open-items.js';
import { getCustomerPayments, type CustomerPaymentJson } from '../get-customer-payments.js';
import type { AgencyCase } from '../mandates/agency-case-access.js';
import { getCustomerTimeline, type TimelineEntry } from '../timeline/get-customer-timeline.js';
import { agencyCaseJson, type AgencyCaseJson } from './agency-case-json.js';

/** Who a message is from or to, as people read it; the outbox keeps it as JSON. */
export interface MessageParty {
  name: string | null;
  email: string | null;
}

function partyOf(stored: string): MessageParty {
  const party = JSON.parse(stored) as { name?: string | null; email?: string | null };
  return { name: party.name ?? null, email: party.email ?? null };
}

export interface AgencyCaseDetail extends AgencyCaseJson {
  /** The agency's today, the day the figures are worked out for. */
  as_of: PlainDate;
  /** What the creditor wrote to the agency when handing the case. */
  note: string | null;
  overdue_days_at_handoff: number;
  contacts: ContactJson[];
  /** The handed invoices still open, oldest due first. */
  open_invoices: { id: string; number: string; due_date: PlainDate; days_late: number; open: MoneyJson }[];
  /** What is left to pay on the handed invoices today. */
  balance: MoneyJson;
  /** The customer's whole record at the creditor, newest first, without links into the creditor's own pages. */
  timeline: (Omit<TimelineEntry, 'author' | 'links'> & { author: string | null })[];
  /** The messages written under this mandate, newest first. */
  messages: { id: string; created_at: string; channel: string; sender: MessageParty; recipient: MessageParty; subject: string; status: string; sent_at: string | null }[];
  /** Payments received since the hand-off, newest first; `recorded_by_agency` when the agency recorded them. */
  payments: (CustomerPaymentJson & { recorded_by_agency: boolean })[];
}

const TIMELINE_LENGTH = 200;

/**
 * Everything an agency needs to work one case, read from the creditor's books with the
 * creditor's id and the customer's id only: never another customer, never the creditor's
 * other data.
 */
export async function getAgencyCaseDetail(db: Db, agencyCase: AgencyCase, today: PlainDate): Promise<AgencyCaseDetail> {
  const { mandate, creditor, customer } = agencyCase;
  const handed = new Set(JSON.parse(mandate.invoice_ids) as string[]);
  const [summary, contacts, openItems, timeline, messages, payments, agencyPayments] = await Promise.all([
    agencyCaseJson(db, agencyCase, today),
    listContacts(db, creditor.id, customer.id),
    getCustomerOpenItems(db, creditor, customer.id, { asOf: today }),
    getCustomerTimeline(db, creditor.id, customer.id, { kinds: TIMELINE_KINDS, limit: TIMELINE_LENGTH, offset: 0 }),
    db.kysely
      .selectFrom('outbox_messages')
      .select(['id', 'created_at', 'channel', 'sender', 'recipient', 'subject', 'status', 'sent_at'])
      .where('organization_id', '=', creditor.id)
      .where('customer_id', '=', customer.id)
      .where('mandate_id', '=', mandate.id)
      .orderBy('created_at', 'desc')
      .execute(),
    getCustomerPayments(db, creditor.id, customer.id),
    db.kysely.selectFrom('payments').select('id').where('organization_id', '=', creditor.id).where('customer_id', '=', customer.id).where('mandate_id', '=', mandate.id).execute(),
  ]);
  const byAgency = new Set(agencyPayments.map((payment) => payment.id));
  const openInvoices = openItems.items.filter((item) => handed.has(item.id));
  const balanceMinor = await sumOpen(db, creditor.id, [...handed]);
  return {
    ...summary,
    as_of: today,
    note: mandate.note,
    overdue_days_at_handoff: mandate.overdue_days_at_handoff,
    contacts: contacts.map(contactJson),
    open_invoices: openInvoices.map((item) => ({ id: item.id, number: item.number, due_date: item.due_date, days_late: item.days_overdue, open: item.open })),
    balance: toMoneyJson(balanceMinor, mandate.currency),
    timeline: timeline.items.map(({ author, links: _links, ...entry }) => ({ ...entry, author: author?.name ?? null })),
    messages: messages.map((message) => ({ ...message, sender: partyOf(message.sender), recipient: partyOf(message.recipient) })),
    payments: payments.items.filter((payment) => payment.received_on >= mandate.starts_on).map((payment) => ({ ...payment, recorded_by_agency: byAgency.has(payment.id) })),
  };
}

/** What is open today on the handed invoices, as the stored open amounts say. */
async function sumOpen(db: Db, creditorId: string, invoiceIds: readonly string[]): Promise<number> {
  if (invoiceIds.length === 0) return 0;
  const rows = await db.kysely.selectFrom('invoices').select('open_minor').where('organization_id', '=', creditorId).where('id', 'in', invoiceIds).execute();
  return rows.reduce((sum, row) => sum + Math.max(0, Number(row.open_minor)), 0);
}
