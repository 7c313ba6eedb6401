import { firstMissedInstalment, isPromiseBroken, promiseDeadline, type Instalment } from '../collection/pauses.js';
import type { PlainDate } from '../plain-date.js';

/** Where a promise to pay stands on a day: still running, kept (what it covers is paid) or broken. */
export type PromiseOutcome = 'pending' | 'kept' | 'broken';

export function promiseOutcome(
  promise: { promisedOn: PlainDate; graceDays: number; invoiceNumbers: readonly string[] | null },
  openInvoiceNumbers: readonly string[],
  asOf: PlainDate,
): PromiseOutcome {
  const covered = promise.invoiceNumbers ?? openInvoiceNumbers;
  const coveredStillOpen = covered.some((number) => openInvoiceNumbers.includes(number));
  if (!coveredStillOpen) return 'kept';
  if (isPromiseBroken(promise, asOf, coveredStillOpen)) return 'broken';
  return asOf <= promiseDeadline(promise) ? 'pending' : 'kept';
}

/** Where a payment plan stands: cancelled, paid off, broken (an instalment missed past grace) or running. */
export type PlanOutcome = 'cancelled' | 'paid' | 'broken' | 'running';

export interface PlanStanding {
  outcome: PlanOutcome;
  /** Each instalment with what of it is paid, the plan's payments taken in instalment order. */
  instalments: Instalment[];
}

/**
 * A plan's standing from what its invoices still owe: what the instalments total less what stays
 * open has been paid, and pays the instalments in order, as the collection run counts them.
 */
export function planStanding(
  plan: { cancelled: boolean; graceDays: number; instalments: readonly { dueDate: PlainDate; amountMinor: number }[] },
  stillOpenMinor: number,
  asOf: PlainDate,
): PlanStanding {
  const totalMinor = plan.instalments.reduce((sum, instalment) => sum + instalment.amountMinor, 0);
  let left = Math.max(0, totalMinor - Math.max(0, stillOpenMinor));
  const instalments = plan.instalments.map((instalment) => {
    const paidMinor = Math.min(left, instalment.amountMinor);
    left -= paidMinor;
    return { dueDate: instalment.dueDate, amountMinor: instalment.amountMinor, paidMinor };
  });
  if (plan.cancelled) return { outcome: 'cancelled', instalments };
  if (stillOpenMinor <= 0) return { outcome: 'paid', instalments };
  const missed = firstMissedInstalment({ invoiceNumbers: [], graceDays: plan.graceDays, instalments }, asOf);
  return { outcome: missed ? 'broken' : 'running', instalments };
}
