import { percentFromBp } from '../../core/mandates/mandate-terms.js';
import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import { todayIn, type PlainDate } from '../../core/plain-date.js';
import type { Bilingual } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { MandateActingAs, MandateRow, MandateStatus } from '../../adapters/db/mandate-schema.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { getCustomersByIds } from '../../adapters/db/stores/customers.js';
import { MESSAGE_STATUS_WORDS } from '../timeline/get-customer-timeline.js';
import { mandateFigures, type MandateFigures } from './mandate-figures.js';

/** A handed case as the creditor's API answers it; every figure from `mandateFigures`. */
export interface MandateJson {
  id: string;
  customer: { id: string; name: string; external_ref: string };
  partner: { kind: 'agency' | 'outside'; organization_id: string | null; name: string; email: string | null };
  acting_as: MandateActingAs;
  fee_percent: string;
  fee_fixed: MoneyJson;
  starts_on: string;
  ends_on: string | null;
  status: MandateStatus;
  live: boolean;
  closed_on: string | null;
  step_id: string | null;
  overdue_days_at_handoff: number;
  note: string | null;
  handed: MoneyJson;
  recovered: MoneyJson;
  outstanding: MoneyJson;
  fee: MoneyJson;
  recovery_rate_percent: string;
}

export interface MandateActivityJson {
  on: string;
  kind: string;
  summary: Bilingual;
  outbox_message_id: string | null;
}

export interface MandatePaymentJson {
  id: string;
  reference: string;
  received_on: string;
  amount: MoneyJson;
  recorded_by_partner: boolean;
}

/** The live view: the mandate, and everything that happened to the customer since it was handed. */
export interface MandateDetailJson extends MandateJson {
  activity: MandateActivityJson[];
  payments: MandatePaymentJson[];
}

/** The fee terms and figures of a handed case, the same in the creditor's and the agency's answers. */
export function mandateFiguresJson(mandate: MandateRow, figures: MandateFigures): Pick<MandateJson, 'fee_percent' | 'fee_fixed' | 'handed' | 'recovered' | 'outstanding' | 'fee' | 'recovery_rate_percent'> {
  const money = (minor: number) => toMoneyJson(minor, figures.currency);
  return {
    fee_percent: percentFromBp(mandate.fee_percent_bp),
    fee_fixed: money(Number(mandate.fee_fixed_minor)),
    handed: money(figures.handedMinor),
    recovered: money(figures.recoveredMinor),
    outstanding: money(figures.outstandingMinor),
    fee: money(figures.feeMinor),
    recovery_rate_percent: percentFromBp(figures.recoveryRateBp),
  };
}

export async function mandateJson(db: Db, mandate: MandateRow, customer: Pick<CustomerRow, 'id' | 'name' | 'external_ref'>, today: PlainDate): Promise<MandateJson> {
  const figures = await mandateFigures(db, mandate, today);
  return {
    id: mandate.id,
    customer: { id: customer.id, name: customer.name, external_ref: customer.external_ref },
    partner: { kind: mandate.agency_organization_id ? 'agency' : 'outside', organization_id: mandate.agency_organization_id, name: mandate.partner_name, email: mandate.partner_email },
    acting_as: mandate.acting_as,
    starts_on: mandate.starts_on,
    ends_on: mandate.ends_on,
    status: mandate.status,
    live: figures.live,
    closed_on: mandate.closed_on,
    step_id: mandate.step_id,
    overdue_days_at_handoff: Number(mandate.overdue_days_at_handoff),
    note: mandate.note,
    ...mandateFiguresJson(mandate, figures),
  };
}

/** Several mandates with their customers, read in one query. */
export async function mandatesJson(db: Db, organizationId: string, mandates: readonly MandateRow[], today: PlainDate): Promise<MandateJson[]> {
  const customers = new Map((await getCustomersByIds(db, organizationId, [...new Set(mandates.map((m) => m.customer_id))])).map((c) => [c.id, c]));
  const items: MandateJson[] = [];
  for (const mandate of mandates) {
    const customer = customers.get(mandate.customer_id);
    if (customer) items.push(await mandateJson(db, mandate, customer, today));
  }
  return items;
}


/**
 * The creditor's live view of a handed case: the mandate's figures, every timeline event of the
 * customer since the hand-off (the partner's and the creditor's alike), every message written
 * under the mandate, and every payment received since, marked when the partner recorded it.
 */
export async function mandateDetailJson(db: Db, creditor: OrganizationRow, mandate: MandateRow, customer: CustomerRow, now: Date): Promise<MandateDetailJson> {
  const today = todayIn(creditor.time_zone, now);
  const through = mandate.closed_on ?? today;
  const [base, events, messages, payments] = await Promise.all([
    mandateJson(db, mandate, customer, today),
    db.kysely
      .selectFrom('timeline_events')
      .select(['occurred_on', 'kind', 'summary_en', 'summary_fr', 'subject_id', 'created_at'])
      .where('organization_id', '=', creditor.id)
      .where('customer_id', '=', customer.id)
      .where((eb) => eb.between('occurred_on', mandate.starts_on, through))
      .execute(),
    db.kysely
      .selectFrom('outbox_messages')
      .select(['id', 'channel', 'subject', 'status', 'sent_at', 'created_at', 'recipient'])
      .where('organization_id', '=', creditor.id)
      .where('customer_id', '=', customer.id)
      .where('mandate_id', '=', mandate.id)
      .execute(),
    db.kysely
      .selectFrom('payments')
      .select(['id', 'reference', 'received_on', 'amount_minor', 'currency', 'mandate_id'])
      .where('organization_id', '=', creditor.id)
      .where('customer_id', '=', customer.id)
      .where((eb) => eb.between('received_on', mandate.starts_on, through))
      .orderBy('received_on')
      .orderBy('created_at')
      .execute(),
  ]);
  const byId = new Map(messages.map((message) => [message.id, message]));
  const statusOf = (status: string) => MESSAGE_STATUS_WORDS[status] ?? { en: 'recorded', fr: 'enregistré' };
  const told = new Set<string>();
  const rows: (MandateActivityJson & { at: string })[] = [];
  for (const event of events) {
    // A message's own event says who wrote it; its fate (sent, not delivered…) is added to it.
    const message = event.subject_id === null ? undefined : byId.get(event.subject_id);
    if (message) told.add(message.id);
    const fate = message ? statusOf(message.status) : null;
    rows.push({
      on: event.occurred_on,
      kind: event.kind,
      summary: fate ? { en: `${event.summary_en} (${fate.en})`, fr: `${event.summary_fr} (${fate.fr})` } : { en: event.summary_en, fr: event.summary_fr },
      outbox_message_id: message?.id ?? null,
      at: event.created_at,
    });
  }
  // Messages with no event of their own (the case file sent to an outside partner) are listed as such.
  for (const message of messages) {
    if (told.has(message.id)) continue;
    const at = message.sent_at ?? message.created_at;
    const status = statusOf(message.status);
    const to = (JSON.parse(message.recipient) as { email?: string }).email ?? '';
    rows.push({
      on: todayIn(creditor.time_zone, new Date(at)),
      kind: `message_${message.status}`,
      summary: { en: `Email "${message.subject}" to ${to}: ${status.en}`, fr: `Courriel « ${message.subject} » à ${to} : ${status.fr}` },
      outbox_message_id: message.id,
      at,
    });
  }
  rows.sort((a, b) => (a.on !== b.on ? (a.on < b.on ? -1 : 1) : a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return {
    ...base,
    activity: rows.map(({ at: _at, ...row }) => row),
    payments: payments.map((payment) => ({
      id: payment.id,
      reference: payment.reference,
      received_on: payment.received_on,
      amount: toMoneyJson(Number(payment.amount_minor), payment.currency),
      recorded_by_partner: payment.mandate_id === mandate.id,
    })),
  };
}
