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

/** A step already taken for this customer: in the current case, or a pre-due reminder of an open invoice. */
export interface ExecutedStep {
  readonly stepId: string;
  readonly on: PlainDate;
  /** The invoices the message listed; left out, it counts for every invoice. */
  readonly invoiceNumbers?: readonly string[];
}

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
  /** The last contact of any kind (a manual call, a reply), when later than the executed steps. */
  readonly lastContactOn?: PlainDate | null;
  readonly customer: { readonly segment: string | null; readonly riskLevel: RiskLevel | null };
}

export interface ListedInvoice {
  readonly number: string;
  readonly dueDate: PlainDate;
  readonly openMinor: number;
  /** Days past the due date; negative while it is not due yet. */
  readonly daysOverdue: number;
}

export type NothingDueWhy =
  | 'nothing_open'
  | 'on_hold'
  | 'paused'
  | 'below_minimum_balance'
  | 'minimum_gap'
  | 'waiting_for_owner'
  | 'next_step_later'
  | 'scenario_finished';

export type StepDecision =
  | {
      readonly kind: 'send';
      /** One step, or the steps that share its offset (an email and its paper copy): one contact. */
      readonly steps: readonly ScenarioStep[];
      readonly invoices: readonly ListedInvoice[];
      /** What the message asks for: the listed invoices minus unapplied credit. */
      readonly balanceMinor: number;
      readonly currency: Currency;
      readonly requiresApproval: boolean;
      readonly statesLateFees: boolean;
      /** Due steps passed over because a later one is due too; recorded as skipped, never sent. */
      readonly supersededStepIds: readonly string[];
      /** Reminders resumed because an arrangement was not kept; the message says so. */
      readonly resumedAfter: ResumedAfter | null;
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
  | { readonly kind: 'none'; readonly why: NothingDueWhy; readonly nextOn: PlainDate | null; readonly reason: Bilingual };

const stepLabel = (steps: readonly ScenarioStep[], language: 'fr' | 'en') =>
  steps.map((step) => step.name[language].charAt(0).toLowerCase() + step.name[language].slice(1)).join(' + ');

const LOCALE = { fr: 'fr-FR', en: 'en-GB' } as const;

function nothing(why: NothingDueWhy, reason: Bilingual, nextOn: PlainDate | null = null): StepDecision {
  return { kind: 'none', why, nextOn, reason };
}

/**
 * Decides the one contact due today for one customer, following the scenario. The rules the
 * collection run promises (DESIGN.md, "The collection run"):
 * - nothing is asked for what is paid, credited, disputed, promised or under a kept plan; a
 *   broken promise or plan resumes escalation;
 * - missed steps are not fired in a burst: only the most advanced due step goes out, the steps
 *   already taken are not repeated, and contacts keep a minimum gap;
 * - one message lists every overdue invoice of the customer (pre-due steps: the soon-due ones).
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

  const remindable = owed.filter((invoice) => !disputed.has(invoice.number) && !silenced.has(invoice.number));
  const list = (invoices: readonly OpenInvoice[]): ListedInvoice[] =>
    [...invoices]
      .sort((a, b) => (a.dueDate < b.dueDate ? -1 : a.dueDate > b.dueDate ? 1 : a.number.localeCompare(b.number)))
      .map((invoice) => ({ number: invoice.number, dueDate: invoice.dueDate, openMinor: invoice.openMinor, daysOverdue: daysBetween(invoice.dueDate, asOf) }));
  const overdue = list(remindable.filter((invoice) => invoice.dueDate < asOf));
  const pausedOverdue = owed.some((invoice) => invoice.dueDate < asOf && !remindable.includes(invoice));

  const context: Context = { input, currency, credit, money, resumedAfter, resumedBecause };
  if (overdue.length > 0) return planCaseStep(context, overdue);

  const preDue = planPreDueStep(context, list(remindable));
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

function planCaseStep(context: Context, overdue: ListedInvoice[]): StepDecision {
  const { input } = context;
  const balance = overdue.reduce((sum, invoice) => sum + invoice.openMinor, 0) - context.credit;
  const small = belowMinimum(context, balance, { en: 'Overdue balance', fr: 'Le solde échu de' });
  if (small) return small;

  const oldest = overdue[0]!;
  const elapsed = oldest.daysOverdue;
  const steps = input.scenario.steps;
  const executedIds = new Set(input.executedSteps.map((executed) => executed.stepId));
  // The case never goes back: a step before the most advanced one taken is not sent any more.
  const lastTaken = steps.reduce((last, step, index) => (!isPreDueStep(step) && executedIds.has(step.id) ? index : last), -1);
  const open = steps
    .map((step, index) => ({ step, index }))
    .filter(({ step, index }) => !isPreDueStep(step) && index > lastTaken && conditionsMet(step, balance, input));
  const due = open.filter(({ step }) => step.offsetDays <= elapsed);
  const situation: Bilingual =
    overdue.length === 1
      ? { en: `Invoice ${oldest.number} is ${elapsed} days overdue`, fr: `La facture ${oldest.number} est échue depuis ${elapsed} jours` }
      : {
          en: `${overdue.length} invoices are overdue, the oldest (${oldest.number}) by ${elapsed} days`,
          fr: `${overdue.length} factures sont échues, la plus ancienne (${oldest.number}) depuis ${elapsed} jours`,
        };

  if (due.length === 0) {
    const next = open[0];
    if (!next) {
      return nothing('scenario_finished', {
        en: `${situation.en}; every step of scenario ${input.scenario.id} has been taken, the case is with a person`,
        fr: `${situation.fr} ; toutes les étapes du scénario ${input.scenario.id} ont eu lieu, le dossier est entre les mains d'une personne`,
      });
    }
    const stage = open.filter(({ step }) => step.offsetDays === next.step.offsetDays).map(({ step }) => step);
    const plannedOn = addDays(oldest.dueDate, next.step.offsetDays);
    const notice = ownerNoticeAhead(context, stage, plannedOn, overdue, balance);
    if (notice) return notice;
    return nothing(
      'next_step_later',
      {
        en: `${situation.en}; scenario ${input.scenario.id}, next step ${stepLabel(stage, 'en')} on ${plannedOn}`,
        fr: `${situation.fr} ; scénario ${input.scenario.id}, prochaine étape ${stepLabel(stage, 'fr')} le ${plannedOn}`,
      },
      plannedOn,
    );
  }

  const top = due[due.length - 1]!.step.offsetDays;
  const stage = due.filter(({ step }) => step.offsetDays === top).map(({ step }) => step);
  const superseded = due.filter(({ step }) => step.offsetDays < top).map(({ step }) => step);
  return deliver(context, stage, superseded, overdue, balance, situation);
}

function planPreDueStep(context: Context, soonDue: ListedInvoice[]): StepDecision | null {
  const { input } = context;
  const steps = input.scenario.steps;
  const preDue = steps.map((step, index) => ({ step, index })).filter(({ step }) => isPreDueStep(step));
  if (preDue.length === 0 || soonDue.length === 0) return null;
  const takenFor = (invoice: ListedInvoice) =>
    input.executedSteps.filter((executed) => executed.invoiceNumbers === undefined || executed.invoiceNumbers.includes(invoice.number)).map((executed) => executed.stepId);

  // For each soon-due invoice, the most advanced pre-due step whose day has come and that
  // neither it nor a later pre-due step has already covered.
  const candidates: { invoice: ListedInvoice; index: number }[] = [];
  for (const invoice of soonDue) {
    const daysToDue = -invoice.daysOverdue;
    const reached = preDue.filter(({ step }) => step.offsetDays <= -daysToDue);
    const latest = reached[reached.length - 1];
    if (!latest) continue;
    const taken = takenFor(invoice);
    if (preDue.some(({ step, index }) => index >= latest.index && taken.includes(step.id))) continue;
    candidates.push({ invoice, index: latest.index });
  }
  if (candidates.length === 0) return null;
  const listed = candidates.map((candidate) => candidate.invoice);
  const balance = listed.reduce((sum, invoice) => sum + invoice.openMinor, 0) - context.credit;
  const small = belowMinimum(context, balance, { en: 'Balance coming due', fr: 'Le montant à échoir de' });
  if (small) return small;
  const topIndex = Math.max(...candidates.map((candidate) => candidate.index));
  const topOffset = steps[topIndex]!.offsetDays;
  const stage = preDue.filter(({ step }) => step.offsetDays === topOffset && conditionsMet(step, balance, input)).map(({ step }) => step);
  if (stage.length === 0) return null;
  const first = listed[0]!;
  const inDays = -first.daysOverdue;
  const when = inDays === 0 ? { en: 'today', fr: "aujourd'hui" } : { en: `in ${inDays} days`, fr: `dans ${inDays} jours` };
  const situation: Bilingual =
    listed.length === 1
      ? { en: `Invoice ${first.number} is due ${when.en}`, fr: `La facture ${first.number} arrive à échéance ${when.fr}` }
      : {
          en: `${listed.length} invoices are coming due, the first (${first.number}) ${when.en}`,
          fr: `${listed.length} factures arrivent à échéance, la première (${first.number}) ${when.fr}`,
        };
  return deliver(context, stage, [], listed, balance, situation);
}

function ownerNoticeAhead(
  context: Context,
  stage: readonly ScenarioStep[],
  plannedOn: PlainDate,
  invoices: ListedInvoice[],
  balance: number,
): StepDecision | null {
  const days = Math.max(...stage.map((step) => step.notifyOwnerBeforeDays));
  if (days <= 0) return null;
  const told = (context.input.ownerNotices ?? []).some((notice) => stage.some((step) => step.id === notice.stepId));
  if (told || context.input.asOf < addDays(plannedOn, -days)) return null;
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

function deliver(
  context: Context,
  stage: readonly ScenarioStep[],
  superseded: readonly ScenarioStep[],
  invoices: ListedInvoice[],
  balance: number,
  situation: Bilingual,
): StepDecision {
  const { input } = context;
  const { asOf, scenario } = input;

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

  const contacts = [...input.executedSteps.map((executed) => executed.on), ...(input.lastContactOn ? [input.lastContactOn] : [])];
  if (contacts.length > 0) {
    const last = contacts.reduce((latest, date) => maxDate(latest, date));
    const allowedOn = addDays(last, input.minimumGapDays);
    if (asOf < allowedOn) {
      return nothing(
        'minimum_gap',
        {
          en: `${situation.en}; last contact on ${last}, the next not before ${allowedOn}`,
          fr: `${situation.fr} ; dernier contact le ${last}, le prochain pas avant le ${allowedOn}`,
        },
        allowedOn,
      );
    }
  }

  const resumed = context.resumedBecause;
  const skipped = superseded.length > 0 ? { en: `; passed over: ${stepLabel(superseded, 'en')}`, fr: ` ; étapes passées : ${stepLabel(superseded, 'fr')}` } : { en: '', fr: '' };
  const label = { en: stage.length > 1 ? 'steps' : 'step', fr: stage.length > 1 ? 'étapes' : 'étape' };
  return {
    kind: 'send',
    steps: stage,
    invoices,
    balanceMinor: balance,
    currency: context.currency,
    requiresApproval: stage.some((step) => step.requiresApproval),
    statesLateFees: stage.some((step) => step.statesLateFees),
    supersededStepIds: superseded.map((step) => step.id),
    resumedAfter: context.resumedAfter,
    reason: {
      en: `${resumed.map((r) => `${r.en}; `).join('')}${situation.en}; scenario ${scenario.id}, ${label.en} ${stepLabel(stage, 'en')}${skipped.en}`,
      fr: `${resumed.map((r) => `${r.fr} ; `).join('')}${situation.fr} ; scénario ${scenario.id}, ${label.fr} ${stepLabel(stage, 'fr')}${skipped.fr}`,
    },
  };
}
