import { AppError } from '../core/app-error.js';
import { computeLateInterest, type LateInterestLaw, type RateTable } from '../core/late-interest.js';
import { formatMinor } from '../core/money.js';
import type { PlainDate } from '../core/plain-date.js';

/** The JSON of one computation, the same from `relance interest --json` and GET /api/late-fees/compute. */
export interface LateFeeComputationJson {
  law: LateInterestLaw;
  law_text: string;
  rule: string;
  sources: string[];
  currency: string;
  amount: string;
  due: PlainDate;
  paid: PlainDate;
  days_late: number;
  interest: string;
  indemnity: string;
  /** Interest plus indemnity. */
  total: string;
  periods: Array<{ from: PlainDate; to: PlainDate; days: number; rate: string; interest: string; source: string }>;
}

function halfYearContaining(date: PlainDate): PlainDate {
  return `${date.slice(0, 4)}-${Number(date.slice(5, 7)) <= 6 ? '01' : '07'}-01` as PlainDate;
}

/** The rate row a day falls under: the latest one starting on or before it. */
function sourceOf(table: RateTable, day: PlainDate): string {
  const row = [...table.rates].filter((r) => r.from <= day).sort((a, b) => b.from.localeCompare(a.from))[0];
  return row?.source ?? table.sources.join('; ');
}

/**
 * Statutory late interest and the recovery indemnity on one amount, with the rates the
 * organization has on file. When a late day has no rate, it refuses with a sentence naming
 * the first such day and how to add its half-year, rather than reuse an older rate.
 */
export function computeLateFees(
  input: { law: LateInterestLaw; table: RateTable; amountMinor: number; currency: string; due: PlainDate; paid: PlainDate },
  paidField: string,
): LateFeeComputationJson {
  const { table, currency } = input;
  const result = computeLateInterest(table, input.amountMinor, input.due, input.paid);
  if (result.unknownFrom !== null || result.interestMinor === null) {
    const first = result.unknownFrom!;
    const known = [...table.rates].map((r) => r.from).sort();
    const range = known.length ? `the ${input.law} rates on file cover ${known[0]} to the half-year starting ${known.at(-1)}` : `no ${input.law} rate is on file`;
    throw new AppError(
      'validation_failed',
      `no ${input.law} late-payment rate is on file for ${first} (${range}); an administrator adds that half-year with ` +
        `relance rates add --law ${input.law} --from ${halfYearContaining(first)} --percent RATE --source "WHERE IT IS PUBLISHED" ` +
        `(or POST /api/late-fees/rates), then computes again`,
      { field: paidField },
    );
  }
  const money = (minor: number) => formatMinor(minor, currency);
  // The indemnity is fixed in euros by the law; converting it is a judgement left to people.
  const indemnityMinor = currency === 'EUR' ? result.indemnityMinor : 0;
  const usedSources = [...new Set(result.periods.map((p) => sourceOf(table, p.from)))];
  return {
    law: input.law,
    law_text: table.law,
    rule: table.rule,
    sources: [...new Set([...table.sources, ...usedSources.filter((s) => s !== table.sources.join('; '))])],
    currency,
    amount: money(input.amountMinor),
    due: input.due,
    paid: input.paid,
    days_late: result.daysLate,
    interest: money(result.interestMinor),
    indemnity: money(indemnityMinor),
    total: money(result.interestMinor + indemnityMinor),
    periods: result.periods.map((p) => ({
      from: p.from,
      to: p.to,
      days: p.days,
      rate: p.percent,
      interest: money(p.interestMinor),
      source: sourceOf(table, p.from),
    })),
  };
}
