import { AppError } from '../app-error.js';
import { formatMoneyForPeople, type Currency } from '../money.js';
import { addDays, daysBetween, maxDate, type PlainDate } from '../plain-date.js';
import { isPreDueStep, type Bilingual, type RiskLevel, type Scenario, type ScenarioStep } from '../scenarios/scenario.js';
import { firstMissedInstalment, isHoldActive, isPromiseBroken, promiseDeadline, type Pauses, type ResumedAfter } from './pauses.js';

/** An invoice of the customer with something left to pay (or overpaid: negative). */
export interface OpenInvoice {
  readonly number: string;
  readonly dueDate: PlainDate;
  readonly openMinor: number;
  readonly currency: Currency;
}

/**
 * What became of a step taken for this customer:
 * - `went_out`: the message left (or the call reached the customer): a contact;
 * - `pending`: written but not out yet (queued, or awaiting approval): the next step waits;
 * - `failed`: could not be delivered; a person has a task about it;
 * - `passed`: a person chose to go on without it, or it was work for a person (a call task,
 *   a hand-off) rather than a message;
 * - `rejected`: a person rejected it; it is proposed again from `retryOn`.
 */
export type StepOutcome = 'went_out' | 'pending' | 'failed' | 'passed' | 'rejected';

/** A step already taken for this customer: in the current case, or a pre-due reminder of an open invoice. */
export interface ExecutedStep {
  readonly stepId: string;
  /** The day the step was decided. */
  readonly on: PlainDate;
  /** The invoices the message listed; left out, it counts for every invoice. */
  readonly invoiceNumbers?: readonly string[];
  /** Invoices the message named as coming due: they need no pre-due reminder of their own. */
  readonly comingDueNumbers?: readonly string[];
  /** `went_out` when left out. */
  readonly outcome?: StepOutcome;
  /** The day it really went out, or is queued to (sent after approval, or held a while). */
  readonly wentOutOn?: PlainDate;
  /** For a rejected step: the day it may be proposed again. */
  readonly retryOn?: PlainDate;
  /** A message that asks for nothing (a thank-you): it keeps only a second message off its day. */
  readonly courtesy?: boolean;
  /** Pending because a person has yet to approve it: it may never go out, so it holds no gap. */
  readonly awaitingApproval?: boolean;
  /** For a payment plan's instalment reminder: the instalment's due date. */
  readonly instalmentDueOn?: PlainDate;
}

/** The step id of the reminder of a payment plan's instalment coming due: not a scenario step. */
export const INSTALMENT_REMINDER_STEP_ID = 'instalment-reminder';
/** Days before an instalment's due date its reminder goes (moved back to a business day). */
export const INSTALMENT_REMINDER_DAYS = 3;

/** The reminder of an instalment, as a step: an email from the accounts team, before a due date. */
export const INSTALMENT_REMINDER_STEP: ScenarioStep = {
  id: INSTALMENT_REMINDER_STEP_ID,
  name: { fr: "Rappel d'échéance du plan de paiement", en: 'Payment plan instalment reminder' },
  offsetDays: -INSTALMENT_REMINDER_DAYS,
  channel: 'email',
  templates: { fr: 'instalment-reminder', en: 'instalment-reminder', nl: 'instalment-reminder', de: 'instalment-reminder' },
  sender: 'accounts_team',
  conditions: { minBalanceMinor: 0, segments: [], riskLevels: [] },
  requiresApproval: false,
  statesLateFees: false,
  notifyOwnerBeforeDays: 0,
};

/** A contact made outside Relance (a call, an email written by hand): it counts like one Relance made. */
export interface OutsideContact {
  readonly on: PlainDate;
  readonly channel: 'call' | 'email' | 'letter' | 'meeting' | 'other';
}

/** What escalation needs before its heavier steps (DESIGN.md invariant 3). */
export interface EscalationRules {
  /** Reminders that must have gone out in the case before a formal notice. */
  readonly formalNoticeMinReminders: number;
  /** Days the debtor has to pay after a formal notice went out; a hand-off comes only after. */
  readonly formalNoticeDeadlineDays: number;
  /** Below this balance the case is not handed off: a person decides on a small claim or a write-off. */
  readonly handoffMinimumMinor: number;
  /** Steps that need approval go without it below this balance; null: approval always. */
  readonly approvalThresholdMinor: number | null;
}

export const DEFAULT_ESCALATION_RULES: EscalationRules = {
  formalNoticeMinReminders: 2,
  formalNoticeDeadlineDays: 15,
  handoffMinimumMinor: 1_000_00,
  approvalThresholdMinor: null,
};

export interface OwnerNotice {
  readonly stepId: string;
  readonly on: PlainDate;
}

export interface PlanStepInput {
  readonly asOf: PlainDate;
  readonly scenario: Scenario;
  readonly openInvoices: readonly OpenInvoice[];
  /** Payments and credit notes not yet set against an invoice; they lower what is asked. */
  readonly unappliedCreditMinor?: number;
  readonly executedSteps: readonly ExecutedStep[];
  readonly ownerNotices?: readonly OwnerNotice[];
  readonly pauses: Pauses;
  readonly minimumBalanceMinor: number;
  /** Fewest days between two contacts of the customer. */
  readonly minimumGapDays: number;
  /** Contacts made outside Relance: calls logged, emails written by hand. */
  readonly outsideContacts?: readonly OutsideContact[];
  /** The day the open case began; contacts before it belong to an earlier episode. */
  readonly caseOpenedOn?: PlainDate | null;
  readonly escalation?: EscalationRules;
  /** The day this run's messages leave: the next business day from `asOf` (itself when it is one). */
  readonly sendingDay?: PlainDate;
  /** Whether messages may leave on a day; every day when left out. */
  readonly isBusinessDay?: (date: PlainDate) => boolean;
  readonly customer: { readonly segment: string | null; readonly riskLevel: RiskLevel | null };
}

export interface ListedInvoice {
  readonly number: string;
  readonly dueDate: PlainDate;
  readonly openMinor: number;
  /** Days past the due date; negative while it is not due yet. */
  readonly daysOverdue: number;
}

/** A contact of the current case that really went out, for the facts a message states. */
export interface PastContact {
  readonly on: PlainDate;
  readonly kind: 'reminder' | 'call' | 'formal_notice' | 'outside';
}

export type NothingDueWhy =
  | 'nothing_open'
  | 'on_hold'
  | 'paused'
  | 'below_minimum_balance'
  | 'minimum_gap'
  | 'waiting_for_owner'
  | 'waiting_for_previous_step'
  | 'step_rejected'
  | 'needs_reminders'
  | 'needs_formal_notice'
  | 'next_step_later'
  | 'scenario_finished';

export type StepDecision =
  | {
      readonly kind: 'send';
      /** One step, or the steps that share its offset (an email and its paper copy): one contact. */
      readonly steps: readonly ScenarioStep[];
      readonly invoices: readonly ListedInvoice[];
      /** Invoices not due yet that the message names too ("and F-123, due on 12 March"). */
      readonly comingDue: readonly ListedInvoice[];
      /** What the message asks for: the listed invoices minus unapplied credit. */
      readonly balanceMinor: number;
      readonly currency: Currency;
      readonly requiresApproval: boolean;
      /** Reminders resumed because an arrangement was not kept; the message says so. */
      readonly resumedAfter: ResumedAfter | null;
      /** The contacts of this case that went out before, oldest first: what a message may claim. */
      readonly pastContacts: readonly PastContact[];
      /** When a formal notice of this case went out; null when none did. */
      readonly formalNoticeOn: PlainDate | null;
      readonly reason: Bilingual;
    }
  | {
      readonly kind: 'notify_owner';
      readonly steps: readonly ScenarioStep[];
      readonly plannedOn: PlainDate;
      readonly invoices: readonly ListedInvoice[];
      readonly balanceMinor: number;
      readonly currency: Currency;
      readonly reason: Bilingual;
    }
  | {
      /** A kept payment plan's next instalment falls due soon: a friendly word, as before an invoice's due date. */
      readonly kind: 'instalment_reminder';
      /** The instalment reminder step alone. */
      readonly steps: readonly ScenarioStep[];
      readonly instalment: { readonly dueDate: PlainDate; readonly amountMinor: number; readonly number: number; readonly count: number };
      /** The plan's invoices, with what is open on them. */
      readonly invoices: readonly ListedInvoice[];
      readonly balanceMinor: number;
      readonly currency: Currency;
      readonly reason: Bilingual;
    }
  | {
      /** The hand-off is due but the balance is below the hand-off minimum: a person decides. */
      readonly kind: 'small_claim';
      readonly steps: readonly ScenarioStep[];
      readonly invoices: readonly ListedInvoice[];
      readonly balanceMinor: number;
      readonly currency: Currency;
      readonly reason: Bilingual;
    }
  | { readonly kind: 'none'; readonly why: NothingDueWhy; readonly nextOn: PlainDate | null; readonly reason: Bilingual };

const stepLabel = (steps: readonly ScenarioStep[], language: 'fr' | 'en') =>
  steps.map((step) => step.name[language].charAt(0).toLowerCase() + step.name[language].slice(1)).join(' + ');

const LOCALE = { fr: 'fr-FR', en: 'en-GB' } as const;

const days = (count: number, language: 'fr' | 'en') => (language === 'fr' ? `${count} jour${Math.abs(count) > 1 ? 's' : ''}` : `${count} day${Math.abs(count) === 1 ? '' : 's'}`);

function nothing(why: NothingDueWhy, reason: Bilingual, nextOn: PlainDate | null = null): StepDecision {
  return { kind: 'none', why, nextOn, reason };
}

/** A formal notice: the registered letter that puts the debtor on notice before any hand-off. */
export function isFormalNoticeStep(step: ScenarioStep): boolean {
  return step.channel === 'registered_letter';
}

const isHandoffStep = (step: ScenarioStep) => step.channel === 'handoff';

/**
 * Decides the one contact due today for one customer, following the scenario. The rules the
 * collection run promises (DESIGN.md, "The collection run"):
 * - nothing is asked for what is paid, credited, disputed, promised or under a kept plan; a
 *   broken promise or plan resumes escalation where the case stood;
 * - escalation goes one step at a time: the step due is the lowest one not yet taken whose day
 *   has come, never sooner than the minimum gap after the last contact that went out, and only
 *   once the step before it has gone out; a formal notice follows reminders that went out, a
 *   hand-off follows a formal notice whose deadline has passed;
 * - one message lists every overdue invoice of the customer, and names those coming due soon.
 * When to send inside the day is `nextSendingSlot`'s business, not this function's.
 */
export function planStep(input: PlanStepInput): StepDecision {
  const { asOf, pauses } = input;
  const currencies = new Set(input.openInvoices.filter((invoice) => invoice.openMinor !== 0).map((invoice) => invoice.currency));
  if (currencies.size > 1) {
    throw new AppError('validation_failed', `one customer's open invoices must share a currency; found ${[...currencies].join(', ')}`, {
      field: 'openInvoices',
    });
  }
  const currency = [...currencies][0] ?? 'EUR';
  const money = (minor: number, language: 'fr' | 'en') => formatMoneyForPeople(minor, currency, LOCALE[language]);

  if (isHoldActive(pauses.hold, asOf)) {
    return nothing(
      'on_hold',
      { en: `On hold until ${pauses.hold.until}: ${pauses.hold.reason}`, fr: `En pause jusqu'au ${pauses.hold.until} : ${pauses.hold.reason}` },
      addDays(pauses.hold.until, 1),
    );
  }

  const owed = input.openInvoices.filter((invoice) => invoice.openMinor > 0);
  if (owed.length === 0) return nothing('nothing_open', { en: 'Nothing is owed', fr: "Rien n'est dû" });
  const credit = (input.unappliedCreditMinor ?? 0) + input.openInvoices.reduce((sum, invoice) => sum + Math.max(0, -invoice.openMinor), 0);

  // Work out what is paused and why, so that the reason can say it.
  const disputed = new Set(pauses.disputedInvoiceNumbers);
  const silenced = new Set<string>();
  const pausedBecause: Bilingual[] = [];
  let resumedAfter: ResumedAfter | null = null;
  const resumedBecause: Bilingual[] = [];
  const disputedOpen = owed.filter((invoice) => disputed.has(invoice.number)).map((invoice) => invoice.number);
  if (disputedOpen.length > 0) pausedBecause.push({ en: `disputed: ${disputedOpen.join(', ')}`, fr: `contestées : ${disputedOpen.join(', ')}` });

  const promise = pauses.promise;
  let promiseSilencesUntil: PlainDate | null = null;
  if (promise) {
    const covered = owed.filter((invoice) => !disputed.has(invoice.number) && (promise.invoiceNumbers === null || promise.invoiceNumbers.includes(invoice.number)));
    if (isPromiseBroken(promise, asOf, covered.length > 0)) {
      resumedAfter = { kind: 'broken_promise', date: promise.promisedOn };
      resumedBecause.push({ en: `Promise to pay by ${promise.promisedOn} not kept`, fr: `Promesse de paiement au ${promise.promisedOn} non tenue` });
    } else if (covered.length > 0) {
      for (const invoice of covered) silenced.add(invoice.number);
      promiseSilencesUntil = promiseDeadline(promise);
      pausedBecause.push({ en: `promise to pay by ${promise.promisedOn}`, fr: `promesse de paiement au ${promise.promisedOn}` });
    }
  }
  const plan = pauses.paymentPlan;
  if (plan) {
    const missed = firstMissedInstalment(plan, asOf);
    if (missed) {
      resumedAfter ??= { kind: 'broken_payment_plan', date: missed.dueDate };
      resumedBecause.push({ en: `Payment plan instalment due ${missed.dueDate} not paid`, fr: `Échéance du ${missed.dueDate} du plan de paiement non réglée` });
    } else {
      for (const number of plan.invoiceNumbers) silenced.add(number);
      if (owed.some((invoice) => plan.invoiceNumbers.includes(invoice.number))) pausedBecause.push({ en: 'payment plan kept', fr: 'plan de paiement respecté' });
    }
  }

  for (const claim of pauses.paymentClaims ?? []) {
    if (asOf > claim.until) continue;
    const claimed = owed.filter((invoice) => claim.invoiceNumbers.includes(invoice.number) && !disputed.has(invoice.number)).map((invoice) => invoice.number);
    if (claimed.length === 0) continue;
    for (const number of claimed) silenced.add(number);
    pausedBecause.push({ en: `said to be paid on ${claim.paidOn}, looked for until ${claim.until}: ${claimed.join(', ')}`, fr: `déclarées payées le ${claim.paidOn}, recherche jusqu'au ${claim.until} : ${claimed.join(', ')}` });
  }

  const remindable = owed.filter((invoice) => !disputed.has(invoice.number) && !silenced.has(invoice.number));
  const list = (invoices: readonly OpenInvoice[]): ListedInvoice[] =>
    [...invoices]
      .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number.localeCompare(b.number)))
      .map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, daysOverdue: daysBetween(invoice.dueDate, asOf) }));
  const overdue = list(remindable.filter((invoice) => invoice.dueDate < asOf));
  const notYetDue = list(remindable.filter((invoice) => invoice.dueDate >= asOf));
  const pausedOverdue = owed.some((invoice) => invoice.dueDate < asOf && !remindable.includes(invoice));

  const context: Context = { input, currency, credit, money, resumedAfter, resumedBecause, notYetDue };
  if (overdue.length > 0) {
    const caseStep = planCaseStep(context, overdue);
    // While the case waits, an invoice coming due still gets its friendly word (the gap holds).
    if (caseStep.kind === 'none') return planPreDueStep(context, notYetDue) ?? planInstalmentReminder(context, owed) ?? caseStep;
    return caseStep;
  }

  const preDue = planPreDueStep(context, notYetDue) ?? planInstalmentReminder(context, owed);
  if (preDue) return preDue;
  if (pausedOverdue) {
    return nothing(
      'paused',
      { en: `Every overdue invoice is paused (${pausedBecause.map((p) => p.en).join('; ')})`, fr: `Toutes les factures échues sont en pause (${pausedBecause.map((p) => p.fr).join(' ; ')})` },
      promiseSilencesUntil ? addDays(promiseSilencesUntil, 1) : null,
    );
  }
  return nothing('next_step_later', { en: 'No invoice is overdue and no pre-due reminder is due', fr: "Aucune facture échue et aucun rappel avant échéance à envoyer" });
}

interface Context {
  input: PlanStepInput;
  currency: Currency;
  credit: number;
  money: (minor: number, language: 'fr' | 'en') => string;
  resumedAfter: ResumedAfter | null;
  resumedBecause: Bilingual[];
  /** Remindable invoices not due yet, by due date. */
  notYetDue: ListedInvoice[];
}

function conditionsMet(step: ScenarioStep, balanceMinor: number, input: PlanStepInput): boolean {
  const { conditions } = step;
  if (balanceMinor < conditions.minBalanceMinor) return false;
  if (conditions.segments.length > 0 && (input.customer.segment === null || !conditions.segments.includes(input.customer.segment))) return false;
  if (conditions.riskLevels.length > 0 && (input.customer.riskLevel === null || !conditions.riskLevels.includes(input.customer.riskLevel))) return false;
  return true;
}

function belowMinimum(context: Context, balanceMinor: number, what: Bilingual): StepDecision | null {
  const minimum = context.input.minimumBalanceMinor;
  if (balanceMinor >= minimum && balanceMinor > 0) return null;
  return nothing('below_minimum_balance', {
    en: `${what.en} ${context.money(Math.max(0, balanceMinor), 'en')} is below the minimum of ${context.money(minimum, 'en')}`,
    fr: `${what.fr} ${context.money(Math.max(0, balanceMinor), 'fr')} est inférieur au minimum de ${context.money(minimum, 'fr')}`,
  });
}

const outcomeOf = (executed: ExecutedStep): StepOutcome => executed.outcome ?? 'went_out';
const wentOutOn = (executed: ExecutedStep): PlainDate => executed.wentOutOn ?? executed.on;

/**
 * The first day the next contact may be made. Every contact counts, Relance's and those made
 * outside it, whatever the episode: a message that went out, or one written and waiting to
 * leave; a call task from the day it was given to a person, who calls that day. A courtesy
 * message (a thank-you) asks for nothing: it only keeps a second message off the same day.
 */
function nextContactAllowedOn(input: PlanStepInput): { last: PlainDate; allowedOn: PlainDate } | null {
  const callSteps = new Set(input.scenario.steps.filter((step) => step.channel === 'call_task').map((step) => step.id));
  const contacts: { on: PlainDate; gap: number }[] = [];
  for (const executed of input.executedSteps) {
    const outcome = outcomeOf(executed);
    const gap = executed.courtesy ? 1 : input.minimumGapDays;
    // Looking at a day gone by, what went out later is not yet known; what is queued always counts.
    if (outcome === 'went_out' && wentOutOn(executed) <= input.asOf) contacts.push({ on: wentOutOn(executed), gap });
    else if (outcome === 'pending' && !executed.awaitingApproval) contacts.push({ on: wentOutOn(executed), gap });
    else if (outcome === 'passed' && callSteps.has(executed.stepId)) contacts.push({ on: executed.on, gap });
  }
  for (const outside of input.outsideContacts ?? []) if (outside.on <= input.asOf) contacts.push({ on: outside.on, gap: input.minimumGapDays });
  let result: { last: PlainDate; allowedOn: PlainDate } | null = null;
  for (const contact of contacts) {
    const allowedOn = addDays(contact.on, contact.gap);
    if (result === null || allowedOn > result.allowedOn) result = { last: contact.on, allowedOn };
  }
  return result;
}

/** The contacts of the current case that went out, oldest first, one per day. */
export function pastContactsOf(input: PlanStepInput, steps: readonly ScenarioStep[]): PastContact[] {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const contacts: PastContact[] = [];
  for (const executed of input.executedSteps) {
    const step = byId.get(executed.stepId);
    if (!step || isPreDueStep(step) || outcomeOf(executed) !== 'went_out') continue;
    const kind = isFormalNoticeStep(step) ? 'formal_notice' : step.channel === 'call_task' ? 'call' : 'reminder';
    contacts.push({ on: wentOutOn(executed), kind });
  }
  const since = input.caseOpenedOn ?? null;
  for (const outside of input.outsideContacts ?? []) {
    if ((since === null || outside.on >= since) && outside.on <= input.asOf) contacts.push({ on: outside.on, kind: outside.channel === 'call' ? 'call' : 'outside' });
  }
  contacts.sort((a, b) => (a.on < b.on ? -1 : a.on > b.on ? 1 : 0));
  // Two contacts the same day (an email and its paper copy) are one in the customer's eyes.
  const rank = { formal_notice: 3, reminder: 2, call: 1, outside: 0 } as const;
  const oneADay: PastContact[] = [];
  for (const contact of contacts) {
    const last = oneADay[oneADay.length - 1];
    if (last && last.on === contact.on) {
      if (rank[contact.kind] > rank[last.kind]) oneADay[oneADay.length - 1] = contact;
    } else oneADay.push(contact);
  }
  return oneADay;
}

interface Stage {
  readonly steps: readonly ScenarioStep[];
  readonly offsetDays: number;
}

/** The post-due steps that apply to this customer, grouped by offset: each group is one contact. */
function caseStages(input: PlanStepInput, balance: number): Stage[] {
  const stages: Stage[] = [];
  for (const step of input.scenario.steps) {
    if (isPreDueStep(step) || !conditionsMet(step, balance, input)) continue;
    const last = stages[stages.length - 1];
    if (last && last.offsetDays === step.offsetDays) stages[stages.length - 1] = { steps: [...last.steps, step], offsetDays: last.offsetDays };
    else stages.push({ steps: [step], offsetDays: step.offsetDays });
  }
  return stages;
}

function planCaseStep(context: Context, overdue: ListedInvoice[]): StepDecision {
  const { input } = context;
  const { asOf } = input;
  const rules = input.escalation ?? DEFAULT_ESCALATION_RULES;
  const balance = overdue.reduce((sum, invoice) => sum + invoice.openMinor, 0) - context.credit;
  const small = belowMinimum(context, balance, { en: 'Overdue balance', fr: 'Le solde échu de' });
  if (small) return small;

  const oldest = overdue[0]!;
  const elapsed = oldest.daysOverdue;
  const situation: Bilingual =
    overdue.length === 1
      ? { en: `Invoice ${oldest.number} is ${days(elapsed, 'en')} overdue`, fr: `La facture ${oldest.number} est échue depuis ${days(elapsed, 'fr')}` }
      : {
          en: `${overdue.length} invoices are overdue, the oldest (${oldest.number}) by ${days(elapsed, 'en')}`,
          fr: `${overdue.length} factures sont échues, la plus ancienne (${oldest.number}) depuis ${days(elapsed, 'fr')}`,
        };
  const waitFor = (why: NothingDueWhy, en: string, fr: string, nextOn: PlainDate | null = null) => nothing(why, { en: `${situation.en}; ${en}`, fr: `${situation.fr} ; ${fr}` }, nextOn);

  // Walk the stages in order: the first one not taken after the last one taken is the only
  // candidate. A case never goes back: a step that did not apply then (a call below its balance)
  // is not taken up after a later one.
  const stages = caseStages(input, balance);
  const recordsOf = (stage: Stage) => input.executedSteps.filter((executed) => stage.steps.some((step) => step.id === executed.stepId));
  const taken = stages.map((stage) => recordsOf(stage).filter((executed) => outcomeOf(executed) !== 'rejected'));
  const pending = stages.find((_, index) => taken[index]!.some((executed) => outcomeOf(executed) === 'pending'));
  if (pending) {
    return waitFor('waiting_for_previous_step', `step ${stepLabel(pending.steps, 'en')} has not gone out yet`, `l'étape ${stepLabel(pending.steps, 'fr')} n'est pas encore partie`);
  }
  const lastTaken = taken.reduce((last, records, index) => (records.length > 0 ? index : last), -1);
  const next: Stage | null = stages[lastTaken + 1] ?? null;
  if (next) {
    const rejected = recordsOf(next).filter((executed) => outcomeOf(executed) === 'rejected');
    const retryOn = rejected.reduce<PlainDate | null>((latest, executed) => (executed.retryOn && (latest === null || executed.retryOn > latest) ? executed.retryOn : latest), null);
    if (retryOn !== null && asOf < retryOn) {
      return waitFor('step_rejected', `step ${stepLabel(next.steps, 'en')} was rejected, proposed again on ${retryOn}`, `l'étape ${stepLabel(next.steps, 'fr')} a été refusée, elle sera proposée à nouveau le ${retryOn}`, retryOn);
    }
  }
  if (!next) {
    return waitFor(
      'scenario_finished',
      `every step of scenario ${input.scenario.id} has been taken, the case is with a person`,
      `toutes les étapes du scénario ${input.scenario.id} ont eu lieu, le dossier est entre les mains d'une personne`,
    );
  }

  const stage = next.steps;
  const plannedOn = addDays(oldest.dueDate, next.offsetDays);
  if (asOf < plannedOn) {
    const notice = ownerNoticeAhead(context, stage, plannedOn, overdue, balance);
    if (notice) return notice;
    return waitFor('next_step_later', `scenario ${input.scenario.id}, next step ${stepLabel(stage, 'en')} on ${plannedOn}`, `scénario ${input.scenario.id}, prochaine étape ${stepLabel(stage, 'fr')} le ${plannedOn}`, plannedOn);
  }

  const pastContacts = pastContactsOf(input, input.scenario.steps);
  const formalNotice = [...pastContacts].reverse().find((contact) => contact.kind === 'formal_notice') ?? null;

  if (stage.some(isHandoffStep)) {
    if (balance < rules.handoffMinimumMinor) {
      return {
        kind: 'small_claim',
        steps: stage,
        invoices: overdue,
        balanceMinor: balance,
        currency: context.currency,
        reason: {
          en: `${situation.en}; ${context.money(balance, 'en')} is below the hand-off minimum of ${context.money(rules.handoffMinimumMinor, 'en')}: small claim or write-off?`,
          fr: `${situation.fr} ; ${context.money(balance, 'fr')} est sous le minimum de transmission de ${context.money(rules.handoffMinimumMinor, 'fr')} : injonction de payer ou passage en perte ?`,
        },
      };
    }
    if (!formalNotice) {
      return waitFor('needs_formal_notice', `a hand-off needs a formal notice that went out, and none did`, `une transmission suppose une mise en demeure envoyée, et aucune ne l'a été`);
    }
    const deadline = addDays(formalNotice.on, rules.formalNoticeDeadlineDays);
    if (asOf <= deadline) {
      return waitFor('next_step_later', `the formal notice of ${formalNotice.on} gives until ${deadline} to pay`, `la mise en demeure du ${formalNotice.on} laisse jusqu'au ${deadline} pour payer`, addDays(deadline, 1));
    }
  }
  if (stage.some(isFormalNoticeStep)) {
    const reminders = pastContacts.filter((contact) => contact.kind !== 'formal_notice').length;
    if (reminders < rules.formalNoticeMinReminders) {
      return waitFor(
        'needs_reminders',
        `a formal notice needs ${rules.formalNoticeMinReminders} reminders that went out, ${reminders} did`,
        `une mise en demeure suppose ${rules.formalNoticeMinReminders} relances envoyées, ${reminders} l'ont été`,
      );
    }
  }

  const gapped = gapWait(context, situation);
  if (gapped) return gapped;
  return deliver(context, stage, overdue, balance, situation, { pastContacts, formalNoticeOn: formalNotice?.on ?? null });
}

/** Nothing before the minimum gap after the last contact that went out. */
function gapWait(context: Context, situation: Bilingual): StepDecision | null {
  const { input } = context;
  const next = nextContactAllowedOn(input);
  if (next === null || input.asOf >= next.allowedOn) return null;
  const { last, allowedOn } = next;
  return nothing(
    'minimum_gap',
    { en: `${situation.en}; last contact on ${last}, the next not before ${allowedOn}`, fr: `${situation.fr} ; dernier contact le ${last}, le prochain pas avant le ${allowedOn}` },
    allowedOn,
  );
}

/** The latest business day on or before `date`: a pre-due word moves earlier, never later. */
function businessDayOnOrBefore(input: PlanStepInput, date: PlainDate): PlainDate {
  const isOpen = input.isBusinessDay;
  if (!isOpen) return date;
  let day = date;
  for (let guard = 0; guard < 14 && !isOpen(day); guard += 1) day = addDays(day, -1);
  return day;
}

function planPreDueStep(context: Context, soonDue: ListedInvoice[]): StepDecision | null {
  const { input } = context;
  const steps = input.scenario.steps;
  const preDue = steps.map((step, index) => ({ step, index })).filter(({ step }) => isPreDueStep(step));
  if (preDue.length === 0 || soonDue.length === 0) return null;
  const sendingDay = input.sendingDay ?? input.asOf;
  const coveredByCaseMessage = new Set(input.executedSteps.filter((executed) => outcomeOf(executed) !== 'rejected').flatMap((executed) => executed.comingDueNumbers ?? []));
  const takenFor = (invoice: ListedInvoice) =>
    input.executedSteps
      .filter((executed) => outcomeOf(executed) !== 'rejected')
      .filter((executed) => executed.invoiceNumbers === undefined || executed.invoiceNumbers.includes(invoice.number))
      .map((executed) => executed.stepId);

  // For each invoice not due by the day the message would leave, the most advanced pre-due step
  // whose day (moved back to a business day) has come, unless it or a later one covered it.
  const candidates: { invoice: ListedInvoice; index: number }[] = [];
  for (const invoice of soonDue) {
    if (invoice.dueDate <= sendingDay || coveredByCaseMessage.has(invoice.number)) continue;
    const reached = preDue.filter(({ step }) => businessDayOnOrBefore(input, addDays(invoice.dueDate, step.offsetDays)) <= input.asOf);
    const latest = reached[reached.length - 1];
    if (!latest) continue;
    const taken = takenFor(invoice);
    if (preDue.some(({ step, index }) => index >= latest.index && taken.includes(step.id))) continue;
    candidates.push({ invoice, index: latest.index });
  }
  if (candidates.length === 0) return null;
  // One word for what falls due before the next contact could be made: the invoices whose own
  // pre-due day would come within the minimum gap ride along instead of waiting for a blocked one.
  const lead = Math.max(...preDue.map(({ step }) => -step.offsetDays));
  const horizon = addDays(input.asOf, lead + input.minimumGapDays);
  const listedNumbers = new Set(candidates.map((candidate) => candidate.invoice.number));
  for (const invoice of soonDue) {
    if (invoice.dueDate > sendingDay && invoice.dueDate <= horizon && !coveredByCaseMessage.has(invoice.number) && takenFor(invoice).length === 0) listedNumbers.add(invoice.number);
  }
  const listed = soonDue.filter((invoice) => listedNumbers.has(invoice.number));
  const balance = listed.reduce((sum, invoice) => sum + invoice.openMinor, 0) - context.credit;
  const small = belowMinimum(context, balance, { en: 'Balance coming due', fr: 'Le montant à échoir de' });
  if (small) return small;
  const topIndex = Math.max(...candidates.map((candidate) => candidate.index));
  const topOffset = steps[topIndex]!.offsetDays;
  const stage = preDue.filter(({ step }) => step.offsetDays === topOffset && conditionsMet(step, balance, input)).map(({ step }) => step);
  if (stage.length === 0) return null;
  const first = listed[0]!;
  const inDays = -first.daysOverdue;
  const when = inDays === 0 ? { en: 'today', fr: "aujourd'hui" } : { en: `in ${days(inDays, 'en')}`, fr: `dans ${days(inDays, 'fr')}` };
  const situation: Bilingual =
    listed.length === 1
      ? { en: `Invoice ${first.number} is due ${when.en}`, fr: `La facture ${first.number} arrive à échéance ${when.fr}` }
      : {
          en: `${listed.length} invoices are coming due, the first (${first.number}) ${when.en}`,
          fr: `${listed.length} factures arrivent à échéance, la première (${first.number}) ${when.fr}`,
        };
  const gapped = gapWait(context, situation);
  if (gapped) return gapped;
  return deliver(context, stage, listed, balance, situation, { pastContacts: [], formalNoticeOn: null }, []);
}

/**
 * A kept payment plan silences its invoices; its instalments fall due in their place, so each
 * gets the friendly word an invoice gets before its due date, once, a few days ahead.
 */
function planInstalmentReminder(context: Context, owed: readonly OpenInvoice[]): StepDecision | null {
  const { input } = context;
  const plan = input.pauses.paymentPlan;
  if (!plan || firstMissedInstalment(plan, input.asOf)) return null;
  const sendingDay = input.sendingDay ?? input.asOf;
  const index = plan.instalments.findIndex((instalment) => instalment.paidMinor < instalment.amountMinor && instalment.dueDate > sendingDay);
  const instalment = plan.instalments[index];
  if (!instalment) return null;
  if (businessDayOnOrBefore(input, addDays(instalment.dueDate, -INSTALMENT_REMINDER_DAYS)) > input.asOf) return null;
  const reminded = input.executedSteps.some((executed) => executed.stepId === INSTALMENT_REMINDER_STEP_ID && executed.instalmentDueOn === instalment.dueDate && outcomeOf(executed) !== 'rejected');
  if (reminded) return null;
  const amountMinor = instalment.amountMinor - instalment.paidMinor;
  const invoices = owed
    .filter((invoice) => plan.invoiceNumbers.includes(invoice.number))
    .map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, daysOverdue: daysBetween(invoice.dueDate, input.asOf) }));
  if (invoices.length === 0) return null;
  const inDays = daysBetween(input.asOf, instalment.dueDate);
  const situation: Bilingual = {
    en: `Payment plan instalment ${index + 1} of ${plan.instalments.length} (${context.money(amountMinor, 'en')}) is due in ${days(inDays, 'en')}`,
    fr: `L'échéance ${index + 1} sur ${plan.instalments.length} du plan de paiement (${context.money(amountMinor, 'fr')}) arrive dans ${days(inDays, 'fr')}`,
  };
  const gapped = gapWait(context, situation);
  if (gapped) return gapped;
  return {
    kind: 'instalment_reminder',
    steps: [INSTALMENT_REMINDER_STEP],
    instalment: { dueDate: instalment.dueDate, amountMinor, number: index + 1, count: plan.instalments.length },
    invoices,
    balanceMinor: invoices.reduce((sum, invoice) => sum + invoice.openMinor, 0),
    currency: context.currency,
    reason: { en: `${situation.en}; instalment reminder`, fr: `${situation.fr} ; rappel d'échéance` },
  };
}

function ownerNoticeAhead(
  context: Context,
  stage: readonly ScenarioStep[],
  plannedOn: PlainDate,
  invoices: ListedInvoice[],
  balance: number,
): StepDecision | null {
  const noticeDays = Math.max(...stage.map((step) => step.notifyOwnerBeforeDays));
  if (noticeDays <= 0) return null;
  const told = (context.input.ownerNotices ?? []).some((notice) => stage.some((step) => step.id === notice.stepId));
  if (told || context.input.asOf < addDays(plannedOn, -noticeDays)) return null;
  return notifyOwner(context, stage, plannedOn, invoices, balance);
}

function notifyOwner(context: Context, stage: readonly ScenarioStep[], plannedOn: PlainDate, invoices: ListedInvoice[], balance: number): StepDecision {
  const { scenario } = context.input;
  return {
    kind: 'notify_owner',
    steps: stage,
    plannedOn,
    invoices,
    balanceMinor: balance,
    currency: context.currency,
    reason: {
      en: `Tell the account owner: step ${stepLabel(stage, 'en')} of scenario ${scenario.id} is planned on ${plannedOn} for ${context.money(balance, 'en')}`,
      fr: `Prévenir le responsable du compte : l'étape ${stepLabel(stage, 'fr')} du scénario ${scenario.id} est prévue le ${plannedOn} pour ${context.money(balance, 'fr')}`,
    },
  };
}

interface CaseFacts {
  pastContacts: readonly PastContact[];
  formalNoticeOn: PlainDate | null;
}

function deliver(
  context: Context,
  stage: readonly ScenarioStep[],
  invoices: ListedInvoice[],
  balance: number,
  situation: Bilingual,
  facts: CaseFacts,
  comingDue?: ListedInvoice[],
): StepDecision {
  const { input } = context;
  const { asOf, scenario } = input;
  const rules = input.escalation ?? DEFAULT_ESCALATION_RULES;

  // Key accounts: the owner hears of an escalation before the customer does, with time to object.
  const noticeDays = Math.max(...stage.map((step) => step.notifyOwnerBeforeDays));
  if (noticeDays > 0) {
    const notices = (input.ownerNotices ?? []).filter((notice) => stage.some((step) => step.id === notice.stepId));
    if (notices.length === 0) return notifyOwner(context, stage, addDays(asOf, noticeDays), invoices, balance);
    const toldOn = notices.reduce((first, notice) => (notice.on < first ? notice.on : first), notices[0]!.on);
    const readyOn = addDays(toldOn, noticeDays);
    if (asOf < readyOn) {
      return nothing(
        'waiting_for_owner',
        {
          en: `${situation.en}; the account owner was told on ${toldOn}, step ${stepLabel(stage, 'en')} goes out from ${readyOn}`,
          fr: `${situation.fr} ; le responsable du compte a été prévenu le ${toldOn}, l'étape ${stepLabel(stage, 'fr')} part à partir du ${readyOn}`,
        },
        readyOn,
      );
    }
  }

  // What falls due before the next contact could be made is named now, so it is not missed.
  const lead = Math.max(0, ...scenario.steps.filter(isPreDueStep).map((step) => -step.offsetDays));
  const horizon = addDays(asOf, lead + input.minimumGapDays);
  const soon = comingDue ?? context.notYetDue.filter((invoice) => invoice.dueDate <= horizon);

  const resumed = context.resumedBecause;
  const label = { en: stage.length > 1 ? 'steps' : 'step', fr: stage.length > 1 ? 'étapes' : 'étape' };
  const needsApproval = stage.some((step) => step.requiresApproval) && !(rules.approvalThresholdMinor !== null && balance < rules.approvalThresholdMinor);
  return {
    kind: 'send',
    steps: stage,
    invoices,
    comingDue: soon,
    balanceMinor: balance,
    currency: context.currency,
    requiresApproval: needsApproval,
    resumedAfter: context.resumedAfter,
    pastContacts: facts.pastContacts,
    formalNoticeOn: facts.formalNoticeOn,
    reason: {
      en: `${resumed.map((r) => `${r.en}; `).join('')}${situation.en}; scenario ${scenario.id}, ${label.en} ${stepLabel(stage, 'en')}`,
      fr: `${resumed.map((r) => `${r.fr} ; `).join('')}${situation.fr} ; scénario ${scenario.id}, ${label.fr} ${stepLabel(stage, 'fr')}`,
    },
  };
}
