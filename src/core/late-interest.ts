import { AppError } from './app-error.js';
import { addDays, addMonths, daysBetween, maxDate, minDate, parseIsoDate, parts, type PlainDate } from './plain-date.js';

export const LATE_INTEREST_LAWS = ['fr', 'be', 'de', 'eu'] as const;
export type LateInterestLaw = (typeof LATE_INTEREST_LAWS)[number];

/** One half-year's statutory rate: applies to the days from `from` to the end of that half-year. */
export interface RateRow {
  from: string;
  /** Percent per year as a decimal string ("12.15"): kept exact, never a float. */
  percent: string;
  source?: string;
}

export interface RateTable {
  law: string;
  rule: string;
  /** The fixed recovery indemnity per invoice, in euro cents. */
  indemnityMinor: number;
  sources: string[];
  rates: RateRow[];
}

export interface InterestPeriod {
  from: PlainDate;
  to: PlainDate;
  days: number;
  percent: string;
  /** This period's share, rounded to the cent for display; the total is rounded once, from the exact sum. */
  interestMinor: number;
}

export interface LateInterest {
  daysLate: number;
  /** Null when some late days fall outside the known rates (see `unknownFrom`). */
  interestMinor: number | null;
  indemnityMinor: number;
  periods: InterestPeriod[];
  /** First late day for which no rate is on file; null when every day has one. */
  unknownFrom: PlainDate | null;
  unknownTo: PlainDate | null;
}

const PERCENT_SCALE = 10_000n; // rates to four decimals of a percent

function percentUnits(percent: string): bigint {
  const m = /^(\d+)(?:\.(\d{1,4}))?$/.exec(percent);
  if (!m) throw new AppError('validation_failed', `rate "${percent}" must be a percentage such as "12.15"`, { field: 'percent' });
  return BigInt(m[1]!) * PERCENT_SCALE + BigInt((m[2] ?? '').padEnd(4, '0'));
}

/** The last day of the half-year that starts at or contains `date`. */
function endOfHalfYear(date: PlainDate): PlainDate {
  const { year, month } = parts(date);
  return addDays(addMonths(`${year}-${month <= 6 ? '01' : '07'}-01` as PlainDate, 6), -1);
}

/** Half-up rounding of numerator / denominator for non-negative numerators. */
function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/**
 * Statutory late interest on one invoice: simple interest on the amount, actual days / 365
 * (also in leap years), from the day after the due date up to and including the payment
 * date, each day at the rate of its half-year; the total is rounded half-up to the cent.
 * Plus the fixed recovery indemnity (EUR 40 in FR, BE, DE and under the EU directive) once
 * the invoice is late.
 */
export function computeLateInterest(
  table: RateTable,
  amountMinor: number,
  dueDate: PlainDate,
  paidDate: PlainDate,
): LateInterest {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new AppError('invalid_amount', 'the amount must be zero or positive', { field: 'amount' });
  }
  const daysLate = Math.max(0, daysBetween(dueDate, paidDate));
  if (daysLate === 0) {
    return { daysLate, interestMinor: 0, indemnityMinor: 0, periods: [], unknownFrom: null, unknownTo: null };
  }
  const firstLate = addDays(dueDate, 1);
  const rows = [...table.rates].sort((a, b) => a.from.localeCompare(b.from));
  const periods: InterestPeriod[] = [];
  let exact = 0n; // amount × percent units × days, still to divide by 100 × 365 × scale
  let covered = 0;
  let unknownFrom: PlainDate | null = null;
  let unknownTo: PlainDate | null = null;
  const noteGap = (from: PlainDate, to: PlainDate) => {
    if (unknownFrom === null || from < unknownFrom) unknownFrom = from;
    if (unknownTo === null || to > unknownTo) unknownTo = to;
  };
  rows.forEach((row, i) => {
    const start = parseIsoDate(row.from);
    if (!start) throw new AppError('validation_failed', `rate table date "${row.from}" is not a date`, { field: 'from' });
    const next = rows[i + 1] ? addDays(parseIsoDate(rows[i + 1]!.from)!, -1) : null;
    const end = next ? minDate(next, endOfHalfYear(start)) : endOfHalfYear(start);
    const from = maxDate(start, firstLate);
    const to = minDate(end, paidDate);
    if (from > to) return;
    const days = daysBetween(from, to) + 1;
    const units = percentUnits(row.percent);
    const share = BigInt(amountMinor) * units * BigInt(days);
    exact += share;
    covered += days;
    periods.push({ from, to, days, percent: row.percent, interestMinor: Number(divideHalfUp(share, 100n * 365n * PERCENT_SCALE)) });
  });
  if (covered < daysLate) {
    // Find the uncovered stretches: before the first row, between rows, after the last one.
    let cursor = firstLate;
    for (const p of periods) {
      if (p.from > cursor) noteGap(cursor, addDays(p.from, -1));
      cursor = addDays(p.to, 1);
    }
    if (cursor <= paidDate) noteGap(cursor, paidDate);
  }
  const complete = unknownFrom === null;
  return {
    daysLate,
    interestMinor: complete ? Number(divideHalfUp(exact, 100n * 365n * PERCENT_SCALE)) : null,
    indemnityMinor: table.indemnityMinor,
    periods,
    unknownFrom,
    unknownTo,
  };
}
