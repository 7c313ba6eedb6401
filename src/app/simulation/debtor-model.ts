import { addDays, daysBetween, type PlainDate } from '../../core/plain-date.js';
import type { SeededRandom } from '../demo/seeded-random.js';

/**
 * How one customer pays, as docs/simulation.md describes it. Every probability lives here, so
 * the model can be read, and changed, in one place.
 */
export const DEBTOR_MODEL = {
  /** Settled invoices needed before a customer's own history is trusted over the demo profile. */
  minHistory: 3,
  /** A late payer pays within `reminderPayDays` of a reminder that lists the invoice. */
  reminderPayChance: 0.35,
  reminderPayDays: [1, 5] as const,
  /** A formal notice moves more of them. */
  formalNoticePayChance: 0.5,
  formalNoticePayDays: [1, 10] as const,
  /** A friendly word before the due date brings a late payer back on time. */
  preDuePayChance: 0.25,
  disputeChance: 0.03,
  promiseChance: 0.05,
  promiseDays: [7, 20] as const,
  promiseKeptChance: 0.75,
  /** A person's call: answered, and then a payment within a few days. */
  callReachedChance: 0.55,
  callPayChance: 0.4,
  callPayDays: [2, 7] as const,
  /** Stuck invoices (older than anything the customer ever paid): some are paid anyway. */
  stuckPayChance: 0.5,
  stuckPayDays: [1, 30] as const,
} as const;

/** Days late of a customer without history: many on time, a tail of slow and very slow payers. */
const DEMO_PROFILE: ReadonlyArray<readonly [readonly [number, number], number]> = [
  [[-7, 0], 45],
  [[1, 15], 25],
  [[16, 45], 18],
  [[46, 120], 9],
  [[150, 400], 3],
];

export interface DebtorBehaviour {
  /** Days late of the customer's settled invoices, or null for the demo profile. */
  history: number[] | null;
}

export function behaviourFrom(settledLateness: readonly number[]): DebtorBehaviour {
  return { history: settledLateness.length >= DEBTOR_MODEL.minHistory ? [...settledLateness] : null };
}

function drawLateness(behaviour: DebtorBehaviour, random: SeededRandom): number {
  if (behaviour.history) return random.pick(behaviour.history) + random.int(-2, 2);
  const [min, max] = random.weighted(DEMO_PROFILE);
  return random.int(min, max);
}

/**
 * The day an invoice open on `today` will be paid, drawn from the customer's behaviour given
 * that it is still open now; null when it would not be paid unprompted.
 */
export function plannedPaymentDay(behaviour: DebtorBehaviour, dueDate: PlainDate, today: PlainDate, random: SeededRandom): PlainDate | null {
  const lateNow = daysBetween(dueDate, today);
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const lateness = drawLateness(behaviour, random);
    if (lateness >= lateNow) return addDays(dueDate, lateness);
  }
  if (random.chance(DEBTOR_MODEL.stuckPayChance)) return addDays(today, random.int(...DEBTOR_MODEL.stuckPayDays));
  return null;
}

/** A day `range` days after `day`, drawn. */
export function daysAfter(day: PlainDate, range: readonly [number, number], random: SeededRandom): PlainDate {
  return addDays(day, random.int(range[0], range[1]));
}
