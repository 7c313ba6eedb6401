import { AppError } from '../../core/app-error.js';
import { isoWeekday } from '../../core/collection/business-days.js';
import { formatMinor } from '../../core/money.js';
import { addDays, daysBetween, type PlainDate } from '../../core/plain-date.js';
import type { Db } from '../../adapters/db/database.js';
import type { CustomerRow, OrganizationRow } from '../../adapters/db/schema.js';
import type { ChannelTransport, ChannelTransports } from '../../adapters/channels/channel-transport.js';
import type { DisputeReason } from '../../adapters/db/stores/collection-pauses.js';
import { findScenario, setManualScenarioId } from '../../adapters/db/stores/collection-scenarios.js';
import { getCollectionSettings, type CollectionSettings } from '../../adapters/db/stores/collection-settings.js';
import {
  countTasksCreated,
  getSentMessageFacts,
  listCustomersWithContacts,
  listInvoiceStates,
  listOpenTasksDue,
  type SentMessageFacts,
} from '../../adapters/db/stores/simulation-ledger.js';
import { addPaymentPromise } from '../collection/add-payment-promise.js';
import { decideApproval } from '../collection/decide-approval.js';
import { findRecipient } from '../collection/find-recipient.js';
import { instantOf, localMomentOf } from '../collection/local-time.js';
import { organizationTemplateRenderer } from '../collection/message-templates.js';
import { openDispute } from '../collection/open-dispute.js';
import { recordCallOutcome } from '../collection/record-call-outcome.js';
import { runCollection } from '../collection/run-collection.js';
import { sendCollectionMessages } from '../collection/send-collection-messages.js';
import { updateCollectionSettings } from '../collection/update-collection-settings.js';
import { firstSendingInstant } from '../collection/sending-window.js';
import { randomFor, type SeededRandom } from '../demo/seeded-random.js';
import { allocateCredit } from '../allocate-credit.js';
import { getAgingReport } from '../get-aging-report.js';
import { createInvoiceFromInput } from '../save-invoice.js';
import { createPaymentFromInput } from '../save-payment.js';
import { behaviourFrom, daysAfter, DEBTOR_MODEL, plannedPaymentDay, type DebtorBehaviour } from './debtor-model.js';

export interface ReplayOptions {
  days: number;
  from: PlainDate;
  seed: number;
  /** Every customer gets this scenario by hand, as a person would set it. */
  scenarioId?: string | null;
  /**
   * Invoices their customer contests (number → reason): never paid during the replay, and
   * disputed 1–3 days after the first message that names them overdue.
   */
  contested?: ReadonlyMap<string, DisputeReason>;
  /** From this day on nobody approves or calls: that work is left open for a person. */
  personAbsentFrom?: PlainDate;
  /** Approvals, and calls, a person gets through in a business day, the oldest first; all by default. */
  personDailyTasks?: number;
  /** Names the replay's worker, its messages' provider ids and the invoices it issues; `simulation` by default. */
  label?: string;
  /** What issued invoices' numbers start with; `SIM` by default. */
  invoicePrefix?: string;
  /** Where debtors reach Relance: the replayed messages then carry working links to their page (the demo). */
  portalBase?: string | undefined;
}

/** The figures of a replay; docs/simulation.md defines each. */
export interface SimulationReport {
  organization: { id: string; name: string };
  from: PlainDate;
  to: PlainDate;
  days: number;
  seed: number;
  scenario: string | null;
  customers: number;
  overdue_invoices: number;
  invoices_issued: number;
  messages_sent: number;
  messages_by_channel: Record<string, number>;
  thank_yous: number;
  messages_per_customer_month: { mean: number; max: number };
  same_day_double_contacts: number;
  reminders_after_payment: number;
  human_tasks: number;
  human_tasks_by_kind: Record<string, number>;
  human_tasks_per_100_overdue: number;
  pre_due_reach: number | null;
  first_contacts: Record<string, number>;
  overdue_customers_not_contacted: number;
  formal_notices: number;
  handoffs: number;
  disputes_opened: number;
  promises_made: number;
  payments: number;
  cash_collected: { week_start: PlainDate; amount: string; currency: string }[];
  dso: { start: number | null; end: number | null };
  /** Steps of the replay the product refused, with why (at most 20): they point at engine faults. */
  errors: string[];
}

interface SimInvoice {
  id: string;
  customerId: string;
  number: string;
  issueDate: PlainDate;
  dueDate: PlainDate;
  currency: string;
  openMinor: number;
  payOn: PlainDate | null;
  disputed: boolean;
  /** Paid in full before the day a pre-due reminder would go (5 days before its due date): it needed none. */
  paidEarly: boolean;
  preDueReached: boolean;
  wasOverdue: boolean;
}

interface SimCustomer {
  row: CustomerRow;
  index: number;
  hasEmail: boolean;
  behaviour: DebtorBehaviour;
  random: SeededRandom;
  invoicing: SeededRandom;
  calls: SeededRandom;
  /** Invoices issued over the year before the start: amounts and terms to draw new ones from. */
  yearAmounts: number[];
  yearTerms: number[];
  currency: string;
  invoices: SimInvoice[];
  messages: number;
  contactKeysByDay: Map<PlainDate, Set<string>>;
  firstContactStep: string | null;
}

type CustomerEvent = { kind: 'dispute'; invoiceNumber: string; reason?: DisputeReason } | { kind: 'promise'; promisedOn: PlainDate; kept: boolean };

const DISPUTE_REASONS = ['invoice_error', 'not_delivered', 'not_as_agreed', 'price'] as const;
const MAX_ERRORS = 20;
const SIMULATION_USER = null;

/**
 * Replays an organization's collection day by day on a database it may write (a throw-away
 * copy): each day the real collection run, the real sending pass at business hours, a person
 * approving and calling, and customers paying, disputing and promising as docs/simulation.md
 * models them. Every draw comes from streams seeded per customer, and nothing below reads the
 * wall clock, so the same seed on the same ledger gives the same report.
 */
export async function replayCollection(db: Db, organization: OrganizationRow, options: ReplayOptions): Promise<SimulationReport> {
  if (!Number.isInteger(options.days) || options.days < 1 || options.days > 366) {
    throw new AppError('validation_failed', `days must be a whole number from 1 to 366, got ${options.days}`, { field: 'days' });
  }
  const orgId = organization.id;
  const zone = organization.time_zone;
  const from = options.from;
  const to = addDays(from, options.days - 1);
  // The sink reads no attachment: drawing each customer's statement PDF would only cost time.
  if ((await getCollectionSettings(db, orgId)).attachStatement) await updateCollectionSettings(db, orgId, { attachStatement: false });
  const settings = await getCollectionSettings(db, orgId);
  const errors: string[] = [];
  const noteError = (what: string, error: unknown) => {
    if (errors.length < MAX_ERRORS) errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  };
  const at = (day: PlainDate, time: string) => instantOf({ date: day, time }, zone);
  const label = options.label ?? 'simulation';
  const contested = new Map(options.contested ?? []);
  const personActsOn = (day: PlainDate) => options.personAbsentFrom === undefined || day < options.personAbsentFrom;
  const personTakes = <T extends { due_on: string }>(tasks: T[]): T[] =>
    options.personDailyTasks === undefined ? tasks : [...tasks].sort((a, b) => a.due_on.localeCompare(b.due_on)).slice(0, options.personDailyTasks);

  const listed = await listCustomersWithContacts(db, orgId);
  if (options.scenarioId) {
    if (!(await findScenario(db, orgId, options.scenarioId))) {
      throw new AppError('validation_failed', `no scenario "${options.scenarioId}" in this organization`, { field: 'scenario' });
    }
    for (const { customer } of listed) await setManualScenarioId(db, orgId, customer.id, options.scenarioId, SIMULATION_USER);
  }

  // The customers, their behaviour and their open invoices, as the ledger stands at the start.
  const customers = new Map<string, SimCustomer>();
  listed.forEach(({ customer, contacts }, index) => {
    customers.set(customer.id, {
      row: customer,
      index,
      hasEmail: findRecipient(customer, contacts, 'email') !== null,
      behaviour: { history: null },
      random: randomFor(options.seed, index, 'debtor'),
      invoicing: randomFor(options.seed, index, 'invoicing'),
      calls: randomFor(options.seed, index, 'calls'),
      yearAmounts: [],
      yearTerms: [],
      currency: organization.currency,
      invoices: [],
      messages: 0,
      contactKeysByDay: new Map(),
      firstContactStep: null,
    });
  });
  const states = await listInvoiceStates(db, orgId);
  const settled = new Map<string, number[]>();
  for (const state of states) {
    const customer = customers.get(state.customer_id);
    if (!customer) continue;
    if (state.issue_date >= addDays(from, -365) && state.issue_date <= from) {
      customer.yearAmounts.push(state.amount_minor);
      customer.yearTerms.push(Math.max(0, daysBetween(state.issue_date as PlainDate, state.due_date as PlainDate)));
      customer.currency = state.currency;
    }
    if (state.open_minor <= 0 && state.last_allocated_on !== null && state.last_allocated_on <= from) {
      const list = settled.get(state.customer_id) ?? [];
      list.push(daysBetween(state.due_date as PlainDate, state.last_allocated_on as PlainDate));
      settled.set(state.customer_id, list);
    }
  }
  for (const customer of customers.values()) customer.behaviour = behaviourFrom(settled.get(customer.row.id) ?? []);
  const invoicesByNumber = new Map<string, SimInvoice>();
  const track = (customer: SimCustomer, invoice: Omit<SimInvoice, 'payOn' | 'paidEarly' | 'preDueReached' | 'wasOverdue'>, today: PlainDate) => {
    const payOn = contested.has(invoice.number) ? null : plannedPaymentDay(customer.behaviour, invoice.dueDate, today, customer.random);
    const sim: SimInvoice = { ...invoice, payOn, paidEarly: false, preDueReached: false, wasOverdue: false };
    customer.invoices.push(sim);
    invoicesByNumber.set(sim.number, sim);
  };
  for (const state of states) {
    const customer = customers.get(state.customer_id);
    if (!customer || state.open_minor <= 0) continue;
    track(customer, { id: state.id, customerId: customer.row.id, number: state.number, issueDate: state.issue_date as PlainDate, dueDate: state.due_date as PlainDate, currency: state.currency, openMinor: state.open_minor, disputed: false }, from);
  }
  const overdueOnDayOne = new Set<string>();
  for (const customer of customers.values()) if (customer.invoices.some((i) => i.dueDate < from)) overdueOnDayOne.add(customer.row.id);

  const dsoStart = (await getAgingReport(db, orgId, { asOf: from })).dso_days;
  const renderer = await organizationTemplateRenderer(db, orgId);
  const sentIds: string[] = [];
  const sink: ChannelTransport = {
    async send(message) {
      sentIds.push(message.id);
      return { kind: 'sent', providerMessageId: `${label}-${message.id}` };
    },
  };
  const transports: ChannelTransports = { email: sink, sms: sink, letter: sink, registered_letter: sink };

  const events = new Map<PlainDate, { customer: SimCustomer; event: CustomerEvent }[]>();
  const schedule = (day: PlainDate, customer: SimCustomer, event: CustomerEvent) => {
    const list = events.get(day) ?? [];
    list.push({ customer, event });
    events.set(day, list);
  };
  const cash = new Map<string, number>();
  const counts = { messages: 0, thankYous: 0, doubleContacts: 0, afterPayment: 0, formalNotices: 0, disputes: 0, promises: 0, payments: 0, issued: 0 };
  const byChannel: Record<string, number> = {};
  let invoiceSequence = 0;

  const react = (customer: SimCustomer, message: SentMessageFacts, day: PlainDate) => {
    const overdueNumbers = (JSON.parse(message.invoice_numbers) as string[]).filter((n) => invoicesByNumber.get(n)?.dueDate !== undefined && invoicesByNumber.get(n)!.dueDate < day);
    const comingDue = [...(message.coming_due_numbers ? (JSON.parse(message.coming_due_numbers) as string[]) : []), ...(JSON.parse(message.invoice_numbers) as string[]).filter((n) => !overdueNumbers.includes(n))];
    const open = (numbers: string[]) => numbers.map((n) => invoicesByNumber.get(n)).filter((i): i is SimInvoice => i !== undefined && i.openMinor > 0 && !i.disputed);
    const random = customer.random;
    for (const invoice of open(comingDue)) {
      if (invoice.dueDate > day) invoice.preDueReached = true;
      if ((invoice.payOn === null || invoice.payOn > invoice.dueDate) && random.chance(DEBTOR_MODEL.preDuePayChance)) {
        invoice.payOn = addDays(day, 1) > invoice.dueDate ? addDays(day, 1) : invoice.dueDate;
      }
    }
    const overdue = open(overdueNumbers);
    if (overdue.length === 0) return;
    for (const invoice of overdue) {
      if (!contested.has(invoice.number)) continue;
      schedule(daysAfter(day, [1, 3], random), customer, { kind: 'dispute', invoiceNumber: invoice.number, reason: contested.get(invoice.number)! });
      contested.delete(invoice.number);
    }
    const formal = message.channel === 'registered_letter' || message.step_id.includes('formal-notice');
    const lateFrom = (invoice: SimInvoice) => invoice.payOn === null || invoice.payOn > addDays(day, DEBTOR_MODEL.reminderPayDays[1]);
    if (!overdue.some(lateFrom)) return;
    const draw = random.next();
    const payChance = formal ? DEBTOR_MODEL.formalNoticePayChance : DEBTOR_MODEL.reminderPayChance;
    if (draw < payChance) {
      const payOn = daysAfter(day, formal ? DEBTOR_MODEL.formalNoticePayDays : DEBTOR_MODEL.reminderPayDays, random);
      for (const invoice of overdue) if (invoice.payOn === null || invoice.payOn > payOn) invoice.payOn = payOn;
    } else if (draw < payChance + DEBTOR_MODEL.disputeChance) {
      const largest = [...overdue].sort((a, b) => b.openMinor - a.openMinor || a.number.localeCompare(b.number))[0]!;
      schedule(daysAfter(day, [1, 3], random), customer, { kind: 'dispute', invoiceNumber: largest.number });
    } else if (draw < payChance + DEBTOR_MODEL.disputeChance + DEBTOR_MODEL.promiseChance) {
      const on = addDays(day, 1);
      const promisedOn = daysAfter(on, DEBTOR_MODEL.promiseDays, random);
      schedule(on, customer, { kind: 'promise', promisedOn, kept: random.chance(DEBTOR_MODEL.promiseKeptChance) });
    }
  };

  const sendingPass = async (day: PlainDate, time: string) => {
    for (let pass = 0; pass < 100; pass += 1) {
      const before = sentIds.length;
      const summary = await sendCollectionMessages(db, organization, { now: at(day, time), workerId: label, transports, limit: 500 });
      if (summary.claimed === 0) break;
      const facts = await getSentMessageFacts(db, orgId, sentIds.slice(before));
      facts.sort((a, b) => (customers.get(a.customer_id)!.index - customers.get(b.customer_id)!.index) || a.step_id.localeCompare(b.step_id) || a.channel.localeCompare(b.channel));
      for (const message of facts) {
        const customer = customers.get(message.customer_id);
        if (!customer) continue;
        counts.messages += 1;
        customer.messages += 1;
        byChannel[message.channel] = (byChannel[message.channel] ?? 0) + 1;
        if (message.step_id === 'thank-you') counts.thankYous += 1;
        if (message.channel === 'registered_letter' || message.step_id.includes('formal-notice')) counts.formalNotices += 1;
        const named = [...(JSON.parse(message.invoice_numbers) as string[]), ...(message.coming_due_numbers ? (JSON.parse(message.coming_due_numbers) as string[]) : [])];
        const known = named.map((n) => invoicesByNumber.get(n));
        // Invoices settled before the replay are not tracked: they count as paid.
        if (named.length > 0 && known.every((invoice) => invoice === undefined || invoice.openMinor <= 0)) counts.afterPayment += 1;
        // An email and its paper copy written by one decision are one contact.
        const contacts = customer.contactKeysByDay.get(day) ?? new Set<string>();
        const key = `${message.episode_key}|${message.planned_on}`;
        if (!contacts.has(key) && contacts.size === 1) counts.doubleContacts += 1;
        contacts.add(key);
        customer.contactKeysByDay.set(day, contacts);
        if (customer.firstContactStep === null && message.step_id !== 'thank-you') customer.firstContactStep = message.step_id;
        react(customer, message, day);
      }
    }
  };

  for (let offset = 0; offset < options.days; offset += 1) {
    const day = addDays(from, offset);
    const businessDay = isBusinessDayOf(organization, settings, day);

    for (const customer of customers.values()) {
      for (const invoice of customer.invoices) {
        if (invoice.openMinor > 0 && invoice.dueDate < day) invoice.wasOverdue = true;
      }
    }
    if (businessDay) {
      for (const customer of customers.values()) {
        // A customer billed n times a year gets an invoice on a business day with chance n / 252.
        if (customer.yearAmounts.length === 0 || !customer.invoicing.chance(customer.yearAmounts.length / 252)) continue;
        const amount = customer.invoicing.pick(customer.yearAmounts);
        const terms = customer.invoicing.pick(customer.yearTerms);
        invoiceSequence += 1;
        const number = `${options.invoicePrefix ?? 'SIM'}-${day.replace(/-/g, '')}-${String(invoiceSequence).padStart(5, '0')}`;
        try {
          const { invoice } = await createInvoiceFromInput(db, organization, {
            customer_id: customer.row.id,
            number,
            issue_date: day,
            due_date: addDays(day, terms),
            amount: { amount: formatMinor(amount, customer.currency), currency: customer.currency },
          });
          counts.issued += 1;
          track(customer, { id: invoice.id, customerId: customer.row.id, number, issueDate: day, dueDate: addDays(day, terms), currency: customer.currency, openMinor: amount, disputed: false }, day);
        } catch (error) {
          noteError(`invoice for ${customer.row.external_ref}`, error);
        }
      }
    }

    try {
      await runCollection(db, organization, { asOf: day, now: at(day, settings.dailyRunTime), send: false, renderer, workerId: label, onAction: () => undefined, portalBase: options.portalBase });
    } catch (error) {
      noteError(`run of ${day}`, error);
    }

    for (const { customer, event } of events.get(day) ?? []) {
      try {
        if (event.kind === 'dispute') {
          const invoice = invoicesByNumber.get(event.invoiceNumber)!;
          if (invoice.openMinor <= 0 || invoice.disputed) continue;
          await openDispute(db, orgId, customer.row, { invoice: { number: event.invoiceNumber }, reason: event.reason ?? customer.random.pick(DISPUTE_REASONS), note: null }, day, SIMULATION_USER);
          invoice.disputed = true;
          invoice.payOn = null;
          counts.disputes += 1;
        } else {
          if (!customer.invoices.some((i) => i.openMinor > 0 && !i.disputed)) continue;
          await addPaymentPromise(db, orgId, customer.row, { promisedOn: event.promisedOn }, day, SIMULATION_USER);
          counts.promises += 1;
          if (event.kept) {
            for (const invoice of customer.invoices) {
              if (invoice.openMinor > 0 && !invoice.disputed && (invoice.payOn === null || invoice.payOn > event.promisedOn)) invoice.payOn = event.promisedOn;
            }
          }
        }
      } catch (error) {
        noteError(`${event.kind} of ${customer.row.external_ref}`, error);
      }
    }

    if (businessDay && personActsOn(day)) {
      // A person approves, the next business day, each step held for approval.
      for (const task of personTakes(await listOpenTasksDue(db, orgId, 'approval', day, null))) {
        try {
          await decideApproval(db, organization, task.id, { approve: true, note: null }, { now: at(day, '08:30'), renderer, portalLinks: { base: options.portalBase } });
        } catch (error) {
          noteError(`approval for ${task.external_ref}`, error);
        }
      }
    }
    await sendingPass(day, '09:30');

    if (businessDay) {
      for (const task of personActsOn(day) ? personTakes(await listOpenTasksDue(db, orgId, 'call', null, day)) : []) {
        const customer = customers.get(task.customer_id)!;
        const reached = customer.calls.chance(DEBTOR_MODEL.callReachedChance);
        try {
          await recordCallOutcome(db, organization, task.id, reached ? { outcome: 'reached', note: 'Reached the accounts team' } : { outcome: 'no_answer' }, { now: at(day, '14:00'), by: SIMULATION_USER });
        } catch (error) {
          noteError(`call to ${task.external_ref}`, error);
          continue;
        }
        if (reached && customer.calls.chance(DEBTOR_MODEL.callPayChance)) {
          const payOn = daysAfter(day, DEBTOR_MODEL.callPayDays, customer.calls);
          for (const invoice of customer.invoices) {
            if (invoice.openMinor > 0 && !invoice.disputed && invoice.dueDate < day && (invoice.payOn === null || invoice.payOn > payOn)) invoice.payOn = payOn;
          }
        }
      }
      await sendingPass(day, '16:00');

      // The bank statement of the day: each customer pays what it planned to, in one transfer.
      for (const customer of customers.values()) {
        const due = customer.invoices.filter((i) => i.openMinor > 0 && !i.disputed && i.payOn !== null && i.payOn <= day);
        for (const currency of [...new Set(due.map((i) => i.currency))].sort()) {
          const paying = due.filter((i) => i.currency === currency);
          const total = paying.reduce((sum, i) => sum + i.openMinor, 0);
          try {
            const payment = await createPaymentFromInput(db, orgId, {
              customer_id: customer.row.id,
              reference: `SIM-${day}-${customer.row.external_ref}-${currency}`,
              received_on: day,
              amount: { amount: formatMinor(total, currency), currency },
              method: 'transfer',
            });
            for (const invoice of paying) {
              await allocateCredit(db, organization, { invoice_id: invoice.id, payment_id: payment.id, allocated_on: day }, at(day, '12:00'));
              // The standard scenario's pre-due reminder leaves five days ahead, before the day's payments.
              if (daysBetween(day, invoice.dueDate) > 5) invoice.paidEarly = true;
              invoice.openMinor = 0;
            }
            counts.payments += 1;
            const week = `${weekStart(day)}|${currency}`;
            cash.set(week, (cash.get(week) ?? 0) + total);
          } catch (error) {
            noteError(`payment of ${customer.row.external_ref}`, error);
          }
        }
      }
    }
  }

  const dsoEnd = (await getAgingReport(db, orgId, { asOf: to })).dso_days;
  const tasks = await countTasksCreated(db, orgId, from, to);
  const humanTasks = [...tasks.values()].reduce((a, b) => a + b, 0);
  const all = [...customers.values()];
  const overdueInvoices = all.reduce((n, c) => n + c.invoices.filter((i) => i.wasOverdue).length, 0);
  const months = options.days / 30;
  const contacted = all.filter((c) => c.messages > 0);
  const perMonth = contacted.map((c) => c.messages / months);
  // An invoice due on receipt (issued the day before its due date or later) has no "before the due date" to remind in.
  const reachable = all
    .filter((c) => c.hasEmail)
    .flatMap((c) => c.invoices.filter((i) => i.dueDate >= addDays(from, 7) && i.dueDate <= to && !i.paidEarly && daysBetween(i.issueDate, i.dueDate) >= 2));
  const firstContacts: Record<string, number> = {};
  let notContacted = 0;
  for (const id of overdueOnDayOne) {
    const step = customers.get(id)!.firstContactStep;
    if (step === null) notContacted += 1;
    else firstContacts[step] = (firstContacts[step] ?? 0) + 1;
  }
  const currencies = new Set([organization.currency, ...[...cash.keys()].map((key) => key.split('|')[1]!)]);
  const cashCollected: SimulationReport['cash_collected'] = [];
  for (let week = weekStart(from); week <= to; week = addDays(week, 7)) {
    for (const currency of [...currencies].sort()) {
      const amount = cash.get(`${week}|${currency}`) ?? 0;
      if (amount > 0 || currency === organization.currency) cashCollected.push({ week_start: week, amount: formatMinor(amount, currency), currency });
    }
  }
  const round2 = (n: number) => Math.round(n * 100) / 100;
  return {
    organization: { id: orgId, name: organization.name },
    from,
    to,
    days: options.days,
    seed: options.seed,
    scenario: options.scenarioId ?? null,
    customers: all.length,
    overdue_invoices: overdueInvoices,
    invoices_issued: counts.issued,
    messages_sent: counts.messages,
    messages_by_channel: Object.fromEntries(Object.entries(byChannel).sort(([a], [b]) => a.localeCompare(b))),
    thank_yous: counts.thankYous,
    messages_per_customer_month: { mean: round2(perMonth.length ? perMonth.reduce((a, b) => a + b, 0) / perMonth.length : 0), max: round2(Math.max(0, ...perMonth)) },
    same_day_double_contacts: counts.doubleContacts,
    reminders_after_payment: counts.afterPayment,
    human_tasks: humanTasks,
    human_tasks_by_kind: Object.fromEntries([...tasks.entries()].sort(([a], [b]) => a.localeCompare(b))),
    human_tasks_per_100_overdue: overdueInvoices === 0 ? 0 : round2((humanTasks * 100) / overdueInvoices),
    pre_due_reach: reachable.length === 0 ? null : round2(reachable.filter((i) => i.preDueReached).length / reachable.length),
    first_contacts: Object.fromEntries(Object.entries(firstContacts).sort(([a], [b]) => a.localeCompare(b))),
    overdue_customers_not_contacted: notContacted,
    formal_notices: counts.formalNotices,
    handoffs: tasks.get('handoff') ?? 0,
    disputes_opened: counts.disputes,
    promises_made: counts.promises,
    payments: counts.payments,
    cash_collected: cashCollected,
    dso: { start: dsoStart, end: dsoEnd },
    errors,
  };
}

/** Monday of the day's week. */
function weekStart(day: PlainDate): PlainDate {
  return addDays(day, 1 - isoWeekday(day));
}

/** A business day of the organization: its first sending slot from midnight falls on that day. */
export function isBusinessDayOf(organization: OrganizationRow, settings: CollectionSettings, day: PlainDate): boolean {
  const slot = firstSendingInstant(organization, settings, day, instantOf({ date: day, time: '00:00' }, organization.time_zone));
  return localMomentOf(new Date(slot), organization.time_zone).date === day;
}
