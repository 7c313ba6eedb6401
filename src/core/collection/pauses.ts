import { addDays, type PlainDate } from '../plain-date.js';

/** A customer's promise to pay (promesse de paiement) by a date, with a few days of grace. */
export interface PaymentPromise {
  readonly promisedOn: PlainDate;
  readonly graceDays: number;
  /** The invoices promised; null for the whole balance. */
  readonly invoiceNumbers: readonly string[] | null;
}

/** A manual hold (with reason and end date) that silences the customer through its end date. */
export interface Hold {
  readonly until: PlainDate;
  readonly reason: string;
}

export interface Instalment {
  readonly dueDate: PlainDate;
  readonly amountMinor: number;
  readonly paidMinor: number;
}

/** A payment plan (échéancier): its instalments replace the due dates of the invoices it covers. */
export interface PaymentPlan {
  readonly invoiceNumbers: readonly string[];
  readonly instalments: readonly Instalment[];
  readonly graceDays: number;
}

/** The customer's word that invoices are already paid: they are left alone while the payment is looked for. */
export interface PaymentClaim {
  readonly invoiceNumbers: readonly string[];
  readonly paidOn: PlainDate;
  /** The last day of the search; reminders of what is still open resume the day after. */
  readonly until: PlainDate;
}

export interface Pauses {
  readonly disputedInvoiceNumbers: readonly string[];
  readonly promise: PaymentPromise | null;
  readonly hold: Hold | null;
  readonly paymentPlan: PaymentPlan | null;
  /** Claims still looked for; none when absent. */
  readonly paymentClaims?: readonly PaymentClaim[];
}

export const NO_PAUSES: Pauses = { disputedInvoiceNumbers: [], promise: null, hold: null, paymentPlan: null };

export function isHoldActive(hold: Hold | null, asOf: PlainDate): hold is Hold {
  return hold !== null && asOf <= hold.until;
}

/** The last day the promise still silences the case. */
export function promiseDeadline(promise: PaymentPromise): PlainDate {
  return addDays(promise.promisedOn, promise.graceDays);
}

/** A promise is broken once its date plus grace has passed with what it covers still open. */
export function isPromiseBroken(promise: PaymentPromise, asOf: PlainDate, coveredStillOpen: boolean): boolean {
  return coveredStillOpen && asOf > promiseDeadline(promise);
}

/** The first instalment left unpaid past its due date plus grace, or null while the plan is kept. */
export function firstMissedInstalment(plan: PaymentPlan, asOf: PlainDate): Instalment | null {
  return plan.instalments.find((instalment) => instalment.paidMinor < instalment.amountMinor && asOf > addDays(instalment.dueDate, plan.graceDays)) ?? null;
}

/** A promise to pay (its date) or a payment plan (the missed instalment's due date) not kept. */
export interface ResumedAfter {
  readonly kind: 'broken_promise' | 'broken_payment_plan';
  readonly date: PlainDate;
}

/**
 * The arrangement not kept as of the day, when reminders resume because of one: the same
 * rules `planStep` applies, for a message written later than the decision (after approval).
 */
export function brokenArrangement(pauses: Pauses, asOf: PlainDate, owedInvoiceNumbers: readonly string[]): ResumedAfter | null {
  const { promise, paymentPlan } = pauses;
  if (promise) {
    const covered = owedInvoiceNumbers.some((number) => !pauses.disputedInvoiceNumbers.includes(number) && (promise.invoiceNumbers === null || promise.invoiceNumbers.includes(number)));
    if (isPromiseBroken(promise, asOf, covered)) return { kind: 'broken_promise', date: promise.promisedOn };
  }
  const missed = paymentPlan ? firstMissedInstalment(paymentPlan, asOf) : null;
  return missed ? { kind: 'broken_payment_plan', date: missed.dueDate } : null;
}
