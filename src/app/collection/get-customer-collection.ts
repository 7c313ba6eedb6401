import { toMoneyJson, type Currency } from '../../core/money.js';
import { asOfIn, type AsOf } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { listCustomerActions } from '../../adapters/db/stores/collection-actions.js';
import { listDisputes, listHolds, listPaymentPlans, listPaymentPromises } from '../../adapters/db/stores/collection-pauses.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listTasks } from '../../adapters/db/stores/collection-tasks.js';
import { listTimeline } from '../../adapters/db/stores/collection-timeline.js';
import { listReminderExclusions } from '../../adapters/db/stores/invoice-reminder-exclusions.js';
import { planCustomerCollection } from './plan-customer-collection.js';

/** The customer's collection at a glance: scenario, the next step and why, pauses, actions, tasks, timeline. */
export async function getCustomerCollection(db: Db, organization: OrganizationRow, customer: CustomerRow, when: AsOf) {
  const asOf = asOfIn(organization.time_zone, when);
  const settings = await getCollectionSettings(db, organization.id);
  // The plan and the lists shown beside it are independent reads, asked together: on
  // PostgreSQL each is a round trip of its own.
  const [plan, actions, disputes, promises, paymentPlans, exclusions, holds, tasks, timeline] = await Promise.all([
    planCustomerCollection(db, organization, settings, customer, asOf),
    listCustomerActions(db, organization.id, customer.id),
    listDisputes(db, organization.id, { customerId: customer.id }),
    listPaymentPromises(db, organization.id, customer.id),
    listPaymentPlans(db, organization.id, customer.id),
    listReminderExclusions(db, organization.id, customer.id),
    listHolds(db, organization.id, customer.id),
    listTasks(db, organization.id, { customerId: customer.id }),
    listTimeline(db, organization.id, customer.id),
  ]);
  const { decision } = plan;
  const next =
    decision.kind === 'none'
      ? { kind: 'none' as const, why: decision.why, on: decision.nextOn, steps: [], reason: decision.reason, balance: null }
      : {
          kind: decision.kind,
          why: null,
          on: decision.kind === 'notify_owner' ? decision.plannedOn : asOf,
          steps: decision.steps.map((step) => ({ id: step.id, channel: step.channel })),
          reason: decision.reason,
          balance: toMoneyJson(decision.balanceMinor, decision.currency),
        };
  return {
    as_of: asOf,
    customer: { id: customer.id, reference: customer.external_ref, name: customer.name },
    scenario: { id: plan.scenario.id, name: plan.scenario.name, source: plan.assignment.source, reason: plan.assignment.reason },
    risk: { level: plan.risk.riskLevel, reasons: plan.risk.reasons },
    case: plan.openCase ? { id: plan.openCase.id, opened_on: plan.openCase.opened_on } : null,
    next_step: next,
    disputes: disputes.map((d) => ({
      id: d.id,
      invoice: { id: d.invoice_id, number: d.invoice_number },
      reason: d.reason,
      note: d.note,
      status: d.status,
      opened_on: d.opened_on,
      resolution: d.resolution,
      resolved_on: d.resolved_on,
    })),
    promises: promises.map((p) => ({
      id: p.id,
      promised_on: p.promised_on,
      grace_days: p.grace_days,
      invoice_numbers: p.invoice_numbers ? (JSON.parse(p.invoice_numbers) as string[]) : null,
      amount: p.amount_minor === null || p.amount_currency === null ? null : toMoneyJson(Number(p.amount_minor), p.amount_currency as Currency),
      created_on: p.created_on,
    })),
    payment_plans: paymentPlans.map((p) => ({
      id: p.id,
      status: p.status,
      invoice_numbers: JSON.parse(p.invoice_numbers) as string[],
      instalments: (JSON.parse(p.instalments) as { dueDate: string; amountMinor: number }[]).map((i) => ({ due_date: i.dueDate, amount: toMoneyJson(i.amountMinor, organization.currency) })),
      grace_days: p.grace_days,
    })),
    /** Invoices a person left out of reminders: no message lists them nor counts them. */
    excluded_invoices: exclusions.map((e) => ({ invoice: { id: e.invoice_id, number: e.invoice_number }, reason: e.reason, excluded_on: e.excluded_on })),
    holds: holds.map((h) => ({ id: h.id, reason: h.reason, until: h.until, created_on: h.created_on })),
    actions: actions.map((a) => ({
      id: a.id,
      step_id: a.step_id,
      channel: a.channel,
      status: a.status,
      planned_on: a.planned_on,
      invoice_numbers: JSON.parse(a.invoice_numbers) as string[],
      balance: toMoneyJson(Number(a.balance_minor), a.currency),
      reason: { en: a.reason_en, fr: a.reason_fr },
      note: a.status_note,
      /** A rejected step: the day it is proposed again. */
      retry_on: a.retry_on,
    })),
    tasks: tasks.map((t) => ({ id: t.id, kind: t.kind, status: t.status, title: { en: t.title_en, fr: t.title_fr }, due_on: t.due_on, outcome: t.outcome })),
    timeline: timeline.map((e) => ({ on: e.occurred_on, kind: e.kind, summary: { en: e.summary_en, fr: e.summary_fr } })),
  };
}
