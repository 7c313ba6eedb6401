import type { Currency } from './money.js';
import { addDays, daysBetween, type PlainDate } from './plain-date.js';

/** The five columns of a balance âgée (aging report). */
export const AGING_BUCKETS = ['not_due', 'd1_30', 'd31_60', 'd61_90', 'over_90'] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];
export type BucketTotals = Record<AgingBucket, number>;

/** An invoice with something left to pay (or overpaid: negative), as of a date. */
export interface OpenItem {
  customerId: string;
  dueDate: PlainDate;
  openMinor: number;
  currency: Currency;
}

/** Money a customer has paid or been credited that is not yet set against an invoice. */
export interface UnappliedCredit {
  customerId: string;
  minor: number;
  currency: Currency;
}

export function bucketFor(dueDate: PlainDate, asOf: PlainDate): AgingBucket {
  const late = daysBetween(dueDate, asOf);
  if (late <= BUCKET_LAST_DAY.not_due) return 'not_due';
  if (late <= BUCKET_LAST_DAY.d1_30) return 'd1_30';
  if (late <= BUCKET_LAST_DAY.d31_60) return 'd31_60';
  if (late <= BUCKET_LAST_DAY.d61_90) return 'd61_90';
  return 'over_90';
}

/** The days late at which each bucket ends; over_90 has no end. */
const BUCKET_LAST_DAY = { not_due: 0, d1_30: 30, d31_60: 60, d61_90: 90 } as const;

/**
 * The earliest due date of each bucket but the oldest, as of a date: an item due on or after
 * `starts.d1_30` is in d1_30 or a younger bucket. The same rule as `bucketFor`, written as plain
 * dates so that a database compares due dates without date arithmetic of its own.
 */
export function bucketStarts(asOf: PlainDate): Record<Exclude<AgingBucket, 'over_90'>, PlainDate> {
  return {
    not_due: addDays(asOf, -BUCKET_LAST_DAY.not_due),
    d1_30: addDays(asOf, -BUCKET_LAST_DAY.d1_30),
    d31_60: addDays(asOf, -BUCKET_LAST_DAY.d31_60),
    d61_90: addDays(asOf, -BUCKET_LAST_DAY.d61_90),
  };
}

/**
 * A line from what was summed per bucket (open items of the currency, 0 left out) and the unapplied
 * credit: the figures `computeAging` adds up item by item, for a database that sums them itself.
 */
export function agingLineOf(buckets: BucketTotals, unappliedCredit: number, oldestDueDate: PlainDate | null): AgingLine {
  const overdue = buckets.d1_30 + buckets.d31_60 + buckets.d61_90 + buckets.over_90;
  return { buckets, balance: buckets.not_due + overdue - unappliedCredit, overdue, unappliedCredit, oldestDueDate };
}

export function emptyBuckets(): BucketTotals {
  return { not_due: 0, d1_30: 0, d31_60: 0, d61_90: 0, over_90: 0 };
}

export interface AgingLine {
  buckets: BucketTotals;
  /** Open invoices minus unapplied credit: what the customer owes right now. */
  balance: number;
  overdue: number;
  unappliedCredit: number;
  oldestDueDate: PlainDate | null;
}

export interface Aging {
  currency: Currency;
  total: AgingLine;
  byCustomer: Map<string, AgingLine>;
}

function emptyLine(): AgingLine {
  return { buckets: emptyBuckets(), balance: 0, overdue: 0, unappliedCredit: 0, oldestDueDate: null };
}

/**
 * Sorts open items into aging buckets per customer and for the whole organization, in one
 * currency. Unapplied credit is not put in a bucket (it is not late or early) but lowers the
 * balance, as on a customer statement.
 */
export function computeAging(
  currency: Currency,
  items: Iterable<OpenItem>,
  credits: Iterable<UnappliedCredit>,
  asOf: PlainDate,
): Aging {
  const total = emptyLine();
  const byCustomer = new Map<string, AgingLine>();
  const lineOf = (customerId: string) => {
    let line = byCustomer.get(customerId);
    if (!line) byCustomer.set(customerId, (line = emptyLine()));
    return line;
  };
  for (const item of items) {
    if (item.currency !== currency || item.openMinor === 0) continue;
    const bucket = bucketFor(item.dueDate, asOf);
    for (const line of [lineOf(item.customerId), total]) {
      line.buckets[bucket] += item.openMinor;
      line.balance += item.openMinor;
      if (bucket !== 'not_due') line.overdue += item.openMinor;
      if (item.openMinor > 0 && (line.oldestDueDate === null || item.dueDate < line.oldestDueDate)) {
        line.oldestDueDate = item.dueDate;
      }
    }
  }
  for (const credit of credits) {
    if (credit.currency !== currency || credit.minor === 0) continue;
    for (const line of [lineOf(credit.customerId), total]) {
      line.unappliedCredit += credit.minor;
      line.balance -= credit.minor;
    }
  }
  return { currency, total, byCustomer };
}

/**
 * Days sales outstanding, the usual way: receivables at the end of the period divided by the
 * credit sales of the period, times the days of the period. Null when nothing was sold.
 */
export function computeDso(receivablesMinor: number, salesInPeriodMinor: number, periodDays: number): number | null {
  if (salesInPeriodMinor <= 0) return null;
  return Math.round(((Math.max(receivablesMinor, 0) * periodDays) / salesInPeriodMinor) * 10) / 10;
}
