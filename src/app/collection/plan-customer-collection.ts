import { assessPaymentBehaviour, type InvoiceHistoryEntry, type PaymentBehaviour } from '../../core/risk/assess-payment-behaviour.js';
import type { Instalment, Pauses } from '../../core/collection/pauses.js';
import { planStep, type ExecutedStep, type OwnerNotice, type PlanStepInput, type StepDecision } from '../../core/collection/plan-step.js';
import type { Currency } from '../../core/money.js';
import type { PlainDate } from '../../core/plain-date.js';
import { assignScenario, type AssignmentRule, type ScenarioAssignment } from '../../core/scenarios/assign-scenario.js';
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIO_ID } from '../../core/scenarios/built-in.js';
import type { Scenario } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionActionRow, CollectionCaseRow, ContactRow, CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { readCollectionFacts, type CustomerCollectionFacts } from '../../adapters/db/stores/collection-facts.js';
import { listAssignmentRules, listCustomScenarios } from '../../adapters/db/stores/collection-scenarios.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { getLateFeePolicy } from '../../adapters/db/stores/late-fee-policies.js';
import type { OpenInvoice } from '../../adapters/db/stores/open-items.js';
import { getRateTable } from '../get-late-payment-rates.js';
import type { LateFeeRules } from './build-template-context.js';

/** Everything the run knows about one customer on one day, and the step it decided. */
export interface CustomerCollectionPlan {
  customer: CustomerRow;
  asOf: PlainDate;
  openInvoices: OpenInvoice[];
  openCase: CollectionCaseRow | undefined;
  /** True when some invoice is past its due date with something left to pay: the case stays open. */
  hasOverdue: boolean;
  risk: PaymentBehaviour;
  assignment: ScenarioAssignment;
  scenario: Scenario;
  input: PlanStepInput;
  decision: StepDecision;
  contacts: ContactRow[];
  /** Whether and which late fees the scenario's messages state. */
  lateFeeRules: LateFeeRules;
}

const COUNTED_STATUSES = new Set(['planned', 'sent', 'failed', 'skipped', 'awaiting_approval']);

function parseList(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}

/** Actions that count as taken for planning: those of the open case, and pre-due reminders of invoices still open. */
function executedStepsOf(actions: readonly CollectionActionRow[], openCase: CollectionCaseRow | undefined, openNumbers: ReadonlySet<string>): ExecutedStep[] {
  return actions
    .filter((action) => COUNTED_STATUSES.has(action.status))
    .filter((action) => {
      if (action.case_id !== null) return openCase !== undefined && action.case_id === openCase.id;
      return (JSON.parse(action.invoice_numbers) as string[]).some((number) => openNumbers.has(number));
    })
    .map((action) => ({ stepId: action.step_id, on: action.planned_on as PlainDate, invoiceNumbers: JSON.parse(action.invoice_numbers) as string[] }));
}

/** Pays the instalments in order with what the plan's invoices received since the plan was agreed. */
function instalmentsWithPayments(raw: readonly { dueDate: string; amountMinor: number }[], paidMinor: number): Instalment[] {
  let left = paidMinor;
  return raw.map((instalment) => {
    const paid = Math.min(left, instalment.amountMinor);
    left -= paid;
    return { dueDate: instalment.dueDate as PlainDate, amountMinor: instalment.amountMinor, paidMinor: paid };
  });
}

function pausesOf(facts: CustomerCollectionFacts): Pauses {
  const { promise, hold, paymentPlan } = facts;
  return {
    disputedInvoiceNumbers: facts.openDisputeInvoiceNumbers,
    promise: promise ? { promisedOn: promise.promised_on as PlainDate, graceDays: promise.grace_days, invoiceNumbers: parseList(promise.invoice_numbers) } : null,
    hold: hold ? { until: hold.until as PlainDate, reason: hold.reason } : null,
    paymentPlan: paymentPlan
      ? {
          invoiceNumbers: parseList(paymentPlan.row.invoice_numbers) ?? [],
          graceDays: paymentPlan.row.grace_days,
          instalments: instalmentsWithPayments(JSON.parse(paymentPlan.row.instalments), paymentPlan.paidSinceMinor),
        }
      : null,
  };
}

/** What is the same for every customer of an organization during one run: read once. */
export interface PlanningContext {
  organization: OrganizationRow;
  settings: CollectionSettings;
  rules: AssignmentRule[];
  /** The organization's own scenarios over the built-in ones. */
  scenarios: ReadonlyMap<string, Scenario>;
  lateFeeRulesOf(scenario: Scenario): LateFeeRules;
}

export async function loadPlanningContext(db: Db, organization: OrganizationRow, settings: CollectionSettings): Promise<PlanningContext> {
  const rules = await listAssignmentRules(db, organization.id);
  const { policy } = await getLateFeePolicy(db, organization);
  const rates = await getRateTable(db, organization.id, policy.law);
  const scenarios = new Map<string, Scenario>(BUILT_IN_SCENARIOS.map((scenario) => [scenario.id, scenario]));
  for (const scenario of await listCustomScenarios(db, organization.id)) scenarios.set(scenario.id, scenario);
  return { organization, settings, rules, scenarios, lateFeeRulesOf: (scenario) => ({ policy, rates, scenario }) };
}

/** Customers whose facts are read together: a few queries per batch, and bounded memory. */
export const PLANNING_BATCH_SIZE = 500;

/**
 * Plans a batch of customers from one read of their facts (see PLANNING_BATCH_SIZE), in the
 * order given. Writes nothing.
 */
export async function planCustomers(db: Db, context: PlanningContext, customers: readonly CustomerRow[], asOf: PlainDate): Promise<CustomerCollectionPlan[]> {
  const facts = await readCollectionFacts(db, context.organization.id, customers.map((customer) => customer.id), asOf);
  const plans: CustomerCollectionPlan[] = [];
  for (const customer of customers) plans.push(planFromFacts(context, customer, facts.get(customer.id)!, asOf));
  return plans;
}

function historyOf(facts: CustomerCollectionFacts): InvoiceHistoryEntry[] {
  return facts.invoices.map((invoice) => {
    const openMinor = invoice.amountMinor - invoice.allocatedMinor;
    return {
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      amountMinor: invoice.amountMinor,
      settledOn: openMinor <= 0 ? (invoice.lastAllocatedOn ?? invoice.issueDate) : null,
      openMinor: Math.max(0, openMinor),
    };
  });
}

function openInvoicesOf(customer: CustomerRow, facts: CustomerCollectionFacts): OpenInvoice[] {
  return facts.invoices
    .filter((invoice) => invoice.amountMinor !== invoice.allocatedMinor)
    .map((invoice) => ({
      invoiceId: invoice.invoiceId,
      customerId: customer.id,
      number: invoice.number,
      issueDate: invoice.issueDate,
      dueDate: invoice.dueDate,
      currency: invoice.currency as Currency,
      amountMinor: invoice.amountMinor,
      openMinor: invoice.amountMinor - invoice.allocatedMinor,
    }));
}

/**
 * Picks the customer's scenario from its open items, pauses, history and risk, and asks
 * `planStep` for the one step due. Pure given the facts: the run, the dry run and the "what
 * happens next" view of the API all decide through it.
 */
export function planFromFacts(context: PlanningContext, customer: CustomerRow, facts: CustomerCollectionFacts, asOf: PlainDate): CustomerCollectionPlan {
  const { organization, settings } = context;
  const allOpen = openInvoicesOf(customer, facts);
  // One message speaks one currency; a customer billed in several is reminded in the organization's.
  const currencies = new Set(allOpen.map((invoice) => invoice.currency));
  const currency = currencies.size > 1 ? organization.currency : (allOpen[0]?.currency ?? organization.currency);
  const openInvoices = allOpen.filter((invoice) => invoice.currency === currency);
  const unappliedCreditMinor = facts.credits.filter((credit) => credit.currency === currency).reduce((sum, credit) => sum + credit.minor, 0);

  const { openCase } = facts;
  const openNumbers = new Set(openInvoices.map((invoice) => invoice.number));
  const executedSteps = executedStepsOf(facts.actions, openCase, openNumbers);
  const ownerNotices: OwnerNotice[] = openCase
    ? facts.ownerNotices.filter((task) => task.case_id === openCase.id && task.step_id !== null).map((task) => ({ stepId: task.step_id!, on: task.created_on as PlainDate }))
    : [];

  const balanceMinor = openInvoices.reduce((sum, invoice) => sum + invoice.openMinor, 0) - unappliedCreditMinor;
  const risk = assessPaymentBehaviour({ invoices: historyOf(facts), asOf, creditLimitMinor: customer.credit_limit_minor === null ? null : Number(customer.credit_limit_minor), balanceMinor });
  const assignment = assignScenario({ segment: customer.segment, riskLevel: risk.riskLevel, balanceMinor, manualScenarioId: facts.manualScenarioId }, context.rules, settings.defaultScenarioId);
  const scenario = context.scenarios.get(assignment.scenarioId) ?? context.scenarios.get(DEFAULT_SCENARIO_ID)!;

  const input: PlanStepInput = {
    asOf,
    scenario,
    openInvoices: openInvoices.map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, currency: invoice.currency })),
    unappliedCreditMinor,
    executedSteps,
    ownerNotices,
    pauses: pausesOf(facts),
    minimumBalanceMinor: settings.minimumBalanceMinor,
    minimumGapDays: settings.minimumGapDays,
    lastContactOn: null,
    customer: { segment: customer.segment, riskLevel: risk.riskLevel },
  };
  const hasOverdue = openInvoices.some((invoice) => invoice.openMinor > 0 && invoice.dueDate < asOf);
  return {
    customer,
    asOf,
    openInvoices,
    openCase,
    hasOverdue,
    risk,
    assignment,
    scenario,
    input,
    decision: planStep(input),
    contacts: facts.contacts,
    lateFeeRules: context.lateFeeRulesOf(scenario),
  };
}

/** One customer's plan, from the same reads and rules as the run's batches. */
export async function planCustomerCollection(
  db: Db,
  organization: OrganizationRow,
  settings: CollectionSettings,
  customer: CustomerRow,
  asOf: PlainDate,
): Promise<CustomerCollectionPlan> {
  const [plan] = await planCustomers(db, await loadPlanningContext(db, organization, settings), [customer], asOf);
  return plan!;
}
