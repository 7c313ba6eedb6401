import type { Bilingual } from '../../core/scenarios/scenario.js';
import { toMoneyJson, type MoneyJson } from '../../core/money.js';
import { addDays, asOfIn, type AsOf, type PlainDate } from '../../core/plain-date.js';
import { planStep, type ExecutedStep, type OwnerNotice } from '../../core/collection/plan-step.js';
import type { Db } from '../../adapters/db/database.js';
import type { OrganizationRow } from '../../adapters/db/schema.js';
import { getCollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listCustomers } from '../../adapters/db/stores/customers.js';
import { loadPlanningContext, planCustomers, PLANNING_BATCH_SIZE, type CustomerCollectionPlan } from './plan-customer-collection.js';

/** One contact the run would make on a simulated day. */
export interface SimulatedStep {
  customer: { id: string; reference: string; name: string };
  kind: 'send' | 'notify_owner' | 'small_claim' | 'instalment_reminder';
  scenario_id: string;
  step_ids: string[];
  step_names: Bilingual[];
  channels: string[];
  requires_approval: boolean;
  invoices: { number: string; due_date: string; open: MoneyJson; days_overdue: number }[];
  balance: MoneyJson;
  reason: Bilingual;
}

export interface CollectionSimulation {
  from: PlainDate;
  days: number;
  items: { date: PlainDate; steps: SimulatedStep[] }[];
}

export type SimulateOptions = AsOf & {
  days: number;
  /** A sales user sees only the accounts they own. */
  ownerUserId?: string;
};

/**
 * What the collection run would do each day from the as-of date for `days` days, assuming no
 * payment arrives and every planned contact goes out. The ledger, pauses and scenario are read
 * once, in batches, through the run's own planning; each later day asks `planStep` again with
 * the contacts simulated so far counted as taken, so escalation advances as it would for real
 * (minimum gap, no repeated step). Writes nothing.
 */
export async function simulateCollection(db: Db, organization: OrganizationRow, options: SimulateOptions): Promise<CollectionSimulation> {
  const from = asOfIn(organization.time_zone, options);
  const settings = await getCollectionSettings(db, organization.id);
  const customers = await listCustomers(db, organization.id, options.ownerUserId !== undefined ? { ownerUserId: options.ownerUserId } : {});
  const days = Array.from({ length: options.days }, (_, index) => ({ date: addDays(from, index), steps: [] as SimulatedStep[] }));

  const planning = await loadPlanningContext(db, organization, settings);
  for (let start = 0; start < customers.length; start += PLANNING_BATCH_SIZE) {
    for (const plan of await planCustomers(db, planning, customers.slice(start, start + PLANNING_BATCH_SIZE), from)) simulateCustomer(plan, from, days);
  }
  return { from, days: options.days, items: days };
}

function simulateCustomer(plan: CustomerCollectionPlan, from: PlainDate, days: { date: PlainDate; steps: SimulatedStep[] }[]): void {
  const { customer } = plan;
  const executed: ExecutedStep[] = [...plan.input.executedSteps];
  const notices: OwnerNotice[] = [...(plan.input.ownerNotices ?? [])];
  for (const day of days) {
    const decision = day.date === from ? plan.decision : planStep({ ...plan.input, asOf: day.date, executedSteps: executed, ownerNotices: notices });
    if (decision.kind === 'none') continue;
    const invoiceNumbers = decision.invoices.map((invoice) => invoice.number);
    if (decision.kind === 'send') {
      const comingDueNumbers = decision.comingDue.map((invoice) => invoice.number);
      for (const step of decision.steps) executed.push({ stepId: step.id, on: day.date, invoiceNumbers, comingDueNumbers, outcome: step.channel === 'call_task' || step.channel === 'handoff' ? 'passed' : 'went_out' });
    } else if (decision.kind === 'small_claim') {
      for (const step of decision.steps) executed.push({ stepId: step.id, on: day.date, invoiceNumbers, outcome: 'passed' });
    } else {
      for (const step of decision.steps) notices.push({ stepId: step.id, on: day.date });
    }
    day.steps.push({
      customer: { id: customer.id, reference: customer.external_ref, name: customer.name },
      kind: decision.kind,
      scenario_id: plan.scenario.id,
      step_ids: decision.steps.map((step) => step.id),
      step_names: decision.steps.map((step) => step.name),
      channels: decision.steps.map((step) => step.channel),
      requires_approval: decision.kind === 'send' && decision.requiresApproval,
      invoices: decision.invoices.map((invoice) => ({
        number: invoice.number,
        due_date: invoice.dueDate,
        open: toMoneyJson(invoice.openMinor, decision.currency),
        days_overdue: invoice.daysOverdue,
      })),
      balance: toMoneyJson(decision.balanceMinor, decision.currency),
      reason: decision.reason,
    });
  }
}
