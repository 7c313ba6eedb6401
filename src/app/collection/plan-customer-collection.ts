import { assessPaymentBehaviour, type PaymentBehaviour } from '../../core/risk/assess-payment-behaviour.js';
import type { Instalment, PaymentPlan, Pauses } from '../../core/collection/pauses.js';
import { planStep, type ExecutedStep, type OwnerNotice, type PlanStepInput, type StepDecision } from '../../core/collection/plan-step.js';
import type { PlainDate } from '../../core/plain-date.js';
import { assignScenario, type ScenarioAssignment } from '../../core/scenarios/assign-scenario.js';
import { findBuiltInScenario, DEFAULT_SCENARIO_ID } from '../../core/scenarios/built-in.js';
import type { Scenario } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionActionRow, CollectionCaseRow, CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { listCustomerActions } from '../../adapters/db/stores/collection-actions.js';
import { getOpenCase } from '../../adapters/db/stores/collection-cases.js';
import { listInvoiceHistory } from '../../adapters/db/stores/collection-invoice-history.js';
import { activeHold, activePaymentPlan, latestPaymentPromise, listDisputes, sumAllocatedSince } from '../../adapters/db/stores/collection-pauses.js';
import { findScenario, getManualScenarioId, listAssignmentRules } from '../../adapters/db/stores/collection-scenarios.js';
import type { CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import { listTasks } from '../../adapters/db/stores/collection-tasks.js';
import { listOpenInvoices, listUnappliedCredits, type OpenInvoice } from '../../adapters/db/stores/open-items.js';

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

async function pausesOf(db: Db, organizationId: string, customerId: string, asOf: PlainDate): Promise<Pauses> {
  const disputes = await listDisputes(db, organizationId, { customerId, status: 'open' });
  const promise = await latestPaymentPromise(db, organizationId, customerId, asOf);
  const hold = await activeHold(db, organizationId, customerId, asOf);
  const planRow = await activePaymentPlan(db, organizationId, customerId, asOf);
  let paymentPlan: PaymentPlan | null = null;
  if (planRow) {
    const invoiceNumbers = parseList(planRow.invoice_numbers) ?? [];
    const paid = await sumAllocatedSince(db, organizationId, invoiceNumbers, planRow.created_on);
    paymentPlan = { invoiceNumbers, graceDays: planRow.grace_days, instalments: instalmentsWithPayments(JSON.parse(planRow.instalments), paid) };
  }
  return {
    disputedInvoiceNumbers: disputes.map((dispute) => dispute.invoice_number),
    promise: promise ? { promisedOn: promise.promised_on as PlainDate, graceDays: promise.grace_days, invoiceNumbers: parseList(promise.invoice_numbers) } : null,
    hold: hold ? { until: hold.until as PlainDate, reason: hold.reason } : null,
    paymentPlan,
  };
}

/**
 * Reads one customer's open items, pauses, history and risk, picks the scenario and asks
 * `planStep` for the one step due. Writes nothing: the same function serves the run, the
 * dry run and the "what happens next" view of the API.
 */
export async function planCustomerCollection(
  db: Db,
  organization: OrganizationRow,
  settings: CollectionSettings,
  customer: CustomerRow,
  asOf: PlainDate,
): Promise<CustomerCollectionPlan> {
  const organizationId = organization.id;
  const allOpen = await listOpenInvoices(db, organizationId, { customerId: customer.id });
  // One message speaks one currency; a customer billed in several is reminded in the organization's.
  const currencies = new Set(allOpen.map((invoice) => invoice.currency));
  const currency = currencies.size > 1 ? organization.currency : (allOpen[0]?.currency ?? organization.currency);
  const openInvoices = allOpen.filter((invoice) => invoice.currency === currency);
  const credits = await listUnappliedCredits(db, organizationId, { customerId: customer.id });
  const unappliedCreditMinor = credits.filter((credit) => credit.currency === currency).reduce((sum, credit) => sum + credit.minor, 0);

  const openCase = await getOpenCase(db, organizationId, customer.id);
  const actions = await listCustomerActions(db, organizationId, customer.id);
  const openNumbers = new Set(openInvoices.map((invoice) => invoice.number));
  const executedSteps = executedStepsOf(actions, openCase, openNumbers);
  const notices = openCase ? (await listTasks(db, organizationId, { customerId: customer.id })).filter((task) => task.kind === 'owner_notice' && task.case_id === openCase.id) : [];
  const ownerNotices: OwnerNotice[] = notices.filter((task) => task.step_id !== null).map((task) => ({ stepId: task.step_id!, on: task.created_on as PlainDate }));
  const pauses = await pausesOf(db, organizationId, customer.id, asOf);

  const history = await listInvoiceHistory(db, organizationId, customer.id);
  const balanceMinor = openInvoices.reduce((sum, invoice) => sum + invoice.openMinor, 0) - unappliedCreditMinor;
  const risk = assessPaymentBehaviour({ invoices: history, asOf, creditLimitMinor: customer.credit_limit_minor === null ? null : Number(customer.credit_limit_minor), balanceMinor });
  const rules = await listAssignmentRules(db, organizationId);
  const manualScenarioId = await getManualScenarioId(db, organizationId, customer.id);
  const assignment = assignScenario({ segment: customer.segment, riskLevel: risk.riskLevel, balanceMinor, manualScenarioId }, rules, settings.defaultScenarioId);
  const scenario = (await findScenario(db, organizationId, assignment.scenarioId)) ?? findBuiltInScenario(DEFAULT_SCENARIO_ID)!;

  const input: PlanStepInput = {
    asOf,
    scenario,
    openInvoices: openInvoices.map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, currency: invoice.currency })),
    unappliedCreditMinor,
    executedSteps,
    ownerNotices,
    pauses,
    minimumBalanceMinor: settings.minimumBalanceMinor,
    minimumGapDays: settings.minimumGapDays,
    lastContactOn: null,
    customer: { segment: customer.segment, riskLevel: risk.riskLevel },
  };
  const hasOverdue = openInvoices.some((invoice) => invoice.openMinor > 0 && invoice.dueDate < asOf);
  return { customer, asOf, openInvoices, openCase, hasOverdue, risk, assignment, scenario, input, decision: planStep(input) };
}
