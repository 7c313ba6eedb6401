import { AppError } from '../../core/app-error.js';
import { computeDueDate, requirePaymentTerms } from '../../core/payment-terms.js';
import { addDays, addMonths, fromDayNumber, parts, toDayNumber, type PlainDate } from '../../core/plain-date.js';
import { DISPUTE_REASONS } from './demo-word-lists.js';
import { generateCustomerIdentity, type DemoCustomerIdentity, type DemoSegment } from './generate-customer-identity.js';
import { randomFor, type SeededRandom } from './seeded-random.js';

/**
 * The demo ledger of a fictional IT consulting firm: customers with their invoices, credit
 * notes, payments and allocations over the 18 months before an as-of date. It is generated,
 * not stored: the same options always give the same records in the same order, and the
 * records stream customer by customer, so a million invoices never sit in memory together
 * (memory grows with the number of customers and the invoices of the largest one).
 */
export interface DemoOptions {
  customers: number;
  invoices: number;
  seed: number;
  asOf: PlainDate;
}

export const DEMO_HISTORY_MONTHS = 18;
export const DEMO_CURRENCY = 'EUR';

export type PaymentBehaviour = 'prompt' | 'usual' | 'chronic_late';

export interface DemoCustomer extends DemoCustomerIdentity {
  kind: 'customer';
  reference: string;
  /** How the demo makes this customer pay; not a field of the product, a key to the data. */
  paymentBehaviour: PaymentBehaviour;
}

export interface DemoInvoice {
  kind: 'invoice';
  number: string;
  customer: string;
  issueDate: PlainDate;
  dueDate: PlainDate;
  paymentTerms: string;
  amountMinor: number;
  currency: string;
}

export interface DemoCreditNote {
  kind: 'credit_note';
  number: string;
  customer: string;
  issueDate: PlainDate;
  amountMinor: number;
  currency: string;
  /** The invoice it corrects (and is allocated to); null for a commercial credit left to use later. */
  invoice: string | null;
}

export interface DemoPayment {
  kind: 'payment';
  reference: string;
  customer: string;
  receivedOn: PlainDate;
  amountMinor: number;
  currency: string;
  method: 'transfer' | 'direct_debit' | 'cheque';
  /** The invoices it is allocated to, oldest first; more than the allocations total means credit left over. */
  invoices: string[];
}

export interface DemoAllocation {
  kind: 'allocation';
  invoice: string;
  payment: string | null;
  creditNote: string | null;
  amountMinor: number;
  allocatedOn: PlainDate;
}

/** An invoice left unpaid long past due because the customer will contest it. */
export interface DemoDisputeCandidate {
  kind: 'dispute_candidate';
  invoice: string;
  customer: string;
  reason: string;
}

export type DemoRecord = DemoCustomer | DemoInvoice | DemoCreditNote | DemoPayment | DemoAllocation | DemoDisputeCandidate;

export interface DemoLedger {
  readonly options: DemoOptions;
  /**
   * Every record: each customer, then its invoices, credit notes, payments, allocations and
   * dispute candidates. Anything a record refers to comes before it. Iterating again gives
   * the same records.
   */
  records(): Generator<DemoRecord>;
}

const SEGMENT_MIX: ReadonlyArray<readonly [DemoSegment, number]> = [
  ['TPE', 35],
  ['PME', 45],
  ['Grand compte', 8],
  ['Public', 12],
];

/** Relative invoicing volume of a customer per segment. */
const SEGMENT_WEIGHT: Record<DemoSegment, number> = { TPE: 0.6, PME: 1.4, 'Grand compte': 4, Public: 1.5 };

/** Median invoice before VAT, in euros, per segment. */
const SEGMENT_MEDIAN_NET: Record<DemoSegment, number> = { TPE: 700, PME: 2200, 'Grand compte': 7000, Public: 3500 };

const MIN_INVOICE_MINOR = 200_00;
const MAX_INVOICE_MINOR = 50_000_00;

/*
 * Behaviour mix, tuned so that about one invoice in three is paid late (or not yet paid past
 * its due date) and about one late invoice in ten is more than 90 days late, counting the
 * dispute candidates, which end up over 90 days.
 */
const BEHAVIOUR_MIX: ReadonlyArray<readonly [PaymentBehaviour, number]> = [
  ['prompt', 25],
  ['usual', 70],
  ['chronic_late', 5],
];
const LATE_SHARE: Record<PaymentBehaviour, number> = { prompt: 0.08, usual: 0.37, chronic_late: 0.85 };
const OVER_90_SHARE: Record<PaymentBehaviour, number> = { prompt: 0.02, usual: 0.05, chronic_late: 0.18 };
const DISPUTE_SHARE = 0.015;
const CORRECTION_SHARE = 0.03;
const COMMERCIAL_CREDIT_SHARE = 0.01;
const PARTIAL_SHARE = 0.07;
const OVERPAYMENT_SHARE = 0.015;
/** Customers who pay in a weekly run (one transfer for several invoices) rather than invoice by invoice. */
const PAYMENT_RUN_SHARE = 0.2;

interface CustomerPlan {
  segment: DemoSegment;
  behaviour: PaymentBehaviour;
  paysInRuns: boolean;
  firstDay: number;
  invoiceCount: number;
}

function validate(options: DemoOptions): void {
  const { customers, invoices, seed } = options;
  if (!Number.isSafeInteger(customers) || customers < 1) {
    throw new AppError('validation_failed', `the demo needs at least one customer, got ${customers}`, { field: 'customers' });
  }
  if (!Number.isSafeInteger(invoices) || invoices < 0) {
    throw new AppError('validation_failed', `the number of demo invoices must be a whole number, got ${invoices}`, { field: 'invoices' });
  }
  if (!Number.isSafeInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new AppError('validation_failed', `the seed must be a whole number between 0 and 4294967295, got ${seed}`, { field: 'seed' });
  }
}

/** 0 = Sunday … 6 = Saturday; day 0 (1970-01-01) was a Thursday. */
function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

function monthIndex(day: number): number {
  const { year, month } = parts(fromDayNumber(day));
  return year * 12 + month - 1;
}

function customerReference(index: number): string {
  return `C${String(index + 1).padStart(5, '0')}`;
}

/** Invoices go out on working days: a weekend date moves to the Monday, or back to the Friday at the window's end. */
function workingDay(day: number, firstDay: number, lastDay: number): number {
  const dow = weekday(day);
  if (dow !== 0 && dow !== 6) return day;
  const monday = day + (dow === 6 ? 2 : 1);
  if (monday <= lastDay) return monday;
  const friday = day - (dow === 6 ? 1 : 2);
  return friday >= firstDay ? friday : day;
}

export function generateLedger(options: DemoOptions): DemoLedger {
  validate(options);
  const { seed, asOf } = options;
  const lastDay = toDayNumber(asOf);
  const windowFirstDay = toDayNumber(addDays(addMonths(asOf, -DEMO_HISTORY_MONTHS), 1));
  const firstMonth = monthIndex(windowFirstDay);
  const monthCount = monthIndex(lastDay) - firstMonth + 1;

  // Plan: who buys how much. Only small per-customer figures are kept.
  const plans: CustomerPlan[] = [];
  const weights: number[] = [];
  for (let i = 0; i < options.customers; i += 1) {
    const r = randomFor(seed, i, 'plan');
    const segment = r.weighted(SEGMENT_MIX);
    const behaviour = r.weighted(BEHAVIOUR_MIX);
    const paysInRuns = r.chance(PAYMENT_RUN_SHARE);
    const firstDay = r.chance(0.65) ? windowFirstDay : r.int(windowFirstDay, Math.max(windowFirstDay, lastDay - 30));
    const activeShare = (lastDay - firstDay + 1) / (lastDay - windowFirstDay + 1);
    weights.push(SEGMENT_WEIGHT[segment] * Math.exp(0.5 * r.normal()) * activeShare);
    plans.push({ segment, behaviour, paysInRuns, firstDay, invoiceCount: 0 });
  }
  // Exactly the requested number of invoices: one each when there are enough, the rest shared
  // by weight with cumulative rounding so the counts add up.
  const base = options.invoices >= options.customers ? 1 : 0;
  const toShare = options.invoices - base * options.customers;
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  let given = 0;
  for (let i = 0; i < plans.length; i += 1) {
    cumulative += weights[i]!;
    const upTo = i === plans.length - 1 ? toShare : Math.floor((toShare * cumulative) / totalWeight);
    plans[i]!.invoiceCount = base + (upTo - given);
    given = upTo;
  }

  const issueDays = (i: number): number[] => {
    const plan = plans[i]!;
    const r = randomFor(seed, i, 'schedule');
    const days: number[] = [];
    for (let k = 0; k < plan.invoiceCount; k += 1) days.push(workingDay(r.int(plan.firstDay, lastDay), windowFirstDay, lastDay));
    return days.sort((a, b) => a - b);
  };

  // Invoice numbers run per month across the company (F2025-03-00042): each customer's block
  // within a month starts after the blocks of the customers before it.
  const monthStart = new Int32Array(plans.length * monthCount);
  const running = new Int32Array(monthCount);
  for (let i = 0; i < plans.length; i += 1) {
    const counts = new Int32Array(monthCount);
    for (const day of issueDays(i)) counts[monthIndex(day) - firstMonth]! += 1;
    for (let m = 0; m < monthCount; m += 1) {
      monthStart[i * monthCount + m] = running[m]!;
      running[m]! += counts[m]!;
    }
  }
  const sequenceWidth = Math.max(5, String(Math.max(0, ...running)).length);

  function* records(): Generator<DemoRecord> {
    for (let i = 0; i < plans.length; i += 1) {
      const plan = plans[i]!;
      const identity = generateCustomerIdentity(randomFor(seed, i, 'identity'), plan.segment);
      const reference = customerReference(i);
      yield { kind: 'customer', reference, ...identity, paymentBehaviour: plan.behaviour };
      const numbering = monthStart.slice(i * monthCount, (i + 1) * monthCount);
      yield* customerDocuments(randomFor(seed, i, 'behaviour'), plan, identity, reference, issueDays(i), numbering, firstMonth, sequenceWidth, lastDay);
    }
  }

  return { options: { ...options }, records };
}

interface Settlement {
  invoice: DemoInvoice;
  amountMinor: number;
  day: number;
  /** Part of a weekly payment run, so it may share one transfer with other invoices. */
  inRun: boolean;
}

function invoiceAmount(r: SeededRandom, logMedian: number, country: 'FR' | 'BE'): number {
  // French customers pay 20 % VAT; Belgian business customers are invoiced without VAT
  // (reverse charge on cross-border services), so their total is the net amount.
  const vatTimesTen = country === 'FR' ? 12 : 10;
  const euros = Math.exp(logMedian + 0.75 * r.normal());
  let netMinor: number;
  if (euros >= 2000) netMinor = Math.round(euros / 10) * 10_00;
  else if (r.chance(0.3)) netMinor = Math.round(euros * 100);
  else netMinor = Math.round(euros) * 100;
  const minNet = Math.ceil((MIN_INVOICE_MINOR * 10) / vatTimesTen);
  const maxNet = Math.floor((MAX_INVOICE_MINOR * 10) / vatTimesTen);
  netMinor = Math.min(Math.max(netMinor, minNet), maxNet);
  return Math.floor((netMinor * vatTimesTen + 5) / 10);
}

/** The day the customer settles an invoice, if nothing else happens to it. */
function plannedPaymentDay(r: SeededRandom, plan: CustomerPlan, issueDay: number, dueDay: number): number {
  if (r.chance(LATE_SHARE[plan.behaviour])) {
    const late = r.chance(OVER_90_SHARE[plan.behaviour]) ? 91 + Math.floor(210 * r.next() ** 1.5) : 1 + Math.floor(89 * r.next() ** 2);
    const day = dueDay + late;
    // A payment run catches a late invoice on the next Friday.
    return plan.paysInRuns ? day + ((5 - weekday(day) + 7) % 7) : day;
  }
  const day = Math.max(issueDay, dueDay - Math.floor(15 * r.next() ** 2));
  if (!plan.paysInRuns) return day;
  // …and an invoice paid on time on the last Friday before the planned day, when there is one.
  const friday = day - ((weekday(day) - 5 + 7) % 7);
  return friday >= issueDay ? friday : day;
}

function* customerDocuments(
  r: SeededRandom,
  plan: CustomerPlan,
  identity: DemoCustomerIdentity,
  customer: string,
  issueDays: number[],
  monthStart: Int32Array,
  firstMonth: number,
  sequenceWidth: number,
  lastDay: number,
): Generator<DemoRecord> {
  const logMedian = Math.log(SEGMENT_MEDIAN_NET[identity.segment]) + 0.4 * r.normal();
  const method = r.weighted([['transfer', 88], ['direct_debit', 7], ['cheque', 5]] as const);
  const terms = requirePaymentTerms(identity.paymentTerms);

  const invoices: DemoInvoice[] = [];
  const creditNotes: Array<{ note: DemoCreditNote; day: number; allocated: boolean }> = [];
  const settlements: Settlement[] = [];
  const disputes: DemoDisputeCandidate[] = [];
  const usedInMonth = new Int32Array(monthStart.length);

  for (const issueDay of issueDays) {
    const month = monthIndex(issueDay) - firstMonth;
    const sequence = monthStart[month]! + (usedInMonth[month]! += 1);
    const issueDate = fromDayNumber(issueDay);
    const dueDate = computeDueDate(terms, issueDate);
    const dueDay = toDayNumber(dueDate);
    const invoice: DemoInvoice = {
      kind: 'invoice',
      number: `F${issueDate.slice(0, 4)}-${issueDate.slice(5, 7)}-${String(sequence).padStart(sequenceWidth, '0')}`,
      customer,
      issueDate,
      dueDate,
      paymentTerms: identity.paymentTerms,
      amountMinor: invoiceAmount(r, logMedian, identity.country),
      currency: DEMO_CURRENCY,
    };
    invoices.push(invoice);

    if (dueDay <= lastDay - 60 && r.chance(DISPUTE_SHARE)) {
      disputes.push({ kind: 'dispute_candidate', invoice: invoice.number, customer, reason: r.pick(DISPUTE_REASONS) });
      continue;
    }

    let remaining = invoice.amountMinor;
    if (r.chance(CORRECTION_SHARE)) {
      const day = issueDay + r.int(3, 40);
      if (day <= lastDay) {
        const amountMinor = r.chance(0.25) ? remaining : Math.round((remaining * r.int(5, 30)) / 100);
        creditNotes.push({
          note: { kind: 'credit_note', number: '', customer, issueDate: fromDayNumber(day), amountMinor, currency: DEMO_CURRENCY, invoice: invoice.number },
          day,
          allocated: true,
        });
        remaining -= amountMinor;
      }
    }
    if (r.chance(COMMERCIAL_CREDIT_SHARE)) {
      const day = Math.min(lastDay, issueDay + r.int(0, 60));
      const amountMinor = r.int(5, 50) * 10_00;
      creditNotes.push({
        note: { kind: 'credit_note', number: '', customer, issueDate: fromDayNumber(day), amountMinor, currency: DEMO_CURRENCY, invoice: null },
        day,
        allocated: false,
      });
    }
    if (remaining === 0) continue;

    const payDay = plannedPaymentDay(r, plan, issueDay, dueDay);
    if (remaining >= 500_00 && payDay > issueDay && r.chance(PARTIAL_SHARE)) {
      let first = Math.round((remaining * r.int(30, 70)) / 100 / 100_00) * 100_00;
      if (first <= 0 || first >= remaining) first = Math.floor(remaining / 2);
      const firstDay = Math.min(payDay - 1, issueDay + Math.floor((payDay - issueDay) * (0.3 + 0.5 * r.next())));
      settlements.push({ invoice, amountMinor: first, day: firstDay, inRun: false });
      settlements.push({ invoice, amountMinor: remaining - first, day: payDay, inRun: false });
    } else {
      settlements.push({ invoice, amountMinor: remaining, day: payDay, inRun: plan.paysInRuns });
    }
  }

  creditNotes.sort((a, b) => a.day - b.day);
  creditNotes.forEach((c, k) => (c.note.number = `AV-${customer}-${String(k + 1).padStart(3, '0')}`));

  // What has happened by the as-of date becomes payments: a payment run pays every invoice
  // it catches in one transfer; anything else is paid on its own.
  const happened = settlements.filter((s) => s.day <= lastDay).sort((a, b) => a.day - b.day);
  const payments: Array<{ payment: DemoPayment; parts: Settlement[] }> = [];
  for (const s of happened) {
    const previous = payments[payments.length - 1];
    if (s.inRun && previous && previous.parts[0]!.inRun && previous.payment.receivedOn === fromDayNumber(s.day)) {
      previous.parts.push(s);
      continue;
    }
    payments.push({
      payment: { kind: 'payment', reference: '', customer, receivedOn: fromDayNumber(s.day), amountMinor: 0, currency: DEMO_CURRENCY, method, invoices: [] },
      parts: [s],
    });
  }
  const prefix = method === 'transfer' ? 'VIR' : method === 'cheque' ? 'CHQ' : 'PRLV';
  payments.forEach(({ payment, parts: paid }, k) => {
    payment.reference = `${prefix}-${customer}-${String(k + 1).padStart(4, '0')}`;
    payment.amountMinor = paid.reduce((sum, s) => sum + s.amountMinor, 0);
    payment.invoices = paid.map((s) => s.invoice.number);
    if (r.chance(OVERPAYMENT_SHARE)) payment.amountMinor += r.chance(0.7) ? r.int(1, 20) * 1_00 : r.int(1, 10) * 100_00;
  });

  yield* invoices;
  for (const c of creditNotes) yield c.note;
  for (const p of payments) yield p.payment;
  for (const c of creditNotes) {
    if (!c.allocated) continue;
    yield { kind: 'allocation', invoice: c.note.invoice!, payment: null, creditNote: c.note.number, amountMinor: c.note.amountMinor, allocatedOn: c.note.issueDate };
  }
  for (const { payment, parts: paid } of payments) {
    for (const s of paid) {
      yield { kind: 'allocation', invoice: s.invoice.number, payment: payment.reference, creditNote: null, amountMinor: s.amountMinor, allocatedOn: payment.receivedOn };
    }
  }
  yield* disputes;
}
