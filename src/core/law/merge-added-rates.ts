import { AppError } from '../app-error.js';
import type { RateRow, RateTable } from '../late-interest.js';
import { parseIsoDate, type PlainDate } from '../plain-date.js';

/** A half-year rate an administrator added on top of the built-in table. */
export interface AddedRate {
  from: PlainDate;
  /** Percent per year as a decimal string ("12.15"). */
  percent: string;
  source: string;
  /** True when the row stands in for a built-in rate of the same half-year. */
  replacesBuiltIn: boolean;
}

const PERCENT = /^\d{1,3}(\.\d{1,4})?$/;

/** Statutory rates change on 1 January and 1 July only (L441-10, BGB 247, the 2002 Belgian law). */
export function isHalfYearStart(date: PlainDate): boolean {
  return date.endsWith('-01-01') || date.endsWith('-07-01');
}

/** Checks what a person typed for a new rate; the field names are the caller's (CLI options or JSON fields). */
export function validateAddedRate(
  input: { from: string; percent: string; source: string },
  fields: { from: string; percent: string; source: string },
): { from: PlainDate; percent: string; source: string } {
  const from = parseIsoDate(input.from);
  if (!from || !isHalfYearStart(from)) {
    throw new AppError('validation_failed', `${fields.from} must be 1 January or 1 July written YYYY-MM-DD, got "${input.from}"`, { field: fields.from });
  }
  const percent = input.percent.trim();
  if (!PERCENT.test(percent) || Number(percent) > 100) {
    throw new AppError('validation_failed', `${fields.percent} must be a percentage per year such as "12.15" (up to four decimals), got "${input.percent}"`, { field: fields.percent });
  }
  const source = input.source.trim();
  if (source === '') {
    throw new AppError('validation_failed', `${fields.source} must say where the rate comes from (a journal notice, a contract clause)`, { field: fields.source });
  }
  return { from, percent, source };
}

/**
 * The rates a computation uses: the built-in table with the organization's added half-years.
 * An added row for a half-year the built-ins already hold wins only when it was added as a
 * replacement; the store refuses any other such row, so this never has to guess.
 */
export function mergeAddedRates(builtIn: RateTable, added: readonly AddedRate[]): RateTable {
  const byFrom = new Map<string, RateRow>();
  for (const row of builtIn.rates) byFrom.set(row.from, { ...row, source: row.source ?? builtIn.sources.join('; ') });
  for (const row of added) {
    if (byFrom.has(row.from) && !row.replacesBuiltIn) continue;
    byFrom.set(row.from, { from: row.from, percent: row.percent, source: row.source });
  }
  const rates = [...byFrom.values()].sort((a, b) => a.from.localeCompare(b.from));
  return { ...builtIn, rates };
}

/** The first day of the half-year after the last rate on file: where a newer rate would start. */
export function nextHalfYearAfter(table: RateTable): PlainDate | null {
  const last = [...table.rates].map((r) => r.from).sort().at(-1);
  if (last === undefined) return null;
  const year = Number(last.slice(0, 4));
  return (last.slice(5) === '01-01' ? `${year}-07-01` : `${year + 1}-01-01`) as PlainDate;
}
