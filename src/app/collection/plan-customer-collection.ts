import { assessPaymentBehaviour, type InvoiceHistoryEntry, type PaymentBehaviour } from '../../core/risk/assess-payment-behaviour.js';
import type { Instalment, Pauses } from '../../core/collection/pauses.js';
import { INSTALMENT_REMINDER_STEP_ID, planStep, type ExecutedStep, type OutsideContact, type OwnerNotice, type PlanStepInput, type StepDecision, type StepOutcome } from '../../core/collection/plan-step.js';
import { isBusinessDay } from '../../core/collection/business-days.js';
import { holidayCalendarOf } from './holiday-calendar-of.js';
import { paymentDeadline } from './build-template-context.js';
import { THANK_YOU_STEP_ID } from './send-thank-you.js';
import type { Currency } from '../../core/money.js';
import { addDays, daysBetween, todayIn, type PlainDate } from '../../core/plain-date.js';
import { assignScenario, type AssignmentRule, type ScenarioAssignment } from '../../core/scenarios/assign-scenario.js';
import { BUILT_IN_SCENARIOS, DEFAULT_SCENARIO_ID } from '../../core/scenarios/built-in.js';
import type { Scenario } from '../../core/scenarios/scenario.js';
import type { Db } from '../../adapters/db/database.js';
import type { CollectionActionRow, CollectionCaseRow, ContactRow, CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import { readCollectionFacts, type CustomerCollectionFacts, type LiveMandateFact } from '../../adapters/db/stores/collection-facts.js';
import { formatDateForLanguage } from '../../core/templates/format-for-language.js';
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
  /** The mandate live on the day: the partner holds the case, and the creditor sends nothing, not even a thank-you. */
  handedTo: LiveMandateFact | null;
}

/** What each stored action status means for planning; cancelled actions count for nothing. */
function outcomeOf(action: CollectionActionRow): StepOutcome | null {
  switch (action.status) {
    case 'sent':
      return 'went_out';
    case 'awaiting_approval':
      return 'pending';
    // A call or a hand-off is work for a person, not a message waiting to leave: once the task
    // exists the case goes on; a call that reached the customer is logged as a contact.
    case 'planned':
      return action.channel === 'call_task' || action.channel === 'handoff' ? 'passed' : 'pending';
    case 'failed':
      return 'failed';
    case 'skipped':
      return 'passed';
    case 'rejected':
      return 'rejected';
    default:
      return null;
  }
}

function parseList(text: string | null): string[] | null {
  return text === null ? null : (JSON.parse(text) as string[]);
}

/**
 * Actions that count for planning: those of the open case, pre-due reminders of invoices still
 * open, and, for the gap between two contacts, every message that went out lately.
 */
function executedStepsOf(facts: CustomerCollectionFacts, openNumbers: ReadonlySet<string>, zone: string, asOf: PlainDate): ExecutedStep[] {
  const { openCase } = facts;
  const steps: ExecutedStep[] = [];
  for (const action of facts.actions) {
    const outcome = outcomeOf(action);
    if (outcome === null) continue;
    const invoiceNumbers = JSON.parse(action.invoice_numbers) as string[];
    const comingDue = action.coming_due_numbers === null ? [] : (JSON.parse(action.coming_due_numbers) as string[]);
    const inOpenCase = action.case_id !== null && openCase !== undefined && action.case_id === openCase.id;
    const ofOpenInvoice = action.case_id === null && [...invoiceNumbers, ...comingDue].some((number) => openNumbers.has(number));
    const sentAt = facts.sentAtByAction.get(action.id);
    const wentOutOn = sentAt ? todayIn(zone, new Date(sentAt)) : (action.planned_on as PlainDate);
    // An earlier case's message still counts for the gap, so a customer just out of one case
    // is not written to again the next day; it takes no step of the new case.
    const recentContact = (outcome === 'went_out' || outcome === 'pending') && daysBetween(wentOutOn, asOf) < GAP_LOOKBACK_DAYS;
    if (!inOpenCase && !ofOpenInvoice && !recentContact) continue;
    steps.push({
      stepId: inOpenCase || ofOpenInvoice ? action.step_id : `earlier:${action.step_id}`,
      on: action.planned_on as PlainDate,
      invoiceNumbers,
      ...(comingDue.length > 0 ? { comingDueNumbers: comingDue } : {}),
      outcome,
      wentOutOn,
      ...(action.retry_on ? { retryOn: action.retry_on as PlainDate } : {}),
      ...(action.step_id === THANK_YOU_STEP_ID ? { courtesy: true } : {}),
      ...(action.status === 'awaiting_approval' ? { awaitingApproval: true } : {}),
      ...(action.step_id === INSTALMENT_REMINDER_STEP_ID ? { instalmentDueOn: action.episode_key.slice(action.episode_key.lastIndexOf(':') + 1) as PlainDate } : {}),
    });
  }
  return steps;
}

/** Contacts older than this cannot hold back the next one, whatever the minimum gap. */
const GAP_LOOKBACK_DAYS = 60;

/** Pays the instalments in order with what the plan's invoices received since the plan was agreed. */
function instalmentsWithPayments(raw: readonly { dueDate: string; amountMinor: number }[], paidMinor: number): Instalment[] {
  let left = paidMinor;
  return raw.map((instalment) => {
    const paid = Math.min(left, instalment.amountMinor);
    left -= paid;
    return { dueDate: instalment.dueDate as PlainDate, amountMinor: instalment.amountMinor, paidMinor: paid };
  });
}

function pausesOf(facts: CustomerCollectionFacts, asOf: PlainDate): Pauses {
  const { promise, hold, paymentPlan, liveMandate } = facts;
  return {
    disputedInvoiceNumbers: facts.openDisputeInvoiceNumbers,
    promise: promise ? { promisedOn: promise.promised_on as PlainDate, graceDays: promise.grace_days, invoiceNumbers: parseList(promise.invoice_numbers) } : null,
    // A case handed to a partner is silenced like a hold, through the mandate's last day (or the
    // day itself when it runs until taken back: the next run looks again).
    hold: liveMandate ? { until: liveMandate.endsOn ?? asOf, reason: `Handed to ${liveMandate.partnerName}` } : hold ? { until: hold.until as PlainDate, reason: hold.reason } : null,
    paymentClaims: facts.paymentClaims.map((claim) => ({ invoiceNumbers: JSON.parse(claim.invoice_numbers) as string[], paidOn: claim.paid_on as PlainDate, until: claim.until as PlainDate })),
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
  isBusinessDay(date: PlainDate): boolean;
  /** The first business day on or after a date: when that day's messages leave. */
  sendingDayOf(date: PlainDate): PlainDate;
}

export async function loadPlanningContext(db: Db, organization: OrganizationRow, settings: CollectionSettings): Promise<PlanningContext> {
  // Independent reads asked together: on PostgreSQL each is a round trip of its own.
  const [rules, { policy, rates }, custom] = await Promise.all([
    listAssignmentRules(db, organization.id),
    getLateFeePolicy(db, organization).then(async ({ policy }) => ({ policy, rates: await getRateTable(db, organization.id, policy.law) })),
    listCustomScenarios(db, organization.id),
  ]);
  const scenarios = new Map<string, Scenario>(BUILT_IN_SCENARIOS.map((scenario) => [scenario.id, scenario]));
  for (const scenario of custom) scenarios.set(scenario.id, scenario);
  const holidays = holidayCalendarOf(organization);
  const open = (date: PlainDate) => isBusinessDay(date, holidays);
  const sendingDayOf = (date: PlainDate) => {
    let day = date;
    for (let guard = 0; guard < 31 && !open(day); guard += 1) day = addDays(day, 1);
    return day;
  };
  return { organization, settings, rules, scenarios, lateFeeRulesOf: (scenario) => ({ policy, rates, scenario }), isBusinessDay: open, sendingDayOf };
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
  const executedSteps = executedStepsOf(facts, openNumbers, organization.time_zone, asOf);
  const ownerNotices: OwnerNotice[] = openCase
    ? facts.ownerNotices.filter((task) => task.case_id === openCase.id && task.step_id !== null).map((task) => ({ stepId: task.step_id!, on: task.created_on as PlainDate }))
    : [];

  const balanceMinor = openInvoices.reduce((sum, invoice) => sum + invoice.openMinor, 0) - unappliedCreditMinor;
  const risk = assessPaymentBehaviour({ invoices: historyOf(facts), asOf, creditLimitMinor: customer.credit_limit_minor === null ? null : Number(customer.credit_limit_minor), balanceMinor });
  const assignment = assignScenario({ segment: customer.segment, riskLevel: risk.riskLevel, balanceMinor, manualScenarioId: facts.manualScenarioId }, context.rules, settings.defaultScenarioId);
  const scenario = context.scenarios.get(assignment.scenarioId) ?? context.scenarios.get(DEFAULT_SCENARIO_ID)!;

  const excluded = new Set(facts.excludedInvoiceNumbers);
  const input: PlanStepInput = {
    asOf,
    scenario,
    // An invoice left out of reminders is never listed nor counted; it still keeps the case open.
    openInvoices: openInvoices.filter((invoice) => !excluded.has(invoice.number)).map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, currency: invoice.currency })),
    unappliedCreditMinor,
    executedSteps,
    ownerNotices,
    pauses: pausesOf(facts, asOf),
    minimumBalanceMinor: settings.minimumBalanceMinor,
    minimumGapDays: settings.minimumGapDays,
    outsideContacts: facts.outsideContacts.map((row): OutsideContact => ({ on: row.occurred_on as PlainDate, channel: row.channel as OutsideContact['channel'] })),
    caseOpenedOn: (openCase?.opened_on ?? null) as PlainDate | null,
    escalation: {
      formalNoticeMinReminders: settings.formalNoticeMinReminders,
      // The date the formal notice itself states: the hand-off waits until it has passed.
      formalNoticeDeadlineDays: daysBetween(asOf, paymentDeadline('registered_letter', asOf).payBy),
      handoffMinimumMinor: settings.handoffMinimumMinor,
      approvalThresholdMinor: settings.approvalThresholdMinor,
    },
    sendingDay: context.sendingDayOf(asOf),
    isBusinessDay: context.isBusinessDay,
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
    decision: withHandOffSaid(withExclusionsSaid(planStep(input), openInvoices, excluded), facts.liveMandate),
    contacts: facts.contacts,
    lateFeeRules: context.lateFeeRulesOf(scenario),
    handedTo: facts.liveMandate ?? null,
  };
}

/** A handed case is paused by its mandate, not by a hold: the reason says who holds it and until when. */
function withHandOffSaid(decision: StepDecision, mandate: LiveMandateFact | undefined): StepDecision {
  if (!mandate || decision.kind !== 'none' || decision.why !== 'on_hold') return decision;
  const since = { en: formatDateForLanguage(mandate.startsOn, 'en'), fr: formatDateForLanguage(mandate.startsOn, 'fr') };
  const until = mandate.endsOn ? { en: ` until ${formatDateForLanguage(mandate.endsOn, 'en')}`, fr: ` jusqu'au ${formatDateForLanguage(mandate.endsOn, 'fr')}` } : { en: '', fr: '' };
  return {
    ...decision,
    reason: {
      en: `Handed to ${mandate.partnerName} on ${since.en}${until.en}: your own reminders stop while the mandate lasts`,
      fr: `Transmis à ${mandate.partnerName} le ${since.fr}${until.fr} : vos relances s'arrêtent le temps du mandat`,
    },
  };
}

/** "Nothing is owed" is untrue when what is owed was left out of reminders by hand: say so. */
function withExclusionsSaid(decision: StepDecision, openInvoices: readonly OpenInvoice[], excluded: ReadonlySet<string>): StepDecision {
  if (decision.kind !== 'none' || decision.why !== 'nothing_open') return decision;
  const left = openInvoices.filter((invoice) => invoice.openMinor > 0 && excluded.has(invoice.number)).map((invoice) => invoice.number);
  if (left.length === 0) return decision;
  return { ...decision, why: 'paused', reason: { en: `Every open invoice is left out of reminders (${left.join(', ')})`, fr: `Toutes les factures ouvertes sont exclues des relances (${left.join(', ')})` } };
}

/** One customer's plan, from the same reads and rules as the run's batches. */
export async function planCustomerCollection(
  db: Db,
  organization: OrganizationRow,
  settings: CollectionSettings,
  customer: CustomerRow,
  asOf: PlainDate,
): Promise<CustomerCollectionPlan> {
  const [context, facts] = await Promise.all([loadPlanningContext(db, organization, settings), readCollectionFacts(db, organization.id, [customer.id], asOf)]);
  return planFromFacts(context, customer, facts.get(customer.id)!, asOf);
}
