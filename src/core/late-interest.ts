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
  /**
   * The interest of the late days that have a rate on file, rounded once like the total: equal
   * to `interestMinor` when every day has one, a floor of what the law gives when some do not.
   */
  coveredInterestMinor: number;
  /** First late day for which no rate is on file; null when every day has one. */
  unknownFrom: PlainDate | null;
  unknownTo: PlainDate | null;
  /** Every stretch of late days without a rate on file, in date order. */
  gaps: DateRange[];
}

export interface DateRange {
  from: PlainDate;
  to: PlainDate;
}

/** A half-year a rate applies to: "2026-H2" is 1 July to 31 December 2026. */
export interface HalfYear {
  year: number;
  half: 1 | 2;
}

export function halfYearOf(date: PlainDate): HalfYear {
  const { year, month } = parts(date);
  return { year, half: month <= 6 ? 1 : 2 };
}

export function halfYearId(halfYear: HalfYear): string {
  return `${halfYear.year}-H${halfYear.half}`;
}

/**
 * The half-years the stretches touch, each once, in date order: what an administrator has to add
 * a rate for before the interest of those days can be computed.
 */
export function halfYearsOf(ranges: readonly DateRange[]): HalfYear[] {
  const seen = new Map<string, HalfYear>();
  for (const range of ranges) {
    let cursor = range.from;
    while (cursor <= range.to) {
      const halfYear = halfYearOf(cursor);
      seen.set(halfYearId(halfYear), halfYear);
      cursor = addDays(endOfHalfYear(cursor), 1);
    }
  }
  return [...seen.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, halfYear]) => halfYear);
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
    return { daysLate, interestMinor: 0, indemnityMinor: 0, periods: [], coveredInterestMinor: 0, unknownFrom: null, unknownTo: null, gaps: [] };
  }
  const firstLate = addDays(dueDate, 1);
  const rows = [...table.rates].sort((a, b) => a.from.localeCompare(b.from));
  const periods: InterestPeriod[] = [];
  let exact = 0n; // amount × percent units × days, still to divide by 100 × 365 × scale
  let covered = 0;
  const gaps: DateRange[] = [];
  const noteGap = (from: PlainDate, to: PlainDate) => gaps.push({ from, to });
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
  const coveredInterestMinor = Number(divideHalfUp(exact, 100n * 365n * PERCENT_SCALE));
  return {
    daysLate,
    interestMinor: gaps.length === 0 ? coveredInterestMinor : null,
    indemnityMinor: table.indemnityMinor,
    periods,
    coveredInterestMinor,
    unknownFrom: gaps[0]?.from ?? null,
    unknownTo: gaps.at(-1)?.to ?? null,
    gaps,
  };
}
